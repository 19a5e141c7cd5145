"""The archive of the shipped edition and its articles: PDF/A-3u, what each file carries, the layout,
the manifest, append-only versions, reproducible bytes."""

from __future__ import annotations

import datetime
import hashlib
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

from tests.conftest import INPUT, cli
from tests.pdfread import text
from typeset.archive.record import Record
from typeset.cli.main import main
from typeset.jobs.manifest import written_by_typeset

pytestmark = pytest.mark.slow  # renders PDFs

DARI = "articles/2025/06/2025-06-10-digital-libraries-dari/v1.pdf"
SEED = "articles/2025/06/2025-06-03-pakistan-diplomatic-reawakening/v1.pdf"
PASHTO = "articles/2025/06/2025-06-12-pashto-digital-future/v1.pdf"
WEEKLY = "editions/2025/06/weekly/v1.pdf"


def archive(source: Path, folder: Path, *more: str) -> tuple[int, str, str]:
    return cli("archive", str(source), "--archive", str(folder), *more)


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def attachments(pdf: Path) -> dict[str, tuple[str, bytes]]:
    """Embedded file name → (AFRelationship, bytes)."""
    with pikepdf.open(pdf) as document:
        found = {
            name: (str(spec.obj.AFRelationship), spec.get_file().read_bytes())
            for name, spec in document.attachments.items()
        }
        assert {str(spec.UF) for spec in document.Root.AF} == set(found), "every attachment is in the catalog's /AF"
    return found


@pytest.fixture(scope="module")
def archived(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """The shipped input/ (a copy) archived once: (its input folder, the archive, what the CLI said)."""
    root = tmp_path_factory.mktemp("archive")
    shutil.copytree(INPUT, root / "input")
    code, out, err = archive(root / "input", root / "archive", "--jobs", "2")
    assert code == 0, err
    return root / "input", root / "archive", out


def test_layout_and_manifest(archived: tuple[Path, Path, str]) -> None:
    _, folder, said = archived
    # The archived files, their sums, and the catalog (made from them; not archived: reindex remakes it).
    assert sorted(files(folder)) == ["SHA256SUMS", SEED, DARI, PASHTO, "catalog.sqlite", WEEKLY]
    lines = (folder / "SHA256SUMS").read_text().splitlines()
    assert lines == sorted(lines, key=lambda line: line[66:])
    assert {line[66:]: line[:64] for line in lines} == {
        name: hashlib.sha256(data).hexdigest()
        for name, data in files(folder).items()
        if name not in ("SHA256SUMS", "catalog.sqlite")
    }
    # An archivist checks it without typeset.
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=folder, capture_output=True, text=True)
    assert check.returncode == 0 and check.stdout.count(": OK") == 4
    assert f"-> {folder / WEEKLY}" in said and "4 archived" in said


def test_article_carries_its_source_config_and_record(archived: tuple[Path, Path, str]) -> None:
    source, folder, _ = archived
    found = attachments(folder / DARI)
    assert found == {
        "2025-06-10-digital-libraries-dari.md": (
            "/Source",
            (source / "2025-06-10-digital-libraries-dari.md").read_bytes(),
        ),
        "publication.yaml": ("/Source", (source / "publication.yaml").read_bytes()),
        "record.json": ("/Data", found["record.json"][1]),
    }
    record = Record.from_json(found["record.json"][1])
    assert (record.kind, record.slug, record.version, record.pdf) == (
        "article",
        "2025-06-10-digital-libraries-dari",
        1,
        DARI,
    )
    assert (record.title, record.author, record.date, record.lang, record.section) == (
        "نقش کتابخانه‌های دیجیتال در حفظ ادبیات دری",
        "فریده نوری",
        "2025-06-10",
        "fa-AF",
        "dari",
    )
    assert record.attachments == {
        name: hashlib.sha256(data).hexdigest() for name, (_, data) in found.items() if name != "record.json"
    }


def test_edition_carries_its_file_every_article_and_the_config(archived: tuple[Path, Path, str]) -> None:
    source, folder, _ = archived
    found = attachments(folder / WEEKLY)
    expected = {
        "editions/weekly.yaml": source / "editions" / "weekly.yaml",
        "publication.yaml": source / "publication.yaml",
        **{path.name: path for path in source.glob("*.md")},
    }
    assert set(found) == {*expected, "record.json"}
    for name, path in expected.items():
        assert found[name] == ("/Source", path.read_bytes()), name
    record = Record.from_json(found["record.json"][1])
    assert record.kind == "edition" and record.pdf == WEEKLY and record.date == "2025-06-14"
    assert record.articles == (
        "2025-06-10-digital-libraries-dari",
        "2025-06-12-pashto-digital-future",
        "2025-06-03-pakistan-diplomatic-reawakening",
    )


@pytest.mark.parametrize(("name", "day"), [(DARI, "2025-06-10"), (WEEKLY, "2025-06-14")])
def test_pdfa_identification_and_dates(archived: tuple[Path, Path, str], name: str, day: str) -> None:
    _, folder, _ = archived
    with pikepdf.open(folder / name) as pdf:
        meta = pdf.open_metadata()
        assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("3", "U")
        assert meta["xmp:CreateDate"].startswith(day) and meta["xmp:ModifyDate"].startswith(day)
        assert meta["xmpMM:DocumentID"].startswith("uuid:") and meta["xmpMM:InstanceID"] != meta["xmpMM:DocumentID"]
        assert str(pdf.docinfo.CreationDate).startswith("D:" + day.replace("-", ""))
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == pikepdf.Name.GTS_PDFA1 and intent.DestOutputProfile.N == 3
        assert str(pdf.Root.Lang) == "fa-AF"
        assert all(int(annotation.F) == 4 for page in pdf.pages for annotation in page.obj.get("/Annots", []))
    assert written_by_typeset(folder / name), "its /ID carries typeset's mark"
    data = (folder / name).read_bytes()
    today = datetime.date.today()
    assert today.strftime("%Y%m%d").encode() not in data and today.isoformat().encode() not in data


def test_archived_article_reads_as_its_build(archived: tuple[Path, Path, str], built: dict[str, Path]) -> None:
    _, folder, _ = archived
    assert text(folder / DARI) == text(built["2025-06-10-digital-libraries-dari"])
    assert text(folder / SEED) == text(built["2025-06-03-pakistan-diplomatic-reawakening"])


def test_same_source_twice_changes_nothing(archived: tuple[Path, Path, str]) -> None:
    source, folder, _ = archived
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}
    code, out, err = archive(source, folder, "--jobs", "1")
    assert code == 0, err
    assert f"unchanged {source / '2025-06-10-digital-libraries-dari.md'} -> {folder / DARI}" in out
    assert "0 archived, 4 unchanged" in out
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()} == before


def test_reproducible_in_another_archive(archived: tuple[Path, Path, str], tmp_path: Path) -> None:
    source, folder, _ = archived
    code, _, err = archive(source / "2025-06-10-digital-libraries-dari.md", tmp_path / "again", "--jobs", "1")
    assert code == 0, err
    assert (tmp_path / "again" / DARI).read_bytes() == (folder / DARI).read_bytes()


def test_changed_source_is_a_second_version_beside_the_first(archived: tuple[Path, Path, str], tmp_path: Path) -> None:
    source, original, _ = archived
    folder = tmp_path / "archive"
    shutil.copytree(original, folder)
    project = tmp_path / "input"
    shutil.copytree(source, project)
    dari = project / "2025-06-10-digital-libraries-dari.md"
    dari.write_text(dari.read_text(encoding="utf-8") + "\nیک بند تازه.\n", encoding="utf-8")
    v1 = (folder / DARI).read_bytes()
    code, out, err = archive(project, folder, "--jobs", "1")
    assert code == 0, err
    v2 = DARI.replace("v1.pdf", "v2.pdf")
    weekly2 = WEEKLY.replace("v1.pdf", "v2.pdf")  # the edition gathers it: its embedded sources changed too
    assert sorted(files(folder)) == sorted(["SHA256SUMS", SEED, DARI, v2, PASHTO, WEEKLY, weekly2, "catalog.sqlite"])
    assert (folder / DARI).read_bytes() == v1
    assert "2 archived, 2 unchanged" in out
    record = Record.from_json(attachments(folder / v2)["record.json"][1])
    assert (record.version, record.pdf) == (2, v2)
    assert "یک بند تازه" in text(folder / v2)
    listed = [line[66:] for line in (folder / "SHA256SUMS").read_text().splitlines()]
    assert listed == sorted([SEED, DARI, v2, PASHTO, WEEKLY, weekly2])


def test_verify_the_sample_archive(archived: tuple[Path, Path, str]) -> None:
    _, folder, _ = archived
    code, out, err = cli("archive", "verify", "--archive", str(folder), "--jobs", "2")
    assert code == 0, err
    assert "4 verified" in out and "error" not in err


def test_archived_articles_are_found_in_the_catalog(archived: tuple[Path, Path, str]) -> None:
    """What `typeset archive` archives, `typeset search` finds: typed with Arabic yeh/kaf and no ZWNJ."""

    _, folder, _ = archived
    result = CliRunner().invoke(main, ["search", "--archive", str(folder), "كتابخانههاي"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert DARI in result.stdout
    before = result.stdout
    again = CliRunner().invoke(main, ["archive", "reindex", "--archive", str(folder)], catch_exceptions=False)
    assert again.exit_code == 0, again.stderr
    result = CliRunner().invoke(main, ["search", "--archive", str(folder), "كتابخانههاي"], catch_exceptions=False)
    assert result.stdout == before  # the catalog remade from the archived files alone gives the same hits
