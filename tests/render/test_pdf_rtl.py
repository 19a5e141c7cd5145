"""Right-to-left articles, each check beside its left-to-right twin."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pypdf
import pytest

from tests import pdfread
from tests.conftest import Project

pytestmark = pytest.mark.slow  # renders PDFs

DARI = "2025-06-10-digital-libraries-dari"
PASHTO = "2025-06-12-pashto-digital-future"
ENGLISH = "2025-06-03-pakistan-diplomatic-reawakening"
RIGHT_EDGE = 595.28 - 18 / 25.4 * 72  # A4 minus the house's 18 mm margin
LEFT_EDGE = 18 / 25.4 * 72


def words(pdf: Path, page: int = 0, font: str = "") -> list[dict]:
    with pdfplumber.open(pdf) as document:
        found = document.pages[page].extract_words(extra_attrs=["fontname"])
    return [w for w in found if font in w["fontname"]]


def find(found: list[dict], logical: str) -> dict:
    """A word by its logical spelling (pdfplumber gives Arabic-script words in visual order)."""
    for word in found:
        if word["text"] in (logical, logical[::-1]):
            return word
    raise AssertionError(f"{logical!r} not on the page")


@pytest.mark.parametrize(("slug", "digits"), [(DARI, "۱۲"), (PASHTO, "۱"), (ENGLISH, "123")])
def test_page_numbers_in_the_article_digits(built: dict[str, Path], slug: str, digits: str) -> None:
    count = len(pypdf.PdfReader(built[slug]).pages)
    assert [pdfread.page_number(built[slug], page) for page in range(count)] == list(digits)


def test_rtl_body_lines_start_at_the_right(built: dict[str, Path]) -> None:
    lines = pdfread.lines_in_font(built[DARI], "ts-Noto-Naskh-Arabic")
    body = [line for line in lines if len(line) > 60]
    assert len(body) > 5
    for line in body:
        assert abs(max(c["x1"] for c in line) - RIGHT_EDGE) < 2
    first_line = next(line for line in body if any(c["text"] == "،" for c in line))
    on_line = [w for w in words(built[DARI], font="Naskh-Arabic") if abs(w["bottom"] - first_line[0]["bottom"]) < 3]
    rightmost = max(on_line, key=lambda w: w["x1"])
    assert rightmost["text"] == "رد", "the paragraph's first word «در» is at the right"


def test_ltr_twin_body_lines_start_at_the_left(built: dict[str, Path]) -> None:
    lines = pdfread.lines_in_font(built[ENGLISH], "ts-Noto-Serif")
    lines = [line for line in lines if all(c["fontname"].endswith("+ts-Noto-Serif") for c in line)]
    body = [line for line in lines if len(line) > 60]
    assert len(body) > 8
    for line in body:
        assert abs(min(c["x0"] for c in line) - LEFT_EDGE) < 2


def test_english_run_inside_dari_keeps_its_order(built: dict[str, Path]) -> None:
    found = words(built[DARI])
    ocr, optical, recognition = find(found, "OCR"), find(found, "(Optical"), find(found, "Recognition)")
    assert ocr["x0"] < optical["x0"] < recognition["x0"], "the English run reads left to right"
    before, after = find(found, "فناوری"), find(found, "چاپی")
    assert before["x0"] > recognition["x1"], "the Dari word before the run stands to its right"
    assert after["x1"] < ocr["x0"] or after["top"] > ocr["top"], "the Dari word after it stands to its left"


def test_dari_name_inside_english_keeps_its_order(project: Project) -> None:
    path = project.source("mixed.md", "I met احمد شاه 3 times in Kabul.\n")
    assert project.run("build", str(path), "-o", str(project.root / "out"))[0] == 0
    found = words(project.root / "out" / "mixed.pdf")
    met, ahmad, shah, three = find(found, "met"), find(found, "احمد"), find(found, "شاه"), find(found, "3")
    assert met["x1"] < shah["x0"] < ahmad["x0"] < three["x0"], "English order outside, Dari order inside"


def test_ltr_paragraph_in_rtl_article_gets_its_own_direction(project: Project) -> None:
    path = project.source(
        "mixed.md",
        "این یک پاراگراف دری است که به راست چیده می‌شود و ادامه دارد تا دو سطر شود یا بیشتر از آن.\n\n"
        "This English paragraph stays left to right inside a Dari article.\n",
        lang="fa-AF",
    )
    assert project.run("build", str(path), "-o", str(project.root / "out"))[0] == 0
    english = find(words(project.root / "out" / "mixed.pdf"), "This")
    assert english["x0"] == pytest.approx(LEFT_EDGE, abs=2)


def test_running_header_mirrors(built: dict[str, Path]) -> None:
    for slug, name_on_the_right, (first, last) in (
        (DARI, True, ("افغانستان", "آزاد")),  # the name in the article's script (config name: {en, fa})
        (ENGLISH, False, ("Afghanistan", "Azad")),
    ):
        found = words(built[slug], page=1)
        top = min(w["top"] for w in found)
        header = [w for w in found if w["top"] - top < 3]
        name = find(header, first if name_on_the_right else last)  # its word at the outer edge
        spellings = {first, last, first[::-1], last[::-1]}
        others = [w for w in header if w["text"] not in spellings]
        assert others, "the article title is in the header"
        if name_on_the_right:
            assert name["x1"] == pytest.approx(RIGHT_EDGE, abs=2)
            assert all(w["x1"] < name["x0"] for w in others)
        else:
            assert name["x1"] < min(w["x0"] for w in others)


def test_rtl_metadata_and_reading_direction(built: dict[str, Path]) -> None:
    root = pypdf.PdfReader(built[DARI]).trailer["/Root"]
    assert root["/Lang"] == "fa-AF"
    assert root["/ViewerPreferences"]["/Direction"] == "/R2L"
    assert "/ViewerPreferences" not in pypdf.PdfReader(built[ENGLISH]).trailer["/Root"]
    info = pypdf.PdfReader(built[DARI]).metadata
    assert info.title == "نقش کتابخانه‌های دیجیتال در حفظ ادبیات دری"
    assert info.author == "فریده نوری"


def test_verse_in_the_body_pairs_into_beyts(built: dict[str, Path]) -> None:
    lines = pdfread.lines_in_font(built[PASHTO], pdfread.VERSE_FACES)[2:]  # after the verse header
    assert len(lines) == 2
    beyts = [
        ("ګلونه کره چې سیمه دې ګلزار شي", "اغزي مه کره په پښو کې به دې خلېږي"),
        ("د افغان په ننګ مې وتړله توره", "ننګیالی د زمانې خوشحال خټک یم"),
    ]
    widths = []
    for line, (first, second) in zip(lines, beyts, strict=True):
        left, right = pdfread.split_at_widest_gap(line)
        assert right.letters == pdfread.letters(first)
        assert left.letters == pdfread.letters(second)
        widths += [left.width, right.width]
    assert max(widths) - min(widths) < 0.02 * max(widths), "one width for every hemistich of the poem"


def test_lone_last_hemistich_is_centred(project: Project) -> None:
    path = project.source("poem.md", "::: verse\nیک\nدو\n\nسه مصراع تنها\n:::\n", lang="fa-AF")
    assert project.run("build", str(path), "-o", str(project.root / "out"))[0] == 0
    with pdfplumber.open(project.root / "out" / "poem.pdf") as document:
        page = document.pages[0]
        lone = pdfread.lines_in_font(project.root / "out" / "poem.pdf", "ts-Amiri")[-1]
        centre = (min(c["x0"] for c in lone) + max(c["x1"] for c in lone)) / 2
        assert centre == pytest.approx(page.width / 2, abs=2)


@pytest.mark.parametrize(
    ("slug", "author", "date", "author_on_the_right"),
    [
        (DARI, "نوری", "۱۴۰۴", True),  # ۲۰ جوزا ۱۴۰۴
        (ENGLISH, "Bataut", "03.06.2025", False),
    ],
)
def test_byline_author_at_the_start_date_at_the_end(
    built: dict[str, Path], slug: str, author: str, date: str, author_on_the_right: bool
) -> None:
    found = words(built[slug])
    author_word, date_word = find(found, author), find(found, date)
    assert abs(author_word["bottom"] - date_word["bottom"]) < 3, "one line"
    inside = (
        max(author_word["x1"], date_word["x1"]) < RIGHT_EDGE + 1
        and min(author_word["x0"], date_word["x0"]) > LEFT_EDGE - 1
    )
    assert inside, "within the text column"
    assert (author_word["x0"] > date_word["x1"]) == author_on_the_right
