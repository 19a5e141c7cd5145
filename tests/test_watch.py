"""typeset watch: builds what changed, within a second, and survives errors."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import Project


def wait_for(condition, seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_watch_rebuilds_on_save_and_survives_errors(project: Project, tmp_path: Path) -> None:
    source = project.source("a.md", "First version.\n")
    pdf = project.root / "out" / "a.pdf"
    log = tmp_path / "watch.log"
    with log.open("w") as stream:
        process = subprocess.Popen(
            [sys.executable, "-m", "typeset", "watch", ".", "-o", "out"],
            cwd=project.root,
            stdout=stream,
            stderr=subprocess.STDOUT,
        )
    try:
        assert wait_for(pdf.exists), log.read_text()
        first = pdf.read_bytes()
        time.sleep(0.5)  # warm now: the engine is loaded

        source.write_text(source.read_text(encoding="utf-8").replace("First", "Second"), encoding="utf-8")
        saved = time.monotonic()
        assert wait_for(lambda: pdf.read_bytes() != first), log.read_text()
        assert time.monotonic() - saved < 1.5, "rebuilt within about a second of the save"

        good = source.read_text(encoding="utf-8")
        source.write_text(good.replace("2025-06-03", "2025-02-30"), encoding="utf-8")
        assert wait_for(lambda: "error: invalid date '2025-02-30'" in log.read_text()), log.read_text()
        assert process.poll() is None, "an error does not end the watch"

        before = pdf.read_bytes()
        source.write_text(good.replace("Second", "Third"), encoding="utf-8")
        assert wait_for(lambda: pdf.read_bytes() != before), log.read_text()

        config = project.root / "publication.yaml"
        before = pdf.read_bytes()
        config.write_text(config.read_text(encoding="utf-8").replace("AA-AA", "AB-AB"), encoding="utf-8")
        assert wait_for(lambda: pdf.read_bytes() != before), "a saved config rebuilds"
    finally:
        process.send_signal(signal.SIGINT)
        try:
            status = process.wait(timeout=60)  # a loaded CI machine: seconds, not minutes
        except subprocess.TimeoutExpired:
            process.kill()
            raise AssertionError("Ctrl-C did not end the watch:\n" + log.read_text()) from None
        assert status == 130, log.read_text()
    assert "Traceback" not in log.read_text()
    assert sorted(os.listdir(project.root / "out")) == [".typeset-manifest.json", "a.pdf"], "no temporary file left"
