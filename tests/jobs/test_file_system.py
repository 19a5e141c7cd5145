"""The file system and outputs: odd entries among the sources, outputs that are not typeset's,
full disks, file names in Dari and Pashto, and nothing left in the temporary folder."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

import typeset.files
import typeset.jobs.batch
from tests.conftest import FRONT, Project
from tests.pdfread import text as pdf_text
from typeset.files import real_path, remove_stale_temporaries
from typeset.jobs.manifest import MANIFEST_NAME
from typeset.jobs.watch import snapshot, watched

pytestmark = pytest.mark.slow  # renders PDFs


def test_odd_entries_among_the_sources_are_reported_and_the_rest_built(project: Project) -> None:
    project.source("good.md", "Good text.\n")
    (project.root / "loop.md").symlink_to(project.root / "loop.md")
    (project.root / "dangling.md").symlink_to(project.root / "gone.md")
    os.mkfifo(project.root / "pipe.md")
    (project.root / "sub").mkdir()
    (project.root / "sub" / "up").symlink_to(project.root)  # a folder loop: not followed
    code, _, err = project.run("build", str(project.root), "-o", str(project.root / "out"))
    assert code == 1
    assert f"{project.root / 'loop.md'}: error: cannot read file: a loop of symbolic links" in err
    gone = project.root / "gone.md"
    assert (
        f"{project.root / 'dangling.md'}: error: cannot read file: a symbolic link to {gone}, which does not exist"
        in err
    )
    assert f"{project.root / 'pipe.md'}: error: not a regular file" in err
    assert "1 built, 3 failed" in err
    assert "Good text." in pdf_text(project.root / "out" / "good.pdf")
    assert "Traceback" not in err and "internal error" not in err


def test_watch_survives_loops_and_rebuilds_when_the_output_is_the_sources_folder(project: Project) -> None:
    source = project.source("a.md", "Text.\n")
    (project.root / "loop.md").symlink_to(project.root / "loop.md")
    places = watched([project.root], ignore=project.root)  # typeset watch . -o .
    before = snapshot(places, ignore=project.root)
    assert str(source) in before
    (project.root / "a.pdf").write_bytes(b"%PDF- built")  # what the build writes there is not a change
    (project.root / MANIFEST_NAME).write_text("{}")
    assert snapshot(places, ignore=project.root) == before
    source.write_text(source.read_text() + "More.\n")
    assert snapshot(places, ignore=project.root) != before


def test_dari_and_pashto_file_names_build_side_by_side(project: Project) -> None:
    names = ["مقاله.md", "خبر.md", "کتابخانه‌های دیجیتال.md", "ښکلې پښتو.md"]
    for name in names:
        project.source(name, "متن.\n", lang="fa-AF")
    code, _, err = project.run("build", str(project.root), "-o", str(project.root / "out"))
    assert code == 0, err
    pdfs = sorted(p.name for p in (project.root / "out").glob("*.pdf"))
    assert pdfs == sorted(["مقاله.pdf", "خبر.pdf", "کتابخانه‌های-دیجیتال.pdf", "ښکلې-پښتو.pdf"])


def test_a_file_name_that_is_not_utf8_prints_safely(project: Project) -> None:
    name = os.fsdecode(b"bad\xff name.md")
    (project.root / name).write_text(f"---\n{FRONT['en']}---\n\nText.\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "typeset", "build", ".", "-o", "out"],
        cwd=project.root,
        capture_output=True,
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8:strict"},
    )
    assert result.returncode == 0, result.stderr
    assert b"bad\\xff name.md -> out/bad-name.pdf" in result.stdout


def test_a_pdf_typeset_did_not_write_is_never_overwritten(project: Project) -> None:
    source = project.source("report.md", "Text.\n")
    mine = b"%PDF-1.4 the author's own PDF"
    (project.root / "report.pdf").write_bytes(mine)  # typeset build -o . in the sources folder
    code, _, err = project.run("build", str(source), "-o", str(project.root))
    assert code == 1
    assert (
        f"{source}: error: {project.root / 'report.pdf'} exists and typeset did not write it: it is left as it is"
        in err
    )
    assert (project.root / "report.pdf").read_bytes() == mine


def test_a_pdf_of_another_source_is_never_overwritten(project: Project) -> None:
    first = project.source("a.md", "First.\n")
    out = project.root / "out"
    assert project.run("build", str(first), "-o", str(out))[0] == 0
    (project.root / "sub").mkdir()
    second = project.root / "sub" / "a.md"
    second.write_text(first.read_text().replace("First.", "Second."), encoding="utf-8")
    code, _, err = project.run("build", str(second), "-o", str(out))  # a later run, the other source alone
    assert code == 1
    assert f"{second}: error: output {out / 'a.pdf'} is built from {first}" in err
    assert "First." in pdf_text(out / "a.pdf")
    first.unlink()  # once the first source is gone, its name is free
    code, _, err = project.run("build", str(second), "-o", str(out))
    assert code == 0, err
    assert "Second." in pdf_text(out / "a.pdf")


def test_with_the_manifest_lost_typeset_still_knows_its_own_pdfs(project: Project) -> None:
    source = project.source("a.md", "Text.\n")
    out = project.root / "out"
    assert project.run("build", str(source), "-o", str(out))[0] == 0
    (out / MANIFEST_NAME).unlink()
    code, _, err = project.run("build", str(source), "-o", str(out))
    assert code == 0, err


def test_an_output_folder_that_cannot_be_made(project: Project) -> None:
    source = project.source("a.md", "Text.\n")
    (project.root / "out").write_text("not a folder")
    code, _, err = project.run("build", str(source), "-o", str(project.root / "out" / "pdfs"))
    assert code == 1
    assert f"error: cannot write {project.root / 'out' / 'pdfs' / 'a.pdf'}: Not a directory" in err
    assert (project.root / "out").read_text() == "not a folder"
    code, _, err = project.run("build", str(source), "-o", str(project.root / "out"))
    assert code == 2  # a file given as the output folder: a usage error
    assert "is a file" in err


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_full_disk_is_an_error_and_leaves_no_temporaries(project: Project, monkeypatch, jobs: str) -> None:
    sources = [project.source(f"{n}.md", "Text.\n") for n in "ab"]
    out = project.root / "out"
    real_fsync = os.fsync

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(typeset.files.os, "fsync", full)
    code, _, err = project.run("build", str(project.root), "-o", str(out), "--jobs", jobs)
    monkeypatch.setattr(typeset.files.os, "fsync", real_fsync)
    assert code == 1
    for source in sources:
        assert f"error: cannot write {out / (source.stem + '.pdf')}: No space left on device" in err
    assert "Traceback" not in err
    assert not [p.name for p in out.iterdir() if p.name != MANIFEST_NAME]


def test_a_manifest_that_cannot_be_written_is_one_error(project: Project, monkeypatch) -> None:
    project.source("a.md", "Text.\n")
    project.source("b.md", "Text.\n")
    out = project.root / "out"

    def read_only(self) -> None:  # type: ignore[no-untyped-def]
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(typeset.jobs.batch.Manifest, "save", read_only)
    code, _, err = project.run("build", str(project.root), "-o", str(out))
    assert code == 1
    assert err.count(f"error: cannot write {out / MANIFEST_NAME}: Read-only file system") == 1
    assert "Traceback" not in err


def test_only_typeset_temporaries_of_dead_processes_are_swept(tmp_path: Path) -> None:
    users = tmp_path / ".x.json.y.tmp"
    users.write_text("a user's file")
    dead = tmp_path / ".a.pdf.typeset-999999999-abc123.tmp"
    dead.write_text("left by a killed build")
    alive = tmp_path / f".b.pdf.typeset-{os.getpid()}-def456.tmp"
    alive.write_text("a build in progress")
    remove_stale_temporaries(tmp_path)
    assert users.exists() and alive.exists() and not dead.exists()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_nothing_is_left_in_the_temporary_folder(project: Project, tmp_path_factory, jobs: str) -> None:
    for n in range(3):
        project.source(f"{n}.md", f"Text {n}.\n")
    project.source("bad.md", "Text.\n", front="title: T\n")
    temporary = tmp_path_factory.mktemp("tmp")
    result = subprocess.run(
        [sys.executable, "-m", "typeset", "build", ".", "-o", "out", "--jobs", jobs],
        cwd=project.root,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "TMPDIR": str(temporary)},
    )
    assert result.returncode == 1, result.stderr
    assert "3 built, 1 failed" in result.stderr
    assert list(temporary.iterdir()) == []


def test_pdfs_of_an_older_typeset_are_built_again_over(project: Project) -> None:
    """An older typeset wrote no mark in its PDFs; its manifest (format 1) still says whose they are."""
    import json

    source = project.source("a.md", "Text.\n")
    out = project.root / "out"
    out.mkdir()
    (out / "a.pdf").write_bytes(b"%PDF-1.7 built by an older typeset")
    entry = {
        "fingerprint": "0" * 64,
        "output": str((out / "a.pdf").resolve()),
        "output_hash": "0" * 64,
        "dependencies": {},
    }
    (out / MANIFEST_NAME).write_text(json.dumps({"format": 1, "entries": {str(source.resolve()): entry}}))
    (project.root / "b.md").write_text(source.read_text().replace("Text.", "B."), encoding="utf-8")
    (out / "b.pdf").write_bytes(b"%PDF-1.7 also an older typeset's")
    (project.root / "b.md").write_text("---\ntitle: T\n---\n", encoding="utf-8")  # fails: its old PDF stays its own
    entry_b = dict(entry, output=str((out / "b.pdf").resolve()))
    data = json.loads((out / MANIFEST_NAME).read_text())
    data["entries"][str((project.root / "b.md").resolve())] = entry_b
    (out / MANIFEST_NAME).write_text(json.dumps(data))
    code, _, err = project.run("build", str(project.root), "-o", str(out))
    assert code == 1
    assert "Text." in pdf_text(out / "a.pdf")
    assert "did not write it" not in err
    (project.root / "b.md").write_text(source.read_text().replace("Text.", "B fixed."), encoding="utf-8")
    code, _, err = project.run("build", str(project.root), "-o", str(out))  # a later run still knows b.pdf is b's
    assert code == 0, err
    assert "B fixed." in pdf_text(out / "b.pdf")


def test_every_pdf_carries_its_permanent_id(project: Project) -> None:
    import pypdf

    from typeset.jobs.manifest import document_id

    source = project.source("a.md", "Text.\n")
    code, _, err = project.run("build", str(source), "-o", str(project.root / "out"))
    assert code == 0, err
    reader = pypdf.PdfReader(project.root / "out" / "a.pdf", strict=True)
    first, second = reader.trailer["/ID"]
    assert str(first).encode() == document_id("Afghanistan Azad", "a")
    assert len(second) == 32 and len(reader.pages) == 1


def test_real_path_is_realpaths_answer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """typeset.files.real_path answers what os.path.realpath does, links or not."""
    root = tmp_path / "root"
    (root / "a" / "b").mkdir(parents=True)
    (root / "a" / "b" / "f.md").write_text("x", encoding="utf-8")
    (root / "link").symlink_to(root / "a")  # a folder link
    (root / "rel").symlink_to("a/b")  # a relative one
    (root / "a" / "b" / "file-link.md").symlink_to("f.md")
    (root / "loop").symlink_to(root / "loop")
    (root / "dangling").symlink_to(root / "gone")
    (root / "up").symlink_to("..")
    monkeypatch.chdir(root / "a")
    names = [
        "a/b/f.md", "a//b/./f.md", "a/b/", "a/b/f.md/x", "a/missing/f.md", "link/b/f.md", "rel/f.md",
        "a/b/file-link.md", "loop", "loop/x", "dangling", "dangling/x", "up/a", "a/b/../b/f.md", "link/..",
    ]  # fmt: skip
    paths = [root / name for name in names] + [Path("b/f.md"), Path("."), Path("b/../../link"), Path("/")]
    for path in paths:
        assert real_path(path) == Path(os.path.realpath(path)), path
