"""The parts of an edition, each rendered on its own, read back from their PDFs: the side each
part's first page is on, mirrored margins, running heads, the opening, the contents and its links,
the folio sheet, and the print profile's page and inks. One right-bound (Dari) and one left-bound
(English, print) edition of the shipped articles, on A5."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from tests import pdfread
from tests.conftest import DARI_SOURCE, INPUT, SEED_SOURCE
from typeset.edition import PAGE_LINK_PREFIX, TOC_LINK_PREFIX, parts
from typeset.errors import Location
from typeset.jobs.job import prepare
from typeset.model import Edition, EditionEntry
from typeset.source.config import find_config, load_publication
from typeset.typography import geometry

pytestmark = pytest.mark.slow  # renders PDFs

NAME_FA = "افغانستان آزاد"
SEED_TITLE = "Pakistan's Diplomatic Reawakening: From Isolation to Influence"
A5 = geometry.page_size("A5") or (0.0, 0.0)
TOP, OUTER, BOTTOM, INNER = geometry.margins(geometry.book_margins("18mm 18mm 20mm")) or (0.0,) * 4
BLEED = 3 * geometry.PT_PER_MM


def edition(lang: str, profile: str, note: str | None = None) -> Edition:
    publication = dataclasses.replace(load_publication(find_config(SEED_SOURCE)), name_rtl=NAME_FA)
    path = INPUT / "editions" / "week.yaml"
    entries = tuple(EditionEntry(s, None, Location(path, 5 + i)) for i, s in enumerate((SEED_SOURCE, DARI_SOURCE)))
    title = "هفته‌نامه" if lang == "fa-AF" else "The Week"
    return Edition(
        path, "week", title, "12", date(2025, 6, 14), lang, entries, publication, "A5", profile, None, note, 20
    )


@pytest.fixture(scope="module")
def engine_warnings() -> Iterator[list[str]]:
    """What the engine warns about while this module renders (nothing, it must be)."""
    found: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            found.append(record.getMessage())

    handler = Collect(logging.WARNING)
    logging.getLogger("weasyprint").addHandler(handler)
    yield found
    logging.getLogger("weasyprint").removeHandler(handler)


def render(tmp: Path, name: str, html: str, ed: Edition, base: Path, masthead: bool = False) -> Path:
    path = tmp / f"{name}.pdf"
    path.write_bytes(parts.render_part(html, ed, base, masthead))
    return path


@pytest.fixture(scope="module")
def rtl(tmp_path_factory: pytest.TempPathFactory, engine_warnings: list[str]) -> dict[str, Path]:
    """A right-bound Dari edition (screen): the English article, the contents, the cover, folios."""
    tmp, ed = tmp_path_factory.mktemp("rtl"), edition("fa-AF", "screen", "یادداشت **سردبیر** در سال 2025.")
    job = prepare(SEED_SOURCE, ed)
    assert job.ok and job.html is None, [e.format() for e in job.errors]
    rows = [
        parts.TocRow(0, SEED_TITLE, "Taut Bataut", "en", job.publication.sections["european-languages"]),
        parts.TocRow(1, "نقش کتابخانه‌های دیجیتال", "فریده نوری", "fa-AF", job.publication.sections["dari"]),
    ]
    return {
        "article": render(tmp, "article", parts.article_html(job, ed), ed, SEED_SOURCE),
        "toc": render(tmp, "toc", parts.toc_html(ed, rows), ed, ed.path),
        "front": render(tmp, "front", parts.front_html(ed, parts.cover_header(ed)), ed, ed.path, masthead=True),
        "folios": render(tmp, "folios", parts.folios_html(ed, 33), ed, ed.path),  # the sheet's second chunk
        "numbers": render(tmp, "numbers", parts.numbers_html(ed, 1), ed, ed.path),
    }


@pytest.fixture(scope="module")
def ltr(tmp_path_factory: pytest.TempPathFactory, engine_warnings: list[str]) -> dict[str, Path]:
    """A left-bound English edition in the print profile: the Dari article, the cover (no note), folios."""
    tmp, ed = tmp_path_factory.mktemp("ltr"), edition("en", "print")
    job = prepare(DARI_SOURCE, ed)
    assert job.ok, [e.format() for e in job.errors]
    return {
        "article": render(tmp, "article", parts.article_html(job, ed), ed, DARI_SOURCE),
        "front": render(tmp, "front", parts.front_html(ed, parts.cover_header(ed)), ed, ed.path, masthead=True),
        "folios": render(tmp, "folios", parts.folios_html(ed, 1), ed, ed.path),
    }


def chars(pdf: Path, page: int) -> tuple[list[dict], float, float]:
    """The glyphs of ``page`` (0-based), with x from the trim's left edge (pdfplumber's x is the PDF's,
    whose origin is the trim's corner) and top from the trim's top (pdfplumber's from the MediaBox's,
    which in the print profile has the bleed around the trim), and the trimmed page's width and height."""
    with pdfplumber.open(pdf) as document:
        sheet = document.pages[page]
        bleed = BLEED if round(sheet.width) > round(A5[0]) else 0.0
        found = [c | {"top": c["top"] - bleed} for c in sheet.chars if c["text"].strip()]
        return found, sheet.width - 2 * bleed, sheet.height - 2 * bleed


def body_edges(pdf: Path, page: int) -> tuple[float, float]:
    """How far the text block stands from the trim's left and right edges (running heads and the foot left out)."""
    found, width, height = chars(pdf, page)
    body = [c for c in found if TOP < c["top"] < height - BOTTOM]
    return min(c["x0"] for c in body), width - max(c["x1"] for c in body)


def head(pdf: Path, page: int) -> tuple[str, float]:
    """The running head of ``page``: its text (in drawing order) and the x of its middle."""
    found, _, _ = chars(pdf, page)
    top = [c for c in found if c["top"] < TOP]
    return "".join(c["text"] for c in top), (min(c["x0"] for c in top) + max(c["x1"] for c in top)) / 2 if top else 0


def test_the_engine_did_not_warn(rtl: dict[str, Path], ltr: dict[str, Path], engine_warnings: list[str]) -> None:
    assert engine_warnings == []


def test_an_rtl_editions_article_opens_on_a_left_hand_page(rtl: dict[str, Path]) -> None:
    """An English article in a Dari edition: page 1 is a recto of the right-bound book, a left-hand page,
    whose binding (inner) margin is on its right; page 2, a right-hand page, binds on its left."""
    left, right = body_edges(rtl["article"], 0)
    assert left == pytest.approx(OUTER, abs=1.5) and right == pytest.approx(INNER, abs=1.5)
    left, right = body_edges(rtl["article"], 1)
    assert left == pytest.approx(INNER, abs=1.5) and right == pytest.approx(OUTER, abs=1.5)
    left, right = body_edges(rtl["article"], 2)
    assert left == pytest.approx(OUTER, abs=1.5) and right == pytest.approx(INNER, abs=1.5)


def test_an_ltr_editions_article_opens_on_a_right_hand_page(ltr: dict[str, Path]) -> None:
    """A Dari article in an English edition: page 1 is a right-hand page, bound on its left."""
    left, right = body_edges(ltr["article"], 0)
    assert left == pytest.approx(INNER, abs=1.5) and right == pytest.approx(OUTER, abs=1.5)
    left, right = body_edges(ltr["article"], 1)
    assert left == pytest.approx(OUTER, abs=1.5) and right == pytest.approx(INNER, abs=1.5)


def test_running_heads_name_on_versos_in_the_editions_script_title_on_rectos(rtl: dict[str, Path]) -> None:
    assert head(rtl["article"], 0) == ("", 0)  # none on the article's first page
    text, middle = head(rtl["article"], 1)  # a verso: a right-hand page, the name at its outer (right) edge
    assert pdfread.normalize(pdfread.text(rtl["article"], 2).splitlines()[0]) == NAME_FA
    assert middle > A5[0] / 2
    text, middle = head(rtl["article"], 2)  # a recto: a left-hand page, the title at its outer (left) edge
    assert pdfread.normalize(text) == pdfread.normalize(SEED_TITLE).replace(" ", "")
    assert middle < A5[0] / 2


def test_the_ltr_editions_running_heads(ltr: dict[str, Path]) -> None:
    text, middle = head(ltr["article"], 1)  # a verso (left-hand): the Latin name at its left
    assert text == "AfghanistanAzad" and middle < A5[0] / 2


def test_the_opening_without_the_masthead(rtl: dict[str, Path], ltr: dict[str, Path]) -> None:
    first = pdfread.normalize(pdfread.content_text(rtl["article"]).split("Pakistan has long")[0])
    for shown in ("European Languages", "زبانهای اروپایی", "Taut Bataut", "03.06.2025", "Pakistan's Diplomatic"):
        assert shown in first
    dari = pdfread.normalize(pdfread.text(ltr["article"], 1)).replace(" ", "")
    for shown in ("دری", "Dari", "فریده نوری", "۲۰ جوزا ۱۴۰۴", "نقش کتابخانه‌های دیجیتال"):
        assert pdfread.normalize(shown).replace(" ", "") in dari
    for part in (rtl["article"], ltr["article"]):
        whole = pdfread.text(part)
        assert "AA-AA" not in whole and "afgazad@gmail.com" not in whole and "www.afgazad.com" not in whole


def test_no_folios_in_an_article_part(rtl: dict[str, Path]) -> None:
    for page in range(3):
        found, _, height = chars(rtl["article"], page)
        assert not [c for c in found if c["top"] > height - BOTTOM + 5]


def test_an_article_parts_outline_is_its_title_with_its_headings_beneath(rtl: dict[str, Path]) -> None:
    with pikepdf.open(rtl["article"]) as pdf, pdf.open_outline() as outline:
        assert [item.title for item in outline.root] == [SEED_TITLE]
        beneath = [item.title for item in outline.root[0].children]
    assert beneath[0] == "From Diplomatic Passivity to Strategic Reorientation" and len(beneath) >= 3


def test_the_contents(rtl: dict[str, Path]) -> None:
    text = pdfread.normalize(pdfread.text(rtl["toc"]))
    for shown in ("فهرست", "European Languages", "زبانهای اروپایی", "Dari", "دری", "Taut Bataut", "فریده نوری"):
        assert shown in text
    # No page numbers: the binder stamps them (the contents do not change when an article grows a page).
    assert not any(c.isdigit() for c in text)


def test_contents_entries_are_links_to_the_articles_index(rtl: dict[str, Path]) -> None:
    with pikepdf.open(rtl["toc"]) as pdf:
        links = [(str(annot.A.URI), annot.Rect) for annot in pdf.pages[0].Annots if annot.A.S == "/URI"]
        width = float(pdf.pages[0].mediabox[2])
    assert {uri for uri, _ in links} == {f"{TOC_LINK_PREFIX}0", f"{TOC_LINK_PREFIX}1"} | {
        f"{PAGE_LINK_PREFIX}0",
        f"{PAGE_LINK_PREFIX}1",
    }
    boxes = [[float(v) for v in rect] for uri, rect in links if uri.startswith(PAGE_LINK_PREFIX)]
    line = parts.NUMBER_SIZE_PT * 1.75  # a right-to-left edition's line (style.css)
    for x0, y0, x1, y1 in boxes:  # the number sheet's page, on the left (the end of a Dari line)
        assert abs(x1 - x0) == pytest.approx(parts.NUMBER_WIDTH_PT) and abs(y1 - y0) == pytest.approx(line)
        assert max(x0, x1) < width / 3


def test_the_number_sheet_shows_the_odd_numbers_one_a_page(rtl: dict[str, Path]) -> None:
    with pikepdf.open(rtl["numbers"]) as pdf:
        assert len(pdf.pages) == parts.SHEET_CHUNK
        sizes = {tuple(float(v) for v in page.mediabox) for page in pdf.pages}
    assert sizes == {(0.0, 0.0, parts.NUMBER_WIDTH_PT, parts.NUMBER_SIZE_PT * 1.75)}  # the box, no bleed
    with pdfplumber.open(rtl["numbers"]) as document:
        shown = [(page.extract_text() or "").strip() for page in document.pages]
        nine = document.pages[4].chars  # page 5: the fifth odd number
    # The pages articles open on: rectos, odd in both bindings.
    assert shown == [str(n).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")) for n in range(1, 64, 2)]
    # At the start of its box (its right), where the contents' dot leaders end (issue 24).
    assert max(c["x1"] for c in nine) > parts.NUMBER_WIDTH_PT / 2


def test_an_english_title_in_a_dari_contents_reads_left_to_right_on_the_left(rtl: dict[str, Path]) -> None:
    found, width, _ = chars(rtl["toc"], 0)
    latin = [c for c in found if c["fontname"].split("+")[-1].startswith("ts-Noto-Serif")]
    lines = [
        "".join(c["text"] for c in sorted(latin, key=lambda c: c["x0"]) if abs(c["top"] - top) < 2)
        for top in {round(c["top"]) for c in latin}
    ]
    assert any(line.startswith("Pakistan'sDiplomaticReawakening") for line in lines), lines  # left to right
    first = [c for c in latin if c["text"] == "P" and c["top"] > TOP + 40]
    line = [c for c in latin if abs(c["top"] - first[0]["top"]) < 2]
    # Its own start side (issue 24): the left, where a reader of English looks for it.
    assert min(c["x0"] for c in line) < width / 4


def test_the_cover_and_the_note(rtl: dict[str, Path]) -> None:
    pages = pdfread.pages(rtl["front"])
    assert len(pages) == 3  # cover, the inside of the cover, the note from page 3
    cover = pdfread.normalize(pages[0]).replace(" ", "")
    for shown in ("AA-AA", "هفته‌نامه", "شمارهٔ ۱۲", "۲۴ جوزا ۱۴۰۴"):  # the date in Solar Hijri, Afghan month names
        assert pdfread.normalize(shown).replace(" ", "") in cover
    assert pages[1].strip() == ""
    note = pdfread.normalize(pages[2])
    assert "یادداشت سردبیر در سال" in note and "۲۰۲۵" in note


def test_a_cover_without_a_note_has_its_blank_inside(ltr: dict[str, Path]) -> None:
    pages = pdfread.pages(ltr["front"])
    assert len(pages) == 2 and pages[1].strip() == ""
    assert "The Week" in pages[0] and "No. 12" in pages[0] and "14.06.2025" in pages[0]


@pytest.mark.parametrize("binding", ["rtl", "ltr"])
def test_folio_sheet(binding: str, rtl: dict[str, Path], ltr: dict[str, Path]) -> None:
    """A chunk's page i shows its first folio + i - 1 (the Dari one is the sheet's second chunk, from 33),
    at the outer edge: odd pages are right-hand pages left-bound, left-hand right-bound."""
    sheet = (rtl if binding == "rtl" else ltr)["folios"]
    first = 33 if binding == "rtl" else 1
    assert len(pikepdf.open(sheet).pages) == parts.SHEET_CHUNK
    for page in range(4):
        found, width, height = chars(sheet, page)
        expected = str(first + page).translate(
            str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹" if binding == "rtl" else "0123456789")
        )
        assert "".join(c["text"] for c in found) == expected
        assert all(c["top"] > height - BOTTOM for c in found)
        right_hand = (page % 2 == 0) == (binding == "ltr")
        if right_hand:
            assert width - max(c["x1"] for c in found) == pytest.approx(OUTER, abs=1)
        else:
            assert min(c["x0"] for c in found) == pytest.approx(OUTER, abs=1)


def test_print_profile_page_and_inks(ltr: dict[str, Path]) -> None:
    """MediaBox = trim + 3 mm bleed on each side; TrimBox the trim; every colour DeviceCMYK (no RGB)."""
    black = 0
    for part in ltr.values():
        with pikepdf.open(part) as pdf:
            for page in pdf.pages:
                media = [float(v) for v in page.MediaBox]
                assert media[2] - media[0] == pytest.approx(A5[0] + 2 * 8.504, abs=0.01)
                assert media[3] - media[1] == pytest.approx(A5[1] + 2 * 8.504, abs=0.01)
                assert [float(v) for v in page.TrimBox] == pytest.approx([0, 0, *A5], abs=0.01)
                operators = [
                    (str(op), [str(o) for o in operands]) for operands, op in pikepdf.parse_content_stream(page)
                ]
                assert not [op for op, _ in operators if op in ("rg", "RG", "g", "G", "sc", "SC")]
                spaces = {operands[0] for op, operands in operators if op in ("cs", "CS")}
                assert spaces <= {"/DeviceCMYK"}
                colours = [operands for op, operands in operators if op in ("scn", "SCN")]
                assert all(len(c) == 4 and c[:3] == ["0", "0", "0"] for c in colours)  # K alone
                black += ["0", "0", "0", "1"] in colours
    assert black >= 6  # text on every page but the blank inside of the cover


def test_screen_profile_has_no_bleed(rtl: dict[str, Path]) -> None:
    with pikepdf.open(rtl["article"]) as pdf:
        assert [float(v) for v in pdf.pages[0].MediaBox] == pytest.approx([0, 0, *A5], abs=0.01)


def test_the_note_has_a_heading_and_is_signed_by_the_publication(rtl: dict[str, Path]) -> None:
    """Issue 24: «سخن سردبیر» above the note, the publication's name in Persian script below it, at the
    end side (the left of a right-to-left page)."""
    found, width, _ = chars(rtl["front"], 2)
    lines: dict[int, list[dict]] = {}
    for char in found:
        lines.setdefault(round(char["top"]), []).append(char)
    rows = [sorted(row, key=lambda c: c["x0"]) for _, row in sorted(lines.items())]
    texts = [pdfread.normalize("".join(c["text"] for c in reversed(row))).replace(" ", "") for row in rows]
    assert texts[0] == "سخنسردبیر", texts
    assert texts[-1] == NAME_FA.replace(" ", ""), texts
    heading, signature = rows[0], rows[-1]
    assert max(c["x1"] for c in heading) > width - OUTER - INNER  # the heading at the start side: the right
    assert min(c["x0"] for c in signature) < width / 3  # the signature at the end side: the left


def test_a_note_signature_from_the_edition_file(tmp_path: Path) -> None:
    ed = dataclasses.replace(edition("fa-AF", "screen", "یادداشت."), note_signature="هیئت تحریر")
    html = parts.front_html(ed, parts.cover_header(ed))
    assert '<p class="note-signature">هیئت تحریر</p>' in html


def test_the_contents_lead_each_title_to_its_number_with_dots(rtl: dict[str, Path]) -> None:
    """Issue 24: dot leaders run from the Dari title's end (its left) to its number's box; the English
    title, in its own direction, stands at its own start (the left) without them."""
    found, _, _ = chars(rtl["toc"], 0)
    dots = [c for c in found if c["text"] == "."]
    dari = [c for c in found if c["text"] == "ک" and c["fontname"].split("+")[-1].startswith("ts-Noto-Naskh")]
    row_top = next(c["top"] for c in dari)
    leaders = sorted((c for c in dots if abs(c["top"] - row_top) < 4), key=lambda c: c["x0"])
    assert len(leaders) >= 10, leaders
    title_left = min(c["x0"] for c in found if abs(c["top"] - row_top) < 4 and c["text"] not in ".۰۱۲۳۴۵۶۷۸۹")
    assert leaders[-1]["x1"] <= title_left + 4  # they end at the title
    assert leaders[0]["x0"] < OUTER + parts.NUMBER_WIDTH_PT + 18  # and run to the number's box (6 pt from it)
