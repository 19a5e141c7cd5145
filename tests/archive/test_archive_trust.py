"""An archive an archivist trusts: nothing read or written through a symbolic link, one source per
article's place, a history verify can prove (versions rolled back, links in place of files), and
every verify run recorded in the archive's log."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import Project, cli, verify
from typeset.archive.record import Record

pytestmark = pytest.mark.slow  # renders PDFs

EN = "articles/2025/06/en/v1.pdf"
EN2 = "articles/2025/06/en/v2.pdf"
DARI = "articles/2025/06/dari/v1.pdf"
LINK = "a symbolic link in the archive: typeset follows none (nothing is read or written through it)"


def store(source: Path, folder: Path) -> tuple[int, str, str]:
    return cli("archive", str(source), "--archive", str(folder), "--jobs", "1")


def drop_line(folder: Path, name: str) -> None:
    manifest = folder / "SHA256SUMS"
    manifest.write_text("".join(line + "\n" for line in manifest.read_text().splitlines() if not line.endswith(name)))


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An archive of two articles, ``en`` archived twice (v1, v2): the folder holding input/ and archive/."""
    root = tmp_path_factory.mktemp("trust")
    (root / "input").mkdir()
    project = Project(root / "input")
    project.source("en.md", "A short article.\n")
    project.source("dari.md", "یک نوشتهٔ کوتاه.\n", lang="fa-AF")
    code, _, err = store(root / "input", root / "archive")
    assert code == 0, err
    project.source("en.md", "A short article, edited.\n")
    code, _, err = store(root / "input" / "en.md", root / "archive")
    assert code == 0, err
    return root


@pytest.fixture
def root(base: Path, tmp_path: Path) -> Path:
    """A copy of the base (its input and archive), the archived files writable so that tests can damage them."""
    shutil.copytree(base / "input", tmp_path / "input")
    shutil.copytree(base / "archive", tmp_path / "archive")
    for path in (tmp_path / "archive").rglob("*.pdf"):
        path.chmod(0o644)
    return tmp_path


def test_the_record_names_its_source(root: Path) -> None:
    from typeset.archive.store import read_record

    record = read_record(root / "archive" / EN2)
    assert record is not None and (record.source, record.version) == ("en.md", 2)


# 1. Nothing followed out


def test_a_version_folder_linked_elsewhere_is_refused_and_nothing_is_written_there(root: Path) -> None:
    folder = root / "archive" / "articles" / "2025" / "06" / "en"
    outside = root / "outside"
    shutil.move(folder, outside)
    folder.symlink_to(outside, target_is_directory=True)
    (root / "input" / "en.md").write_text((root / "input" / "en.md").read_text() + "\nMore.\n")
    before = sorted(p.name for p in outside.iterdir())
    code, _, err = store(root / "input", root / "archive")
    assert code == 1
    assert f"{folder}: error: {LINK}" in err
    assert "hint: put the file or folder itself in its place" in err
    assert sorted(p.name for p in outside.iterdir()) == before == ["v1.pdf", "v2.pdf"]  # no v3.pdf outside
    assert "Traceback" not in err
    code, _, err = verify(root / "archive")
    assert code == 1
    assert f"{folder}: error: {LINK}" in err
    assert f"{root / 'archive' / EN}: error: below the symbolic link {folder}: not read" in err


def test_an_archived_file_replaced_by_a_link_to_an_identical_copy(root: Path) -> None:
    path = root / "archive" / EN
    copy = root / "copy.pdf"
    shutil.copy(path, copy)
    path.unlink()
    path.symlink_to(copy)
    code, _, err = verify(root / "archive")
    assert code == 1
    assert f"{path}: error: a symbolic link in place of the archived file: verify follows none" in err
    code, _, err = store(root / "input", root / "archive")
    assert code == 1 and f"{path}: error: {LINK}" in err


@pytest.mark.parametrize("name", ["SHA256SUMS", "catalog.sqlite", "articles"])
def test_the_archive_s_own_files_and_trees_as_links(root: Path, name: str) -> None:
    path = root / "archive" / name
    elsewhere = root / f"elsewhere-{name}"
    shutil.move(path, elsewhere)
    path.symlink_to(elsewhere)
    before = sorted(str(p.relative_to(root)) for p in root.rglob("*"))
    code, _, err = store(root / "input", root / "archive")
    assert code == 1 and f"{path}: error: {LINK}" in err and "Traceback" not in err
    assert sorted(str(p.relative_to(root)) for p in root.rglob("*")) == before, "nothing written anywhere"
    code, _, err = verify(root / "archive")
    assert code == 1 and f"{path}: error: {LINK}" in err


# 2. One identity per article


def test_another_source_of_the_same_date_and_slug_is_refused_in_a_later_run(root: Path) -> None:
    """``input/sub/en.md`` has the date and the name (so the slug) of the archived ``input/en.md``."""
    other = root / "input" / "sub" / "en.md"
    other.parent.mkdir()
    other.write_text((root / "input" / "en.md").read_text().replace("edited", "by another author"))
    before = sorted(p.name for p in (root / "archive" / "articles/2025/06/en").iterdir())
    code, _, err = store(other, root / "archive")
    assert code == 1
    assert (
        f"{other}: error: {root / 'archive' / 'articles/2025/06/en'} holds the versions of another article, "
        "en.md (the same date and name): sub/en.md would become a version of it" in err
    )
    assert "hint: rename this source (its file name makes its name in the archive)" in err
    assert sorted(p.name for p in (root / "archive" / "articles/2025/06/en").iterdir()) == before
    # The article itself, edited, still gets its next version.
    (root / "input" / "en.md").write_text((root / "input" / "en.md").read_text() + "\nMore.\n")
    code, _, err = store(root / "input" / "en.md", root / "archive")
    assert code == 0, err
    assert (root / "archive" / "articles/2025/06/en/v3.pdf").is_file()


# 3. Verify proves the whole history


def test_a_version_rolled_back_with_its_manifest_line(root: Path) -> None:
    archive = root / "archive"
    (archive / EN2).unlink()
    drop_line(archive, EN2)
    code, _, err = verify(archive)
    assert code == 1
    assert (
        f"{archive / EN2}: error: missing: the catalog lists it (version 2 of en), but it is neither here nor "
        "in SHA256SUMS (a version rolled back?)" in err
    )


def test_a_rollback_the_catalog_forgot_is_in_the_verify_log(root: Path) -> None:
    archive = root / "archive"
    code, _, err = verify(archive)
    assert code == 0, err
    (archive / EN2).unlink()
    drop_line(archive, EN2)
    code, _, err = cli("archive", "reindex", "--archive", str(archive))
    assert code == 0, err
    code, _, err = verify(archive)
    assert code == 1, err
    assert f"{archive / EN2}: error: missing: verified on " in err
    assert "(verify log line 1), but it is neither here nor in SHA256SUMS" in err


def test_archiving_again_after_a_rollback_is_refused_and_no_number_given_twice(root: Path) -> None:
    archive = root / "archive"
    (archive / EN2).unlink()
    drop_line(archive, EN2)
    en = root / "input" / "en.md"
    en.write_text(en.read_text() + "\nA third text.\n")
    code, _, err = store(en, archive)
    assert code == 1
    assert (
        f"{en}: error: {archive / 'articles/2025/06/en'}/v2.pdf is gone: the catalog lists it, but it is neither "
        "there nor in SHA256SUMS (a version rolled back?)" in err
    )
    assert not (archive / EN2).exists()


def test_a_manifest_line_rewritten_after_a_verify(root: Path) -> None:
    """A file changed and its SHA256SUMS line made to agree: the log remembers the sum it had."""
    archive = root / "archive"
    code, _, err = verify(archive)
    assert code == 0, err
    path = archive / EN
    path.write_bytes(path.read_bytes().replace(b"%%EOF", b"%%EOF\n%%EOF", 1))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    manifest = archive / "SHA256SUMS"
    manifest.write_text(
        "".join(
            (f"{digest}  {EN}" if line.endswith("  " + EN) else line) + "\n"
            for line in manifest.read_text().splitlines()
        )
    )
    code, _, err = verify(archive)
    assert code == 1
    assert f"{path}: error: SHA256SUMS lists another SHA-256 than when it was verified on " in err
    assert "(verify log line 1): an archived file never changes" in err


def test_a_lower_version_missing(root: Path) -> None:
    archive = root / "archive"
    (archive / EN).unlink()
    drop_line(archive, EN)
    (archive / "catalog.sqlite").unlink()
    code, _, err = verify(archive)
    assert code == 1
    assert f"{archive / EN}: error: missing: version 2 of its folder is listed, but it is neither here nor" in err


def test_every_run_is_a_fixity_event_in_the_verify_log(root: Path) -> None:
    archive = root / "archive"
    log = archive / "verify-log.jsonl"
    code, _, err = verify(archive)
    assert code == 0, err
    (first,) = log.read_text().splitlines()
    event = json.loads(first)
    assert event["eventType"] == "fixity check" and event["eventOutcome"] == "pass"
    assert event["eventDateTime"].endswith("Z") and event["eventIdentifier"].startswith("uuid:")
    assert event["linkingAgent"]["name"] == "typeset" and event["linkingAgent"]["version"]
    assert [item["path"] for item in event["objects"]] == sorted([DARI, EN, EN2])
    assert all(item["outcome"] == "pass" and len(item["sha256"]) == 64 for item in event["objects"])
    (archive / "articles" / "2025" / "06" / "en" / "stray.txt").write_text("x")
    code, _, err = verify(archive)
    assert code == 1
    lines = log.read_text().splitlines()
    assert lines[0] == first, "append-only"
    second = json.loads(lines[1])
    assert second["eventOutcome"] == "fail"
    assert second["eventOutcomeDetail"] == [f"{archive}/articles/2025/06/en/stray.txt: error: not in SHA256SUMS"]


def test_a_verify_log_that_is_a_link_is_not_written_through(root: Path) -> None:
    archive = root / "archive"
    elsewhere = root / "log.jsonl"
    elsewhere.write_text("")
    (archive / "verify-log.jsonl").symlink_to(elsewhere)
    code, _, err = verify(archive)
    assert code == 1
    assert f"{archive / 'verify-log.jsonl'}: error: {LINK}" in err
    assert elsewhere.read_text() == ""


def test_a_record_of_the_first_format_names_its_source_by_its_attachment() -> None:
    record = Record(
        "article",
        "en",
        1,
        "T",
        "A",
        "2025-06-03",
        "en",
        "articles/2025/06/en/v1.pdf",
        attachments={"publication.yaml": "0" * 64, "a/en.md": "1" * 64},
    )
    assert json.loads(record.to_json())["format"] == 1 and "source" not in json.loads(record.to_json())
    assert Record.from_json(record.to_json()).origin() == "a/en.md"
    named = Record.from_json(record.to_json().replace(b'"format": 1', b'"format": 2, "source": "b/en.md"'))
    assert (named.origin(), json.loads(named.to_json())["format"]) == ("b/en.md", 2)


def test_an_archive_of_records_that_named_no_source_still_verifies(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Archived before records named their source (format 1): verify rebuilds the same bytes, and the
    next run knows the article by its attachment."""
    from dataclasses import replace

    from typeset.archive import store as archiving
    from typeset.archive.store import read_record

    article_entry = archiving.article_entry

    def unnamed(job: object) -> object:
        made = article_entry(job)  # type: ignore[arg-type]
        made.record = replace(made.record, source="")
        return made

    monkeypatch.setattr(archiving, "article_entry", unnamed)
    code, _, err = store(root / "input", root / "old")
    assert code == 0, err
    monkeypatch.undo()
    record = read_record(root / "old" / EN)
    assert record is not None and record.source == "" and record.origin() == "en.md"
    code, out, err = verify(root / "old")
    assert code == 0, err
    code, out, err = store(root / "input", root / "old")
    assert code == 0 and "0 archived, 2 unchanged" in out, err


def test_a_read_only_archive_verifies_and_says_its_run_is_not_recorded(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copy on read-only media verifies: that its run could not be recorded is a warning."""
    from typeset.archive import log

    archive = root / "archive"
    opened = os.open

    def read_only(path: object, flags: int, *args: object, **named: object) -> int:
        if str(path).endswith(log.LOG_NAME) and flags & (os.O_WRONLY | os.O_RDWR):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        return opened(path, flags, *args, **named)  # type: ignore[arg-type]

    monkeypatch.setattr(log.os, "open", read_only)
    code, out, err = verify(archive)
    assert code == 0, err
    assert (
        f"{archive / 'verify-log.jsonl'}: warning: this run is not recorded: cannot write the verify log: "
        "Read-only file system" in err
    )
    assert "3 verified" in out and not (archive / "verify-log.jsonl").exists()


def test_a_damaged_catalog_stops_archiving_and_is_reported_by_verify(root: Path) -> None:
    archive = root / "archive"
    catalog = archive / "catalog.sqlite"
    catalog.write_bytes(b"not a database at all\n" * 100)
    en = root / "input" / "en.md"
    en.write_text(en.read_text() + "\nMore.\n")
    code, _, err = store(en, archive)
    assert code == 1
    assert f"{catalog}: error: the catalog cannot be read: file is not a database" in err
    assert "hint: rebuild it from the archived PDFs: typeset archive reindex" in err
    assert not (archive / "articles/2025/06/en/v3.pdf").exists()
    code, _, err = verify(archive)
    assert code == 1
    assert (
        f"{catalog}: error: the archive's history cannot be checked against the catalog: the catalog cannot be "
        "read: file is not a database" in err
    )
    assert "Traceback" not in err and "internal error" not in err
