"""State that cannot lie: a damaged cache or manifest is ignored (one warning) and the same PDF is built.

Each case builds a small project in a fresh process with a cache of its own, damages every
cache file (or the manifest) in one way, builds again, and compares the bytes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Project
from typeset import cache
from typeset.jobs import manifest
from typeset.jobs.batch import build
from typeset.jobs.manifest import MANIFEST_NAME, Manifest, _check
from typeset.resources import FONTS_DIR, THEME_DIR

pytestmark = pytest.mark.slow  # renders PDFs

ARTICLE = (
    "---\ntitle: آزمایش\nauthor: آزماینده\ndate: 2025-06-03\nlang: fa-AF\nsection: dari\n---\n\nمتن و Latin text.\n"
)


def typeset(root: Path, cache_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TYPESET_CACHE_DIR": str(cache_dir), "TMPDIR": str(root / "tmp")}
    (root / "tmp").mkdir(exist_ok=True)
    return subprocess.run(
        [sys.executable, "-m", "typeset", *args], cwd=root, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def built_once(project: Project, tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, Path, bytes]:
    (project.root / "a.md").write_text(ARTICLE, encoding="utf-8")
    cache_dir = tmp_path_factory.mktemp("cache")
    result = typeset(project.root, cache_dir, "build", "a.md", "-o", "out")
    assert result.returncode == 0, result.stderr
    assert {p.name.split(".")[0] for p in cache_dir.iterdir()} >= {"cmaps", "poems", "trees"}
    return project, cache_dir, (project.root / "out" / "a.pdf").read_bytes()


def _random(path: Path) -> None:
    path.write_bytes(os.urandom(max(path.stat().st_size, 64)))


def _wrong_shape(path: Path) -> None:
    """An entry whose check holds but whose content is not what its kind holds."""
    kind, key = path.parent.name.split(".")[0], path.name
    payload = json.dumps({"width": "wide", "lines": [], "spacing": 1}).encode()
    path.write_bytes(cache._MAGIC + bytes([cache.FORMAT]) + cache._check(kind, key, payload) + payload)


def _outside(path: Path) -> None:
    path.unlink()
    path.symlink_to("/etc/passwd")


def _fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def _folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


DAMAGES: dict[str, Callable[[Path], None]] = {
    "truncated": lambda path: path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2]),
    "zeroed": lambda path: path.write_bytes(b"\0" * path.stat().st_size),
    "empty": lambda path: path.write_bytes(b""),
    "random bytes": _random,
    "wrong shape": _wrong_shape,
    "a link out of the cache": _outside,
    "a fifo": _fifo,
    "a folder": _folder,
}


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_cache_is_ignored_and_the_same_pdf_is_built(built_once, damage: str) -> None:
    project, cache_dir, first = built_once
    entries = [path for path in cache_dir.rglob("*") if path.is_file()]
    assert entries
    for path in entries:
        DAMAGES[damage](path)
    result = typeset(project.root, cache_dir, "build", "--force", "a.md", "-o", "out")
    assert result.returncode == 0, result.stderr
    assert "warning: ignored a damaged cache entry" in result.stderr
    assert "Traceback" not in result.stderr
    assert (project.root / "out" / "a.pdf").read_bytes() == first
    # and the cache is whole again: a third build warns of nothing
    again = typeset(project.root, cache_dir, "build", "--force", "a.md", "-o", "out")
    assert again.returncode == 0 and "warning" not in again.stderr, again.stderr


def test_a_file_where_the_cache_folder_should_be_turns_the_cache_off(built_once, tmp_path: Path) -> None:
    project, _, first = built_once
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    result = typeset(project.root, blocker, "build", "--force", "a.md", "-o", "out")
    assert result.returncode == 0, result.stderr
    assert f"warning: the cache folder {blocker} cannot be used" in result.stderr
    assert "caching is off" in result.stderr
    assert result.stderr.count("warning:") == 1
    assert "out" not in result.stderr.split("warning:")[1].split("\n")[0].replace("caching is off", "")
    assert (project.root / "out" / "a.pdf").read_bytes() == first


def test_a_file_where_a_cache_subfolder_should_be(built_once) -> None:
    project, cache_dir, first = built_once
    for folder in [p for p in cache_dir.iterdir() if p.is_dir()]:
        shutil.rmtree(folder)
        folder.write_text("in the way")
    result = typeset(project.root, cache_dir, "build", "--force", "a.md", "-o", "out")
    assert result.returncode == 0, result.stderr
    assert "cannot be used" in result.stderr and "caching is off" in result.stderr
    assert (project.root / "out" / "a.pdf").read_bytes() == first


def test_a_full_cache_disk_turns_the_cache_off(
    project: Project, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("TYPESET_CACHE_DIR", str(tmp_path / "cache"))
    for function in (cache.cache_dir, cache._subdir):
        function.cache_clear()
    monkeypatch.setattr(cache, "_OFF", [])

    def full(path: Path, data: bytes, durable: bool = True) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache, "write_atomic", full)
    project.source("a.md", "Text.\n")
    try:
        code, _, err = project.run("build", str(project.root / "a.md"), "-o", str(project.root / "out"))
    finally:
        for function in (cache.cache_dir, cache._subdir):
            function.cache_clear()
    assert code == 0, err
    assert "cannot be used (No space left on device): caching is off" in err
    assert (project.root / "out" / "a.pdf").is_file()


# -- the manifest ------------------------------------------------------------------------------


def _manifest_damages(project: Project) -> dict[str, Callable[[Path], None]]:
    fifo = project.root / "pipe.png"
    os.mkfifo(fifo)

    def rewrite(path: Path, change: Callable[[dict], None]) -> None:
        data = json.loads(path.read_text())
        change(data["entries"])
        data["check"] = _check([data["entries"], data["earlier"]])  # a check that holds: only the shape is wrong
        path.write_text(json.dumps(data))

    def dependency(target: str) -> Callable[[Path], None]:
        def change(entries: dict) -> None:
            for entry in entries.values():
                entry["dependencies"][target] = "0" * 64

        return lambda path: rewrite(path, change)

    return {
        "truncated": lambda path: path.write_bytes(path.read_bytes()[:40]),
        "random bytes": _random,
        "a list": lambda path: path.write_text("[1, 2]"),
        "entries of the wrong type": lambda path: rewrite(
            path, lambda entries: entries.update({k: {"fingerprint": 1} for k in entries})
        ),
        "edited without its check": lambda path: path.write_text(
            path.read_text().replace('"output_hash": "', '"output_hash": "0')
        ),
        "a device dependency": dependency("/dev/zero"),
        "a fifo dependency": dependency(str(fifo)),
        "a dependency outside the project": dependency("/etc/passwd"),
        "a relative dependency": dependency("../../etc/passwd"),
    }


def test_a_damaged_manifest_is_ignored_and_nothing_outside_is_opened(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.source("a.md", "Text.\n")
    out = project.root / "out"
    [job] = build([project.root / "a.md"], out)
    first = job.output.read_bytes()
    opened: list[Path] = []
    real_hash = manifest.file_hash

    def watched(path: Path) -> str:
        opened.append(Path(path))
        return real_hash(path)

    monkeypatch.setattr(manifest, "file_hash", watched)
    for name, damage in _manifest_damages(project).items():
        [job] = build([project.root / "a.md"], out)  # a good manifest again
        damage(out / MANIFEST_NAME)
        opened.clear()
        [job] = build([project.root / "a.md"], out)
        assert job.ok, (name, [e.format() for e in job.errors])
        assert job.output.read_bytes() == first, name
        allowed = [project.root.resolve(), THEME_DIR, FONTS_DIR, Path(manifest.__file__).resolve().parent]
        outside = [path for path in opened if not any(path.resolve().is_relative_to(a) for a in allowed)]
        assert not outside, (name, outside)
        assert Manifest(out).entries, name  # rewritten whole


def test_manifest_warnings_are_printed_once(project: Project) -> None:
    project.source("a.md", "Text.\n")
    out = project.root / "out"
    assert project.run("build", str(project.root), "-o", str(out))[0] == 0
    (out / MANIFEST_NAME).write_bytes(b"\0\0\0")
    code, _, err = project.run("build", str(project.root), "-o", str(out))
    assert code == 0
    assert err.count(f"warning: ignored the build manifest {out / MANIFEST_NAME}") == 1


# -- fingerprints by content ---------------------------------------------------------------------


@pytest.mark.parametrize("what", ["publication.yaml", "templates/partials/article.html"])
def test_an_edit_that_keeps_size_and_time_is_not_missed(project: Project, what: str) -> None:
    project.source("a.md", "Text.\n")
    theme = Path(__file__).resolve().parents[2] / "templates"
    if what.startswith("templates/"):
        (project.root / "templates" / "partials").mkdir(parents=True)
        shutil.copy(theme / "partials" / "article.html", project.root / what)
    out = project.root / "out"
    assert [j.skipped for j in build([project.root / "a.md"], out)] == [False]
    path = project.root / what
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    edited = (
        text.replace("Afghanistan Azad", "Afghanistan Azaz") if "yaml" in what else text.replace("byline", "bylinE")
    )
    assert edited != text and len(edited.encode()) == len(text.encode())
    path.write_text(edited, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # as cp -p, rsync -a or touch -r leave it
    assert [j.skipped for j in build([project.root / "a.md"], out)] == [False]
