"""Fonts: every glyph from fonts/, every character checked before rendering."""

from __future__ import annotations

from pathlib import Path

import pytest

from typeset.errors import ErrorList, Location, TypesetError
from typeset.model import Fonts, Text
from typeset.resources import FONTS_DIR
from typeset.typography.fonts import catalog, check_coverage, coverage

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
