"""Compiled templates kept between runs: an entry that is damaged is ignored, warned about once, and rebuilt."""

from __future__ import annotations

import logging
import marshal
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Project, run_typeset
from typeset import cache
from typeset.jobs.batch import build
from typeset.render import html as render
from typeset.render import templatecache
from typeset.resources import THEME_DIR

pytestmark = pytest.mark.slow  # renders PDFs

THEME_TEMPLATES = ("article.html", "base.html", "partials/masthead.html", "partials/article.html", "style.css")


def entries() -> list[Path]:
    """The cache entries of the theme's templates (the ones every build of the house theme reads)."""
    folder = cache.subdir(templatecache.KIND)
    assert folder is not None
    keys = templatecache.CheckedBytecodeCache(folder)
    return [folder / keys.get_cache_key(name, str(THEME_DIR / name)) for name in THEME_TEMPLATES]


def fresh_build(project: Project, source: Path) -> bytes:
    """Build ``source`` as a new process would: templates loaded again from the cache."""
    render.environment.cache_clear()
    (job,) = build([source], project.root / "out", force=True)
    assert job.ok, [error.format() for error in job.errors]
    assert job.output is not None
    return job.output.read_bytes()


def wrong_hash(data: bytes) -> bytes:
    """The same entry with one byte of its compiled code changed: it still looks like an entry."""
    return data[:-1] + bytes([data[-1] ^ 1])


def entry_with(path: Path, body: bytes) -> bytes:
    """What typeset.cache writes for ``body`` under ``path`` (a header whose check holds)."""
    kind, key = path.parent.name.split(".")[0], path.name
    return cache._MAGIC + bytes([cache.FORMAT]) + cache._check(kind, key, body) + body


DAMAGE: dict[str, tuple[Callable[[bytes], bytes] | None, str]] = {
    "empty": (lambda data: b"", "truncated"),
    "truncated": (lambda data: data[: len(data) // 2], "its check does not match"),
    "zeros": (lambda data: bytes(len(data)), "its check does not match"),
    "random": (lambda data: os.urandom(len(data)), "its check does not match"),
    "wrong hash": (wrong_hash, "its check does not match"),
    "not code": (None, "holds int, not compiled code"),
}


@pytest.mark.parametrize("kind", DAMAGE)
def test_a_damaged_entry_is_rebuilt_with_one_warning(
    project: Project, kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    source = project.source("a.md", "Some text.\n")
    first = fresh_build(project, source)
    damage, reason = DAMAGE[kind]
    damaged = entries()
    assert all(path.is_file() for path in damaged)
    for path in damaged:
        if damage is None:  # a good header over a body that is not compiled code
            checksum, _ = templatecache.decode(cache.load(templatecache.KIND, path.name) or b"")
            raw = checksum.encode("ascii")
            path.write_bytes(entry_with(path, len(raw).to_bytes(2, "big") + raw + marshal.dumps(42)))
        else:
            path.write_bytes(damage(path.read_bytes()))
    with caplog.at_level(logging.WARNING, logger="typeset.cache"):
        assert fresh_build(project, source) == first
    warnings = [record.getMessage() for record in caplog.records if record.name == "typeset.cache"]
    assert sorted(warnings) == sorted(f"ignored a damaged cache entry {path} ({reason}): rebuilt" for path in damaged)
    for path in entries():  # written again, whole
        templatecache.decode(cache.load(templatecache.KIND, path.name) or b"")
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="typeset.cache"):
        assert fresh_build(project, source) == first
    assert not caplog.records  # once: the rebuilt entries are good


def test_an_unreadable_entry_is_rebuilt(project: Project, caplog: pytest.LogCaptureFixture) -> None:
    source = project.source("a.md")
    first = fresh_build(project, source)
    victim = entries()[0]
    victim.unlink()
    victim.mkdir()  # reading it fails (IsADirectoryError)
    try:
        with caplog.at_level(logging.WARNING, logger="typeset.cache"):
            assert fresh_build(project, source) == first
        assert [record.getMessage() for record in caplog.records] == [
            f"ignored a damaged cache entry {victim} (not a file): rebuilt"
        ]
        assert victim.is_file()  # the folder in its way was removed, the entry written again
    finally:
        if victim.is_dir():
            victim.rmdir()


def test_a_changed_template_is_compiled_again_silently(project: Project, caplog: pytest.LogCaptureFixture) -> None:
    (project.root / "templates").mkdir()
    template = project.root / "templates" / "article.html"
    template.write_text('{% extends "!base/article.html" %}{% block body %}<p>One</p>{% endblock %}', encoding="utf-8")
    source = project.source("a.md")
    fresh_build(project, source)
    template.write_text('{% extends "!base/article.html" %}{% block body %}<p>Two</p>{% endblock %}', encoding="utf-8")
    os.utime(template, ns=(template.stat().st_mtime_ns + 10**9,) * 2)
    with caplog.at_level(logging.WARNING, logger="typeset.cache"):
        render.environment.cache_clear()
        (job,) = build([source], project.root / "out", force=True)
    assert job.html is not None and "<p>Two</p>" in job.html
    assert not caplog.records


def test_a_damaged_cache_in_a_new_process(project: Project) -> None:
    source = project.source("a.md")
    assert run_typeset("build", str(source), "-o", "out", cwd=project.root).returncode == 0
    first = (project.root / "out" / "a.pdf").read_bytes()
    for path in entries():
        path.write_bytes(path.read_bytes()[:40])
    result = run_typeset("build", "--force", str(source), "-o", "out", cwd=project.root)
    assert result.returncode == 0, result.stderr
    assert (project.root / "out" / "a.pdf").read_bytes() == first
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
