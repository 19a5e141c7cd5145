"""The engine imported early: the worker forked as a command starts renders a single job, is killed
when there is nothing to render, and losing it loses nothing."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pypdf
import pytest

from tests.conftest import INPUT, ROOT, Project
from typeset.jobs.workers import Workers
from typeset.source.edition import read_edition

pytestmark = pytest.mark.slow  # renders PDFs

# Runs the CLI in a fresh process (the engine not imported yet, as an editor's run), then says
# what the parent process imported. SCRIPT's {setup} prepares the run (a patch), before main.
SCRIPT = """
import json, os, signal, sys, time
from typeset.jobs import engine
from typeset.cli.main import main
facts = {{"parent": os.getpid()}}
{setup}
try:
    main(sys.argv[1:])
except SystemExit as exit:
    facts["code"] = exit.code
facts["engine_here"] = "weasyprint" in sys.modules
print(json.dumps(facts))
"""


def run_cli(*args: str, tmp: Path, setup: str = "") -> dict[str, object]:
    """The CLI run by SCRIPT, with its own temporary folder: its facts, and whether that folder is left empty."""
    temporary = tmp / "tmp"
    temporary.mkdir(exist_ok=True)
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(setup=setup), *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, "TMPDIR": str(temporary), "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr
    facts: dict[str, object] = json.loads(result.stdout.splitlines()[-1])
    facts["stderr"] = result.stderr
    facts["tmp_left"] = sorted(p.name for p in temporary.iterdir())
    return facts


def pdf_pages(path: Path) -> int:
    return len(pypdf.PdfReader(path).pages)


def test_the_early_worker_renders_a_single_job(project: Project, tmp_path: Path) -> None:
    source = project.source("a.md", "A paragraph.\n")
    out = tmp_path / "out"
    facts = run_cli("build", str(source), "-o", str(out), "--jobs", "2", tmp=tmp_path)
    assert facts["code"] == 0, facts["stderr"]
    assert facts["engine_here"] is False, "the parent never imported the engine: the early worker rendered"
    assert pdf_pages(out / "a.pdf") == 1
    assert facts["tmp_left"] == [], "the worker's font copies are removed"


def test_one_edited_article_of_an_edition_needs_no_engine_in_the_parent(tmp_path: Path) -> None:
    shutil.copytree(INPUT, tmp_path / "input")
    edition = tmp_path / "input" / "editions" / "weekly.yaml"
    out = tmp_path / "out"
    first = run_cli("edition", str(edition), "-o", str(out), "--jobs", "2", tmp=tmp_path)
    assert first["code"] == 0, first["stderr"]
    source = read_edition(edition).entries[-1].source
    text = source.read_text(encoding="utf-8")
    body = text.index("\n---\n", 4) + 5
    start = text.index("\n\n", body) + 2  # a word added to the first paragraph: the same pages
    source.write_text(text[:start] + "word " + text[start:], encoding="utf-8")
    again = run_cli("edition", str(edition), "-o", str(out), "--jobs", "2", tmp=tmp_path)
    assert again["code"] == 0, again["stderr"]
    assert again["engine_here"] is False, "the part rendered by the early worker; cover, contents, folios cached"
    assert pdf_pages(out / "weekly.pdf") > 1
    assert again["tmp_left"] == []


def test_no_change_kills_the_early_worker_without_waiting_for_it(project: Project, tmp_path: Path) -> None:
    source = project.source("a.md", "A paragraph.\n")
    out = tmp_path / "out"
    assert run_cli("build", str(source), "-o", str(out), "--jobs", "2", tmp=tmp_path)["code"] == 0
    setup = """
stop = engine.Early.stop
def recorded_stop(self):
    facts["pid"], facts["waited"] = self.process.pid, self.missing_subset is not None
    stop(self)
engine.Early.stop = recorded_stop
"""
    facts = run_cli("build", str(source), "-o", str(out), "--jobs", "2", tmp=tmp_path, setup=setup)
    assert facts["code"] == 0 and facts["engine_here"] is False
    assert facts["waited"] is False, "nothing to render: the worker's engine is never waited for"
    with pytest.raises(ProcessLookupError):
        os.kill(int(str(facts["pid"])), 0)  # killed and reaped
    assert facts["tmp_left"] == []


def test_a_killed_early_worker_loses_nothing(project: Project, tmp_path: Path) -> None:
    source = project.source("a.md", "A paragraph.\n")
    out = tmp_path / "out"
    setup = """
from typeset.jobs.workers import Workers
start = Workers.start_early
def start_and_kill(self):
    start(self)
    os.kill(self.early.process.pid, signal.SIGKILL)  # as the out-of-memory killer would
Workers.start_early = start_and_kill
"""
    facts = run_cli("build", str(source), "-o", str(out), "--jobs", "2", tmp=tmp_path, setup=setup)
    assert facts["code"] == 0, facts["stderr"]
    assert facts["engine_here"] is True, "rendered the usual way, here"
    assert pdf_pages(out / "a.pdf") == 1
    assert facts["tmp_left"] == []


def test_an_early_worker_killed_while_it_renders_loses_nothing(project: Project, tmp_path: Path) -> None:
    source = project.source("a.md", "A paragraph.\n")
    out = tmp_path / "out"
    setup = """
write = engine.write
def dies_in_the_worker(output, request):
    if os.getpid() != facts["parent"]:
        os.kill(os.getpid(), signal.SIGKILL)
    return write(output, request)
engine.write = dies_in_the_worker
"""
    facts = run_cli("build", str(source), "-o", str(out), "--jobs", "2", tmp=tmp_path, setup=setup)
    assert facts["code"] == 0, facts["stderr"]
    assert facts["engine_here"] is True
    assert pdf_pages(out / "a.pdf") == 1
    assert facts["tmp_left"] == []
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_ctrl_c_while_the_early_worker_renders_stops_cleanly(project: Project, tmp_path: Path) -> None:
    source = project.source("a.md", "A paragraph of text. " * 400 + "\n")
    out = tmp_path / "out"
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    for delay in (0.3, 0.6, 0.9, 1.2):
        process = subprocess.Popen(
            [sys.executable, "-m", "typeset", "build", "-q", "--force", "--jobs", "2", str(source), "-o", str(out)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
            env={**os.environ, "TMPDIR": str(temporary)},
        )
        time.sleep(delay)
        process.send_signal(signal.SIGINT)  # to the parent only: the worker is the parent's to stop
        _, err = process.communicate(timeout=60)
        # (-SIGINT: it came before typeset set its handlers, as the interpreter started)
        assert process.returncode in (0, 130, -signal.SIGINT), err
        if process.returncode == 130:
            assert err.count(b"interrupted") == 1 and b"Traceback" not in err, err
        assert list(temporary.iterdir()) == [], "no temporary folder left"
        if out.exists():
            assert not [p for p in out.iterdir() if p.name.endswith(".tmp")], "no half-written PDF left"
            if (out / "a.pdf").exists():
                assert pdf_pages(out / "a.pdf") >= 1


def test_the_early_worker_only_where_it_can_help(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "weasyprint", raising=False)
    with Workers(1) as workers:  # --jobs 1: one process asked for
        workers.start_early()
        assert workers.early is None
    monkeypatch.setitem(sys.modules, "weasyprint", sys)  # the engine imported here already (typeset watch)
    with Workers(2) as workers:
        workers.start_early()
        assert workers.early is None


def test_many_jobs_stop_the_early_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "weasyprint", raising=False)  # as in a fresh process
    with Workers(2) as workers:
        workers.start_early()
        early = workers.early
        assert early is not None and not early.stopped
        assert workers.take_early(1) is early
        assert workers.take_early(5) is None and early.stopped and workers.early is None
