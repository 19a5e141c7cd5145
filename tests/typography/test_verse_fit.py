"""Verse as a reader checks it on the page: no glyph past the margin, beyts too wide for half the
column set broken (with a warning naming the line), one or two stretched words per hemistich,
the hemistichs of a beyt of one width; in Dari and Pashto, with English twins."""

from __future__ import annotations

import itertools
from pathlib import Path

import pdfplumber
import pytest

from tests import pdfread
from tests.conftest import SEED_SOURCE, Project
from typeset.jobs import batch
from typeset.typography import geometry, verse
from typeset.typography.kashida import TATWEEL

pytestmark = pytest.mark.slow  # renders PDFs

A4_SIDE = 18 * geometry.PT_PER_MM  # the house config's side margins
HEADER = ("چو کشور نباشد تن من مباد", "بدین بوم و بر زنده یک تن مباد")

GHAZAL = """\
::: verse
اگر آن ترک شیرازی به دست آرد دل ما را
به خال هندویش بخشم سمرقند و بخارا را
بده ساقی می باقی که در جنت نخواهی یافت
کنار آب رکن آباد و گلگشت مصلا را
:::
"""
PASHTO = """\
::: verse
د افغان په ننګ مې وتړله توره
ننګیالی د زمانې خوشال خټک یم
ګل دې کره چې سیمه دې ګلزار شي
ازغي مه کره په پښو کې به دې خار شي
:::
"""
ENGLISH = """\
::: verse
The woods are lovely, dark and deep,
But I have promises to keep,
:::
"""
# Whole beyts pasted on one line each: too wide for half an A4 column.
LONG = """\
Before.

::: verse
ز عشق ناتمام ما جمال یار مستغنی است به آب و رنگ و خال و خط چه حاجت روی زیبا را
من از آن حسن روزافزون که یوسف داشت دانستم که عشق از پرده عصمت برون آرد
:::
"""
LONG_ENGLISH = """\
::: verse
Whose woods these are I think I know, his house is in the village though, he will not see me
He will not see me stopping here to watch his woods fill up with snow, my little horse
:::
"""


PASHTO_FRONT = "title: ازموینه\nauthor: لیکوال\ndate: 2025-06-03\nlang: ps\nsection: pashto\n"


def build(project: Project, name: str, body: str, lang: str = "fa-AF") -> tuple[Path, str]:
    """(the PDF, the build's warnings, one a line)."""
    path = project.source(name, body, lang=lang, front=PASHTO_FRONT if lang == "ps" else None)
    (job,) = batch.build([path], project.root / "out")
    assert job.ok and job.output, [e.format() for e in job.errors]
    return job.output, "\n".join(map(str, job.warnings))


def hemistichs(line: list[dict]) -> list[pdfread.Run]:
    """The hemistichs drawn on one line, left to right: split where the gap between glyphs is a beyt's."""
    runs, current = [], [line[0]]
    for before, char in itertools.pairwise(line):
        if char["x0"] - before["x1"] > 20:
            runs.append(pdfread.Run(current))
            current = []
        current.append(char)
    return [*runs, pdfread.Run(current)]


def words(run: pdfread.Run) -> list[str]:
    """The words of a hemistich as drawn (glyph texts between the space glyphs), tatweels included."""
    found, word = [], ""
    for char in run.chars:
        if char["text"].isspace():
            found, word = [*found, word] if word else found, ""
        else:
            word += pdfread.drawn([char])  # a kashida reads as nothing: drawn, it is a tatweel
    return [*found, word] if word else found


def stretched(run: pdfread.Run) -> list[str]:
    return [word for word in words(run) if TATWEEL in word]


def letters(word: str) -> int:
    return sum(1 for char in word if char.isalpha() and char != TATWEEL)


def verse_lines(pdf: Path, skip_header: bool = True) -> list[list[pdfread.Run]]:
    """Each line of verse on page 1 as its hemistichs (after the verse header's two lines)."""
    lines = pdfread.lines_in_font(pdf, pdfread.VERSE_FACES)
    return [hemistichs(line) for line in lines[2 if skip_header else 0 :]]


def outside(pdf: Path, left: float = A4_SIDE, right: float = A4_SIDE) -> list[str]:
    """The glyphs of every page drawn past the side margins."""
    found = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            found += [c["text"] for c in page.chars if c["x0"] < left - 0.5 or c["x1"] > page.width - right + 0.5]
    return found


def assert_calligraphic(run: pdfread.Run) -> None:
    """At most two words stretched, none of one or two letters."""
    found = stretched(run)
    assert len(found) <= 2, found
    assert all(letters(word) >= 3 for word in found), found


def test_the_verse_header_stretches_as_a_calligrapher(built: dict[str, Path]) -> None:
    """Spaces first, then one word; «مباد», the radif of both hemistichs of the first beyt, is balanced
    between them (one tatweel at most apart: not three here and one there)."""
    pdf = built[SEED_SOURCE.stem]
    lines = [hemistichs(line) for line in pdfread.lines_in_font(pdf, "ts-Amiri")[:2]]
    assert all(len(line) == 2 for line in lines), "two beyts, side by side"
    runs = [run for line in lines for run in line]
    for run in runs:
        assert len(stretched(run)) <= 1, words(run)
        assert_calligraphic(run)
    widths = [run.width for run in runs]
    assert max(widths) - min(widths) < 0.01 * max(widths), widths
    left, right = lines[0]
    assert right.letters == pdfread.letters(HEADER[0]), "«نباشد», on the right"
    assert [word.replace(TATWEEL, "") for word in stretched(right)] == ["دابم"], "«مباد» alone: the last word"
    assert [right.tatweels, left.tatweels] == [1, 0], "balanced: one tatweel, not three and one"
    assert HEADER[0] in pdfread.text(pdf), "the text layer reads the words as written"


@pytest.mark.parametrize("poem", [GHAZAL, PASHTO], ids=["dari", "pashto"])
def test_a_poem_stretches_at_most_two_words_per_hemistich(project: Project, poem: str) -> None:
    pdf, err = build(project, "poem.md", poem, lang="fa-AF" if poem is GHAZAL else "ps")
    assert "warning" not in err, err
    lines = verse_lines(pdf)
    assert len(lines) == 2 and all(len(line) == 2 for line in lines), "two beyts, side by side"
    runs = [run for line in lines for run in line]
    for run in runs:
        assert_calligraphic(run)
    assert any(stretched(run) for run in runs)
    widths = [run.width for run in runs]
    assert max(widths) - min(widths) < 0.01 * max(widths), widths
    assert not outside(pdf)
    text = pdfread.normalize(pdfread.text(pdf)).replace(" ", "")  # poppler parts some words (گ لگشت)
    for line in poem.splitlines()[1:-1]:
        assert line.replace(" ", "") in text, "copy and search find the letters as written, without tatweels"


def test_the_last_word_is_preferred(project: Project) -> None:
    """«چو کشور نباشد تن من مباد» is short of its partner by more than its spaces take: «مباد» takes kashida."""
    pdf, _ = build(project, "p.md", "::: verse\nچو کشور نباشد تن من مباد\nاز آن به که کشور به دشمن دهیم\n:::\n")
    ((left, right),) = verse_lines(pdf)
    assert [word.replace(TATWEEL, "") for word in stretched(right)] == ["دابم"], words(right)  # drawn left to right
    assert not stretched(left)
    assert abs(left.width - right.width) < 0.01 * right.width


def test_a_hemistich_too_wide_for_half_the_column_is_set_broken(project: Project) -> None:
    pdf, err = build(project, "long.md", LONG)
    assert err.splitlines() == [  # the front matter's 7 lines, a blank line, "Before.", a blank line, "::: verse"
        f"{project.root / 'long.md'}:12: warning: hemistich too wide for half the column "
        "(136.4 mm wide, half the column is 80.4 mm): its beyt is set broken, on two lines"
    ]
    assert not outside(pdf), "no glyph past the margin"
    first, second = verse_lines(pdf)
    assert len(first) == len(second) == 1, "one hemistich a line"
    assert first[0].x0 > second[0].x0 and first[0].x1 > second[0].x1, "the first at the right, the second stands in"
    assert abs(first[0].width - second[0].width) < 0.01 * first[0].width, "one width"
    with pdfplumber.open(pdf) as document:
        page = document.pages[0]
    assert first[0].x1 <= page.width - A4_SIDE and second[0].x0 >= A4_SIDE


def test_an_english_broken_beyt_starts_on_the_left(project: Project) -> None:
    pdf, err = build(project, "long.md", LONG_ENGLISH, lang="en")
    assert f"{project.root / 'long.md'}:10: warning: hemistich too wide for half the column" in err
    assert not outside(pdf)
    with pdfplumber.open(pdf) as document:
        chars = [c for c in document.pages[0].chars if c["fontname"].endswith("Amiri")]
    lines = pdfread.lines_in_font(pdf, "ts-Amiri")[2:]
    assert chars and len(lines) == 2
    first, second = (pdfread.Run(line) for line in lines)
    assert "".join(c["text"] for c in first.chars).startswith("Whose")
    assert first.x0 < second.x0 and first.x1 < second.x1, "the first on the left, the second stands in from it"


def test_english_verse_runs_left_to_right_in_any_article(project: Project) -> None:
    for lang in ("en", "fa-AF"):
        pdf, _ = build(project, f"e-{lang}.md", ENGLISH, lang=lang)
        ((left, right),) = verse_lines(pdf)
        assert "".join(c["text"] for c in left.chars).startswith("The"), "the first hemistich on the left"
        assert "".join(c["text"] for c in left.chars).endswith("deep,"), "its comma at its end"
        assert "".join(c["text"] for c in right.chars).startswith("But")
        assert abs(left.width - right.width) < 0.01 * left.width


def small_page(project: Project, margin: str) -> str:
    """The house publication on A6 with ``margin``: its config text."""
    config = project.root / "publication.yaml"
    text = (
        config.read_text(encoding="utf-8")
        .replace("size: A4", "size: A6")
        .replace("margin: 18mm 18mm 20mm", f"margin: {margin}")
    )
    config.write_text(text, encoding="utf-8")
    return text


def test_a_column_too_narrow_for_a_broken_beyt_sets_two_lines(project: Project) -> None:
    small_page(project, "12mm")
    pdf, err = build(project, "long.md", LONG)
    side = 12 * geometry.PT_PER_MM
    assert "long.md:12: warning: hemistich too wide for a broken beyt" in err
    assert "its beyt is set as two lines, wrapped" in err
    assert not outside(pdf, side, side), "the long hemistich wraps inside the column"
    lines = [pdfread.Run(line) for line in pdfread.lines_in_font(pdf, "ts-Amiri", page=1)]
    assert len(lines) == 4, "each hemistich on lines of its own, wrapped"
    with pdfplumber.open(pdf) as document:
        right = document.pages[1].width - side
    assert abs(lines[0].x1 - right) < 1 and abs(lines[1].x1 - right) < 1, "the first at the start side"
    assert lines[2].x1 < right - 30, "the second a gap in from it"


def test_the_verse_header_warns_at_its_config_line_on_a_small_page(project: Project) -> None:
    text = small_page(project, "12mm")  # too narrow for the header's beyts side by side even at 10 pt, 2 em apart
    pdf, err = build(project, "a.md", "متن.\n")
    number = next(n for n, line in enumerate(text.splitlines(), 1) if "نباشد" in line)
    assert f"{project.root / 'publication.yaml'}:{number}:" in err and "its beyt is set broken, on two lines" in err
    assert not outside(pdf, 12 * geometry.PT_PER_MM, 12 * geometry.PT_PER_MM)
    lines = pdfread.lines_in_font(pdf, "ts-Amiri")
    assert len(lines) == 4 and all(len(hemistichs(line)) == 1 for line in lines), "each hemistich on its own line"


def test_a_narrow_page_sets_the_verse_header_smaller_not_broken(project: Project) -> None:
    """On A5 the house couplet does not stand side by side at 14 pt: it is set smaller, as beyts."""
    config = project.root / "publication.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("size: A4", "size: A5"), encoding="utf-8")
    pdf, err = build(project, "p.md", "Text.\n")
    assert "warning" not in err
    header = pdfread.lines_in_font(pdf, pdfread.VERSE_FACES)[:2]
    for line in header:
        left, right = pdfread.split_at_widest_gap(line)
        assert abs(left.width - right.width) < 0.02 * right.width and left.x1 < right.x0
    (size,) = {round(c["size"], 2) for line in header for c in line}
    assert verse.HEADER_MIN_SIZE <= size < verse.HEADER_SIZE


def test_a_header_hemistich_too_long_even_small_is_set_broken_and_said(project: Project) -> None:
    config = project.root / "publication.yaml"
    long = "چو کشور نباشد تن من مباد " * 3  # too wide for half the column even at 10 pt
    text = config.read_text(encoding="utf-8").replace("[چو کشور نباشد تن من مباد,", f"[{long.strip()},")
    config.write_text(text, encoding="utf-8")
    _, err = build(project, "p.md", "Text.\n")
    assert f"{config}:8:" in err and "warning: hemistich too wide for half the column" in err
