"""The round trip: build → pdftotext → import → build gives the same words.

For the shipped articles (input/) and a generated corpus (bench/make_edition.py, seeded: articles
in English, German, French, Dari and Pashto with headings, verse, pull quotes, lists and tables),
the text pdftotext reads from each PDF is imported as an old text would be: its header block,
page numbers and running heads are left out, its hyphenation joined, its title, author and date
found (none is left to fill). The imported source is built again, and the two PDFs' running text
(tests.pdfread.body_text) has the same words in the same order, after the normalisations
tests.importwords.reader_words states, to 98% either way: what is left is pdftotext's own reading
of a Latin run in a right-to-left line (``OCR (Optical Character Recognition)`` read in another
order where the line breaks elsewhere).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from bench.make_edition import make_edition
from tests import pdfread
from tests.conftest import INPUT
from tests.importwords import kept_in_order, reader_words
from typeset.importer import import_file
from typeset.jobs.batch import build
from typeset.jobs.job import find_sources
from typeset.source.config import load_publication

pytestmark = pytest.mark.slow  # renders PDFs

GENERATED = 10


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path, list[str]]]:
    """name → (the first PDF, the PDF of its text imported, the fields import left to fill)."""
    root = tmp_path_factory.mktemp("roundtrip")
    shutil.copy(INPUT / "publication.yaml", root / "publication.yaml")
    make_edition(root / "generated", articles=GENERATED)
    sources = find_sources([INPUT]) + sorted((root / "generated" / "articles").glob("*.md"))
    first = build(sources, root / "first")
    assert all(job.ok for job in first), [error.format() for job in first for error in job.errors]
    publication = load_publication(root / "publication.yaml")
    (root / "texts").mkdir()
    (root / "imported").mkdir()
    imported = []
    for job in first:
        assert job.output
        text = root / "texts" / (job.output.stem + ".txt")
        subprocess.run(["pdftotext", str(job.output), str(text)], check=True)
        result = import_file(text, publication)
        source = root / "imported" / (job.output.stem + ".md")
        source.write_text(result.text, encoding="utf-8")
        imported.append((source, result.missing))
    second = build([source for source, _ in imported], root / "second")
    return {
        source.stem: (one.output, two.output, missing)
        for (source, missing), one, two in zip(imported, first, second, strict=True)
        if one.output and two.output
    }


NAMES = [path.stem for path in sorted(INPUT.glob("*.md"))] + [f"{n:03d}" for n in range(1, GENERATED + 1)]


@pytest.mark.parametrize("name", NAMES)
def test_build_pdftotext_import_build_gives_the_same_words(
    round_trip: dict[str, tuple[Path, Path, list[str]]], name: str
) -> None:
    (key,) = [key for key in round_trip if key == name or key.startswith(name + "-")]
    first, second, missing = round_trip[key]
    assert missing == []
    before, after = reader_words(pdfread.body_text(first)), reader_words(pdfread.body_text(second))
    assert len(before) > 100
    assert kept_in_order(before, after) >= 0.98
    assert kept_in_order(after, before) >= 0.98
