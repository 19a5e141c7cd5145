"""Every footnote printed, on the page (typeset.source.notes): counted in the PDF's text, in order,
with its number, and every glyph of every page inside the page's content box.

WeasyPrint 70 stacked the notes a page could not hold above the next page's top edge,
and took over a minute for 500 notes from one line: the notes of such a paragraph are
set as endnotes, with a warning naming its line.
"""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest

from tests.conftest import Project
from tests.pdfread import content_text, letters, normalize, text
from typeset.jobs.batch import build
from typeset.source import notes

pytestmark = pytest.mark.slow  # renders PDFs

MM = 72 / 25.4
TOP, SIDE, BOTTOM = 18 * MM, 18 * MM, 20 * MM  # the house's page margins
#: A glyph's box runs from its font's ascent to its descent: in a right-to-left note (line-height 1.4 on
#: Noto Naskh's tall strut) a Latin glyph's box hangs up to 1.3 pt below the line box, its ink does not.
SLACK = 2
FILLER = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor "
BODY_LINE = 9  # the body's first line in a source written by Project.source (after the front matter)


def build_article(project: Project, body: str, lang: str = "en") -> tuple[Path, list[str]]:
    """(the PDF, the build's warnings)."""
    source = project.source("article.md", body, lang=lang)
    (job,) = build([source], project.root / "out")
    assert job.ok, [e.format() for e in job.errors]
    assert job.output is not None
    return job.output, [str(warning) for warning in job.warnings]


def assert_inside_content_box(pdf: Path, title: str = "A Test", digits: str = "0123456789") -> None:
    """Every glyph inside the page less its margins; in the margins only the running head
    (pages 2…) and the page number."""
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, start=1):
            outside = [
                c
                for c in page.chars
                if c["text"].strip()
                and not (
                    c["x0"] >= SIDE - 0.5
                    and c["x1"] <= page.width - SIDE + 0.5
                    and c["top"] >= TOP - SLACK
                    and c["bottom"] <= page.height - BOTTOM + SLACK
                )
            ]
            head = "Afghanistan Azad" + title if number > 1 else ""
            folio = str(number).translate(str.maketrans("0123456789", digits))
            assert letters("".join(c["text"] for c in outside)) == letters(head + folio), (
                f"page {number}: glyphs outside the content box"
            )


def numbered_notes(pdf: Path, pattern: str) -> list[tuple[int, int]]:
    """(printed number, note's own index) of every note the PDF shows, in reading order."""
    return [(int(n), int(k)) for n, k in re.findall(pattern, normalize(text(pdf)))]


def long_notes(count: int) -> str:
    calls = "".join(f"[^{n}]" for n in range(1, count + 1))
    notes = "\n".join(f"[^{n}]: Note{n}start {(FILLER * 13)[:1000]} Note{n}end" for n in range(1, count + 1))
    return f"One line calls many notes.{calls}\n\nThe next paragraph.\n\n{notes}\n"


def test_sixty_long_notes_from_one_line_are_endnotes_every_one_printed_once(project: Project) -> None:
    pdf, warnings = build_article(project, long_notes(60))
    assert warnings == [
        f"{project.root / 'article.md'}:{BODY_LINE}: warning: the 60 notes this paragraph calls "
        "(about 720 lines) do not fit at the foot of a page: they are set as endnotes"
    ]
    found = numbered_notes(pdf, r"(\d+)\. Note(\d+)start")
    assert found == [(n, n) for n in range(1, 61)], "each note once, in order, with its number"
    body = normalize(text(pdf))
    assert [body.count(f"Note{n}end") for n in range(1, 61)] == [1] * 60
    assert body.index("The next paragraph.") < body.index("Notes") < body.index("Note1start")
    assert_inside_content_box(pdf)


def test_notes_a_page_cannot_hold_flow_on_in_order_inside_the_pages(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """style.css's @footnote max-height, the engine's only check that carried-over notes fit: when
    an estimate falls short, the notes flow on page after page (WeasyPrint 70 drew notes 5-52 of
    these above the top edge of page 2)."""
    monkeypatch.setattr(notes, "PARAGRAPH_LINES", 10**9)
    pdf, warnings = build_article(project, long_notes(60))
    assert warnings == []
    assert numbered_notes(pdf, r"(\d+)\. Note(\d+)start") == [(n, n) for n in range(1, 61)]
    body = normalize(text(pdf))
    assert [body.count(f"Note{n}end") for n in range(1, 61)] == [1] * 60
    assert "Notes" not in body
    assert_inside_content_box(pdf)


def test_five_hundred_one_letter_notes_from_one_line(project: Project) -> None:
    calls = "".join(f"[^{n}]" for n in range(1, 501))
    notes = "\n".join(f"[^{n}]: x" for n in range(1, 501))
    pdf, warnings = build_article(project, f"One line calls 500 notes.{calls}\n\n{notes}\n")
    assert len(warnings) == 1 and "the 500 notes this paragraph calls" in warnings[0]
    printed = [int(n) for n in re.findall(r"^(\d+)\. x$", content_text(pdf), re.MULTILINE)]
    assert printed == list(range(1, 501))
    assert_inside_content_box(pdf)


def _calls_and_notes(pdf: Path) -> list[tuple[list[int], list[int]]]:
    """Per page: the numbers called in the running text (small glyphs above the footnote rule)
    and the numbers of the notes set below it."""
    pages = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            rules = [r for r in page.rects if r["bottom"] - r["top"] < 1 and r["top"] > page.height / 3]
            rule_top = min((r["top"] for r in rules), default=page.height)
            small = sorted(
                (c for c in page.chars if c["size"] < 8 and c["top"] < rule_top and c["text"].isdigit()),
                key=lambda c: (round(c["bottom"]), c["x0"]),
            )
            calls: list[str] = []
            for previous, char in zip([None, *small], small, strict=False):
                joined = previous is not None and abs(char["x0"] - previous["x1"]) < 0.5
                calls[-1:] = [calls[-1] + char["text"]] if joined else [*calls[-1:], char["text"]]
            notes = [int(n) for n in re.findall(r"(\d+)\. Note\d+start", normalize(page.extract_text()))]
            pages.append(([int(c) for c in calls], notes))
    return pages


def test_thirty_notes_over_paragraphs_each_on_the_page_of_its_call(project: Project) -> None:
    paragraphs = "\n\n".join(f"Paragraph {n} {FILLER * 3}with a note.[^{n}]" for n in range(1, 31))
    notes = "\n".join(f"[^{n}]: Note{n}start {FILLER * 2}Note{n}end" for n in range(1, 31))
    pdf, warnings = build_article(project, f"{paragraphs}\n\n{notes}\n")
    assert warnings == []
    assert numbered_notes(pdf, r"(\d+)\. Note(\d+)start") == [(n, n) for n in range(1, 31)]
    pages = _calls_and_notes(pdf)
    assert len(pages) > 2
    for number, (calls, notes) in enumerate(pages, start=1):
        assert calls == notes, f"page {number}: calls {calls}, notes {notes}"
    assert [n for _, notes in pages for n in notes] == list(range(1, 31))
    assert_inside_content_box(pdf)


NESTED = """\
First call.[^a] Second call.[^c]

Again the first.[^a]

[^a]: Note A calls note B.[^b]
[^b]: Note B.
[^c]: Note C.
"""


def test_a_note_called_from_a_note_takes_the_next_number_and_follows_it(project: Project) -> None:
    """Numbers run in the order a reader meets the marks: the body's first, then A's mark of B.
    B's mark is in A's text only; a note called again shows its number again."""
    pdf, warnings = build_article(project, NESTED)
    assert warnings == []
    shown = normalize(text(pdf))
    assert "First call.1 Second call.3 Again the first.1" in shown
    assert "1. Note A calls note B.2 2. Note B. 3. Note C." in shown
    assert_inside_content_box(pdf)


def test_rtl_nested_note_and_long_address_persian_digits_inside_the_page(project: Project) -> None:
    url = "https://example.org/" + "/".join(["averylongpathsegment"] * 8) + "/index.html?q=1234567890"
    body = (
        "نخستین فراخوان.[^a] دومین فراخوان.[^c]\n\n"
        "[^a]: پانویس الف که پانویس ب را فرا می‌خواند.[^b]\n"
        "[^b]: پانویس ب.\n"
        f"[^c]: پانویس ج با نشانی {url}\n"
    )
    pdf, warnings = build_article(project, body, lang="fa-AF")
    assert warnings == []
    with pdfplumber.open(pdf) as document:
        page = document.pages[0]
        rule = next(r for r in page.rects if r["bottom"] - r["top"] < 1 and r["top"] > page.height / 2)
        assert rule["x1"] == pytest.approx(page.width - SIDE, abs=1), "the separator on the right"
        calls = sorted((c for c in page.chars if c["size"] < 8 and c["top"] < rule["top"]), key=lambda c: -c["x0"])
        assert [c["text"] for c in calls] == ["۱", "۳"], "the body calls 1 and 3; 2 is called in note 1"
        below = [c for c in page.chars if rule["bottom"] < c["top"] < page.height - BOTTOM]
        marks = [c["text"] for c in below if c["size"] < 6.5]
        assert marks == ["۲"], "note 1 marks note 2"
        latin = "".join(c["text"] for c in below if c["text"].isascii() and c["text"] not in ". ")
        assert letters(latin) == letters(url.replace(".", "")), "the address whole (the notes' periods aside)"
    assert_inside_content_box(pdf, title="آزمایش", digits="۰۱۲۳۴۵۶۷۸۹")


def test_a_note_too_long_for_the_foot_of_a_page_is_an_endnote(project: Project) -> None:
    body = f"Short.[^s] Long.[^l] Short again.[^t]\n\n[^s]: Note S.\n[^l]: {FILLER * 30}end\n[^t]: Note T.\n"
    pdf, warnings = build_article(project, body)
    assert warnings == [
        f"{project.root / 'article.md'}:{BODY_LINE + 3}: warning: note [^l] is too long for the foot of a page "
        "(about 26 lines): it is set as an endnote"
    ]
    shown = normalize(text(pdf))
    assert "Short.1 Long.2 Short again.3" in shown
    assert "1. Note S. 3. Note T." in shown
    assert shown.index("Notes 2. lorem ipsum") > shown.index("Short again")
    assert_inside_content_box(pdf)
