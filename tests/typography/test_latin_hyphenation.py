"""Latin words inside Dari paragraphs are hyphenated as English (the paragraph's own language never
hyphenates), the hyphen drawn right after the Latin piece it ends; English articles as before."""

from __future__ import annotations

import re

import pdfplumber
import pytest

from tests.conftest import Project
from typeset.jobs.batch import build

pytestmark = pytest.mark.slow  # renders PDFs

WORDS = [
    "internationalization",
    "telecommunications",
    "counterrevolutionaries",
    "electroencephalography",
    "incomprehensibilities",
    "uncharacteristically",
    "institutionalization",
    "interoperability",
    "misunderstanding",
    "decentralization",
]
BODY = " ".join(f"پژوهشگران واژهٔ {word} را در متن دری" for word in WORDS * 3) + ".\n"


def _rows(pdf_path) -> list[list[dict]]:  # type: ignore[no-untyped-def]
    """The glyphs of each line, left to right as the eye sees them."""
    with pdfplumber.open(pdf_path) as pdf:
        chars = [c for page in pdf.pages for c in page.chars]
    rows: dict[int, list[dict]] = {}
    for char in chars:
        rows.setdefault(round(char["top"]), []).append(char)
    return [sorted(row, key=lambda c: c["x0"]) for _, row in sorted(rows.items())]


def test_latin_words_in_a_dari_paragraph_are_hyphenated_as_english(project: Project) -> None:
    project.source("a.md", BODY, lang="fa-AF")
    [job] = build([project.root / "a.md"], project.root / "out")
    assert job.ok and not job.warnings, [e.format() for e in job.errors] + job.warnings
    assert 'class="latin" lang="en"' in (job.html or "")
    pieces = []
    for row in _rows(job.output):
        text = "".join(c["text"] for c in row)
        pieces += re.findall(r"([A-Za-z]+)\u2010", text)  # a Latin piece, the hyphen on its right
    pieces = [piece for piece in pieces if piece != "AA"]  # the monogram AA-AA
    assert len(pieces) >= 3, pieces
    for piece in pieces:
        assert any(word.startswith(piece) and len(piece) < len(word) for word in WORDS), piece


def test_an_english_article_is_hyphenated_as_before(project: Project) -> None:
    project.source("a.md", " ".join(f"researchers write {w} in English" for w in WORDS * 3) + ".\n")
    [job] = build([project.root / "a.md"], project.root / "out")
    assert job.ok and 'class="latin"' not in (job.html or "")
