"""Kashida: where a word may stretch, and beyts filled to one width with it."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest

from tests import pdfread
from tests.conftest import Project
from typeset.kashida import TATWEEL, fill, points
from typeset.measure import word_width
from typeset.resources import FONTS_DIR

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
    filled = fill(text, natural + 1.0, width)
    assert filled.replace(TATWEEL, "") == text
    assert filled.count(TATWEEL) >= 3
    total = sum(width(w) for w in filled.split()) + width(" ") * 5
    assert natural < total <= natural + 1.0
    assert fill(text, natural, width) == text  # nothing to fill: nothing inserted


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


def test_seed_header_hemistichs_within_one_percent(built: dict[str, Path]) -> None:
    lines = pdfread.lines_in_font(built["2025-06-03-pakistan-diplomatic-reawakening"], "ts-Amiri")
    widths = [run.width for line in lines for run in pdfread.split_at_widest_gap(line)]
    assert max(widths) - min(widths) < 0.01 * max(widths)
    tatweels = [run.tatweels for line in lines for run in pdfread.split_at_widest_gap(line)]
    assert sum(tatweels) > 0, "the shorter hemistichs are stretched with kashida"


@pytest.mark.parametrize("size", list(POEMS))
def test_poems_hemistichs_within_one_percent(project: Project, size: str) -> None:
    path = project.source(f"{size}.md", POEMS[size], lang="fa-AF")
    code, _, err = project.run("build", str(path), "-o", str(project.root / "out"))
    assert code == 0, err
    pdf = project.root / "out" / f"{size}.pdf"
    runs = beyt_runs(pdf)
    assert len(runs) == POEMS[size].count("\n") // 2 - 1
    widths = [run.width for pair in runs for run in pair]
    assert max(widths) - min(widths) < 0.01 * max(widths), widths
    assert sum(run.tatweels for pair in runs for run in pair) > 0


def test_text_layer_and_metadata_never_see_an_inserted_tatweel(project: Project) -> None:
    path = project.source("poem.md", POEMS["medium"], lang="fa-AF")
    project.run("build", str(path), "-o", str(project.root / "out"))
    pdf = project.root / "out" / "poem.pdf"
    assert any(run.tatweels for pair in beyt_runs(pdf) for run in pair), "kashida is drawn"
    text = pdfread.text(pdf)  # poppler reads the /ActualText typeset gives the stretched words
    assert TATWEEL not in text
    for hemistich in ("توانا بود هر که دانا بود", "عجم زنده کردم بدین پارسی"):
        assert hemistich in text
    info = pypdf.PdfReader(pdf).metadata
    assert TATWEEL not in (info.title or "") + (info.author or "")
    assert TATWEEL not in path.read_text(encoding="utf-8")


def test_kashida_can_be_turned_off(project: Project) -> None:
    config = project.root / "publication.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "typography:\n  kashida: false\n", encoding="utf-8")
    path = project.source("poem.md", POEMS["medium"], lang="fa-AF")
    assert project.run("build", str(path), "-o", str(project.root / "out"))[0] == 0
    runs = beyt_runs(project.root / "out" / "poem.pdf")
    assert sum(run.tatweels for pair in runs for run in pair) == 0
    widths = [run.width for pair in runs for run in pair]
    assert max(widths) - min(widths) < 0.01 * max(widths), "spacing alone still fills the hemistichs"


def test_a_typed_tatweel_is_the_authors(project: Project) -> None:
    path = project.source("t.md", "کشـــور\n", lang="fa-AF")
    assert project.run("build", str(path), "-o", str(project.root / "out"))[0] == 0
    assert "کشـــور" in pdfread.text(project.root / "out" / "t.pdf")
