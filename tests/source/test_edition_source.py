"""Reading an edition file: the model it gives, and every problem reported at its line, all at once."""

from __future__ import annotations

import shutil
import textwrap
from datetime import date
from pathlib import Path

import pytest

from bench.make_edition import make_edition
from tests.conftest import DARI_SOURCE, INPUT, PASHTO_SOURCE, SEED_SOURCE
from typeset.errors import TypesetError
from typeset.model import LANGUAGES
from typeset.resources import FONTS_DIR
from typeset.source.edition import read_edition
from typeset.source.reader import read_article
from typeset.typography import fonts

GOOD = """\
title: Weekly
number: 24
date: 2025-06-14
language: fa-AF
sections:
  - section: dari
    articles:
      - ../2025-06-10-digital-libraries-dari.md
  - section: pashto
    articles:
      - ../2025-06-12-pashto-digital-future.md
"""
HEAD = "title: Weekly\nnumber: 24\ndate: 2025-06-14\nlanguage: fa-AF\n"
DARI = "../2025-06-10-digital-libraries-dari.md"
PASHTO = "../2025-06-12-pashto-digital-future.md"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An input folder (the house publication.yaml, the three articles, editions/), as the working directory,
    so that messages name ``editions/x.yaml`` as a user sees them."""
    root = tmp_path / "input"
    (root / "editions").mkdir(parents=True)
    for path in (INPUT / "publication.yaml", SEED_SOURCE, DARI_SOURCE, PASHTO_SOURCE):
        shutil.copy(path, root)
    monkeypatch.chdir(root)
    return root


def write(text: str, name: str = "x") -> Path:
    path = Path("editions") / f"{name}.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def errors_of(text: str) -> list[str]:
    """Each error's first line (``path:line:col: error: message``)."""
    with pytest.raises(TypesetError) as caught:
        read_edition(write(text))
    return [error.format().split("\n")[0] for error in getattr(caught.value, "errors", [caught.value])]


def error_of(text: str) -> str:
    """The one error of ``text``, with its hint line."""
    with pytest.raises(TypesetError) as caught:
        read_edition(write(text))
    assert not hasattr(caught.value, "errors"), caught.value.format()
    return caught.value.format()


# --- what a good edition gives ----------------------------------------------------------------------


def test_the_shipped_edition_gathers_the_three_articles_by_section() -> None:
    edition = read_edition(INPUT / "editions" / "weekly.yaml")
    assert [(entry.source, entry.section and entry.section.key) for entry in edition.entries] == [
        (DARI_SOURCE, "dari"),
        (PASHTO_SOURCE, "pashto"),
        (SEED_SOURCE, "european-languages"),
    ]
    assert [entry.location.line for entry in edition.entries] == [15, 18, 21]
    assert (edition.name, edition.title, edition.number, edition.date) == (
        "weekly",
        "هفته‌نامهٔ افغانستان آزاد",
        "24",
        date(2025, 6, 14),
    )
    assert (edition.lang, edition.direction, edition.trim, edition.profile, edition.impose) == (
        "fa-AF",
        "rtl",
        "A5",
        "screen",
        None,
    )
    assert edition.publication.path == INPUT / "publication.yaml"
    assert edition.note is not None and edition.note.startswith("خوانندگان گرامی")
    lines = (INPUT / "editions" / "weekly.yaml").read_text(encoding="utf-8").split("\n")
    assert lines[edition.note_line - 1].strip() == edition.note.split("\n")[0]
    fonts.check_coverage(FONTS_DIR, edition.publication.fonts, list(edition.texts), edition.direction)


def test_a_good_edition_and_its_defaults(folder: Path) -> None:
    edition = read_edition(write(GOOD))
    assert [entry.source for entry in edition.entries] == [folder / DARI[3:], folder / PASHTO[3:]]
    assert [entry.section.label_fa for entry in edition.entries if entry.section] == ["دری", "پښتو"]
    assert str(edition.entries[1].location) == "editions/x.yaml:11:9"
    # no trim: the publication's page size; no profile: screen
    assert (edition.trim, edition.profile, edition.impose, edition.note, edition.note_line) == (
        "A4",
        "screen",
        None,
        None,
        0,
    )
    assert [(text.value, str(text.location)) for text in edition.texts] == [
        ("Weekly", "editions/x.yaml:1:8"),
        ("24", "editions/x.yaml:2:9"),
    ]


def test_a_flat_list_of_articles_and_every_option(folder: Path) -> None:
    edition = read_edition(
        write(
            HEAD
            + "trim: 170mm 240mm\nprofile: print\nimpose: booklet\ndate_style: gregorian\n"
            + f"note: |\n  یادداشت *ویراستار*.\n\n  بند دوم.\narticles:\n  - {PASHTO}\n  - {folder / 'x' / '..' / DARI[3:]}\n"
        )
    )
    assert [(entry.source.name, entry.section) for entry in edition.entries] == [
        (PASHTO[3:], None),
        (DARI[3:], None),  # an absolute path inside the input folder is allowed
    ]
    assert (edition.trim, edition.profile, edition.impose, edition.date_style) == (
        "170mm 240mm",
        "print",
        "booklet",
        "gregorian",
    )
    assert edition.note == "یادداشت *ویراستار*.\n\nبند دوم.\n"
    assert edition.note_line == 10
    # the note's lines for the coverage check, each at its place in the file
    assert [(text.value, str(text.location)) for text in edition.texts[2:]] == [
        ("یادداشت *ویراستار*.", "editions/x.yaml:10:3"),
        ("بند دوم.", "editions/x.yaml:12:3"),
    ]


@pytest.mark.parametrize(("written", "kept"), [("24", "24"), ("024", "024"), ("'2025/3'", "2025/3"), ("3.10", "3.10")])
def test_the_number_is_kept_as_written(folder: Path, written: str, kept: str) -> None:
    assert read_edition(write(GOOD.replace("number: 24", f"number: {written}"))).number == kept


def test_bidi_overrides_in_the_title_become_closed_embeddings(folder: Path) -> None:
    edition = read_edition(write(GOOD.replace("title: Weekly", "title: Weekly \u202eabc")))
    assert edition.title == "Weekly \u202babc\u202c"


# --- every problem at its line --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # broken YAML: the parser's own located message
            HEAD + "articles: [../a.md\n",
            "editions/x.yaml:6:1: error: edition: expected ',' or ']', but got '<stream end>'",
        ),
        (
            "title: Weekly\nnumber: 24\n  date: 2025-06-14\n",
            "editions/x.yaml:3:7: error: edition: mapping values are not allowed here",
        ),
        (
            "- title\n- number\n",
            "editions/x.yaml:1:1: error: an edition must be a mapping of keys to values\n"
            "  hint: begin with title:, number:, date:, language:, then sections: or articles:",
        ),
        (
            GOOD.replace("language:", "lang:"),
            "editions/x.yaml:4:1: error: unknown key 'lang'\n  hint: did you mean 'language'?",
        ),
        (
            GOOD + "colour: red\n",
            "editions/x.yaml:12:1: error: unknown key 'colour'\n  hint: keys: title, number, date, language, trim, "
            "profile, impose, date_style, note, note_signature, sections, articles",
        ),
        (
            GOOD.replace("date: 2025-06-14\n", ""),
            "editions/x.yaml:1: error: missing key 'date'\n  hint: date: the date of the issue, YYYY-MM-DD",
        ),
        (
            GOOD.replace("title: Weekly", "title:"),
            "editions/x.yaml:1:1: error: 'title' is empty\n  hint: title: the edition's title, set on the cover",
        ),
        (
            GOOD.replace("2025-06-14", "2025-13-01"),
            "editions/x.yaml:3:7: error: invalid date '2025-13-01'\n  hint: it is read as Gregorian, which has months 01 to 12",
        ),
        (
            GOOD.replace("2025-06-14", "14.06.2025"),
            "editions/x.yaml:3:7: error: invalid date '14.06.2025'\n  hint: write dates as YYYY-MM-DD, Gregorian (2025-06-03) or Solar Hijri (1404-03-13, a year before 1700)",
        ),
        (
            GOOD.replace("fa-AF", "dari"),  # a language's name: its tag is meant
            "editions/x.yaml:4:11: error: unknown language 'dari'\n  hint: did you mean 'fa-AF'?",
        ),
        (
            GOOD.replace("fa-AF", "klingon"),
            "editions/x.yaml:4:11: error: unknown language 'klingon'\n  hint: languages: "
            + ", ".join(f"{tag} ({name})" for tag, name in LANGUAGES.items()),
        ),
        (
            GOOD + "profile: press\n",
            "editions/x.yaml:12:10: error: unknown profile 'press'\n  hint: profiles: screen (RGB, links live), "
            "print (PDF/X-4 with bleed and crop marks, for a print shop)",
        ),
        (
            GOOD + "impose: saddle\n",
            "editions/x.yaml:12:9: error: unknown imposition 'saddle'\n"
            "  hint: impose: booklet (a second file, pages in printing order for saddle stitching)",
        ),
        (
            GOOD + "date_style: lunar\n",
            "editions/x.yaml:12:13: error: date_style 'lunar' is not one of house, long, gregorian, solar-hijri",
        ),
        (
            GOOD + "trim: A9\n",
            "editions/x.yaml:12:7: error: trim 'A9' is not a page size\n  hint: A0 to A7, B4, B5, letter, legal or "
            "ledger (then portrait or landscape), or two lengths: 170mm 240mm",
        ),
        (
            GOOD + "trim: 60mm 80mm\n",
            "editions/x.yaml:12:7: error: trim '60mm 80mm' is 60 mm wide, less than A7's 74 mm\n"
            "  hint: pages go from A7 (74 × 105 mm) to A0 (841 × 1189 mm), either way round",
        ),
        (
            GOOD.replace("number: 24", "number: " + "x" * 201),
            "editions/x.yaml:2:9: error: 'number' is too long (201 characters; the limit is 200)",
        ),
        (
            GOOD.replace("number: 24", "number: [24]"),
            "editions/x.yaml:2:9: error: 'number' must be text or a number\n  hint: number: the issue's number, e.g. 24",
        ),
        (
            GOOD.replace("title: Weekly", "title: \u200c\u200f"),
            "editions/x.yaml:1:8: error: 'title' has no visible text",
        ),
        (
            GOOD.replace("section: pashto", "section: poetry"),
            "editions/x.yaml:9:14: error: unknown section 'poetry'\n"
            "  hint: sections of {root}/publication.yaml: european-languages, dari, pashto",
        ),
        (
            GOOD.replace("section: pashto", "section: 12"),
            "editions/x.yaml:9:14: error: unknown section '12'\n"
            "  hint: sections of {root}/publication.yaml: european-languages, dari, pashto",
        ),
        (
            GOOD.replace("  - section: pashto\n    articles:", "  - articles:"),
            "editions/x.yaml:9:5: error: this group has no 'section'\n  hint: a key of the publication's sections",
        ),
        (GOOD.replace(PASHTO, "../missing.md"), "editions/x.yaml:11:9: error: no such article: ../missing.md"),
        (
            GOOD.replace(PASHTO, "../../elsewhere.md"),
            "editions/x.yaml:11:9: error: article ../../elsewhere.md is outside the input folder {root}\n"
            "  hint: an edition gathers sources from the folder of its publication.yaml (nothing outside it is read)",
        ),
        (
            GOOD.replace(PASHTO, "/etc/hostname"),
            "editions/x.yaml:11:9: error: article /etc/hostname is outside the input folder {root}\n"
            "  hint: an edition gathers sources from the folder of its publication.yaml (nothing outside it is read)",
        ),
        (
            GOOD.replace(PASHTO, "../publication.yaml"),
            "editions/x.yaml:11:9: error: not an article source: ../publication.yaml\n"
            "  hint: articles are Markdown sources (.md, .markdown)",
        ),
        (
            GOOD.replace(PASHTO, ".."),
            "editions/x.yaml:11:9: error: not an article source: ..\n  hint: articles are Markdown sources (.md, .markdown)",
        ),
        (
            GOOD.replace(PASHTO, "42"),
            "editions/x.yaml:11:9: error: each article is a path to its source (text)\n  hint: e.g. ../2025-06-10-article.md",
        ),
        (  # a duplicate names the line of its first mention, across sections too
            GOOD.replace(PASHTO, "../x/../2025-06-10-digital-libraries-dari.md"),
            "editions/x.yaml:11:9: error: duplicate article: ../x/../2025-06-10-digital-libraries-dari.md "
            "(first listed at line 8)\n  hint: an article appears once in an edition",
        ),
        (
            GOOD.replace("section: pashto", "section: dari"),
            "editions/x.yaml:9:14: error: section 'dari' is listed twice (first at line 6)\n"
            "  hint: gather its articles under one entry",
        ),
        (
            HEAD,
            "editions/x.yaml:1: error: the edition has no articles\n"
            "  hint: list them under articles: (paths relative to the edition), or under sections:",
        ),
        (
            HEAD + "articles: []\n",
            "editions/x.yaml:5:1: error: the edition has no articles\n"
            "  hint: list them under articles: (paths relative to the edition), or under sections:",
        ),
        (
            GOOD.replace(f"    articles:\n      - {PASHTO}\n", ""),
            "editions/x.yaml:9:5: error: section 'pashto' lists no articles\n  hint: list its articles, or remove it",
        ),
        (
            GOOD.replace("    articles:\n      - ../2025-06-12", "    artciles:\n      - ../2025-06-12"),
            "editions/x.yaml:10:5: error: unknown key 'artciles'\n  hint: did you mean 'articles'?",
        ),
        (
            GOOD + f"articles: [{PASHTO}]\n",
            "editions/x.yaml:12:1: error: an edition lists 'sections' or 'articles', not both\n"
            "  hint: group every article under a section, or list them all under articles:",
        ),
        (
            GOOD.replace("Weekly", "Weekly\x1b"),
            "editions/x.yaml:1:14: error: control character U+001B (ESCAPE) in the text\n"
            "  hint: delete it, or replace it with a space or a line break (it has no glyph)",
        ),
    ],
)
def test_each_problem_at_its_line(folder: Path, text: str, expected: str) -> None:
    assert len(errors_of(text)) == 1, errors_of(text)
    assert error_of(text) == expected.format(root=folder)


def test_a_trim_too_small_for_the_publications_margins(folder: Path) -> None:
    config = Path("publication.yaml")
    config.write_text(config.read_text(encoding="utf-8").replace("18mm 18mm 20mm", "30mm"), encoding="utf-8")
    assert error_of(GOOD + "trim: A7\n") == (
        "editions/x.yaml:12:7: error: trim 'A7' with the publication's margins (30mm) leaves "
        "14 mm of the page's width (74 mm) for the text\n"
        "  hint: a larger trim, or a smaller page.margin in publication.yaml"
    )


def test_a_link_out_of_the_input_folder_is_outside(folder: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret.md"
    shutil.copy(DARI_SOURCE, outside)
    (folder / "inside.md").symlink_to(outside)
    assert errors_of(GOOD.replace(PASHTO, "../inside.md")) == [
        f"editions/x.yaml:11:9: error: article ../inside.md is outside the input folder {folder}"
    ]


def test_every_problem_is_reported_at_once_in_the_files_order(folder: Path) -> None:
    assert errors_of(
        """\
        title: Weekly
        number: 24
        date: 2025-02-30
        lang: fa-AF
        profile: press
        sections:
          - section: dari
            articles:
              - ../2025-06-10-digital-libraries-dari.md
              - ../missing.md
          - section: poetry
            articles:
              - ../2025-06-10-digital-libraries-dari.md
        """
    ) == [
        "editions/x.yaml:3:7: error: invalid date '2025-02-30'",
        "editions/x.yaml:4:1: error: unknown key 'lang'",  # once: not again as a missing 'language'
        "editions/x.yaml:5:10: error: unknown profile 'press'",
        "editions/x.yaml:10:9: error: no such article: ../missing.md",
        "editions/x.yaml:11:14: error: unknown section 'poetry'",
        "editions/x.yaml:13:9: error: duplicate article: ../2025-06-10-digital-libraries-dari.md (first listed at line 9)",
    ]
    assert errors_of(GOOD.replace("date: 2025-06-14\n", "").replace("language: fa-AF\n", "")) == [
        "editions/x.yaml:1: error: missing key 'date'",
        "editions/x.yaml:1: error: missing key 'language'",
    ]


def test_a_broken_publication_is_reported_with_the_editions_own_problems(folder: Path) -> None:
    config = Path("publication.yaml")
    line = len(config.read_text(encoding="utf-8").splitlines()) + 1
    with config.open("a", encoding="utf-8") as file:
        file.write("colour: red\n")
    assert errors_of(GOOD.replace("2025-06-14", "2025-06-31")) == [
        f"{folder}/publication.yaml:{line}:1: error: unknown key 'colour' in publication config",
        "editions/x.yaml:3:7: error: invalid date '2025-06-31'",
    ]


# --- the generated edition --------------------------------------------------------------------------


def test_the_generated_edition_reads(tmp_path: Path) -> None:
    path = make_edition(tmp_path / "big", articles=12)
    edition = read_edition(path)
    assert len(edition.entries) == 12
    assert [entry.section.key for entry in edition.entries if entry.section] == ["dari"] * 2 + ["pashto"] * 2 + [
        "european-languages"
    ] * 8
    langs = {entry.source.stem.split("-", 1)[1] for entry in edition.entries}
    assert langs == {"en", "de", "fr", "fa-AF", "ps"}
    assert edition.direction == "rtl"
    articles = [read_article(entry.source, edition.publication) for entry in edition.entries]
    assert {article.lang for article in articles} == {"en", "de", "fr", "fa-AF", "ps"}
    again = make_edition(tmp_path / "again", articles=12)
    assert again.read_bytes() == path.read_bytes()
    assert [p.read_bytes() for p in sorted((tmp_path / "big" / "articles").iterdir())] == [
        p.read_bytes() for p in sorted((tmp_path / "again" / "articles").iterdir())
    ]
