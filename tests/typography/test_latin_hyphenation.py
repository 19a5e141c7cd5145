"""Latin words inside Dari paragraphs are not hyphenated (issue 24; the paragraph's own language never
hyphenates either); English articles are hyphenated as before."""

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


def test_latin_words_in_a_dari_paragraph_are_not_hyphenated(project: Project) -> None:
    """Issue 24: a hyphen at the left end of a right-to-left line breaks a word read against the line."""
    project.source("a.md", BODY, lang="fa-AF")
    [job] = build([project.root / "a.md"], project.root / "out")
    assert job.ok and not job.warnings, [e.format() for e in job.errors] + job.warnings
    assert 'class="latin" lang="en-US"' in (job.html or "")
    pieces = [p for row in _rows(job.output) for p in re.findall(r"([A-Za-z]+)\u2010", "".join(c["text"] for c in row))]
    assert [piece for piece in pieces if piece != "AA"] == []


def test_an_english_article_is_hyphenated_as_before(project: Project) -> None:
    project.source("a.md", " ".join(f"researchers write {w} in English" for w in WORDS * 3) + ".\n")
    [job] = build([project.root / "a.md"], project.root / "out")
    assert job.ok and 'class="latin"' not in (job.html or "")
