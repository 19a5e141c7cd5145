"""A bug met on one source is that source's error: the batch goes on, the others are built, exit 3.

The failure is injected into one source (in the preparing stage, or in the rendering one,
which may run in a worker process: workers are forked, so they inherit the injection).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import typeset.render.pdf
import typeset.source.markup
from tests.conftest import Project
from tests.pdfread import text as pdf_text

pytestmark = pytest.mark.slow  # renders PDFs

HINT = "  hint: this is a bug in typeset; rerun with --debug and report it"


def _three(project: Project) -> list[Path]:
    return [project.source(f"{name}.md", f"Text of {name}.\n") for name in ("a", "b", "c")]


def _fail_on(name: str, real):  # type: ignore[no-untyped-def]
    def injected(*args, **kwargs):  # type: ignore[no-untyped-def]
        if any(isinstance(a, Path) and a.name == name for a in args):
            raise RuntimeError("injected failure")
        return real(*args, **kwargs)

    return injected


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_bug_while_preparing_one_source_fails_that_source_only(project: Project, monkeypatch, jobs: str) -> None:
    _three(project)
    monkeypatch.setattr(typeset.source.markup, "parse_body", _fail_on("b.md", typeset.source.markup.parse_body))
    code, _, err = project.run("build", str(project.root), "-o", str(project.root / "out"), "--jobs", jobs)
    assert code == 3
    assert f"{project.root / 'b.md'}: error: internal error: RuntimeError: injected failure" in err
    assert HINT in err
    assert "2 built, 1 failed" in err
    assert "Text of a." in pdf_text(project.root / "out" / "a.pdf")
    assert "Text of c." in pdf_text(project.root / "out" / "c.pdf")
    assert not (project.root / "out" / "b.pdf").exists()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_bug_while_rendering_one_source_fails_that_source_only(project: Project, monkeypatch, jobs: str) -> None:
    _three(project)
    real = typeset.render.pdf.render_pdf

    def injected(html, source, *args, **kwargs):  # type: ignore[no-untyped-def]
        if source.name == "a.md":
            raise KeyError("width")
        return real(html, source, *args, **kwargs)

    monkeypatch.setattr(typeset.render.pdf, "render_pdf", injected)
    code, _, err = project.run("build", str(project.root), "-o", str(project.root / "out"), "--jobs", jobs)
    assert code == 3
    assert f"{project.root / 'a.md'}: error: internal error: KeyError: 'width'" in err
    assert HINT in err
    assert "Text of b." in pdf_text(project.root / "out" / "b.pdf")
    assert "Text of c." in pdf_text(project.root / "out" / "c.pdf")
    # the failed source is built on the next run, once the bug is gone
    monkeypatch.setattr(typeset.render.pdf, "render_pdf", real)
    code, out, err = project.run("build", str(project.root), "-o", str(project.root / "out"), "--jobs", jobs)
    assert code == 0, err
    assert "1 built, 2 up to date" in out


def test_debug_shows_the_whole_trace(project: Project, monkeypatch) -> None:
    _three(project)
    monkeypatch.setattr(typeset.source.markup, "parse_body", _fail_on("c.md", typeset.source.markup.parse_body))
    code, _, err = project.run("build", str(project.root), "-o", str(project.root / "out"), "--debug", "--jobs", "1")
    assert code == 3
    assert "Traceback (most recent call last)" in err
    assert "in prepare" in err  # the frames above the failing call, which the short trace leaves out


def test_check_reports_a_bug_per_source_too(project: Project, monkeypatch) -> None:
    _three(project)
    monkeypatch.setattr(typeset.source.markup, "parse_body", _fail_on("a.md", typeset.source.markup.parse_body))
    code, out, err = project.run("check", str(project.root))
    assert code == 3
    assert f"{project.root / 'a.md'}: error: internal error: RuntimeError: injected failure" in err
    assert "2 ok, 1 failed" in err + out


def test_a_worker_that_dies_fails_only_its_own_source(project: Project, monkeypatch) -> None:
    import os
    import signal

    _three(project)
    real = typeset.render.pdf.render_pdf

    def killed(html, source, *args, **kwargs):  # type: ignore[no-untyped-def]
        if source.name == "b.md":
            os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's out-of-memory killer would
        return real(html, source, *args, **kwargs)

    monkeypatch.setattr(typeset.render.pdf, "render_pdf", killed)
    code, _, err = project.run("build", str(project.root), "-o", str(project.root / "out"), "--jobs", "2")
    assert code == 1
    assert (
        f"{project.root / 'b.md'}: error: rendering stopped: the worker process died (killed, or out of memory)" in err
    )
    assert "2 built, 1 failed" in err
    assert (project.root / "out" / "a.pdf").exists() and (project.root / "out" / "c.pdf").exists()
