"""Batches: parallel workers, one broken source among many, progress on a terminal and in a log."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

import pypdf
import pytest

from tests.conftest import Project, run_typeset
from typeset.jobs.batch import build
from typeset.jobs.job import find_sources

pytestmark = pytest.mark.slow  # renders PDFs


def many(project: Project, count: int, broken: tuple[int, ...] = ()) -> None:
    for number in range(count):
        lang = "fa-AF" if number % 2 else "en"
        body = f"Article number {number}.\n" if lang == "en" else f"مقالهٔ شمارهٔ {number}.\n"
        project.source(f"a{number:02}.md", body, lang=lang)
        if number in broken:
            path = project.root / f"a{number:02}.md"
            path.write_text(path.read_text(encoding="utf-8").replace("2025-06-03", "2025-02-30"), encoding="utf-8")


def test_parallel_build_equals_a_serial_one(project: Project, tmp_path_factory) -> None:
    many(project, 6)
    serial, parallel = tmp_path_factory.mktemp("serial"), tmp_path_factory.mktemp("parallel")
    assert all(job.ok for job in build(find_sources([project.root]), serial, workers=1))
    assert all(job.ok for job in build(find_sources([project.root]), parallel, workers=2))
    for pdf in serial.glob("*.pdf"):
        assert (parallel / pdf.name).read_bytes() == pdf.read_bytes(), pdf.name


def test_a_broken_source_among_many_fails_alone(project: Project) -> None:
    many(project, 6, broken=(3,))
    code, _, err = project.run("build", "--jobs", "2", str(project.root), "-o", str(project.root / "out"))
    assert code == 1
    assert f"{project.root / 'a03.md'}:4:7: error: invalid date '2025-02-30'" in err
    assert sorted(p.name for p in (project.root / "out").glob("*.pdf")) == [f"a{n:02}.pdf" for n in range(6) if n != 3]
    assert "5 built, 1 failed" in err


def test_workers_report_located_engine_errors(project: Project) -> None:
    """An error raised in a worker process (here: a template that reaches out) comes back located."""
    (project.root / "templates").mkdir()
    (project.root / "templates" / "article.html").write_text(
        '{% extends "!base/article.html" %}{% block body %}<img src="file:///etc/passwd">{{ super() }}{% endblock %}',
        encoding="utf-8",
    )
    many(project, 3)
    code, _, err = project.run("build", "--jobs", "2", str(project.root), "-o", str(project.root / "out"))
    assert code == 1
    for number in range(3):
        assert f"{project.root / f'a{number:02}.md'}: error: refused to read 'file:///etc/passwd'" in err


def test_plain_lines_when_not_a_terminal(project: Project) -> None:
    many(project, 3)
    result = run_typeset("build", "--jobs", "2", ".", "-o", "out", cwd=project.root)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert sorted(lines[:-1]) == [f"built a{n:02}.md -> out/a{n:02}.pdf" for n in range(3)]
    assert lines[-1] == "3 built"
    assert "\x1b[" not in result.stdout + result.stderr, "no terminal codes in a log"


def test_progress_bar_on_a_terminal(project: Project) -> None:
    many(project, 4)
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "typeset", "build", "--jobs", "2", ".", "-o", "out"],
        cwd=project.root,
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env={**os.environ, "COLUMNS": "100", "TERM": "xterm"},
    )
    os.close(follower)
    output = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    assert process.wait(timeout=120) == 0
    text = output.decode("utf-8", "replace")
    assert "4/4" in text, "the bar counts the articles"
    assert "4 built" in text
    for number in range(4):
        assert pypdf.PdfReader(project.root / "out" / f"a{number:02}.pdf").pages
