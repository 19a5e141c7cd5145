"""Mixed direction without markup, and the digits of right-to-left articles: what the reader sees."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from tests import pdfread
from tests.conftest import Project

pytestmark = pytest.mark.slow  # renders PDFs

# One paragraph per case, each a Dari sentence carrying a run of the other direction.
ARTICLE = """\
نرم‌افزار Microsoft Word در دفترها به کار می‌رود.

نشانی سایت https://example.org/a1 است.

به info@example.org نامه بنویسید.

این دستگاه 600 dpi را پشتیبانی می‌کند.

فناوری OCR (Optical Character Recognition) را ببینید.

Microsoft یک شرکت بزرگ آمریکایی است که در سال 1975 تأسیس شد و هواپیمای JF-17 را نمی‌سازد.

او گفت: «کتاب را بخوان»؛ آیا خواندی؟
"""


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = Project(tmp_path_factory.mktemp("mixed"))
    path = project.source("mixed.md", ARTICLE, lang="fa-AF")
    code, _, err = project.run("build", str(path), "-o", str(project.root / "out"))
    assert code == 0, err
    return project.root / "out" / "mixed.pdf"


def line_words(pdf: Path, containing: str) -> list[dict]:
    """The words (visual order, left to right) of the line holding ``containing``.

    pdfplumber gives Arabic-script words in visual order (reversed); a line's
    Latin and Arabic glyphs sit at different heights, so lines are matched by
    their middle.
    """
    with pdfplumber.open(pdf) as document:
        words = document.pages[0].extract_words(keep_blank_chars=False)
    anchor = next(w for w in words if containing in (w["text"], w["text"][::-1]))
    middle = (anchor["top"] + anchor["bottom"]) / 2
    return sorted((w for w in words if abs((w["top"] + w["bottom"]) / 2 - middle) < 5), key=lambda w: w["x0"])


def x_of(words: list[dict], text: str) -> float:
    return next(w["x0"] for w in words if text in (w["text"], w["text"][::-1]))


def squash(text: str) -> str:
    return "".join(pdfread.normalize(text).split())


def test_english_words_keep_their_order_inside_dari(mixed: Path) -> None:
    words = line_words(mixed, "Word")
    assert x_of(words, "Microsoft") < x_of(words, "Word"), "the English run reads left to right"
    assert x_of(words, "دفترها") < x_of(words, "Microsoft"), "the Dari words after it stand to its left"
    assert words[-1]["text"] not in ("Microsoft", "Word"), "a Dari word opens the line at the right"


def test_url_and_email_stay_whole_and_latin(mixed: Path) -> None:
    text = pdfread.text(mixed)
    assert "https://example.org/a1" in text  # its digit stays ASCII
    assert "info@example.org" in text


def test_number_with_a_latin_unit_reads_number_first(mixed: Path) -> None:
    words = line_words(mixed, "dpi")
    number = next(w for w in words if w["text"] == "۶۰۰")
    assert number["x0"] > x_of(words, "dpi"), "right to left: the number, then its unit"


def test_parenthesised_latin_phrase_keeps_its_order_and_brackets(mixed: Path) -> None:
    words = line_words(mixed, "OCR")
    optical, recognition = x_of(words, "(Optical"), x_of(words, "Recognition)")
    assert x_of(words, "OCR") < optical < recognition


def test_paragraph_opening_with_latin_stays_rtl(mixed: Path) -> None:
    first = line_words(mixed, "شرکت")
    assert max(first, key=lambda w: w["x1"])["text"] == "Microsoft", "the first word stands at the right"


def test_digits_native_outside_latin_runs(mixed: Path) -> None:
    text = pdfread.text(mixed)
    assert "۱۹۷۵" in text and "1975" not in text
    assert "JF-17" in text
    assert "۶۰۰" in text


def test_punctuation_of_a_dari_sentence(mixed: Path) -> None:
    words = line_words(mixed, "گفت:")
    leftmost, rightmost = words[0]["text"], words[-1]["text"]
    assert rightmost == "وا", "the sentence starts at the right (او)"
    assert leftmost.startswith("؟"), "the question mark ends it, at the left"
    quoted = [w["text"] for w in words if "»" in w["text"] or "«" in w["text"]]
    assert len(quoted) == 2, "the quotation marks stand at both ends of the quote"


def test_as_written_digits_keep_the_authors(project: Project) -> None:
    path = project.source(
        "a.md",
        "در سال 1975 و ۱۹۷۶.\n",
        front="title: t\nauthor: a\ndate: 2025-06-03\nlang: fa-AF\nsection: dari\ndigits: as-written\n",
    )
    assert project.run("build", str(path), "-o", str(project.root / "out"))[0] == 0
    text = pdfread.text(project.root / "out" / "a.pdf")
    assert "1975" in text and "۱۹۷۶" in text


def test_latin_articles_keep_ascii_digits(built: dict[str, Path]) -> None:
    text = pdfread.text(built["2025-06-03-pakistan-diplomatic-reawakening"])
    assert "JF-17" in text and "03.06.2025" in text
    assert not any("۰" <= c <= "۹" for c in text.split("www.afgazad.com")[1])


def test_pashto_digits_and_letters_survive(built: dict[str, Path]) -> None:
    text = pdfread.text(built["2025-06-12-pashto-digital-future"])
    assert "۱۵۰" in text and "۲۰۲۳" in text
    for letter in "ټډړښږګڼېۍځڅ":
        assert letter in text, letter
    assert "ي" in text and "ی" in text  # Pashto ي and ی are distinct letters: nothing is normalised


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        ("date_style: gregorian\n", "۳ جون ۲۰۲۵"),
        ("date_style: house\n", "۰۳.۰۶.۲۰۲۵"),
        ("", "۱۳ جوزا ۱۴۰۴"),
    ],
)
def test_date_style_from_front_matter(project: Project, front: str, expected: str) -> None:
    path = project.source("a.md", front="title: t\nauthor: a\ndate: 2025-06-03\nlang: fa-AF\nsection: dari\n" + front)
    assert project.run("build", str(path), "-o", str(project.root / "out"))[0] == 0
    assert squash(expected) in squash(pdfread.text(project.root / "out" / "a.pdf"))


def test_date_style_from_the_publication(project: Project) -> None:
    config = project.root / "publication.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + "typography:\n  date_style: {fa-AF: gregorian, en: long}\n",
        encoding="utf-8",
    )
    dari = project.source("d.md", lang="fa-AF")
    english = project.source("e.md")
    assert project.run("build", str(dari), str(english), "-o", str(project.root / "out"))[0] == 0
    assert squash("۳ جون ۲۰۲۵") in squash(pdfread.text(project.root / "out" / "d.pdf"))
    assert "3 June 2025" in pdfread.text(project.root / "out" / "e.pdf")


def test_bad_typography_options_are_located(project: Project) -> None:
    config = project.root / "publication.yaml"
    lines = config.read_text(encoding="utf-8").count("\n")
    config.write_text(
        config.read_text(encoding="utf-8")
        + "typography:\n  kashida: maybe\n  digits: roman\n  date_style: {en: solar-hijri}\n",
        encoding="utf-8",
    )
    path = project.source(
        "a.md",
        front="title: t\nauthor: a\ndate: 2025-06-03\nlang: en\nsection: european-languages\ndate_style: lunar\n",
    )
    code, _, err = project.run("check", str(path))
    assert code == 1
    assert f"{config}:{lines + 2}:12: error: typography.kashida must be true or false" in err
    assert f"{config}:{lines + 3}:11: error: typography.digits 'roman' is not one of native, as-written" in err
    assert f"{config}:{lines + 4}:20: error: typography.date_style: solar-hijri dates are not written in 'en'" in err


def test_latin_is_hyphenated_and_arabic_script_never(built: dict[str, Path]) -> None:
    english = pdfread.text(built["2025-06-03-pakistan-diplomatic-reawakening"])
    assert "\u2010\n" in english, "English words break at line ends with a hyphen"
    for slug in ("2025-06-10-digital-libraries-dari", "2025-06-12-pashto-digital-future"):
        assert "\u2010" not in pdfread.text(built[slug])
