"""What ``watch`` (and ``serve``) say of each pass: each build with its file, time and duration; a failing
source's errors once, until they change."""

from __future__ import annotations

import re

from tests.conftest import Project
from typeset.cli.live import Session
from typeset.jobs.options import Options
from typeset.jobs.workers import Workers


def _session(project: Project) -> tuple[Session, list[tuple[str, bool]]]:
    said: list[tuple[str, bool]] = []
    workers = Workers(1)  # (one process: nothing to stop)
    options = Options(project.root / "out", jobs=1)
    session = Session([project.root], options, workers, lambda text, err: said.append((text, err)), str)
    return session, said


def test_each_build_is_said_with_its_file_time_and_duration(project: Project) -> None:
    source = project.source("a.md")
    session, said = _session(project)
    session.build_pass()
    assert len(said) == 1, said
    text, err = said[0]
    assert not err
    assert re.fullmatch(rf"\d\d:\d\d:\d\d built {source} -> {project.root / 'out' / 'a.pdf'} \(\d+\.\d\d s\)", text), (
        text
    )
    said.clear()
    session.build_pass()
    assert said == []  # nothing changed: nothing to say


def test_a_failing_sources_error_is_said_once_until_it_changes(project: Project) -> None:
    source = project.source("a.md")
    session, said = _session(project)
    session.build_pass()
    said.clear()
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("2025-06-03", "2025-02-30"), encoding="utf-8")
    session.build_pass()
    assert [line.split("\n")[0] for line, _ in said[:1]] == [f"{source}:4:7: error: invalid date '2025-02-30'"]
    assert all(err for _, err in said)
    assert re.fullmatch(rf"\d\d:\d\d:\d\d failed {source}", said[-1][0])
    said.clear()
    session.build_pass()  # the same error: not said again
    session.build_pass()
    assert said == []
    source.write_text(text.replace("2025-06-03", "2025-13-01"), encoding="utf-8")
    session.build_pass()  # another error: said
    assert said[0][0].startswith(f"{source}:4:7: error: invalid date '2025-13-01'")
    said.clear()
    source.write_text(text, encoding="utf-8")
    session.build_pass()  # fixed: built
    assert len(said) == 1 and " built " in said[0][0] and not said[0][1]
    last, building = session.state()
    assert (last.number, building) == (6, False)
    assert [(o.status, o.errors) for o in last.outcomes] == [("built", [])]
