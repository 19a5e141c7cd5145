"""No justified line's word space is wider than the manual's stated maximum (docs/typography.md) (MAX_WORD_SPACE × the space glyph),
measured from glyph positions on the shipped articles and on a Dari paragraph dense with long English words."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Project
from tests.typography.test_latin_hyphenation import BODY
from tests.wordspace import justified_space_ratios
from typeset.jobs.batch import build

pytestmark = pytest.mark.slow  # renders PDFs

MAX_WORD_SPACE = 2.6  # docs/typography.md: the widest word space of a justified line, × the normal space
#: A Dari paragraph dense with 16–22-letter English words, which are not hyphenated in right-to-left lines
#: (issue 24): docs/typography.md.
MAX_DENSE_LATIN_IN_DARI = 4.5


@pytest.mark.parametrize(
    "slug",
    [
        "2025-06-03-pakistan-diplomatic-reawakening",
        "2025-06-10-digital-libraries-dari",
        "2025-06-12-pashto-digital-future",
    ],
)
def test_shipped_articles_have_no_loose_line(built: dict[str, Path], slug: str) -> None:
    lines = justified_space_ratios(built[slug])
    assert lines, "justified lines were found"
    loose = [(page, text, round(ratio, 2)) for page, text, ratio in lines if ratio > MAX_WORD_SPACE]
    assert not loose, loose


def test_long_english_words_in_dari_leave_no_line_looser_than_stated(project: Project) -> None:
    project.source("a.md", BODY, lang="fa-AF")
    [job] = build([project.root / "a.md"], project.root / "out")
    assert job.ok and isinstance(job.output, Path)
    lines = justified_space_ratios(job.output)
    assert len(lines) >= 8
    assert max(ratio for _, _, ratio in lines) <= MAX_DENSE_LATIN_IN_DARI, lines
