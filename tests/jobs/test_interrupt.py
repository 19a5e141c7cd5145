"""Interrupted builds lose nothing: every PDF at an output path is whole, and a rerun finishes the rest."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest

from tests.conftest import Project
from typeset.jobs.manifest import MANIFEST_NAME

pytestmark = pytest.mark.slow  # renders PDFs

ARTICLES = 8


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = Project(tmp_path_factory.mktemp("batch"))
    for number in range(ARTICLES):
        project.source(f"a{number}.md", f"Article {number}.\n\n" + "A paragraph of text. " * 200 + "\n")
    return project


def whole(pdf: Path) -> bool:
    data = pdf.read_bytes()
    if not (data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")):
        return False
    return len(pypdf.PdfReader(pdf).pages) > 0


def check_outputs(out: Path) -> int:
    """Every PDF whole; the manifest, if any, is valid JSON; the number of PDFs."""
    pdfs = list(out.glob("*.pdf")) if out.exists() else []
    for pdf in pdfs:
        assert whole(pdf), f"{pdf.name} is not a whole PDF"
    manifest = out / MANIFEST_NAME
    if manifest.exists():
        import json

        json.loads(manifest.read_text(encoding="utf-8"))
    return len(pdfs)


def wait_until(condition: Callable[[], bool], hang: float = 120.0) -> None:
    deadline = time.monotonic() + hang
    while not condition():
        assert time.monotonic() < deadline, f"nothing happened in {hang} s: a hang"
        time.sleep(0.02)


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT, signal.SIGTERM])
def test_killed_at_many_points_loses_nothing(batch: Project, tmp_path: Path, how: signal.Signals) -> None:
    out = tmp_path / "out"
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    seen_partial = False
    # Kill points in seconds, then one by progress: as the run's first PDF lands (on a loaded machine a run may
    # land none within 3 s; the wait for it is bounded only against a hang).
    for delay in (0.3, 0.8, 1.3, 1.8, 2.4, 3.0, "landed"):
        before = check_outputs(out)
        process = subprocess.Popen(
            [sys.executable, "-m", "typeset", "build", "-q", "--force", "--jobs", "2", str(batch.root), "-o", str(out)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
            env={**os.environ, "TMPDIR": str(temporary)},
        )
        if delay == "landed":
            wait_until(lambda before=before, process=process: check_outputs(out) > before or process.poll() is not None)
        else:
            time.sleep(float(delay))
        with contextlib.suppress(ProcessLookupError):  # the run may have ended already (and been reaped)
            if how == signal.SIGKILL:
                os.killpg(process.pid, signal.SIGKILL)  # the parent and its workers, at once
            else:
                process.send_signal(how)  # Ctrl-C, or a polite kill: the parent stops the workers
        code = process.wait(timeout=60)
        _, err = process.communicate()
        if how != signal.SIGKILL:
            if code == 130:
                assert b"interrupted" in err and b"Traceback" not in err
            assert list(temporary.iterdir()) == [], "the engine's temporary folders are removed"
        count = check_outputs(out)
        seen_partial = seen_partial or 0 < count < ARTICLES
    assert seen_partial or check_outputs(out) == ARTICLES

    rerun = subprocess.run(
        [sys.executable, "-m", "typeset", "build", "--jobs", "2", str(batch.root), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert rerun.returncode == 0, rerun.stderr
    assert check_outputs(out) == ARTICLES
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")], "no temporary file left behind"
