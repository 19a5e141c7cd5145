"""Kashida: where a word may stretch, and beyts filled to one width with it."""

from __future__ import annotations

import itertools
from pathlib import Path

import pypdf
import pytest

from tests import pdfread
from tests.conftest import Project
from typeset.jobs.batch import build
from typeset.resources import FONTS_DIR
from typeset.source.config import load_publication
from typeset.typography.kashida import GRADE, MAX_PER_WORD, SPACE_LIMIT, SPACE_MOST, TATWEEL, fill, points, preferred
from typeset.typography.measure import text_width, word_width
from typeset.typography.verse import box, column, pair, set_poem

AMIRI = FONTS_DIR / "Amiri-Regular.ttf"


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("کشور", [(2, 8)]),  # after a medial seen-family letter (ش)
        ("مباد", [(2, 6)]),  # before a final alef
        ("بدین", [(1, 7), (3, 3)]),  # before a final dal; before a final noon
        ("بیر", [(1, 5), (2, 3)]),  # before a medial beh-shape followed by a final reh
        ("سلام", [(1, 8)]),  # never inside lam-alef (ل + ا)
        ("لا", []),
        ("سَلام", []),  # never beside a diacritic mark
        ("می\u200cشود", [(4, 8), (1, 3)]),  # the ZWNJ ends the first part: ی is final there
        ("ښځه", [(1, 8), (2, 7)]),  # Pashto letters join like their Arabic cousins
        ("و", []),
        ("JF-17", []),
    ],
)
def test_kashida_points(word: str, expected: list[tuple[int, int]]) -> None:
    assert points(word) == expected


def test_fill_never_passes_the_target_and_keeps_the_letters() -> None:
    def width(word: str) -> float:
        return word_width(word, AMIRI)

    text = "چو کشور نپاشد تن من مباد"
    natural = sum(width(w) for w in text.split()) + width(" ") * 5
    filled = fill(text, natural + 2.0, width)
    assert filled.replace(TATWEEL, "") == text
    assert filled.count(TATWEEL) >= 3
    total = sum(width(w) for w in filled.split()) + width(" ") * 5
    assert natural < total <= natural + 2.0 - 5 * SPACE_LIMIT, "the spaces' share is left to them"
    assert fill(text, natural, width) == text  # nothing to fill: nothing inserted


def stretched(text: str) -> list[str]:
    return [word for word in text.split() if TATWEEL in word]


def natural(text: str) -> float:
    return text_width(text, AMIRI)


def test_fill_stretches_the_last_word_when_one_is_enough() -> None:
    text = "چو کشور نباشد تن من مباد"
    filled = fill(text, natural(text) + 2.0, lambda word: word_width(word, AMIRI))
    assert stretched(filled) == ["مبــــاد"], filled
    assert natural(filled) <= natural(text) + 2.0


def test_the_spaces_come_first_within_their_limit() -> None:
    """A hemistich short by no more than its spaces may widen takes no kashida at all."""
    text = "چو کشور نباشد تن من مباد"  # five gaps
    width = lambda word: word_width(word, AMIRI)  # noqa: E731
    assert fill(text, natural(text) + 5 * SPACE_LIMIT, width) == text
    assert stretched(fill(text, natural(text) + 5 * SPACE_LIMIT + 0.4, width)) == ["مبــاد"]


@pytest.mark.parametrize("extra", [0.4, 1.0, 2.0, 3.0, 6.0])
def test_fill_stretches_one_word_and_a_second_only_shorter(extra: float) -> None:
    for text in ("بنی آدم اعضای یکدیگرند", "همه سر به سر تن به کشتن دهیم", "د افغان په ننګ مې وتړله توره"):
        filled = fill(text, natural(text) + extra, lambda word: word_width(word, AMIRI))
        assert filled.replace(TATWEEL, "") == text
        found = stretched(filled)
        assert len(found) <= (1 if extra <= 2.0 else 2), filled
        assert all(len(word.replace(TATWEEL, "")) >= 3 for word in found), filled
        assert all(word.count(TATWEEL) <= MAX_PER_WORD for word in found)
        counts = sorted((word.count(TATWEEL) for word in found), reverse=True)
        assert all(a - b >= GRADE for a, b in itertools.pairwise(counts)), "graded, never two equal strokes"
        assert natural(filled) <= natural(text) + extra


def test_a_second_word_only_when_the_spaces_would_take_too_much() -> None:
    text = "بنی آدم اعضای یکدیگرند"  # three gaps
    width = lambda word: word_width(word, AMIRI)  # noqa: E731
    assert stretched(fill(text, natural(text) + 0.5, width)) == [], "the spaces take 0.5 em"
    assert len(stretched(fill(text, natural(text) + 2.1, width))) == 1
    two = fill(text, natural(text) + 3.0, width)  # one word of six tatweels leaves the spaces more than SPACE_MOST
    assert [word.count(TATWEEL) for word in two.split()] == [0, 0, 4, 6], two
    assert (natural(text) + 3.0 - natural(two)) / 3 <= SPACE_MOST


def test_the_line_above_is_never_stretched_the_same() -> None:
    """A stroke between the same letters on the line above (a radif's «هـا»): another word takes the kashida,
    or the stroke another length."""
    text = "چو کشور نباشد تن من مباد"
    width = lambda word: word_width(word, AMIRI)  # noqa: E731
    alone = fill(text, natural(text) + 2.0, width)
    assert stretched(alone) == ["مبــــاد"]
    below = fill(text, natural(text) + 2.0, width, above={"با": 4})
    assert [word.replace(TATWEEL, "") for word in stretched(below)] == ["نباشد"], below
    only = "به تن من مباد"  # no other word of three letters
    assert stretched(fill(only, natural(only) + 2.0, width)) == ["مبــــــاد"]
    assert stretched(fill(only, natural(only) + 2.0, width, above={"با": 6})) == ["مبـــــاد"], "one less"
    assert stretched(fill(only, natural(only) + 2.0, width, above={"دا": 6})) == ["مبــــــاد"], "other letters"


def test_words_of_one_or_two_letters_are_never_stretched() -> None:
    assert fill("به تن من", 20.0, lambda word: word_width(word, AMIRI)) == "به تن من"
    assert preferred(["چو", "کشور", "نباشد", "تن", "من", "مباد"]) == [
        5,
        2,
        1,
    ]  # the last, then the seen (ش) points, the later first


def test_an_authors_tatweel_counts_as_the_stretched_word() -> None:
    text = "کشـــور نباشد تن من مباد"
    filled = fill(text, natural(text) + 3.0, lambda word: word_width(word, AMIRI))
    assert filled.split()[0] == "کشـــور", "not one more in the author's word"
    assert stretched(fill(text, natural(text) + 1.0, lambda word: word_width(word, AMIRI))) == ["کشـــور"], (
        "no other: it is the hemistich's stretched word"
    )
    assert stretched(filled) == ["کشـــور", "مبـاد"], "a second where the spaces would pass their most, shorter"


def test_typed_tatweels_are_removed_only_when_asked(project: Project) -> None:
    beyt = ("کشـــور نباشد تن من مباد", "بدین بوم و بر زنده یک تن مباد")
    kept = set_poem([[beyt]], AMIRI).stanzas[0][0].hemistichs[0]
    assert kept.text.startswith("کشـــور ") and kept.natural == pytest.approx(natural(beyt[0]))
    removed = set_poem([[beyt]], AMIRI, keep_typed=False).stanzas[0][0].hemistichs[0]
    assert removed.natural == pytest.approx(natural("کشور نباشد تن من مباد"))
    assert removed.source == beyt[0] and len(stretched(removed.text)) <= 2
    config = project.root / "publication.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "typography:\n  typed_kashida: drop\n", encoding="utf-8")
    code, _, err = project.run("check", str(project.source("a.md")))
    line = len(config.read_text(encoding="utf-8").splitlines())
    assert code == 1
    assert f"{config}:{line}:18: error: typography.typed_kashida 'drop' is not one of keep, remove" in err


def test_a_stanza_far_narrower_than_its_poem_keeps_its_own_width() -> None:
    hafez = ("اگر آن ترک شیرازی به دست آرد دل ما را", "به خال هندویش بخشم سمرقند و بخارا را")
    saadi = ("بنی آدم اعضای یکدیگرند", "که در آفرینش ز یک گوهرند")  # 10.07 em: under 80% of 14.46
    ferdowsi = ("همه سر به سر تن به کشتن دهیم", "از آن به که کشور به دشمن دهیم")  # 10.79 em
    poem = set_poem([[hafez], [saadi]], AMIRI)
    widths = [stanza[0].hemistichs[0].width for stanza in poem.stanzas]
    assert widths[0] == pytest.approx(box(natural(hafez[0]))) and widths[1] == pytest.approx(box(natural(saadi[1])))
    poem = set_poem([[saadi], [ferdowsi]], AMIRI)  # within a fifth of each other: one width
    assert {stanza[0].hemistichs[0].width for stanza in poem.stanzas} == {box(natural(ferdowsi[1]))}


@pytest.mark.slow  # renders PDFs
def test_a_quote_narrows_the_column(project: Project) -> None:
    """A beyt that fits the page's column is set smaller three quotes in (each takes INSET_PT), and
    broken five in, where even the least size and gap are too wide."""
    beyt = "::: verse\nاگر آن ترک شیرازی به دست آرد دل ما را\nبه خال هندویش بخشم سمرقند و بخارا را\n:::\n"
    publication = load_publication(project.root / "publication.yaml")
    for insets, kind, size in ((0, "beyt", 0.0), (3, "beyt", 12.25), (5, "broken", 0.0)):
        poem = set_poem([pair(beyt.splitlines()[1:3])], AMIRI, measure=column(publication, 12.5, insets))
        assert (poem.stanzas[0][0].kind, poem.size) == (kind, size)
    (job,) = build(
        [project.source("q.md", "> > > > > " + beyt.replace("\n", "\n> > > > > "), lang="fa-AF")], project.root / "o"
    )
    assert job.ok and [w.message.split(" (")[0] for w in job.warnings] == ["hemistich too wide for half the column"]


POEMS = {
    "short": "::: verse\nبنی آدم اعضای یکدیگرند\nکه در آفرینش ز یک گوهرند\n:::\n",
    "medium": (
        "::: verse\nتوانا بود هر که دانا بود\nز دانش دل پیر برنا بود\n"
        "بسی رنج بردم در این سال سی\nعجم زنده کردم بدین پارسی\n:::\n"
    ),
    "long": (
        "::: verse\nاگر آن ترک شیرازی به دست آرد دل ما را\nبه خال هندویش بخشم سمرقند و بخارا را\n"
        "بده ساقی می باقی که در جنت نخواهی یافت\nکنار آب رکن آباد و گلگشت مصلا را\n"
        "فغان کاین لولیان شوخ شیرین کار شهرآشوب\nچنان بردند صبر از دل که ترکان خوان یغما را\n:::\n"
    ),
}


def beyt_runs(pdf: Path) -> list[tuple[pdfread.Run, pdfread.Run]]:
    """Every beyt in the body (after the verse header): (left hemistich, right hemistich)."""
    lines = [line for line in pdfread.lines_in_font(pdf, "ts-Amiri") if len(line) > 4]
    return [pdfread.split_at_widest_gap(line) for line in lines[2:]]


@pytest.mark.slow  # renders PDFs (the shipped samples, once a session)
def test_seed_header_hemistichs_within_one_percent(built: dict[str, Path]) -> None:
    lines = pdfread.lines_in_font(built["2025-06-03-pakistan-diplomatic-reawakening"], "ts-Amiri")
    widths = [run.width for line in lines for run in pdfread.split_at_widest_gap(line)]
    assert max(widths) - min(widths) < 0.01 * max(widths)
    tatweels = [run.tatweels for line in lines for run in pdfread.split_at_widest_gap(line)]
    assert sum(tatweels) > 0, "the shorter hemistichs are stretched with kashida"


@pytest.mark.slow  # renders PDFs
@pytest.mark.parametrize("size", list(POEMS))
def test_poems_hemistichs_within_one_percent(project: Project, size: str) -> None:
    path = project.source(f"{size}.md", POEMS[size], lang="fa-AF")
    code, _, err = project.run("build", str(path), "-o", str(project.root / "out"))
    assert code == 0, err
    pdf = project.root / "out" / f"{size}.pdf"
    runs = beyt_runs(pdf)
    assert len(runs) == POEMS[size].count("\n") // 2 - 1
    widths = [run.width for beyt in runs for run in beyt]
    assert max(widths) - min(widths) < 0.01 * max(widths), widths
    assert sum(run.tatweels for beyt in runs for run in beyt) > 0
    for run in (run for beyt in runs for run in beyt):  # words: glyphs between the space glyphs
        drawn = pdfread.drawn(run.chars).split()
        assert len([word for word in drawn if TATWEEL in word]) <= 2, drawn


@pytest.mark.slow  # renders PDFs
def test_text_layer_and_metadata_never_see_an_inserted_tatweel(project: Project) -> None:
    path = project.source("poem.md", POEMS["medium"], lang="fa-AF")
    project.run("build", str(path), "-o", str(project.root / "out"))
    pdf = project.root / "out" / "poem.pdf"
    assert any(run.tatweels for pair in beyt_runs(pdf) for run in pair), "kashida is drawn"
    text = pdfread.text(pdf)  # the tatweels typeset inserted read as nothing
    assert TATWEEL not in text
    for hemistich in ("توانا بود هر که دانا بود", "عجم زنده کردم بدین پارسی"):
        assert hemistich in text
    info = pypdf.PdfReader(pdf).metadata
    assert TATWEEL not in (info.title or "") + (info.author or "")
    assert TATWEEL not in path.read_text(encoding="utf-8")


@pytest.mark.slow  # renders PDFs
def test_kashida_can_be_turned_off(project: Project) -> None:
    config = project.root / "publication.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "typography:\n  kashida: false\n", encoding="utf-8")
    path = project.source("poem.md", POEMS["medium"], lang="fa-AF")
    assert project.run("build", str(path), "-o", str(project.root / "out"))[0] == 0
    runs = beyt_runs(project.root / "out" / "poem.pdf")
    assert sum(run.tatweels for pair in runs for run in pair) == 0
    widths = [run.width for pair in runs for run in pair]
    assert max(widths) - min(widths) < 0.01 * max(widths), "spacing alone still fills the hemistichs"


@pytest.mark.slow  # renders PDFs
def test_a_typed_tatweel_is_the_authors(project: Project) -> None:
    path = project.source("t.md", "کشـــور\n", lang="fa-AF")
    assert project.run("build", str(path), "-o", str(project.root / "out"))[0] == 0
    assert "کشـــور" in pdfread.text(project.root / "out" / "t.pdf")
