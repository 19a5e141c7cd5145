"""Issue 24 (part B): Persian punctuation and letters, mixed runs, Quranic signs, Latin hyphenation,
the edition's pages; each read from the built PDF (its text, its glyphs' fonts and positions)."""

from __future__ import annotations

import re

import pdfplumber

from tests.conftest import Project
from tests.pdfread import normalize, text
from typeset.jobs.batch import build
from typeset.typography.punctuation import Tally, persian_text

DARI = 'آيا اين كتاب را خوانده‌ايد? كتابخانه, آرشيف; هر سه "ميراث" ما هستند. نشانی info@example.org و `a, b?` می‌ماند.\n'


def _chars(pdf: object) -> list[dict]:
    with pdfplumber.open(pdf) as document:
        return [char for page in document.pages for char in page.chars]


def test_dari_punctuation_and_letters_are_set_persian_and_counted(project: Project) -> None:
    project.source("a.md", DARI, lang="fa-AF")
    [job] = build([project.root / "a.md"], project.root / "out")
    assert job.ok, [e.format() for e in job.errors]
    said = [w.message for w in job.warnings]
    assert all(str(w).startswith(f"{project.root / 'a.md'}:9: note: ") for w in job.warnings), job.warnings
    assert said == [
        "1 ASCII comma set as ، (punctuation: as-written keeps them)",
        "1 ASCII semicolon set as ؛ (punctuation: as-written keeps them)",
        "1 ASCII question mark set as ؟ (punctuation: as-written keeps them)",
        "2 straight quotes set as « » (punctuation: as-written keeps them)",
        "5 Arabic yehs set as ی (punctuation: as-written keeps them)",
        "2 Arabic kafs set as ک (punctuation: as-written keeps them)",
    ]
    body = normalize(text(job.output))
    assert "آیا این کتاب را خوانده‌اید؟".replace("\u200c", "") in body
    assert "کتابخانه ،آرشیف؛ هر سه «میراث» ما هستند" in body  # pdftotext's spacing of the comma
    # The code span and the address keep their marks.
    assert "info@example.org" in body and "?a, b" in body  # the code span as pdftotext orders it
    assert not {"ي", "ك", "?"} & set(body.replace("?a, b", ""))


def test_as_written_keeps_the_punctuation(project: Project) -> None:
    front = "title: آزمایش\nauthor: آزماینده\ndate: 2025-06-03\nlang: fa-AF\nsection: dari\npunctuation: as-written\n"
    project.source("a.md", DARI, front=front)
    [job] = build([project.root / "a.md"], project.root / "out")
    assert job.ok and not job.warnings, job.warnings
    body = normalize(text(job.output))
    assert "كتابخانه" in body and "آرشيف;" in body and '"ميراث"' in body


def test_a_bad_punctuation_setting_is_an_error_at_its_line(project: Project) -> None:
    front = "title: آزمایش\nauthor: آزماینده\ndate: 2025-06-03\nlang: fa-AF\nsection: dari\npunctuation: latin\n"
    project.source("a.md", DARI, front=front)
    [job] = build([project.root / "a.md"], project.root / "out")
    assert [e.format().split("\n")[0] for e in job.errors] == [
        f"{project.root / 'a.md'}:7:14: error: punctuation 'latin' is not one of native, as-written"
    ]


def test_pashto_keeps_its_yeh_and_numbers_keep_their_comma() -> None:
    tally = Tally()
    assert persian_text("دا كتاب دي, 1,200 ټوکه", "ps", tally, 3) == "دا کتاب دي، 1,200 ټوکه"
    assert tally.counts == {"ك": 1, ",": 1}


def test_a_quranic_quotation_keeps_its_arabic_letters() -> None:
    tally = Tally()
    quoted = "﴿الْحَمْدُ لِلَّهِ رَبِّ الْعَالَمِينَ﴾"
    assert persian_text(f"آيه {quoted} است", "fa-AF", tally, 1) == f"آیه {quoted} است"


def test_a_number_range_after_a_persian_name_keeps_its_order_in_english(project: Project) -> None:
    body = "The poet Khushal Khan Khattak (خوشحال خان خټک, 1613–1689) wrote.\n"
    project.source("a.md", body)
    [job] = build([project.root / "a.md"], project.root / "out")
    assert job.ok and not job.warnings, job.warnings
    line = next(row for row in _rows(job.output) if "1613" in row or "1689" in row)
    assert "1613–1689)" in line, line  # left to right as the eye reads it: the range in its order


def _rows(pdf: object) -> list[str]:
    rows: dict[int, list[dict]] = {}
    for char in _chars(pdf):
        rows.setdefault(round(char["top"]), []).append(char)
    return ["".join(c["text"] for c in sorted(row, key=lambda c: c["x0"])) for _, row in sorted(rows.items())]


def test_the_ayah_sign_holds_its_number_in_the_verse_face(project: Project) -> None:
    project.source("a.md", "پایان آیه ۝۱۲ و ﴿الحمد﴾ است.\n", lang="fa-AF")
    [job] = build([project.root / "a.md"], project.root / "out")
    assert job.ok and not job.warnings, job.warnings
    chars = _chars(job.output)
    sign = next(c for c in chars if c["text"] == "\u06dd")
    digits = [c for c in chars if c["text"] in "۱۲" and abs(c["top"] - sign["top"]) < 20]
    assert "Amiri" in sign["fontname"] and all("Amiri" in c["fontname"] for c in digits)
    # The number is drawn inside the sign, not beside it.
    for digit in digits:
        assert sign["x0"] <= (digit["x0"] + digit["x1"]) / 2 <= sign["x1"], (digit, sign)
    brackets = [c for c in chars if c["text"] in "\ufd3e\ufd3f"]
    assert len(brackets) == 2 and all("Amiri" in c["fontname"] for c in brackets)


WORDS = ["internationalization", "telecommunications", "uncharacteristically", "misunderstanding"]


def test_latin_words_in_dari_lines_are_not_hyphenated(project: Project) -> None:
    body = " ".join(f"پژوهشگران واژهٔ {word} را در متن دری" for word in WORDS * 6) + ".\n"
    project.source("a.md", body, lang="fa-AF")
    [job] = build([project.root / "a.md"], project.root / "out")
    assert job.ok and not job.warnings, job.warnings
    assert "\u2010" not in "".join(c["text"] for c in _chars(job.output))


def test_english_is_hyphenated_american_with_three_letters_each_side(project: Project) -> None:
    """Without ``hyphenate-limit-chars: 6 3 3`` the engine sets ``Is-lamabad's``, ``re-ality`` and ``nega-tively``
    here, and ``ev-ery`` (its default keeps two letters each side, in words of 5)."""
    words = ["negatively", "Islamabad's", "reality", "every", "ability", "Italy"]
    body = " ".join(f"{w} {'x' * (i % 7 + 1)} {w} yyyy" for i, w in enumerate(words * 12)) + ".\n"
    project.source("a.md", body)
    [job] = build([project.root / "a.md"], project.root / "out")
    assert job.ok and 'lang="en-US"' in (job.html or "")
    with pdfplumber.open(job.output) as document:
        shown = "\n".join(page.extract_text() for page in document.pages)
    breaks = re.findall(r"(\S+)\u2010\n(\S+)", shown)
    assert breaks, "nothing was hyphenated"
    for before, after in breaks:
        assert len(before) >= 3 and len(after.rstrip(".")) >= 3, (before, after)
        assert before + after.rstrip(".") in words


def test_an_address_is_never_hyphenated(project: Project) -> None:
    body = "Write to " + " or ".join(f"info{n}@internationalization-example.org" for n in range(30)) + ".\n"
    project.source("a.md", body)
    [job] = build([project.root / "a.md"], project.root / "out")
    assert "\u2010" not in "".join(c["text"] for c in _chars(job.output))


def test_no_heading_ends_on_one_word(project: Project) -> None:
    """Headings of 9 to 20 words (some of which the engine would end on one word): each last line holds
    two words at least, and the PDF's text and bookmarks keep plain spaces."""
    words = [
        "the",
        "collected",
        "works",
        "of",
        "Khushal",
        "Khan",
        "Khattak",
        "poet",
        "warrior",
        "and",
        "chief",
        "of",
        "his",
        "tribe",
        "in",
        "Akora",
    ]
    headings = [" ".join((words * 2)[:n]) for n in range(9, 21)]
    project.source("a.md", "".join(f"## {heading}\n\nText.\n\n" for heading in headings))
    [job] = build([project.root / "a.md"], project.root / "out")
    assert job.ok and not job.warnings, job.warnings
    rows: dict[tuple[int, int], list[dict]] = {}
    with pdfplumber.open(job.output) as document:
        for number, page in enumerate(document.pages):
            for char in page.chars:
                if round(char["size"]) == 13:  # h2 (templates/style.css)
                    rows.setdefault((number, round(char["top"])), []).append(char)
    lines = ["".join(c["text"] for c in sorted(row, key=lambda c: c["x0"])).split() for _, row in sorted(rows.items())]
    assert len(lines) > len(headings)  # some headings take two lines
    assert all(len(line) >= 2 for line in lines), [" ".join(line) for line in lines if len(line) < 2]
    assert "\xa0" not in "".join(c["text"] for row in rows.values() for c in row)
