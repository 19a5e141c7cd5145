"""Digits are drawn in their language's shapes (issue 18, item 1), read from the PDF's fonts, not its text.

Noto Naskh Arabic draws ۴ ۶ ۷ (U+06F4, U+06F6, U+06F7) in a Persian shape and in an Urdu one (its
``uni06F4.locl``, ``uni0666``, ``uni06F7.locl``). For each digit a PDF draws, the embedded font's outline
of that glyph is compared with the shipped font's two forms: a Dari, Pashto or Persian page shows the
Persian shape in every face (body, bold headings, the date, folios), an Urdu page the Urdu one.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pikepdf
import pytest
from fontTools.ttLib import TTFont

from tests import pdfread
from tests.conftest import ROOT

pytestmark = pytest.mark.slow  # renders PDFs

DIGITS = {"۴": ("uni06F4", "uni06F4.locl"), "۶": ("uni06F6", "uni0666"), "۷": ("uni06F7", "uni06F7.locl")}
FACES = {"Noto-Naskh-Arabic": "NotoNaskhArabic-Regular.ttf", "Noto-Naskh-Arabic-Bold": "NotoNaskhArabic-Bold.ttf"}


def outline(font: TTFont, name: str) -> tuple:
    glyph = font["glyf"][name]
    coordinates, ends, flags = glyph.getCoordinates(font["glyf"])
    return tuple(coordinates), tuple(ends), tuple(f & 1 for f in flags)


def shapes(face: str) -> dict[tuple, str]:
    """Outline → 'persian' or 'urdu', for the shipped font's forms of the three digits."""
    font = TTFont(ROOT / "fonts" / FACES[face])
    return {
        outline(font, form): kind
        for persian, urdu in DIGITS.values()
        for form, kind in ((persian, "persian"), (urdu, "urdu"))
    }


def drawn_digits(pdf: Path) -> dict[tuple[str, str], set[str]]:
    """(face, digit) → the shapes ('persian', 'urdu') the PDF's Naskh fonts draw for it."""
    found: dict[tuple[str, str], set[str]] = {}
    with pikepdf.open(pdf) as doc:
        for font in pdfread.type0_fonts(doc):
            face = str(font.BaseFont).partition("+")[2].removeprefix("ts-")
            if face not in FACES:
                continue
            cmap = font.ToUnicode.read_bytes().decode("latin-1")
            program = TTFont(io.BytesIO(font.DescendantFonts[0].FontDescriptor.FontFile2.read_bytes()))
            order = program.getGlyphOrder()
            known = shapes(face)
            for gid, text in re.findall(r"<([0-9a-fA-F]{4})>\s*<([0-9a-fA-F]+)>", cmap):
                char = bytes.fromhex(text).decode("utf-16-be")
                if char in DIGITS:
                    kind = known.get(outline(program, order[int(gid, 16)]), "other")
                    found.setdefault((face, char), set()).add(kind)
    return found


BODY = """\
# فصل ۴۶۷

سال ۱۴۰۴ و ۲۷ جوزا، ۶۷ صفحه و 476 نسخه.

**۴۶۷ نسخهٔ چاپی**

| شماره | تعداد |
| --- | --- |
| ۴ | ۶۷ |
"""


@pytest.mark.parametrize(
    ("lang", "section", "expected"),
    [("fa-AF", "dari", "persian"), ("ps", "pashto", "persian"), ("fa", "dari", "persian"), ("ur", "dari", "urdu")],
)
def test_digits_are_drawn_in_the_languages_shapes(project, lang: str, section: str, expected: str) -> None:
    source = project.source(
        "digits.md",
        BODY,
        front=f"title: شماره ۴۶۷\nauthor: نویسنده\ndate: 2025-06-17\nlang: {lang}\nsection: {section}\n",
    )
    code, _, err = project.run("build", str(source), "-o", str(project.root / "out"))
    assert code == 0, err
    drawn = drawn_digits(project.root / "out" / "digits.pdf")
    faces = {face for face, _ in drawn}
    assert faces == set(FACES), f"the body and bold faces both set digits: {faces}"
    assert {char for _, char in drawn} == set(DIGITS)
    assert all(kinds == {expected} for kinds in drawn.values()), drawn


def test_the_shipped_dari_and_pashto_pages_draw_persian_digits(built: dict[str, Path]) -> None:
    for slug in ("2025-06-10-digital-libraries-dari", "2025-06-12-pashto-digital-future"):
        drawn = drawn_digits(built[slug])
        assert drawn, slug
        assert all(kinds == {"persian"} for kinds in drawn.values()), (slug, drawn)
