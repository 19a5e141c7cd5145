"""The seed article, built from input/: what a reader of the PDF checks."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pypdf
import pytest
import yaml

from tests import pdfread
from tests.conftest import INPUT, SEED, SEED_SOURCE, run_typeset
from typeset.resources import FONTS_DIR

pytestmark = pytest.mark.slow  # renders PDFs

SLUG = "2025-06-03-pakistan-diplomatic-reawakening"
CONFIG = yaml.safe_load((INPUT / "publication.yaml").read_text(encoding="utf-8"))


def seed_paragraphs() -> list[str]:
    """The seed's body paragraphs, with the two page-break splits joined (as the issue asks)."""
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    start = next(i for i, line in enumerate(lines) if line.startswith("For the past few years"))
    paragraphs: list[str] = []
    for line in lines[start:]:
        line = re.sub(r"\[([^\]]+)\]\(#\)", r"\1", line)  # the seed marks links as [text](#)
        if paragraphs and paragraphs[-1].endswith(("its regional", "Shehbaz Sharif")):
            paragraphs[-1] += " " + line
        else:
            paragraphs.append(line)
    return paragraphs


@pytest.fixture(scope="module")
def pdf(built: dict[str, Path]) -> Path:
    return built[SLUG]


def test_every_seed_paragraph_appears_in_order(pdf: Path) -> None:
    # pdftotext joins a word its source hyphen breaks at a line end ("cross-" "border"), so
    # hyphens do not count either side.
    text = pdfread.normalize(pdfread.body_text(pdf)).replace("-", "")
    position = 0
    paragraphs = seed_paragraphs()
    assert len(paragraphs) == 16  # incl. headings, pull quote, source line and bio
    for paragraph in paragraphs:
        found = text.find(pdfread.normalize(paragraph).replace("-", ""), position)
        assert found >= 0, f"missing or out of order: {paragraph[:60]}"
        position = found + 1


def test_first_page_follows_the_seed_order(pdf: Path) -> None:
    first = pdfread.normalize(pdfread.text(pdf, page=1))
    marks = [
        "AA-AA",
        CONFIG["verse_header"][0][0],
        CONFIG["verse_header"][1][1],
        "www.afgazad.com",
        "afgazad@gmail.com",
        "European Languages",
        "Taut Bataut",
        "03.06.2025",
        "Pakistan's Diplomatic Reawakening: From Isolation to Influence",
        "For the past few years",
    ]
    positions = [first.find(mark) for mark in marks]
    assert all(p >= 0 for p in positions), dict(zip(marks, positions, strict=True))
    assert positions == sorted(positions)
    assert "زبانهای اروپایی" in first


def test_verse_header_first_hemistich_on_the_right_and_equal_widths(pdf: Path) -> None:
    lines = pdfread.lines_in_font(pdf, "ts-Amiri")
    assert len(lines) == 2
    for line, beyt in zip(lines, CONFIG["verse_header"], strict=True):
        left, right = pdfread.split_at_widest_gap(line)
        assert right.letters == pdfread.letters(beyt[0]), "the first hemistich must be on the right"
        assert left.letters == pdfread.letters(beyt[1])
        assert abs(left.width - right.width) / max(left.width, right.width) < 0.02
        gap = right.x0 - left.x1
        assert gap > 0.5 * 14  # a clear gap between the hemistichs (font size 14pt)


def test_section_label_english_left_persian_right(pdf: Path) -> None:
    with pdfread.pdfplumber.open(pdf) as document:
        words = document.pages[0].extract_words()
    english = next(w for w in words if w["text"] == "European")
    persian = next(w for w in words if w["text"][::-1] == "زبانهای")
    assert english["x1"] < persian["x0"]
    assert abs(english["top"] - persian["top"]) < 6


def test_masthead_is_set_in_nastaliq_and_centred(pdf: Path) -> None:
    with pdfread.pdfplumber.open(pdf) as document:
        page = document.pages[0]
        glyphs = [c for c in page.chars if "Nastaliq" in c["fontname"]]
        centre = (min(c["x0"] for c in glyphs) + max(c["x1"] for c in glyphs)) / 2
        assert abs(centre - page.width / 2) < 3
        assert min(c["top"] for c in glyphs) < min(c["top"] for c in page.chars if "Amiri" in c["fontname"])


def test_fonts_are_embedded_subset_and_from_fonts_folder(pdf: Path) -> None:
    from typeset.typography.fonts import catalog

    families = {family.replace(" ", "-") for family in catalog(FONTS_DIR)}
    fonts = pdfread.font_names(pdf)
    assert fonts
    for name, facts in fonts.items():
        tag, _, face = name.lstrip("/").partition("+")
        assert re.fullmatch(r"[A-Z]{6}", tag), f"{name} is not subset"
        assert facts["embedded"], f"{name} is not embedded"
        assert face.startswith("ts-"), f"{name} does not come from fonts/"
        assert any(face.removeprefix("ts-").startswith(family) for family in families), name


def test_metadata(pdf: Path) -> None:
    reader = pypdf.PdfReader(pdf)
    info = reader.metadata
    assert info.title == "Pakistan's Diplomatic Reawakening: From Isolation to Influence"
    assert info.author == "Taut Bataut"
    assert info["/CreationDate"].startswith("D:20250603")
    assert info["/ModDate"].startswith("D:20250603")
    assert info["/Creator"].startswith("typeset ")
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_headings_become_bookmarks(pdf: Path) -> None:
    outline = pypdf.PdfReader(pdf).outline
    titles = []

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(outline)
    assert titles == [
        "Pakistan's Diplomatic Reawakening: From Isolation to Influence",
        "From Diplomatic Passivity to Strategic Reorientation",
        "Diversifying Alliances in a Shifting Global Order",
        "Navigating Regional Tensions and Building New Bridges",
    ]


def test_links_are_live(pdf: Path) -> None:
    reader = pypdf.PdfReader(pdf)
    uris = [
        annotation.get_object()["/A"].get("/URI")
        for annotation in reader.pages[0].get("/Annots", [])
        if "/A" in annotation.get_object()
    ]
    assert "https://www.afgazad.com" in uris
    assert "mailto:afgazad@gmail.com" in uris


def test_page_numbers_and_running_header(pdf: Path) -> None:
    pages = pdfread.pages(pdf)
    assert len(pages) == len(pypdf.PdfReader(pdf).pages) >= 2
    for number, page in enumerate(pages, start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        assert lines[-1] == str(number), f"page {number} has no page number"
        if number > 1:
            assert lines[:2] == ["Afghanistan Azad", "Pakistan's Diplomatic Reawakening: From Isolation to Influence"]
        else:
            assert "Afghanistan Azad" not in page


def test_closing_lines(pdf: Path) -> None:
    text = pdfread.normalize(pdfread.body_text(pdf))
    assert text.endswith(
        "Taut Bataut, June 02, 2025 Taut Bataut – is a researcher and writer that publishes on South Asian geopolitics"
    )


def test_two_builds_are_byte_identical(tmp_path: Path, pdf: Path) -> None:
    """Another process, another day, another cache: the same bytes."""
    result = run_typeset("build", str(SEED_SOURCE), "-o", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rebuilt = tmp_path / pdf.name
    assert hashlib.sha256(rebuilt.read_bytes()).digest() == hashlib.sha256(pdf.read_bytes()).digest()
