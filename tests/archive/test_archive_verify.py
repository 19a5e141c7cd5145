"""typeset archive verify: each kind of damage reported with its path and exit 1; an archive killed
mid-run holds only whole entries, and the next run adopts them."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pikepdf
import pytest

from tests.conftest import Project, cli, verify
from typeset.archive.record import Record

pytestmark = pytest.mark.slow  # renders PDFs

EN = "articles/2025/06/en/v1.pdf"
DARI = "articles/2025/06/dari/v1.pdf"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("verify")
    (root / "input").mkdir()
    project = Project(root / "input")
    project.source("en.md", "A short article.\n")
    project.source("dari.md", "یک نوشتهٔ کوتاه.\n", lang="fa-AF")
    code, _, err = cli("archive", str(root / "input"), "--archive", str(root / "archive"), "--jobs", "1")
    assert code == 0, err
    return root / "archive"


@pytest.fixture
def folder(base: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "archive"
    shutil.copytree(base, copy)
    for path in copy.rglob("*.pdf"):
        path.chmod(0o644)  # archived files are read-only; the tests damage them
    return copy


def test_intact_archive_verifies(folder: Path) -> None:
    code, out, err = verify(folder)
    assert code == 0, err
    assert "2 verified" in out


def test_flipped_byte(folder: Path) -> None:
    path = folder / DARI
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    code, _, err = verify(folder)
    assert code == 1
    assert f"{path}: error: changed since it was archived: its SHA-256 is not SHA256SUMS's" in err
    assert str(folder / EN) not in err


def test_truncated(folder: Path) -> None:
    path = folder / EN
    path.write_bytes(path.read_bytes()[:1000])
    code, _, err = verify(folder)
    assert code == 1
    assert f"{path}: error: truncated (1000 bytes, no %%EOF at its end)" in err


def test_missing(folder: Path) -> None:
    (folder / EN).unlink()
    code, _, err = verify(folder)
    assert code == 1
    assert f"{folder / EN}: error: missing (listed in SHA256SUMS)" in err


def test_stray_file(folder: Path) -> None:
    stray = folder / "articles" / "2025" / "06" / "en" / "v2.pdf"
    shutil.copy(folder / EN, stray)
    code, _, err = verify(folder)
    assert code == 1
    assert f"{stray}: error: not in SHA256SUMS" in err


def _tamper(path: Path, fix_record: bool) -> None:
    """Change the embedded source (and, if ``fix_record``, the record's sum of it) and save."""
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        source = next(name for name in pdf.attachments if name.endswith(".md"))
        data = pdf.attachments[source].get_file().read_bytes().replace(b".", b"!", 1) + b"\nMore.\n"
        pdf.attachments[source] = pikepdf.AttachedFileSpec(pdf, data, filename=source)
        if fix_record:
            record = Record.from_json(pdf.attachments["record.json"].get_file().read_bytes())
            record.attachments[source] = hashlib.sha256(data).hexdigest()
            pdf.attachments["record.json"] = pikepdf.AttachedFileSpec(pdf, record.to_json(), filename="record.json")
        pdf.save(path)


def _resum(folder: Path, name: str) -> None:
    """SHA256SUMS made to agree with the tampered file (so only the rebuild can tell)."""
    manifest = folder / "SHA256SUMS"
    digest = hashlib.sha256((folder / name).read_bytes()).hexdigest()
    lines = [f"{digest}  {name}" if line.endswith("  " + name) else line for line in manifest.read_text().splitlines()]
    manifest.write_text("\n".join(lines) + "\n")


def test_rebuild_differs(folder: Path) -> None:
    _tamper(folder / EN, fix_record=True)
    _resum(folder, EN)
    code, _, err = verify(folder)
    assert code == 1
    assert f"{folder / EN}: error: rebuilt from its own sources, it differs" in err
    assert str(folder / DARI) not in err


def test_attachment_not_the_recorded_one(folder: Path) -> None:
    _tamper(folder / DARI, fix_record=False)
    _resum(folder, DARI)
    code, _, err = verify(folder)
    assert code == 1
    assert f"{folder / DARI}: error: its attachments are not those its record lists: dari.md" in err


def test_entry_the_manifest_missed_is_adopted(folder: Path, base: Path) -> None:
    """A kill between a PDF and the manifest: the next run adopts the whole PDF, archives nothing twice."""
    manifest = folder / "SHA256SUMS"
    before = manifest.read_text()
    manifest.write_text("".join(line + "\n" for line in before.splitlines() if not line.endswith(EN)))
    stray = folder / "articles" / "2025" / "06" / "dari" / "v2.pdf"
    stray.write_bytes(b"%PDF-1.7 not an archived file")
    code, out, err = cli("archive", str(base.parent / "input"), "--archive", str(folder), "--jobs", "1")
    assert code == 0, err
    assert f"adopted {folder / EN}: whole, but not yet in SHA256SUMS" in err
    assert f"warning: {stray} is not in SHA256SUMS and is no archived file: left as it is" in err
    assert "0 archived, 2 unchanged" in out
    assert manifest.read_text() == before and stray.read_bytes().startswith(b"%PDF-1.7 not")


ARTICLES = 6


def _whole(folder: Path) -> None:
    """Every PDF there is whole; every line of the manifest names a file with that sum."""
    for pdf in folder.rglob("*.pdf"):
        with pikepdf.open(pdf) as document:
            assert "record.json" in document.attachments, pdf
    manifest = folder / "SHA256SUMS"
    for line in manifest.read_text().splitlines() if manifest.exists() else []:
        assert hashlib.sha256((folder / line[66:]).read_bytes()).hexdigest() == line[:64]


def test_killed_mid_archive_leaves_whole_entries(tmp_path: Path) -> None:
    project = Project(tmp_path)
    for number in range(ARTICLES):
        project.source(f"a{number}.md", f"Article {number}.\n\n" + "A paragraph of text. " * 100 + "\n")
    folder = tmp_path / "archive"
    command = [sys.executable, "-m", "typeset", "archive", str(tmp_path), "--archive", str(folder), "--jobs", "2", "-q"]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    seen_partial = False
    for extra in (0.0, 0.2, 0.6):
        before = len(list(folder.rglob("*.pdf")))
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True, env=env
        )
        deadline = time.monotonic() + 60
        while process.poll() is None and len(list(folder.rglob("*.pdf"))) <= before and time.monotonic() < deadline:
            time.sleep(0.02)  # until a new PDF lands (the machine's load decides when)
        time.sleep(extra)
        with contextlib.suppress(ProcessLookupError):  # it may have finished: nothing left to kill
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=60)
        process.communicate()
        _whole(folder)
        seen_partial = seen_partial or 0 < len(list(folder.rglob("*.pdf"))) < ARTICLES
    assert seen_partial, "a kill landed mid-archive"
    rerun = subprocess.run(command[:-1], capture_output=True, text=True, timeout=120, env=env)
    assert rerun.returncode == 0, rerun.stderr
    assert len(list(folder.rglob("*.pdf"))) == ARTICLES
    assert all(path.name == "v1.pdf" for path in folder.rglob("*.pdf")), "no entry written twice"
    assert not [p for p in folder.rglob("*") if p.name.endswith(".tmp")]
    code, _, err = verify(folder)
    assert code == 0, err


def test_run_stopped_by_an_error_mid_way_is_taken_up_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SHA256SUMS is written once per run, and still when the run stops half-way (an exception, Ctrl-C):
    it names what landed; the next run archives the rest and verify passes."""
    from typeset.archive import store
    from typeset.archive.sums import Sums

    project = Project(tmp_path)
    for number in range(4):
        project.source(f"a{number}.md", f"Article {number}.\n")
    folder = tmp_path / "archive"
    saves: list[int] = []
    real_save, real_write = Sums.save, store._write_article
    written: list[Path] = []

    def counted_save(self: Sums) -> None:
        saves.append(len(self.entries))
        real_save(self)

    def stop_at_third(job: store.Job) -> store.Job:
        if len(written) == 2:
            raise KeyboardInterrupt
        written.append(job.source)
        return real_write(job)

    monkeypatch.setattr(Sums, "save", counted_save)
    monkeypatch.setattr(store, "_write_article", stop_at_third)
    with pytest.raises(KeyboardInterrupt):
        store.archive(sorted(tmp_path.glob("*.md")), [], folder)
    assert saves == [2]
    assert len((folder / "SHA256SUMS").read_text().splitlines()) == 2
    monkeypatch.setattr(store, "_write_article", real_write)
    saves.clear()
    code, out, err = cli("archive", str(tmp_path), "--archive", str(folder), "--jobs", "1")
    assert code == 0, err
    assert "2 archived, 2 unchanged" in out
    assert saves == [4]
    saves.clear()
    code, out, err = cli("archive", str(tmp_path), "--archive", str(folder), "--jobs", "1")
    assert code == 0 and "0 archived, 4 unchanged" in out
    assert saves == []  # nothing changed: not even rewritten
    code, _, err = verify(folder)
    assert code == 0, err


def test_the_tree_is_walked_once_per_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No walk of the archive for each source: one survey, whatever the number of sources and versions."""
    from typeset.archive import store
    from typeset.archive.sums import survey

    project = Project(tmp_path)
    for number in range(3):
        project.source(f"a{number}.md", f"Article {number}.\n")
    folder = tmp_path / "archive"
    store.archive(sorted(tmp_path.glob("*.md")), [], folder)
    for number in range(3):
        project.source(f"a{number}.md", f"Article {number}, changed.\n")  # each gets a second version
    walks: list[Path] = []

    def counted(archive: Path) -> tuple[list[str], list[str]]:
        walks.append(archive)
        return survey(archive)

    monkeypatch.setattr(store, "survey", counted)
    monkeypatch.setattr(store.os, "walk", lambda *args, **kwargs: pytest.fail("the tree walked again"))
    jobs = store.archive(sorted(tmp_path.glob("*.md")), [], folder)
    assert [job.record.version for job in jobs if job.record] == [2, 2, 2]
    assert walks == [folder]
