"""The processes of a command, owned by one Workers object: a worker killed while it renders fails only
its source, reported once at it; after stop (a normal end, Ctrl-C, an error) no child process is left,
and neither is anything the workers wrote to their temporary folder or beside a PDF."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import tempfile
import time
from pathlib import Path

import pytest

from typeset.jobs.job import Job
from typeset.jobs.workers import Workers

DIES = "dies.md"


def _work(job: Job) -> Job:
    """A render as a worker does it: a temporary of its own, a half-written PDF beside the output;
    the source named DIES kills its worker half-way (as the out-of-memory killer would)."""
    assert job.output is not None
    with open(Path(tempfile.gettempdir()) / f"font-copy-{os.getpid()}", "w") as copy:  # the engine's font copies
        copy.write("font")
    half = job.output.parent / f".{job.output.name}.typeset-{os.getpid()}-x1.tmp"  # files.write_atomic's name
    half.write_bytes(b"%PDF-1.7 half")
    if job.source.name == DIES:
        os.kill(os.getpid(), signal.SIGKILL)
    half.rename(job.output)
    return job


def _jobs(folder: Path, names: list[str]) -> list[Job]:
    return [Job(folder / name, output=folder / "out" / name.replace(".md", ".pdf")) for name in names]


@pytest.fixture
def temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The temporary folder, made empty and private to the test."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_a_killed_worker_fails_only_its_source_reported_once(tmp_path: Path, temporary: Path) -> None:
    (tmp_path / "out").mkdir()
    jobs = _jobs(tmp_path, ["a.md", "b.md", DIES, "c.md", "d.md"])
    started: list[str] = []
    finished: list[Job] = []
    with Workers(2) as workers:
        workers.run(jobs, lambda job: started.append(job.source.name), finished.append, _work)
    assert sorted(job.source.name for job in finished) == ["a.md", "b.md", "c.md", "d.md", DIES], "each once"
    by_name = {job.source.name: job for job in finished}
    dead = by_name[DIES]
    assert [error.format() for error in dead.errors] == [
        f"{tmp_path / DIES}: error: rendering stopped: the worker process died (killed, or out of memory)\n"
        "  hint: build this source alone (--jobs 1) to see more"
    ]
    assert all(not by_name[name].errors for name in ["a.md", "b.md", "c.md", "d.md"])
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == ["a.pdf", "b.pdf", "c.pdf", "d.pdf"]
    assert list(temporary.iterdir()) == [], "the workers' temporary folder is removed"
    assert multiprocessing.active_children() == []


def test_after_stop_no_child_process_remains(monkeypatch: pytest.MonkeyPatch, temporary: Path) -> None:
    monkeypatch.delitem(sys.modules, "weasyprint", raising=False)  # as in a fresh process: an early worker forks
    workers = Workers(2)
    workers.start_early()
    assert workers.early is not None
    early = workers.early.process.pid
    workers.beside(lambda: time.sleep(120), lambda error: None)  # typeset watch's copy of itself, busy
    children = {child.pid for child in multiprocessing.active_children()}
    assert early in children and len(children) == 2
    workers.stop()
    assert multiprocessing.active_children() == []
    for pid in children:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)  # ended and reaped
    assert list(temporary.iterdir()) == [], "the early worker's folder is removed"
    workers.stop()  # again: nothing to do


def test_ctrl_c_in_a_command_stops_every_worker(monkeypatch: pytest.MonkeyPatch, temporary: Path) -> None:
    monkeypatch.delitem(sys.modules, "weasyprint", raising=False)
    with pytest.raises(KeyboardInterrupt), Workers(2) as workers:
        workers.start_early()
        workers.beside(lambda: time.sleep(120), lambda error: None)
        assert len(multiprocessing.active_children()) == 2
        raise KeyboardInterrupt  # Ctrl-C (SIGTERM is turned into it by the CLI)
    assert multiprocessing.active_children() == []
    assert list(temporary.iterdir()) == []


def test_the_temporaries_of_a_killed_worker_are_removed(tmp_path: Path, temporary: Path) -> None:
    (tmp_path / "out").mkdir()
    with Workers(2) as workers:
        workers.run(_jobs(tmp_path, [DIES, "a.md"]), lambda job: None, lambda job: None, _work)
        assert [path.name for path in temporary.iterdir()] != [], "the workers' folder lives while they may run"
    assert list(temporary.iterdir()) == []
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == ["a.pdf"], "no half-written PDF left"


def test_one_process_renders_here(tmp_path: Path, temporary: Path) -> None:
    """--jobs 1: no process is started, the work is done in this one."""
    (tmp_path / "out").mkdir()
    here: list[int] = []
    with Workers(1) as workers:
        workers.run(_jobs(tmp_path, ["a.md", "b.md"]), lambda job: here.append(os.getpid()), lambda job: None, _work)
        assert workers.render(str, {1: 1, 2: 2}) == {}, "the caller renders the parts itself"
    assert here == [os.getpid()] * 2
    assert multiprocessing.active_children() == []
