"""Structures of the body (tables, lists, footnotes, figures, block quotes, page
numbers) mirrored in right-to-left articles, each beside its left-to-right twin.

Every check reads the built PDF: glyph positions, and the rectangles and lines
WeasyPrint draws for rules and borders.
"""

from __future__ import annotations

import shutil
from collections import defaultdict
from pathlib import Path

import pdfplumber
import pypdf
import pytest

from tests.conftest import ROOT, Project

pytestmark = pytest.mark.slow  # renders PDFs

LEFT_EDGE = 18 / 25.4 * 72  # the house's 18 mm margin
RIGHT_EDGE = 595.28 - LEFT_EDGE  # A4
COLUMN = RIGHT_EDGE - LEFT_EDGE
DOT = ROOT / "tests" / "data" / "dot.png"
DIGITS = "۰۱۲۳۴۵۶۷۸۹0123456789"


def build(project: Project, body: str, lang: str) -> Path:
    path = project.source("article.md", body, lang=lang)
    code, _, err = project.run("build", str(path), "-o", str(project.root / "out"))
    assert code == 0, err
    return project.root / "out" / "article.pdf"


def page_of(pdf: Path, page: int = 0) -> dict:
    """Words, glyphs, rectangles, lines and images of one page (0-based)."""
    with pdfplumber.open(pdf) as document:
        sheet = document.pages[page]
        return {
            "words": sheet.extract_words(),
            "chars": list(sheet.chars),
            "rects": list(sheet.rects),
            "lines": list(sheet.lines),
            "images": list(sheet.images),
            "height": sheet.height,
            "width": sheet.width,
        }


def find(found: list[dict], logical: str) -> dict:
    """A word by its logical spelling (pdfplumber gives Arabic-script words in visual order)."""
    for word in found:
        if word["text"] in (logical, logical[::-1]):
            return word
    raise AssertionError(f"{logical!r} not on the page: {[w['text'] for w in found]}")


def on_line(items: list[dict], anchor: dict) -> list[dict]:
    """The words or glyphs on the line of ``anchor``."""
    return [item for item in items if abs(item["bottom"] - anchor["bottom"]) < 3]


def text_lines(chars: list[dict]) -> list[list[dict]]:
    """Glyphs grouped into lines, top to bottom, each sorted left to right (spaces left out)."""
    lines: list[list[dict]] = []
    for char in sorted((c for c in chars if c["text"].strip()), key=lambda c: c["bottom"]):
        if lines and char["bottom"] - lines[-1][-1]["bottom"] < 3:
            lines[-1].append(char)
        else:
            lines.append([char])
    return [sorted(line, key=lambda c: c["x0"]) for line in lines]


def border_strips(rects: list[dict]) -> list[dict]:
    """The side borders WeasyPrint draws: a box and the box less its border, filled
    even-odd, as two rectangles of one height. Each strip: x0, x1, top, bottom."""
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for rect in rects:
        groups[(round(rect["top"], 2), round(rect["bottom"], 2), rect["non_stroking_color"])].append(rect)
    strips = []
    for (top, bottom, _), pair in groups.items():
        if len(pair) != 2:
            continue
        outer, inner = sorted(pair, key=lambda r: r["x0"] - r["x1"])  # the wider first
        if abs(outer["x0"] - inner["x0"]) < 0.01 and inner["x1"] < outer["x1"]:
            strips.append({"x0": inner["x1"], "x1": outer["x1"], "top": top, "bottom": bottom})
        elif abs(outer["x1"] - inner["x1"]) < 0.01 and inner["x0"] > outer["x0"]:
            strips.append({"x0": outer["x0"], "x1": inner["x0"], "top": top, "bottom": bottom})
    return strips


def strip_beside(strips: list[dict], word: dict) -> dict:
    """The border strip beside ``word`` (its height spans the word's middle)."""
    middle = (word["top"] + word["bottom"]) / 2
    found = [s for s in strips if s["top"] < middle < s["bottom"]]
    assert len(found) == 1, (word["text"], strips)
    return found[0]


# --- tables ------------------------------------------------------------------------

DARI_TABLE = """\
| سیب | انار | انگور |
| --- | --- | --- |
| کابل | هرات | بلخ |
| کتابخانه بزرگ | قلم | دفتر |
"""
ENGLISH_TABLE = """\
| apple | pear | grape |
| --- | --- | --- |
| Kabul | Herat | Balkh |
| library building | pen | notebook |
"""


def test_rtl_table_first_column_on_the_right(project: Project) -> None:
    page = page_of(build(project, DARI_TABLE, "fa-AF"))
    found = page["words"]
    for row in (("سیب", "انار", "انگور"), ("کابل", "هرات", "بلخ"), ("کتابخانه", "قلم", "دفتر")):
        cells = [find(found, word) for word in row]
        assert cells[0]["x0"] > cells[1]["x1"] and cells[1]["x0"] > cells[2]["x1"], f"{row}: first cell at the right"
    first_column = [find(found, word) for word in ("سیب", "کابل", "کتابخانه")]
    assert max(w["x1"] for w in first_column) - min(w["x1"] for w in first_column) < 1, "cells start at the right"
    second_column = [find(found, word) for word in ("انار", "هرات", "قلم")]
    assert max(w["x1"] for w in second_column) - min(w["x1"] for w in second_column) < 1
    assert find(found, "بزرگ")["x1"] < find(found, "کتابخانه")["x0"], "a cell's words read right to left"
    rules = [line for line in page["lines"] if line["top"] > first_column[0]["top"] - 30]
    assert rules, "the rows' rules are drawn"
    assert max(r["x1"] for r in rules) == pytest.approx(RIGHT_EDGE, abs=1), "the table stands at the right"
    assert min(r["x0"] for r in rules) > LEFT_EDGE + COLUMN / 3, "a narrow table does not fill the column"


def test_ltr_table_first_column_on_the_left(project: Project) -> None:
    page = page_of(build(project, ENGLISH_TABLE, "en"))
    found = page["words"]
    for row in (("apple", "pear", "grape"), ("Kabul", "Herat", "Balkh"), ("library", "pen", "notebook")):
        cells = [find(found, word) for word in row]
        assert cells[0]["x1"] < cells[1]["x0"] and cells[1]["x1"] < cells[2]["x0"], f"{row}: first cell at the left"
    first_column = [find(found, word) for word in ("apple", "Kabul", "library")]
    assert max(w["x0"] for w in first_column) - min(w["x0"] for w in first_column) < 1, "cells start at the left"
    second_column = [find(found, word) for word in ("pear", "Herat", "pen")]
    assert max(w["x0"] for w in second_column) - min(w["x0"] for w in second_column) < 1
    assert find(found, "library")["x1"] < find(found, "building")["x0"]
    rules = [line for line in page["lines"] if line["top"] > first_column[0]["top"] - 30]
    assert rules, "the rows' rules are drawn"
    assert min(r["x0"] for r in rules) == pytest.approx(LEFT_EDGE, abs=1), "the table stands at the left"
    assert max(r["x1"] for r in rules) < RIGHT_EDGE - COLUMN / 3


# --- lists -------------------------------------------------------------------------

DARI_LISTS = """\
- سیب سرخ
- انار شیرین
  - انگور سبز
  - توت سفید
- بادام تلخ

1. کابل بزرگ
2. هرات باستانی
3. بلخ کهن
"""
ENGLISH_LISTS = """\
- red apple
- sweet pomegranate
  - green grape
  - white mulberry
- bitter almond

1. great Kabul
2. ancient Herat
3. old Balkh
"""


def _marker(chars: list[dict], word: dict, marks: str) -> list[dict]:
    found = [c for c in on_line(chars, word) if c["text"] and c["text"] in marks]
    assert found, f"no marker on the line of {word['text']!r}"
    return found


def test_rtl_list_markers_on_the_right_nested_lists_indent_from_the_right(project: Project) -> None:
    page = page_of(build(project, DARI_LISTS, "fa-AF"))
    found, chars = page["words"], page["chars"]
    outer = [find(found, word) for word in ("سیب", "انار", "بادام")]
    nested = [find(found, word) for word in ("انگور", "توت")]
    for item in outer:
        (bullet,) = _marker(chars, item, "•")
        assert bullet["x0"] > max(w["x1"] for w in on_line(found, item) if w["text"] != "•"), "bullet at the right"
    for item in nested:
        (bullet,) = _marker(chars, item, "◦")
        assert bullet["x0"] > item["x1"]
        assert bullet["x1"] < min(b["x0"] for b in _marker(chars, outer[0], "•")), "the nested bullet stands inside"
        assert item["x1"] < outer[0]["x1"] - 10, "a nested list is indented from the right"
    for digit, word in zip("۱۲۳", ("کابل", "هرات", "بلخ"), strict=True):
        item = find(found, word)
        digits = _marker(chars, item, DIGITS)
        assert [c["text"] for c in digits] == [digit], "numbered in Persian digits"
        assert digits[0]["x0"] > item["x1"], "the number at the right of its item"


def test_ltr_list_markers_on_the_left_nested_lists_indent_from_the_left(project: Project) -> None:
    page = page_of(build(project, ENGLISH_LISTS, "en"))
    found, chars = page["words"], page["chars"]
    outer = [find(found, word) for word in ("red", "sweet", "bitter")]
    nested = [find(found, word) for word in ("green", "white")]
    for item in outer:
        (bullet,) = _marker(chars, item, "•")
        assert bullet["x1"] < item["x0"], "bullet at the left"
    for item in nested:
        (bullet,) = _marker(chars, item, "◦")
        assert bullet["x1"] < item["x0"]
        assert bullet["x0"] > max(b["x1"] for b in _marker(chars, outer[0], "•")), "the nested bullet stands inside"
        assert item["x0"] > outer[0]["x0"] + 10, "a nested list is indented from the left"
    for digit, word in zip("123", ("great", "ancient", "old"), strict=True):
        item = find(found, word)
        digits = _marker(chars, item, DIGITS)
        assert [c["text"] for c in digits] == [digit]
        assert digits[0]["x1"] < item["x0"], "the number at the left of its item"


# --- footnotes ---------------------------------------------------------------------

DARI_NOTES = """\
کتابخانه‌های دیجیتال میراث فرهنگی را نگه می‌دارند.[^1]

نسخه‌های خطی هرات در آرشیف کابل نگهداری می‌شوند.[^2]

[^1]: نخستین پانویس در پای صفحه.
[^2]: دومین پانویس که درازتر است و در پای همان صفحه می‌آید.
"""
ENGLISH_NOTES = """\
Digital libraries keep the cultural heritage.[^1]

The manuscripts of Herat are kept in the archive of Kabul.[^2]

[^1]: The first footnote at the foot of the page.
[^2]: The second footnote, which is longer, at the foot of the same page.
"""


def _footnote_area(page: dict) -> tuple[dict, list[list[dict]]]:
    """The separator rule and the lines of the notes below it (the page number left out)."""
    rules = [r for r in page["rects"] if r["bottom"] - r["top"] < 1 and r["top"] > page["height"] / 2]
    assert len(rules) == 1, rules
    (rule,) = rules
    below = [c for c in page["chars"] if rule["bottom"] < c["top"] < page["height"] - 45]
    return rule, text_lines(below)


def test_rtl_footnotes_short_rule_on_the_right_notes_start_at_the_right(project: Project) -> None:
    pdf = build(project, DARI_NOTES, "fa-AF")
    assert len(pypdf.PdfReader(pdf).pages) == 1, "each note on the page of its call"
    page = page_of(pdf)
    rule, notes = _footnote_area(page)
    assert rule["x1"] == pytest.approx(RIGHT_EDGE, abs=1), "the rule stands on the right"
    assert 0.25 * COLUMN < rule["x1"] - rule["x0"] < 0.4 * COLUMN, "a short rule, about a third of the column"
    assert len(notes) == 2
    for line, number in zip(notes, "۱۲", strict=True):
        assert max(c["x1"] for c in line) == pytest.approx(RIGHT_EDGE, abs=1), "a note starts at the right"
        assert min(c["x0"] for c in line) > LEFT_EDGE + COLUMN / 3
        assert line[-1]["text"] == number, "its number in Persian digits, at its right"
    calls = [c for c in page["chars"] if c["text"] in DIGITS and c["text"] and c["top"] < rule["top"] and c["size"] < 9]
    assert [c["text"] for c in sorted(calls, key=lambda c: c["top"])] == ["۱", "۲"], "calls in Persian digits"


def test_ltr_footnotes_short_rule_on_the_left_notes_start_at_the_left(project: Project) -> None:
    pdf = build(project, ENGLISH_NOTES, "en")
    assert len(pypdf.PdfReader(pdf).pages) == 1, "each note on the page of its call"
    page = page_of(pdf)
    rule, notes = _footnote_area(page)
    assert rule["x0"] == pytest.approx(LEFT_EDGE, abs=1), "the rule stands on the left"
    assert 0.25 * COLUMN < rule["x1"] - rule["x0"] < 0.4 * COLUMN
    assert len(notes) == 2
    for line, number in zip(notes, "12", strict=True):
        assert min(c["x0"] for c in line) == pytest.approx(LEFT_EDGE, abs=1), "a note starts at the left"
        assert max(c["x1"] for c in line) < RIGHT_EDGE - COLUMN / 4
        assert line[0]["text"] == number
    calls = [c for c in page["chars"] if c["text"] in DIGITS and c["text"] and c["top"] < rule["top"] and c["size"] < 9]
    assert [c["text"] for c in sorted(calls, key=lambda c: c["top"])] == ["1", "2"]


def test_a_page_full_of_footnotes_keeps_each_on_the_page_of_its_call(project: Project) -> None:
    """WeasyPrint 70 pushed every footnote to the next page when the footnote area's
    spacing did not add up exactly (8pt + 0.5pt + 3pt); style.css keeps it exact."""
    paragraphs = [f"Paragraph {n} of several lines, with its own note.[^{n}]\n" for n in range(1, 9)]
    notes = [f"[^{n}]: Note {n}, set at the foot of the page where it is called.\n" for n in range(1, 9)]
    pdf = build(project, "\n".join(paragraphs + notes), "en")
    assert len(pypdf.PdfReader(pdf).pages) == 1
    _, lines = _footnote_area(page_of(pdf))
    assert len(lines) == 8


# --- figures -----------------------------------------------------------------------

DARI_CAPTION = (
    "نخستین واژه این عنوان بلند است که باید در چند سطر شکسته شود تا ترتیب سطرها و تراز آنها "
    "برای جهت راست به چپ آزموده شود و باز هم ادامه دارد تا سطر دوم پر شود و در پایان آن واژه پسین"
)
ENGLISH_CAPTION = (
    "First words of a long caption that breaks over several lines, so that the order of its "
    "lines and their alignment can be checked in a left to right article, ending with its last"
)


def _captions(project: Project, short: str, long: str, lang: str) -> tuple[dict, list[list[dict]], list[list[dict]]]:
    """(the page, the short caption's lines, the long caption's lines)."""
    shutil.copy(DOT, project.root / "dot.png")
    page = page_of(build(project, f'![a](dot.png "{short}")\n\n![b](dot.png "{long}")\n', lang))
    first, second = sorted(page["images"], key=lambda i: i["top"])
    small = [c for c in page["chars"] if c["size"] < 10 and c["top"] < page["height"] - 45]
    between = text_lines([c for c in small if first["bottom"] < c["top"] < second["top"]])
    after = text_lines([c for c in small if c["top"] > second["bottom"]])
    page["image"] = first
    return page, between, after


def test_rtl_figure_caption_centred_long_caption_lines_start_at_the_right(project: Project) -> None:
    page, short, long = _captions(project, "عنوان کوتاه", DARI_CAPTION, "fa-AF")
    image = page["image"]
    assert (image["x0"] + image["x1"]) / 2 == pytest.approx(page["width"] / 2, abs=1)
    assert len(short) == 1
    centre = (short[0][0]["x0"] + short[0][-1]["x1"]) / 2
    assert centre == pytest.approx(page["width"] / 2, abs=1), "a one-line caption is centred under its image"
    assert len(long) >= 2
    for line in long:
        assert line[-1]["x1"] == pytest.approx(RIGHT_EDGE, abs=1), "each line of a long caption starts at the right"
    assert long[-1][0]["x0"] > long[0][0]["x0"] + 20, "its last line is short and ragged on the left"
    found = page["words"]
    first, last = find(found, "نخستین"), find(found, "پسین")
    assert abs(first["bottom"] - long[0][0]["bottom"]) < 3, "the caption's first word is on its first line"
    assert first["x1"] == pytest.approx(RIGHT_EDGE, abs=1), "... at the right"
    assert abs(last["bottom"] - long[-1][0]["bottom"]) < 3, "its last word is on its last line"
    assert last["x0"] == pytest.approx(long[-1][0]["x0"], abs=1), "... at the left end"


def test_ltr_figure_caption_centred_long_caption_lines_start_at_the_left(project: Project) -> None:
    page, short, long = _captions(project, "A short caption", ENGLISH_CAPTION, "en")
    assert len(short) == 1
    centre = (short[0][0]["x0"] + short[0][-1]["x1"]) / 2
    assert centre == pytest.approx(page["width"] / 2, abs=1)
    assert len(long) >= 2
    for line in long:
        assert line[0]["x0"] == pytest.approx(LEFT_EDGE, abs=1), "each line of a long caption starts at the left"
    assert long[-1][-1]["x1"] < long[0][-1]["x1"] - 20, "its last line is short and ragged on the right"
    found = page["words"]
    first, last = find(found, "First"), find(found, "last")
    assert abs(first["bottom"] - long[0][0]["bottom"]) < 3 and first["x0"] == pytest.approx(LEFT_EDGE, abs=1)
    assert abs(last["bottom"] - long[-1][0]["bottom"]) < 3
    assert last["x1"] == pytest.approx(long[-1][-1]["x1"], abs=1)


# --- block quotes ------------------------------------------------------------------

DARI_QUOTE = "این نقل قول دری است که خط آن در سمت راست می‌ایستد."
ENGLISH_QUOTE = "This English quotation runs left to right, its rule at the left."


def test_rtl_block_quote_rule_on_the_right_an_ltr_quote_keeps_its_own(project: Project) -> None:
    page = page_of(build(project, f"> {DARI_QUOTE}\n\n> {ENGLISH_QUOTE}\n", "fa-AF"))
    strips = border_strips(page["rects"])
    dari = find(page["words"], "نقل")
    rule = strip_beside(strips, dari)
    assert rule["x1"] == pytest.approx(RIGHT_EDGE, abs=1) and rule["x1"] - rule["x0"] < 3, "the rule on the right"
    text = on_line(page["words"], dari)
    assert max(w["x1"] for w in text) < rule["x0"] - 6, "the quote's text stands inside its rule"
    english = find(page["words"], "English")
    rule = strip_beside(strips, english)
    assert rule["x0"] == pytest.approx(LEFT_EDGE, abs=1) and rule["x1"] - rule["x0"] < 3, "its own rule on the left"
    assert find(page["words"], "This")["x0"] > rule["x1"] + 6


def test_ltr_block_quote_rule_on_the_left_an_rtl_quote_keeps_its_own(project: Project) -> None:
    page = page_of(build(project, f"> {ENGLISH_QUOTE}\n\n> {DARI_QUOTE}\n", "en"))
    strips = border_strips(page["rects"])
    english = find(page["words"], "English")
    rule = strip_beside(strips, english)
    assert rule["x0"] == pytest.approx(LEFT_EDGE, abs=1) and rule["x1"] - rule["x0"] < 3, "the rule on the left"
    assert find(page["words"], "This")["x0"] > rule["x1"] + 6
    dari = find(page["words"], "نقل")
    rule = strip_beside(strips, dari)
    assert rule["x1"] == pytest.approx(RIGHT_EDGE, abs=1) and rule["x1"] - rule["x0"] < 3, "its own rule on the right"
    assert max(w["x1"] for w in on_line(page["words"], dari)) < rule["x0"] - 6


# --- margin boxes ------------------------------------------------------------------


@pytest.mark.parametrize("slug", ["2025-06-10-digital-libraries-dari", "2025-06-03-pakistan-diplomatic-reawakening"])
def test_page_number_centred_on_every_page(built: dict[str, Path], slug: str) -> None:
    """The running header's mirroring is checked in test_pdf_rtl.py; the page number is centred."""
    with pdfplumber.open(built[slug]) as document:
        assert len(document.pages) >= 2
        for sheet in document.pages:
            number = [c for c in sheet.chars if c["top"] > sheet.height - 45]
            assert number, "a page number"
            centre = (min(c["x0"] for c in number) + max(c["x1"] for c in number)) / 2
            assert centre == pytest.approx(sheet.width / 2, abs=1)
