"""Poems as a Persian book designer sets them (issue 24), read from glyph positions in the PDF: one
geometry per poem (smaller before broken; broken all alike, with a common edge), verse that is no beyt
set as lines, and kashida as a calligrapher places it. The poems are tests/data/verse/'s."""

from __future__ import annotations

import itertools
from collections import Counter
from pathlib import Path

import pdfplumber
import pytest

from tests import pdfread
from tests.conftest import ROOT, Project
from tests.typography.test_verse_fit import PASHTO_FRONT, hemistichs, stretched, words
from typeset.jobs import batch
from typeset.resources import FONTS_DIR
from typeset.source.config import load_publication
from typeset.typography import fonts, kashida, verse
from typeset.typography.kashida import TATWEEL
from typeset.typography.measure import text_width

pytestmark = pytest.mark.slow  # renders PDFs

POEMS = ROOT / "tests" / "data" / "verse"
AMIRI = FONTS_DIR / "Amiri-Regular.ttf"


def poem(name: str) -> str:
    return (POEMS / f"{name}.md").read_text(encoding="utf-8")


def hemistich_lines(name: str) -> list[str]:
    return [line for line in poem(name).splitlines() if line and not line.startswith(":::")]


def build(project: Project, name: str, body: str, page: str = "A5", margin: str = "18mm") -> tuple[Path, list[str]]:
    """(the PDF of ``body`` on ``page`` with side margins ``margin``, the build's warnings)."""
    config = project.root / "publication.yaml"
    text = config.read_text(encoding="utf-8").replace("size: A4", f"size: {page}")
    config.write_text(text.replace("margin: 18mm 18mm 20mm", f"margin: 18mm {margin} 20mm"), encoding="utf-8")
    lang = "ps" if name.startswith("landay") else "fa-AF"
    path = project.source(f"{name}.md", body, lang=lang, front=PASHTO_FRONT if lang == "ps" else None)
    (job,) = batch.build([path], project.root / "out")
    assert job.ok and job.output, [e.format() for e in job.errors]
    return job.output, [str(warning) for warning in job.warnings]


def body_lines(pdf: Path) -> list[list[dict]]:
    """The lines of verse after the verse header's two (each sorted left to right), on every page."""
    with pdfplumber.open(pdf) as document:
        count = len(document.pages)
    lines = [line for page in range(count) for line in pdfread.lines_in_font(pdf, pdfread.VERSE_FACES, page)]
    return lines[2:]


def shown(run: pdfread.Run) -> Counter[str]:
    """The letters a hemistich draws (a ZWNJ is no letter: pdfread.letters drops it from the source's)."""
    found = run.letters
    del found["\u200c"]
    return found


def sizes(lines: list[list[dict]]) -> set[float]:
    return {round(char["size"], 2) for line in lines for char in line}


# -- one geometry per poem --------------------------------------------------------------------------


def test_a_masnavi_on_a5_is_set_smaller_not_broken(project: Project) -> None:
    """At 12.5 pt its fourth beyt does not stand side by side on A5: the whole poem is made smaller."""
    pdf, warnings = build(project, "masnavi", poem("masnavi"))
    assert warnings == []
    lines = body_lines(pdf)
    assert len(lines) == 4, "four beyts, each on one line"
    (size,) = sizes(lines)
    assert verse.BODY_MIN_SIZE <= size < verse.BODY_SIZE
    runs = [run for line in lines for run in pdfread.split_at_widest_gap(line)]
    widths = [run.width for run in runs]
    assert max(widths) - min(widths) < 0.01 * max(widths), "every hemistich of one width"
    rights = [pdfread.split_at_widest_gap(line)[1] for line in lines]
    assert shown(rights[0]) == pdfread.letters(hemistich_lines("masnavi")[0]), "the first hemistich on the right"
    assert max(r.x1 for r in rights) - min(r.x1 for r in rights) < 0.5, "one right edge"


def test_a_poem_that_must_break_breaks_every_beyt_alike(project: Project) -> None:
    """On A5 with 24 mm sides the masnavi's second beyt would stand side by side and the others not,
    even at 11 pt with a 2 em gap: every beyt is broken, in one box, the first hemistichs sharing the
    right edge and the second ones the left; only the three beyts too wide are warned about."""
    pdf, warnings = build(project, "masnavi", poem("masnavi"), margin="24mm")
    path = project.root / "masnavi.md"
    assert [w.split(": warning: ")[0] for w in warnings] == [f"{path}:10", f"{path}:14", f"{path}:16"]
    assert all("its beyt is set broken, on two lines" in w for w in warnings)
    lines = [pdfread.Run(line) for line in body_lines(pdf)]
    assert len(lines) == 8 and all(len(hemistichs(line.chars)) == 1 for line in lines), "one hemistich a line"
    assert sizes([line.chars for line in lines]) == {verse.BODY_SIZE}
    firsts, seconds = lines[0::2], lines[1::2]
    assert max(r.x1 for r in firsts) - min(r.x1 for r in firsts) < 0.5, "one right edge"
    assert max(r.x0 for r in seconds) - min(r.x0 for r in seconds) < 0.5, "one left edge"
    assert all(first.x1 > second.x1 + 20 for first, second in zip(firsts, seconds, strict=True)), "stands in"
    assert shown(firsts[1]) == pdfread.letters(hemistich_lines("masnavi")[2]), "the second beyt is broken too"
    faces = fonts.verse_faces(FONTS_DIR, load_publication(project.root / "publication.yaml").fonts)
    natural = text_width(hemistich_lines("masnavi")[1], faces) * verse.BODY_SIZE  # 70% of the widest
    assert abs(seconds[0].width - natural) < 0.01 * natural, "far shorter: set as written at the edge, not spread"


def test_a_dobeyti_keeps_one_geometry_on_a5(project: Project) -> None:
    pdf, warnings = build(project, "dobeyti", poem("dobeyti"))
    assert warnings == []
    lines = body_lines(pdf)
    assert len(lines) == 2, "both beyts side by side"
    runs = [run for line in lines for run in pdfread.split_at_widest_gap(line)]
    assert max(r.width for r in runs) - min(r.width for r in runs) < 0.01 * max(r.width for r in runs)


# -- verse that is no beyt ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["landay", "landay-spozhmai"])
def test_a_landay_is_set_as_two_lines_as_written(project: Project, name: str) -> None:
    """9 and 13 syllables: two lines of their own widths, without kashida or widened spaces, their right
    edges one (the second landay's lines are near in letters, 19 and 24, but 4 words against 8)."""
    pdf, warnings = build(project, name, poem(name), page="A4")
    assert warnings == []
    first, second = (pdfread.Run(line) for line in body_lines(pdf))
    written = hemistich_lines(name)
    assert shown(first) == pdfread.letters(written[0]) and shown(second) == pdfread.letters(written[1])
    assert first.tatweels == second.tatweels == 0
    assert abs(first.x1 - second.x1) < 0.5, "one right edge"
    faces = fonts.verse_faces(FONTS_DIR, load_publication(project.root / "publication.yaml").fonts)
    for run, line in ((first, written[0]), (second, written[1])):
        natural = text_width(line, faces) * verse.BODY_SIZE
        # Within 3 %: the run is measured from its glyphs' boxes, the text by its advances (the Spozhmai
        # landay's final ه and ي differ by 3 pt); spaces widened to a half column would add 30 % and more.
        assert abs(run.width - natural) < 0.03 * natural, "as written: its spaces the font's"
    assert first.width < 0.95 * second.width, "not stretched to the longer line"


def test_verse_lines_sets_a_poem_as_written(project: Project) -> None:
    body = poem("masnavi").replace("::: verse\n", "::: verse lines\n", 1)
    pdf, warnings = build(project, "masnavi", body, page="A4")
    assert warnings == []
    lines = [pdfread.Run(line) for line in body_lines(pdf)]
    assert [shown(line) for line in lines] == [pdfread.letters(text) for text in hemistich_lines("masnavi")]
    assert all(line.tatweels == 0 for line in lines)
    assert max(r.x1 for r in lines) - min(r.x1 for r in lines) < 0.5, "one right edge"
    assert len({round(line.width) for line in lines}) > 4, "each line its own width"


def test_only_lines_may_follow_verse_on_its_fence(project: Project) -> None:
    path = project.source("a.md", "::: verse beyts\nیک\n:::\n", lang="fa-AF")
    code, _, err = project.run("check", str(path))
    assert code == 1
    assert err.splitlines()[:2] == [
        f"{path}:9: error: text after '::: verse' is not set: 'beyts'",
        "  hint: a container's first line holds only its name (or '::: verse lines', for verse that is no beyts): "
        "put the text on the next line",
    ]


def test_a_short_hemistich_is_not_spread_word_from_word(project: Project) -> None:
    body = (
        "::: verse\nاگر آن ترک شیرازی به دست آرد دل ما را\nبه خال هندویش بخشم سمرقند و بخارا را\nای دل\nای جان\n:::\n"
    )
    pdf, warnings = build(project, "short", body, page="A4")
    assert warnings == []
    (above_left, above_right), (left, right) = (pdfread.split_at_widest_gap(line) for line in body_lines(pdf))
    assert shown(right) == pdfread.letters("ای دل")
    natural = text_width("ای دل", AMIRI) * verse.BODY_SIZE
    assert abs(right.width - natural) < 0.02 * natural and right.tatweels == 0, "as written"
    for short, long in ((right, above_right), (left, above_left)):
        assert abs((short.x0 + short.x1) / 2 - (long.x0 + long.x1) / 2) < 1, "centred in its half"


# -- kashida as a calligrapher ---------------------------------------------------------------------


def strokes(run: pdfread.Run) -> set[tuple[str, str, float]]:
    """The strokes of a hemistich as drawn: (the letter drawn with the kashida, the letter it joins, the
    glyph's width). Two strokes alike are one glyph (typeset adds one for each letter and length:
    typeset.render.fontprogram) beside the same letter."""
    chars = run.chars
    return {
        (c["text"], chars[i + 1]["text"] if i + 1 < len(chars) else "", round(c["width"], 1))
        for i, c in enumerate(chars)
        if c.get("kashida")
    }


@pytest.mark.parametrize("name", ["ghazal", "masnavi", "dobeyti"])
def test_kashida_is_placed_as_a_calligrapher_would(project: Project, name: str) -> None:
    """One stretched word a hemistich here (a second only where the spaces would pass their most); never the
    same stroke on two lines one above the other (a ghazal's radif «هـا» is not stacked down a column)."""
    pdf, warnings = build(project, name, poem(name), page="A4")
    assert warnings == []
    beyts = [pdfread.split_at_widest_gap(line) for line in body_lines(pdf)]
    assert len(beyts) == len(hemistich_lines(name)) // 2
    assert any(strokes(run) for beyt in beyts for run in beyt), "kashida is drawn"
    for beyt in beyts:
        assert all(len(stretched(run)) <= (2 if name == "masnavi" else 1) for run in beyt), [words(r) for r in beyt]
    for side in (0, 1):
        for above, below in itertools.pairwise(beyt[side] for beyt in beyts):
            assert not strokes(above) & strokes(below), (words(above), words(below))


@pytest.mark.parametrize("name", ["ghazal", "dobeyti"])
def test_a_beyts_hemistichs_are_balanced_and_lines_above_differ(name: str) -> None:
    """As set (the tatweels counted in the model): both hemistichs of a beyt stretched are one tatweel apart
    at most; a second word in a hemistich is two shorter than the first; no stroke repeats the one above.
    (Not the masnavi: its widest hemistich is half as wide again as some, and balancing would widen their
    spaces past kashida.SPACE_MOST, which comes first.)"""
    publication = load_publication(ROOT / "input" / "publication.yaml")
    faces = fonts.verse_faces(FONTS_DIR, publication.fonts)
    set_ = verse.set_poem([verse.pair(hemistich_lines(name))], faces, True, verse.column(publication))
    beyts = [beyt.hemistichs for beyt in set_.stanzas[0]]
    for first, second in beyts:
        counts = [sum(kashida.stretches(h.text).values()) for h in (first, second)]
        if min(counts):
            assert max(counts) - min(counts) <= 1, (first.text, second.text)
        for h in (first, second):
            lengths = sorted((w.count(TATWEEL) for w in h.text.split() if TATWEEL in w), reverse=True)
            assert all(a - b >= kashida.GRADE for a, b in itertools.pairwise(lengths)), h.text
    for side in (0, 1):
        for above, below in itertools.pairwise(beyt[side] for beyt in beyts):
            assert not set(kashida.stretches(above.text).items()) & set(kashida.stretches(below.text).items())


def test_an_english_poem_that_must_break_shares_its_left_edge(project: Project) -> None:
    """The twin of the Dari one: a poem takes the direction of its letters, so its first hemistichs start at
    one left edge and its second ones end at one right edge; the short first beyt is broken too, unspread."""
    body = (
        "::: verse\nThe woods are lovely, dark and deep,\nBut I have promises to keep,\n"
        "Whose woods these are I think I know, his house is in the village though;\n"
        "He will not see me stopping here to watch his woods fill up with snow.\n:::\n"
    )
    path = project.source("frost.md", body, lang="en")
    (job,) = batch.build([path], project.root / "out")
    assert job.ok and job.output
    assert [w.split(": warning: ")[0] for w in map(str, job.warnings)] == [f"{path}:12"]
    lines = [pdfread.Run(line) for line in body_lines(job.output)]
    assert len(lines) == 4
    firsts, seconds = lines[0::2], lines[1::2]
    assert pdfread.content_text(job.output).count("The woods are lovely") == 1
    assert abs(firsts[0].x0 - firsts[1].x0) < 0.5, "one left edge"
    assert abs(seconds[0].x1 - seconds[1].x1) < 0.5, "one right edge"
    assert seconds[0].x0 > firsts[0].x0 + 20, "the second stands in from the left"
    natural = text_width("But I have promises to keep,", AMIRI) * verse.BODY_SIZE
    assert abs(seconds[0].width - natural) < 0.01 * natural, "as written, not spread"
