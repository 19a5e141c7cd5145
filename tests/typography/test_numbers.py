"""Numbers, Latin tokens and units of digits as a Dari or Pashto reader reads them (issue 12).

The PDF tests read each line's glyphs left to right (pdfplumber) — what the eye
sees — and check the order a reader expects: a Latin token or a unit of digits
reads left to right as typed, a right-to-left sentence around it from the right.
Each right-to-left case has an English twin.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from babel.numbers import get_decimal_symbol, get_group_symbol, get_minus_sign_symbol

from tests import pdfread
from tests.conftest import Project
from typeset.jobs.job import prepare
from typeset.model import Fonts
from typeset.resources import FONTS_DIR
from typeset.typography import fonts
from typeset.typography.localize import localize_numbers, number_signs, running_text

pytestmark = pytest.mark.slow  # renders PDFs

HOUSE = Fonts(("Noto Serif",), ("Noto Naskh Arabic",), ("Noto Nastaliq Urdu",), ("Amiri",))
LRM, RLM = "\u200e", "\u200f"

DARI = """\
شبکهٔ 5G در کابل و چاپ 3D و دههٔ 1990s.

جمعیت 1,200,000 نفر و رشد 3.5 درصد.

سهم 25% است.

دما -5 درجه و شب −7 درجه بود.

روزنامهٔ "Kabul Times" newspaper چاپ شد.

هواپیمای (JF-17) new خرید.

خبرهای «BBC» news امروز.

او گفت Where are you? و رفت.

شماره +93 700 123 456 است.

شابک 978-3-16-148410-0 است.

تاریخ 2025-06-10 و 1404/03/20 ساعت 14:30 است.

نشانی https://example.org/2025-06-10 و a1@example.org و `v1.2.3` است.
"""

PASHTO = """\
د 5G شبکه په کابل کې.

نفوس 1,200,000 او وده 3.5 سلنه.

برخه 25% ده.

تودوخه -5 درجې وه.

د (JF-17) new الوتکه.

شمېره +93 700 123 456 ده.

نېټه 2025-06-10 ده.
"""

ENGLISH = """\
The 5G network and 3D printing of the 1990s.

A population of 1,200,000 and growth of 3.5 percent.

A share of 25% and -5 degrees.

The (JF-17) new aircraft.

Call +93 700 123 456 now.

On 2025-06-10 at 14:30.
"""

PASHTO_FRONT = "title: ازموینه\nauthor: لیکوال\ndate: 2025-06-03\nlang: ps\nsection: pashto\n"


def build(project: Project, name: str, body: str, lang: str = "en", front: str | None = None) -> Path:
    path = project.source(f"{name}.md", body, lang=lang, front=front)
    code, _, err = project.run("build", str(path), "-o", str(project.root / "out"))
    assert code == 0, err
    return project.root / "out" / f"{name}.pdf"


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    project = Project(tmp_path_factory.mktemp("numbers"))
    as_written = "title: t\nauthor: a\ndate: 2025-06-03\nlang: fa-AF\nsection: dari\ndigits: as-written\n"
    return {
        "fa-AF": build(project, "dari", DARI, "fa-AF"),
        "ps": build(project, "pashto", PASHTO, front=PASHTO_FRONT),
        "en": build(project, "english", ENGLISH),
        "as-written": build(project, "written", DARI, front=as_written),
    }


def visual_lines(pdf: Path) -> list[list[dict]]:
    """Each line of page 1, its glyphs left to right (Latin and Arabic glyphs of a line sit at different
    heights: a line is told by its middle)."""
    with pdfplumber.open(pdf) as document:
        chars = document.pages[0].chars
    lines: list[list[dict]] = []
    for char in sorted(chars, key=lambda c: (c["top"] + c["bottom"]) / 2):
        middle = (char["top"] + char["bottom"]) / 2
        if lines and abs(middle - (lines[-1][-1]["top"] + lines[-1][-1]["bottom"]) / 2) < 6:
            lines[-1].append(char)
        else:
            lines.append([char])
    return [sorted(line, key=lambda c: c["x0"]) for line in lines]


def seen(pdf: Path) -> list[str]:
    """What the eye sees on each line, left to right."""
    return ["".join(c["text"] for c in line) for line in visual_lines(pdf)]


def line_with(pdf: Path, part: str) -> str:
    found = [line for line in seen(pdf) if part in line]
    assert found, f"{part!r} is not seen on any line: {seen(pdf)}"
    return found[0]


# --- the source's own units, left to right ---------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fa-AF", "ps", "en"])
def test_a_token_that_starts_with_a_digit_keeps_its_digit_on_its_left(pdfs: dict[str, Path], lang: str) -> None:
    line = line_with(pdfs[lang], "G")
    assert "5G" in line, "the 5 stands left of its G, in its own ASCII digit"
    assert "G5" not in line and "G۵" not in line and "۵G" not in line
    if lang != "ps":
        assert "3D" in line and "1990s" in line


@pytest.mark.parametrize("lang", ["fa-AF", "ps", "en"])
def test_a_telephone_number_reads_left_to_right(pdfs: dict[str, Path], lang: str) -> None:
    digits = {"en": "+93 700 123 456"}.get(lang, "+۹۳ ۷۰۰ ۱۲۳ ۴۵۶")
    assert digits in line_with(pdfs[lang], digits[-3:]), "its groups in the order they were typed"


@pytest.mark.parametrize("lang", ["fa-AF", "ps", "en"])
def test_an_iso_date_keeps_its_groups_in_order(pdfs: dict[str, Path], lang: str) -> None:
    date = {"en": "2025-06-10"}.get(lang, "۲۰۲۵-۰۶-۱۰")
    assert date in line_with(pdfs[lang], date[4:8])


def test_dari_dates_isbn_and_times_read_left_to_right(pdfs: dict[str, Path]) -> None:
    assert "۱۴۰۴/۰۳/۲۰" in line_with(pdfs["fa-AF"], "/۰۳/")
    assert "۱۴:۳۰" in line_with(pdfs["fa-AF"], ":")
    assert "۹۷۸-۳-۱۶-۱۴۸۴۱۰-۰" in line_with(pdfs["fa-AF"], "۹۷۸"), "an ISBN in the article's digits, in order"


@pytest.mark.parametrize("lang", ["fa-AF", "ps", "en"])
def test_brackets_stand_around_their_phrase(pdfs: dict[str, Path], lang: str) -> None:
    assert "(JF-17) new" in line_with(pdfs[lang], "JF-17")


def test_quotes_stand_around_their_phrase_and_a_sentence_keeps_its_question_mark(pdfs: dict[str, Path]) -> None:
    pdf = pdfs["fa-AF"]
    assert '"Kabul Times" newspaper' in line_with(pdf, "Kabul")
    assert "«BBC» news" in line_with(pdf, "BBC")
    line = line_with(pdf, "Where")
    assert "Where are you?" in line and "?Where" not in line


def test_the_dari_sentence_still_reads_from_the_right(pdfs: dict[str, Path]) -> None:
    line = visual_lines(pdfs["fa-AF"])
    words = next(chars for chars in line if "JF-17" in "".join(c["text"] for c in chars))
    latin = [c for c in words if c["text"] in "JF-17"]
    persian = [c for c in words if "\u0600" <= c["text"] <= "\u06ff"]
    assert min(c["x0"] for c in persian) < min(c["x0"] for c in latin) < max(c["x1"] for c in persian)


# --- numbers in the language's signs ---------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fa-AF", "ps"])
def test_groups_and_decimals_in_persian_separators(pdfs: dict[str, Path], lang: str) -> None:
    assert "۱٬۲۰۰٬۰۰۰" in line_with(pdfs[lang], "۱٬"), "٬ between the groups, read left to right"
    assert "۳٫۵" in line_with(pdfs[lang], "۳٫"), "٫ as the decimal separator"
    text = pdfread.text(pdfs[lang])
    assert "۱٬۲۰۰٬۰۰۰" in text and "۳٫۵" in text and "۱,۲۰۰" not in text and "۳.۵" not in text


def test_english_numbers_keep_their_signs(pdfs: dict[str, Path]) -> None:
    line = line_with(pdfs["en"], "1,200,000")
    assert "1,200,000" in line and "3.5" in line
    assert "25%" in line_with(pdfs["en"], "25%") and "-5" in line_with(pdfs["en"], "-5")


@pytest.mark.parametrize("lang", ["fa-AF", "ps"])
def test_the_percent_sign_comes_after_the_number_in_reading_order(pdfs: dict[str, Path], lang: str) -> None:
    chars = next(line for line in visual_lines(pdfs[lang]) if any(c["text"] == "٪" for c in line))
    percent = next(c for c in chars if c["text"] == "٪")
    two, five = (next(c for c in chars if c["text"] == digit) for digit in "۲۵")
    assert percent["x1"] <= two["x0"] < five["x0"], "right to left: ۲۵ then ٪, to its left"
    assert not any(c["text"] == "%" for c in chars), "the Arabic percent sign, not the Latin one"


@pytest.mark.parametrize(("lang", "minus", "degrees"), [("fa-AF", "\u2212", "درجه"), ("ps", "-", "درجې")])
def test_the_minus_stands_left_of_its_number(pdfs: dict[str, Path], lang: str, minus: str, degrees: str) -> None:
    """CLDR writes the minus after a left-to-right mark: the number reads −۵ as in mathematics."""
    line = line_with(pdfs[lang], degrees[::-1])  # a right-to-left word is seen with its last letter left
    assert f"{minus}۵" in line and f"۵{minus}" not in line, "the minus on the number's left, beside it"
    if lang == "fa-AF":
        assert "\u2212۷" in line_with(pdfs[lang], "\u2212۷"), "a typed U+2212 too"


def test_a_typed_minus_sign_is_drawn_from_the_fonts(pdfs: dict[str, Path], project: Project) -> None:
    assert prepare(project.source("m.md", "A temperature of \u22125 degrees.\n")).ok
    with pdfplumber.open(pdfs["fa-AF"]) as document:
        minus = [c["fontname"] for c in document.pages[0].chars if c["text"] == "\u2212"]
    assert minus and all(name.endswith("ts-Signs") for name in minus), minus


def test_digits_in_addresses_and_code_are_kept(pdfs: dict[str, Path]) -> None:
    text = pdfread.text(pdfs["fa-AF"])
    assert "https://example.org/2025-06-10" in text
    assert "a1@example.org" in text and "v1.2.3" in text


def test_as_written_keeps_every_digit_and_sign_yet_keeps_the_order(pdfs: dict[str, Path]) -> None:
    pdf = pdfs["as-written"]
    assert "1,200,000" in line_with(pdf, "1,200,000") and "3.5" in line_with(pdf, "3.5")
    assert "%25" in line_with(pdf, "%"), "the Latin percent sign, as typed (after the number, read from the right)"
    lines = seen(pdf)
    body = "".join(lines[lines.index("t") + 1 : -1])  # after the title, before the page number
    assert not any("۰" <= char <= "۹" for char in body), "no digit made Persian"
    assert "+93 700 123 456" in line_with(pdf, "456")
    assert "2025-06-10" in line_with(pdf, "2025-")
    assert "5G" in line_with(pdf, "G")


# --- the mechanism, at the cheaper depth -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("1,200,000", "fa-AF", "۱٬۲۰۰٬۰۰۰"),
        ("1,200.75", "fa-AF", "۱٬۲۰۰٫۷۵"),
        ("3.5", "ps", "۳٫۵"),
        ("25%", "fa-AF", "۲۵\u200f٪"),  # a mark keeps the sign on the left in a table cell too (issue 24)
        ("5‰", "fa-AF", "۵\u200f؉"),
        ("-5", "fa-AF", f"{LRM}\u2212۵"),
        ("\u22125", "fa", f"{LRM}\u2212۵"),
        ("-5", "ps", f"{LRM}-{LRM}۵"),
        ("-5", "ar", f"{RLM}-٥"),  # CLDR's ARABIC LETTER MARK as a RIGHT-TO-LEFT MARK (the fonts lack U+061C)
        ("25%", "ar", f"٢٥٪{RLM}"),
        ("5-10", "fa-AF", "۵-۱۰"),  # a range: two numbers, read right to left
        ("1,2", "fa-AF", "۱,۲"),  # which is meant cannot be told: as typed
        ("1990", "fa-AF", "۱۹۹۰"),
    ],
)
def test_localize_numbers(text: str, lang: str, expected: str) -> None:
    assert localize_numbers(text, lang) == expected


@pytest.mark.parametrize(("lang", "locale"), [("fa", "fa"), ("fa-AF", "fa_AF"), ("ps", "ps")])
def test_the_signs_are_cldrs(lang: str, locale: str) -> None:
    signs = number_signs(lang)
    assert signs is not None
    assert signs.decimal == get_decimal_symbol(locale, numbering_system="arabext") == "٫"
    assert signs.group == get_group_symbol(locale, numbering_system="arabext") == "٬"
    assert signs.minus == get_minus_sign_symbol(locale, numbering_system="arabext")
    assert (signs.percent, signs.per_mille) == ("٪", "؉")


@pytest.mark.parametrize("lang", ["fa", "fa-AF", "ps", "ur", "ar"])
def test_every_sign_produced_is_in_the_fonts(lang: str) -> None:
    signs = number_signs(lang)
    assert signs is not None
    produced = "".join((signs.decimal, signs.group, signs.percent, signs.per_mille, signs.minus, signs.plus))
    covered = fonts.coverage(FONTS_DIR, HOUSE.chain("body", "rtl"))
    missing = [f"U+{ord(c):04X}" for c in produced if ord(c) not in covered and ord(c) not in fonts.INVISIBLE]
    assert missing == []
    assert 0x2212 in fonts.coverage(FONTS_DIR, HOUSE.chain("body", "ltr"))


def test_running_text_with_digits_as_written_changes_no_character() -> None:
    text = "جمعیت 1,200,000 و 25% و -5 و +93 700 123 456 و 5G"
    assert "".join(c for c in running_text(text, "rtl", None) if c not in "\u2066\u2069") == text
