"""``check`` reads edition files as editions (a file, or an editions/ folder), and says each error once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import DARI_SOURCE, INPUT, cli

EDITION = """\
title: Weekly
number: 24
date: 2025-06-14
language: fa-AF
articles:
  - ../2025-06-10-digital-libraries-dari.md
"""


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project: input/ with the house publication, the Dari article and editions/x.yaml."""
    root = tmp_path / "input"
    (root / "editions").mkdir(parents=True)
    shutil.copy(INPUT / "publication.yaml", root)
    shutil.copy(DARI_SOURCE, root)
    (root / "editions" / "x.yaml").write_text(EDITION, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return root


@pytest.mark.parametrize("given", ["input/editions/x.yaml", "input/editions"])
def test_an_edition_file_or_folder_is_checked_as_an_edition(folder: Path, given: str) -> None:
    assert cli("check", given) == (0, "1 editions ok\n", "")


def test_an_edition_files_error_is_an_editions(folder: Path) -> None:
    (folder / "editions" / "x.yaml").write_text(EDITION.replace("number: 24", "nmber: 24"), encoding="utf-8")
    code, _, err = cli("check", "input/editions/x.yaml")
    assert code == 1
    assert err.splitlines()[:2] == [
        "input/editions/x.yaml:2:1: error: unknown key 'nmber'",
        "  hint: did you mean 'number'?",
    ]
    assert "front matter" not in err


def test_a_folder_is_checked_with_its_editions(folder: Path) -> None:
    code, out, err = cli("check", "input", "-v")
    assert code == 0, err
    assert out.splitlines() == [
        "ok input/2025-06-10-digital-libraries-dari.md",
        "1 ok",
        "ok input/editions/x.yaml",
        "1 editions ok",
    ]


def test_a_publication_error_is_said_once(folder: Path) -> None:
    with (folder / "publication.yaml").open("a", encoding="utf-8") as config:
        config.write("extra: 1\n")
    code, _, err = cli("check")
    assert code == 1
    assert err.count("error: unknown key 'extra' in publication config") == 1, err
    assert err.splitlines()[-2:] == ["0 ok, 1 failed", "0 editions ok, 1 failed"]
