"""Coverage without exemptions: every character is drawn by the fonts, or a located error,
except the few meant to be invisible (typeset.typography.fonts.INVISIBLE), which the engine never draws."""

from __future__ import annotations

import subprocess
import unicodedata
from pathlib import Path

import pytest
from PIL import Image, ImageChops
from weasyprint import HTML

from tests.conftest import Project
from typeset.jobs.job import prepare
from typeset.model import Fonts
from typeset.resources import FONTS_DIR
from typeset.typography import fonts

pytestmark = pytest.mark.slow  # renders PDFs

HOUSE = Fonts(("Noto Serif",), ("Noto Naskh Arabic",), ("Noto Nastaliq Urdu",), ("Amiri",))

#: The exempt characters, less the runs of variation selectors (their ends stand for them) and the overrides
#: (the reader makes them embeddings).
SAMPLE = sorted(set(fonts.INVISIBLE) - set(range(0xFE01, 0xFE0F)) - set(range(0xE0101, 0xE01EF)) - {0x202D, 0x202E})


@pytest.mark.parametrize(
    ("char", "lang", "chain"),
    [
        ("\u0605", "en", "Noto Serif, Noto Naskh Arabic"),  # ARABIC NUMBER MARK ABOVE: a format character, drawn
        ("\u0605", "fa-AF", "Noto Naskh Arabic, Noto Serif"),
        ("\u08e2", "fa-AF", "Noto Naskh Arabic, Noto Serif"),  # ARABIC DISPUTED END OF AYAH
        ("\u061c", "fa-AF", "Noto Naskh Arabic, Noto Serif"),  # ARABIC LETTER MARK: brings in another font
        ("\U000110bd", "en", "Noto Serif, Noto Naskh Arabic"),  # KAITHI NUMBER SIGN
        ("\ufff9", "en", "Noto Serif, Noto Naskh Arabic"),  # INTERLINEAR ANNOTATION ANCHOR: drawn as a box
        ("\u180e", "en", "Noto Serif, Noto Naskh Arabic"),  # MONGOLIAN VOWEL SEPARATOR: not meant for these texts
        ("\U000e0001", "en", "Noto Serif, Noto Naskh Arabic"),  # LANGUAGE TAG
    ],
)
def test_format_characters_need_a_glyph(project: Project, char: str, lang: str, chain: str) -> None:
    source = project.source("a.md", f"Text{char}more.\n", lang=lang)
    job = prepare(source)
    name = unicodedata.name(char)
    assert [error.format() for error in job.errors] == [
        f"{source}:9:5: error: character '{char}' (U+{ord(char):04X} {name}) is not in the body fonts ({chain})\n"
        "  hint: replace it, or add a font that has it to fonts/ and to the publication's fonts"
    ]


@pytest.mark.parametrize("char", ["\u0600", "\u0601", "\u0602", "\u0603", "\u0604", "\u06dd"])
def test_arabic_signs_the_fonts_have_are_set(project: Project, char: str) -> None:
    """U+0600-0604 and U+06DD are format characters Noto Naskh Arabic draws: they pass, in either direction."""
    for lang in ("fa-AF", "en"):
        assert prepare(project.source("a.md", f"متن {char}۱۲ متن\n", lang=lang)).ok


@pytest.mark.parametrize("codepoint", SAMPLE, ids=lambda cp: f"U+{cp:04X}")
def test_invisible_characters_pass_without_a_glyph(project: Project, codepoint: int) -> None:
    assert prepare(project.source("a.md", f"Text{chr(codepoint)}more.\n")).ok


def test_a_soft_hyphen_is_checked_as_the_hyphen_it_becomes(project: Project) -> None:
    assert prepare(project.source("a.md", "Hyphen\u00adated.\n")).ok
    assert fonts.DRAWN_AS[0xAD] == 0x2010 and 0x2010 in fonts.coverage(FONTS_DIR, ("Noto Serif",))


def picture(folder: Path, text: str, family: str) -> tuple[Image.Image, set[str]]:
    """``text`` on a small page in ``family`` (from fonts/): its pixels, and the fonts the PDF embeds."""
    css = fonts.font_face_css(FONTS_DIR, HOUSE)
    style = f'{css} body {{ font: 20pt "{fonts.FAMILY_PREFIX}{family}" }} @page {{ size: 80mm 20mm; margin: 2mm }}'
    pdf = folder / "probe.pdf"
    HTML(string=f"<style>{style}</style><p>{text}</p>").write_pdf(pdf)
    subprocess.run(["pdftoppm", "-r", "100", "-png", "-singlefile", str(pdf), str(folder / "probe")], check=True)
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    embedded = {line.split()[0].split("+", 1)[-1] for line in listing.splitlines()[2:]}
    with Image.open(folder / "probe.png") as image:
        return image.convert("L"), embedded


def test_the_exempt_characters_are_not_drawn(tmp_path: Path) -> None:
    """Each exempt character between two Latin letters leaves the page as it is without it, and brings in no
    other font (what decided the list). A soft hyphen inside a word that is not broken, too."""
    plain, _ = picture(tmp_path, "ab cd", "Noto Serif")
    drawn = []
    for codepoint in [*SAMPLE, 0xAD]:
        if codepoint == 0x202B:  # RIGHT-TO-LEFT EMBEDDING reorders what follows (as it should): fonts only
            image = plain
            _, embedded = picture(tmp_path, f"ab {chr(codepoint)}cd", "Noto Serif")
        else:
            image, embedded = picture(tmp_path, f"ab {chr(codepoint)}cd", "Noto Serif")
        if ImageChops.difference(plain, image).getbbox() or embedded != {"ts-Noto-Serif"}:
            drawn.append(f"U+{codepoint:04X}")
    assert drawn == []


def test_the_exempt_characters_bring_in_no_font_in_arabic_text(tmp_path: Path) -> None:
    """Between Arabic letters (Noto Naskh Arabic has few of them), still no other font is looked for."""
    other = [
        f"U+{codepoint:04X}"
        for codepoint in SAMPLE
        if picture(tmp_path, f"بب {chr(codepoint)}بب", "Noto Naskh Arabic")[1] != {"ts-Noto-Naskh-Arabic"}
    ]
    assert other == []


@pytest.mark.parametrize("char", ["\u0605", "\u061c"])
def test_format_characters_outside_the_list_are_drawn_or_bring_a_font(tmp_path: Path, char: str) -> None:
    """Why U+0605 is checked: the engine draws it (as a box: no font here has it); why U+061C is: the engine
    finds a font that has it (Noto Nastaliq Urdu, outside the body's chain) and the line moves."""
    plain, _ = picture(tmp_path, "ab cd", "Noto Serif")
    image, embedded = picture(tmp_path, f"ab {char}cd", "Noto Serif")
    assert ImageChops.difference(plain, image).getbbox() is not None
    assert (embedded == {"ts-Noto-Serif", "ts-Noto-Nastaliq-Urdu"}) == (char == "\u061c")
