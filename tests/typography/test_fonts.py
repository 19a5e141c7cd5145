"""Fonts: every glyph from fonts/, every character checked before rendering."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

from typeset import cache
from typeset.errors import ErrorList, Location, TypesetError
from typeset.model import Fonts, Text
from typeset.resources import FONTS_DIR
from typeset.typography.fonts import (
    catalog,
    catalog_key,
    check_coverage,
    coverage,
    described_faces,
    font_files,
)

HOUSE = Fonts(latin=("Noto Serif",), arabic=("Noto Naskh Arabic",), nastaliq=("Noto Nastaliq Urdu",), verse=("Amiri",))
PASHTO_LETTERS = "ټډړښږګڼېۍځڅۀ"


def test_every_font_has_its_licence() -> None:
    licences = {path.name for path in (FONTS_DIR / "licenses").iterdir()}
    assert {"fonts-hosny-amiri.copyright", "fonts-noto-core.copyright", "fonts-noto-extra.copyright"} <= licences
    for path in (FONTS_DIR / "licenses").iterdir():
        assert "SIL OPEN FONT LICENSE" in path.read_text(encoding="utf-8").upper()


def test_catalog_has_the_house_families_with_bold_and_italic() -> None:
    faces = catalog(FONTS_DIR)
    assert {"Noto Serif", "Noto Naskh Arabic", "Noto Nastaliq Urdu", "Amiri"} <= set(faces)
    serif = {(face.weight, face.italic) for face in faces["Noto Serif"]}
    assert serif == {(400, False), (700, False), (400, True), (700, True)}


@pytest.mark.parametrize("role", ["body", "verse"])
def test_pashto_and_dari_letters_are_covered(role: str) -> None:
    covered = coverage(FONTS_DIR, HOUSE.chain(role, "rtl"))
    for char in PASHTO_LETTERS + "پچژگکی" + "\u200c" + "۰۱۲۳۴۵۶۷۸۹" + "«»،؛؟" + "•–—":
        assert ord(char) in covered, f"U+{ord(char):04X}"


def test_uncovered_character_is_located() -> None:
    text = Text("first line\nsecond ☃ line", Location(Path("a.md"), 7, 1))
    with pytest.raises(TypesetError) as error:
        check_coverage(FONTS_DIR, HOUSE, [text])
    assert error.value.format().startswith(
        "a.md:8:8: error: character '☃' (U+2603 SNOWMAN) is not in the body fonts (Noto Serif, Noto Naskh Arabic)"
    )


def test_masthead_is_checked_against_its_own_chain() -> None:
    check_coverage(FONTS_DIR, HOUSE, [Text("افغانستان آزاد – AA", Location(Path("p.yaml"), 1, 1), "masthead")])
    with pytest.raises(ErrorList):
        check_coverage(FONTS_DIR, HOUSE, [Text("☃ ☄", Location(Path("p.yaml"), 1, 1), "masthead")])


def test_a_file_that_is_not_a_font(tmp_path: Path) -> None:
    (tmp_path / "broken.ttf").write_bytes(b"not a font at all")
    with pytest.raises(TypesetError, match="not a usable font file"):
        catalog(tmp_path)


def test_the_catalog_kept_in_the_cache_is_the_one_read_from_the_fonts(tmp_path: Path) -> None:
    for name in ("NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf", "Amiri-Regular.ttf"):
        shutil.copy(FONTS_DIR / name, tmp_path / name)
    described_faces.cache_clear()  # (what the catalog read, kept in this process)
    read = catalog(tmp_path)  # read with fontTools, kept
    described_faces.cache_clear()  # (what the catalog read, kept in this process)
    kept = catalog(tmp_path)
    assert kept == read and set(kept) == {"Noto Serif", "Amiri"}
    assert {(face.path.name, face.weight) for face in kept["Noto Serif"]} == {
        ("NotoSerif-Regular.ttf", 400),
        ("NotoSerif-Bold.ttf", 700),
    }
    (tmp_path / "NotoSerif-Bold.ttf").unlink()  # a font removed: the catalog is read again
    described_faces.cache_clear()  # (what the catalog read, kept in this process)
    assert [face.path.name for face in catalog(tmp_path)["Noto Serif"]] == ["NotoSerif-Regular.ttf"]


def test_a_damaged_catalog_entry_is_read_again(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    shutil.copy(FONTS_DIR / "Amiri-Regular.ttf", tmp_path / "Amiri-Regular.ttf")
    described_faces.cache_clear()  # (what the catalog read, kept in this process)
    read = catalog(tmp_path)
    folder = cache.subdir("faces")
    assert folder is not None
    key = catalog_key(font_files(tmp_path))
    assert key is not None
    entry = folder / key
    body = b'[["Amiri", "400", false]]'  # the wrong shape, under a check that holds
    entry.write_bytes(cache._MAGIC + bytes([cache.FORMAT]) + cache._check("faces", entry.name, body) + body)
    described_faces.cache_clear()  # (what the catalog read, kept in this process)
    with caplog.at_level(logging.WARNING, logger="typeset.cache"):
        assert catalog(tmp_path) == read
    assert "ignored a damaged cache entry" in caplog.text
    described_faces.cache_clear()  # (what the catalog read, kept in this process)
    caplog.clear()
    assert catalog(tmp_path) == read and not caplog.records  # written again
