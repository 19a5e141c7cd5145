"""typeset watch: builds what changed and survives errors (how soon after a save is measured by
bench/bench_edition.py, "under typeset watch": an article rebuilt and its edition bound)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import Project

pytestmark = pytest.mark.slow  # renders PDFs


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
        assert wait_for(lambda: pdf.read_bytes() != first), log.read_text()

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


def test_watch_builds_the_articles_and_binds_the_editions_after_a_save(tmp_path: Path) -> None:
    """With editions beside the sources, a save sets the article's own PDF and its edition (the two
    at once, in two processes): both change, both are recorded, nothing is left behind."""
    import json
    import shutil

    import pikepdf

    from tests.conftest import INPUT, PASHTO_SOURCE
    from tests.pdfread import text as pdf_text

    shutil.copytree(INPUT, tmp_path / "input")
    out = tmp_path / "output"
    source = tmp_path / "input" / PASHTO_SOURCE.name
    article, edition = out / f"{source.stem}.pdf", out / "weekly.pdf"
    log = tmp_path / "watch.log"
    with log.open("w") as stream:
        process = subprocess.Popen(
            [sys.executable, "-m", "typeset", "watch", "input", "-o", "output"],
            cwd=tmp_path,
            stdout=stream,
            stderr=subprocess.STDOUT,
        )
    try:
        assert wait_for(lambda: edition.exists() and article.exists(), 120), log.read_text()
        assert wait_for(lambda: "built input/editions/weekly.yaml" in log.read_text(), 60), log.read_text()
        time.sleep(0.5)
        before = {path: path.read_bytes() for path in (article, edition)}
        text = source.read_text(encoding="utf-8")
        source.write_text(text.replace("\n\n", "\n\nد ګوتو لاندې نوې جمله.\n\n", 1), encoding="utf-8")
        assert wait_for(lambda: all(path.read_bytes() != before[path] for path in before), 60), log.read_text()
        assert wait_for(lambda: log.read_text().count("built input/editions/weekly.yaml") == 2, 30), log.read_text()
        for path in (article, edition):
            assert "د ګوتو لاندې نوې جمله" in pdf_text(path), path
        with pikepdf.open(edition) as pdf:
            assert pdf.Root.ViewerPreferences.Direction == "/R2L"
    finally:
        process.send_signal(signal.SIGINT)
        try:
            status = process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            raise AssertionError("Ctrl-C did not end the watch:\n" + log.read_text()) from None
        assert status == 130, log.read_text()
    assert "Traceback" not in log.read_text() and "internal error" not in log.read_text()
    recorded = json.loads((out / ".typeset-manifest.json").read_text(encoding="utf-8"))["entries"]
    outputs = sorted(Path(entry["output"]).name for entry in recorded.values())
    assert outputs == sorted([f"{path.stem}.pdf" for path in (tmp_path / "input").glob("*.md")] + ["weekly.pdf"])
    assert sorted(p.name for p in out.iterdir() if not p.name.endswith(".pdf")) == [
        ".typeset-manifest.json",
        ".typeset-parts",
    ], "no temporary file left"
