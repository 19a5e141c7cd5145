"""``typeset archive export DEST``: the archive, a date range of it or one edition, as a BagIt bag that
the Library of Congress's ``bagit`` validates (its library and its command line)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import bagit
import pytest

from tests.archive.test_archive import DARI, PASHTO, SEED, WEEKLY, cli
from tests.conftest import INPUT

pytestmark = pytest.mark.slow  # renders PDFs

BAGIT = Path(sys.executable).parent / "bagit.py"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped input/ (a copy) archived: three articles and the weekly edition."""
    root = tmp_path_factory.mktemp("export")
    shutil.copytree(INPUT, root / "input")
    code, _, err = cli("archive", str(root / "input"), "--archive", str(root / "archive"), "--jobs", "2")
    assert code == 0, err
    return root / "archive"


def export(folder: Path, dest: Path, *more: str) -> tuple[int, str, str]:
    return cli("archive", "export", str(dest), "--archive", str(folder), "--jobs", "1", *more)


def payload(dest: Path) -> list[str]:
    return sorted(p.relative_to(dest / "data").as_posix() for p in (dest / "data").rglob("*") if p.is_file())


def test_the_whole_archive_as_a_bag_that_bagit_validates(folder: Path, tmp_path: Path) -> None:
    dest = tmp_path / "deposit"
    code, out, err = export(folder, dest)
    assert code == 0, err
    assert f"exported 4 files (3 of articles, 1 of editions, 2025-06-03 to 2025-06-14) to {dest}/ as a BagIt bag" in out
    bag = bagit.Bag(str(dest))
    bag.validate()  # raises BagValidationError on any problem
    assert bag.is_valid() and sorted(bag.algorithms) == ["sha256", "sha512"]
    check = subprocess.run([sys.executable, str(BAGIT), "--validate", str(dest)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    assert sorted(p.name for p in dest.iterdir()) == [
        "bag-info.txt",
        "bagit.txt",
        "data",
        "manifest-sha256.txt",
        "manifest-sha512.txt",
        "tagmanifest-sha256.txt",
        "tagmanifest-sha512.txt",
    ]
    assert payload(dest) == sorted(["SHA256SUMS", DARI, PASHTO, SEED, WEEKLY])
    for name in (DARI, WEEKLY):
        assert (dest / "data" / name).read_bytes() == (folder / name).read_bytes()
    sums = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=dest / "data", capture_output=True, text=True)
    assert sums.returncode == 0 and sums.stdout.count(": OK") == 4
    info = bag.info
    assert info["Source-Organization"] == "Afghanistan Azad / افغانستان آزاد"
    assert (info["Date-Start"], info["Date-End"], info["Bag-Count"]) == ("2025-06-03", "2025-06-14", "1 of 1")
    assert info["Payload-Oxum"].endswith(".5") and info["Contact-Email"] == "afgazad@gmail.com"
    assert "Bagging-Date" in info and "3 article files and 1 edition file" in info["External-Description"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "no temporary left"


def test_a_date_range(folder: Path, tmp_path: Path) -> None:
    dest = tmp_path / "june"
    code, _, err = export(folder, dest, "--from", "2025-06-10", "--to", "1404-03-22")  # 12 June 2025, Solar Hijri
    assert code == 0, err
    bagit.Bag(str(dest)).validate()
    assert payload(dest) == sorted(["SHA256SUMS", DARI, PASHTO])
    assert bagit.Bag(str(dest)).info["Internal-Sender-Description"] == (
        "typeset archive export --from 2025-06-10 --to 2025-06-12"
    )


def test_one_edition_and_its_articles(folder: Path, tmp_path: Path) -> None:
    code, _, err = export(folder, tmp_path / "weekly", "--edition", "weekly")
    assert code == 0, err
    bagit.Bag(str(tmp_path / "weekly")).validate()
    assert payload(tmp_path / "weekly") == sorted(["SHA256SUMS", DARI, PASHTO, SEED, WEEKLY])
    code, _, err = export(folder, tmp_path / "none", "--edition", "monthly")
    assert code == 1 and "error: no edition 'monthly' in the archive" in err
    assert not (tmp_path / "none").exists()


@pytest.mark.parametrize("case", ["exists", "inside the archive", "tampered", "a link", "bad date"])
def test_what_is_not_exported(folder: Path, tmp_path: Path, case: str) -> None:
    original = folder
    folder = tmp_path / "archive"
    shutil.copytree(original, folder)
    dest = tmp_path / "bag"
    if case == "exists":
        dest.mkdir()
        (dest / "mine.txt").write_text("mine")
    elif case == "inside the archive":
        dest = folder / "bag"
    elif case == "tampered":
        (folder / DARI).chmod(0o644)
        (folder / DARI).write_bytes((folder / DARI).read_bytes() + b"\n")
    elif case == "a link":
        (folder / "articles" / "elsewhere").symlink_to(tmp_path)
    before = sorted(str(p) for p in tmp_path.rglob("*"))
    code, out, err = export(folder, dest, *(["--from", "2025-02-30"] if case == "bad date" else []))
    assert code == (2 if case == "bad date" else 1) and out == ""
    expected = {
        "exists": f"{dest}: error: exists: a bag is written to a new folder, never into one that is there",
        "inside the archive": f"{dest}: error: inside the archive {folder}/: a bag is written elsewhere",
        "tampered": f"{folder / DARI}: error: changed since it was archived: its SHA-256 is not SHA256SUMS's",
        "a link": f"{folder / 'articles' / 'elsewhere'}: error: a symbolic link in the archive",
        "bad date": "invalid date '2025-02-30'",
    }[case]
    assert expected in err and "Traceback" not in err
    assert sorted(str(p) for p in tmp_path.rglob("*")) == before, "nothing written"
