"""Never the same work twice, never a stale PDF: the build manifest."""

from __future__ import annotations

import shutil
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from tests.conftest import Project, run_typeset
from typeset.jobs.batch import build
from typeset.jobs.manifest import MANIFEST_NAME

pytestmark = pytest.mark.slow  # renders PDFs


def built_now(project: Project, *sources: Path) -> dict[str, bool]:
    """Build the project's folder; which sources were rendered (True) or kept (False)."""
    jobs = build([project.root / s.name for s in sources] or sorted(project.root.glob("*.md")), project.root / "out")
    assert all(job.ok for job in jobs), [e.format() for job in jobs for e in job.errors]
    return {job.source.name: not job.skipped for job in jobs}


@pytest.fixture
def two(project: Project) -> Project:
    project.source("a.md", "First.\n")
    project.source("b.md", "Second.\n")
    shutil.copy(Path(__file__).parent.parent / "data" / "dot.png", project.root / "dot.png")
    project.source("c.md", "![A dot](dot.png)\n")
    assert built_now(project) == {"a.md": True, "b.md": True, "c.md": True}
    return project


def touch_later(path: Path, text: str) -> None:
    touch_later_bytes(path, text.encode("utf-8"))


def touch_later_bytes(path: Path, data: bytes) -> None:
    time.sleep(0.01)  # a new modification time on coarse clocks
    path.write_bytes(data)


def test_unchanged_sources_are_not_rendered_again(two: Project) -> None:
    assert built_now(two) == {"a.md": False, "b.md": False, "c.md": False}


def test_a_changed_source_rebuilds_only_itself(two: Project) -> None:
    source = two.root / "a.md"
    touch_later(source, source.read_text(encoding="utf-8").replace("First.", "First, changed."))
    assert built_now(two) == {"a.md": True, "b.md": False, "c.md": False}


def png(rgb: tuple[int, int, int]) -> bytes:
    """An 8x8 PNG of one colour."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    rows = (b"\x00" + bytes(rgb) * 8) * 8
    header = struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def test_a_changed_image_rebuilds_the_article_that_shows_it(two: Project) -> None:
    image = two.root / "dot.png"
    touch_later_bytes(image, image.read_bytes())  # saved again, same bytes: nothing to do
    assert built_now(two) == {"a.md": False, "b.md": False, "c.md": False}
    touch_later_bytes(image, png((10, 200, 30)))
    assert built_now(two) == {"a.md": False, "b.md": False, "c.md": True}


def test_a_changed_config_rebuilds_every_article_of_the_publication(two: Project) -> None:
    config = two.root / "publication.yaml"
    touch_later(config, config.read_text(encoding="utf-8").replace("AA-AA", "AB-AB"))
    assert built_now(two) == {"a.md": True, "b.md": True, "c.md": True}


def test_a_new_publication_template_rebuilds_every_article(two: Project) -> None:
    (two.root / "templates").mkdir()
    (two.root / "templates" / "article.html").write_text('{% extends "!base/article.html" %}', encoding="utf-8")
    assert built_now(two) == {"a.md": True, "b.md": True, "c.md": True}


def test_a_changed_theme_template_or_font_rebuilds_everything(two: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    import typeset.jobs.manifest as manifest

    theme = two.root.parent / f"{two.root.name}-theme"
    shutil.copytree(manifest.THEME_DIR, theme)
    monkeypatch.setattr(manifest, "THEME_DIR", theme)
    assert built_now(two) == {"a.md": False, "b.md": False, "c.md": False}, "the same files elsewhere: nothing"
    touch_later(theme / "style.css", (theme / "style.css").read_text(encoding="utf-8") + "\n/* changed */\n")
    assert built_now(two) == {"a.md": True, "b.md": True, "c.md": True}, "a saved template"

    fonts = two.root.parent / f"{two.root.name}-fonts"
    shutil.copytree(manifest.FONTS_DIR, fonts)
    monkeypatch.setattr(manifest, "FONTS_DIR", fonts)
    assert built_now(two) == {"a.md": False, "b.md": False, "c.md": False}
    (fonts / "licenses" / "NEW.txt").write_text("x", encoding="utf-8")
    assert built_now(two) == {"a.md": True, "b.md": True, "c.md": True}, "a changed font folder"


def test_a_deleted_or_edited_output_is_rebuilt(two: Project) -> None:
    (two.root / "out" / "a.pdf").unlink()
    (two.root / "out" / "b.pdf").write_bytes(b"%PDF-1.7 tampered")
    assert built_now(two) == {"a.md": True, "b.md": True, "c.md": False}


def test_the_cache_is_safe_to_delete(two: Project) -> None:
    (two.root / "out" / MANIFEST_NAME).unlink()
    assert built_now(two) == {"a.md": True, "b.md": True, "c.md": True}
    (two.root / "out" / MANIFEST_NAME).write_text("{not json", encoding="utf-8")
    assert built_now(two) == {"a.md": True, "b.md": True, "c.md": True}


def test_force_renders_anyway_and_the_cli_says_what_it_kept(two: Project) -> None:
    code, out, _ = two.run("build", str(two.root), "-o", str(two.root / "out"))
    assert code == 0 and "0 built, 3 up to date" in out
    code, out, _ = two.run("build", "--force", str(two.root), "-o", str(two.root / "out"))
    assert code == 0 and "3 built" in out


def test_a_failing_source_is_forgotten_and_rebuilt_when_fixed(two: Project) -> None:
    source = two.root / "a.md"
    good = source.read_text(encoding="utf-8")
    touch_later(source, good.replace("2025-06-03", "2025-13-03"))
    code, _, _ = two.run("build", str(two.root), "-o", str(two.root / "out"))
    assert code == 1
    touch_later(source, good)
    assert built_now(two)["a.md"] is True


def test_a_fresh_process_keeps_what_is_up_to_date(tmp_path: Path) -> None:
    """The manifest works across processes (the speed of it is measured in bench/bench_batch.py)."""
    project = Project(tmp_path)
    for number in range(5):
        project.source(f"a{number}.md", f"Article {number}.\n")
    first = run_typeset("build", "-q", ".", "-o", "out", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    again = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "typeset", "build", ".", "-o", "out"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert again.returncode == 0
    assert again.stdout.splitlines()[-1] == "0 built, 5 up to date"
    imported = {line.split("|")[-1].strip() for line in again.stderr.splitlines() if line.startswith("import time:")}
    assert "weasyprint" not in imported, "nothing to render: the engine is not even imported"
