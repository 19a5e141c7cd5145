"""What ``watch`` (and ``serve``) say of each pass: each build with its file, time and duration; a failing
source's errors once, until they change."""

from __future__ import annotations

import re

import pytest

from tests.conftest import Project
from typeset.cli.live import Session
from typeset.jobs.options import Options
from typeset.jobs.workers import Workers

pytestmark = pytest.mark.slow  # renders PDFs


def _session(project: Project) -> Session:
    workers = Workers(1)  # (one process: nothing to stop)
    return Session([project.root], Options(project.root / "out", jobs=1), workers)


def test_each_build_is_said_with_its_file_time_and_duration(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    source = project.source("a.md")
    session = _session(project)
    session.build_pass()
    out, err = capsys.readouterr()
    assert err == ""
    assert re.fullmatch(rf"\d\d:\d\d:\d\d built {source} -> {project.root / 'out' / 'a.pdf'} \(\d+\.\d\d s\)\n", out), (
        out
    )
    session.build_pass()
    assert capsys.readouterr() == ("", "")  # nothing changed: nothing to say


def test_a_failing_sources_error_is_said_once_until_it_changes(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    source = project.source("a.md")
    session = _session(project)
    session.build_pass()
    capsys.readouterr()
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("2025-06-03", "2025-02-30"), encoding="utf-8")
    session.build_pass()
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert lines[0] == f"{source}:4:7: error: invalid date '2025-02-30'"
    assert re.fullmatch(rf"\d\d:\d\d:\d\d failed {source}", lines[-1])
    session.build_pass()  # the same error: not said again
    session.build_pass()
    assert capsys.readouterr() == ("", "")
    source.write_text(text.replace("2025-06-03", "2025-13-01"), encoding="utf-8")
    session.build_pass()  # another error: said
    assert capsys.readouterr().err.startswith(f"{source}:4:7: error: invalid date '2025-13-01'")
    source.write_text(text, encoding="utf-8")
    session.build_pass()  # fixed: built
    out, err = capsys.readouterr()
    assert err == "" and len(out.splitlines()) == 1 and " built " in out
    last, building = session.state()
    assert (last.number, building) == (6, False)
    assert [(o.status, o.errors) for o in last.outcomes] == [("built", [])]
