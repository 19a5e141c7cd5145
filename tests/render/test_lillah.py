"""The لله ligature in the text layer: عبدالله، اسدالله، الله read as their letters (issue 12).

Noto Naskh Arabic draws لله as one glyph. poppler (pdftotext) and pdfminer put a
glyph's letters in the line's visual order, then reverse the line, so a glyph
mapped to its letters in logical order came out as عبداهلل; typeset gives such a
ligature one glyph per letter (typeset.render.textlayer.split_ligatures).
"""

from __future__ import annotations

import subprocess
from itertools import pairwise
from pathlib import Path

import pdfplumber
import pypdf
import pytest
from pdfminer.high_level import extract_text

from tests import pdfread
from tests.conftest import Project

pytestmark = pytest.mark.slow  # renders PDFs

NAMES = ("عبدالله", "اسدالله", "الله")
DARI = "عبدالله و اسدالله گفتند: به نام الله.\n"
PASHTO = "عبدالله او اسدالله وویل: د الله په نامه.\n"
PASHTO_FRONT = "title: ازموینه\nauthor: لیکوال\ndate: 2025-06-03\nlang: ps\nsection: pashto\n"


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    project = Project(tmp_path_factory.mktemp("lillah"))
    sources = [project.source("dari.md", DARI, lang="fa-AF"), project.source("pashto.md", PASHTO, front=PASHTO_FRONT)]
    code, _, err = project.run("build", *map(str, sources), "-o", str(project.root / "out"))
    assert code == 0, err
    return {"fa-AF": project.root / "out" / "dari.pdf", "ps": project.root / "out" / "pashto.pdf"}


@pytest.mark.parametrize("lang", ["fa-AF", "ps"])
def test_pdftotext_reads_the_names(pdfs: dict[str, Path], lang: str) -> None:
    text = pdfread.normalize(pdfread.text(pdfs[lang]))
    for name in NAMES:
        assert name in text, name
    assert "اهلل" not in text


@pytest.mark.parametrize("lang", ["fa-AF", "ps"])
def test_pdfminer_reads_the_names(pdfs: dict[str, Path], lang: str) -> None:
    """pdfminer gives a line in visual order (left to right): read back, the names are whole."""
    lines = [line[::-1] for line in extract_text(pdfs[lang]).splitlines()]
    line = next(line for line in lines if "اسدالله" in line or "اسداهلل" in line)
    for name in NAMES:
        assert name in line, name
    assert "اهلل" not in line


@pytest.mark.parametrize("lang", ["fa-AF", "ps"])
def test_pypdf_still_reads_the_names(pdfs: dict[str, Path], lang: str) -> None:
    text = pypdf.PdfReader(pdfs[lang]).pages[0].extract_text()
    for name in NAMES:
        assert name in text, name


def test_the_ligature_is_still_drawn_and_nothing_moves(pdfs: dict[str, Path]) -> None:
    """The ligature's glyph is kept (its left part carries the last letter, ه); the letters added after it
    draw nothing and share its advance, so the glyphs of a name touch end to end."""
    with pdfplumber.open(pdfs["fa-AF"]) as document:
        chars = document.pages[0].chars
        line = [c for c in chars if abs(c["top"] - next(c2["top"] for c2 in chars if c2["text"] == "ع")) < 3]
    line.sort(key=lambda c: c["x0"])
    name = next(i for i in range(len(line) - 6) if "".join(c["text"] for c in line[i : i + 7]) == "عبدالله"[::-1])
    glyphs = line[name : name + 7]
    assert all(abs(a["x1"] - b["x0"]) < 0.05 for a, b in pairwise(glyphs)), "no gap, no overlap"
    assert all(c["width"] > 0 for c in glyphs)
    listing = subprocess.run(["pdffonts", str(pdfs["fa-AF"])], capture_output=True, text=True, check=True).stdout
    assert "Noto-Naskh-Arabic" in listing
