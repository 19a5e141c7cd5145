"""typeset import, case by case: old text stays text, dates as pages write them, fields the text
lacks, verse as poets wrote it, a PDF's own text."""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from pathlib import Path

import pytest

from tests import pdfread
from tests.conftest import INPUT, Project
from typeset.importer import Defaults, import_text
from typeset.importer.dates import file_name_date, first_date, whole_date
from typeset.importer.pages import remove_furniture
from typeset.jobs.batch import build
from typeset.jobs.job import prepare
from typeset.source.config import load_publication

PUBLICATION = load_publication(INPUT / "publication.yaml")
TOP = "Old Page\n\nBy: A. Writer\n\n03.06.2025\n\n"

# Every line is a paragraph of an old page that Markdown, HTML or the containers would read as markup.
LEGACY = [
    "[1]: https://www.example.org/reference",
    "**not bold** and 2*3*4 and snake_case_name and __init__",
    "AT&amp;T and &copy; and &#1234; stay as written",
    "---",
    "[click](file:///etc/passwd) and ![img](/etc/passwd)",
    "# not a heading",
    "> not a quote",
    "- not a list item",
    "+ not a list item either",
    "1. not a numbered item",
    "| a | b |",
    ":::",
    "::: verse",
    "<b>not bold</b> and <script>alert(1)</script> and <https://example.org>",
    "`not code` and ~~not struck~~ and a trailing backslash \\",
    "www.example.org and someone@example.org and https://example.org/a_b?c=d",
    "[^1] is not a footnote",
    "===",
]


def legacy_source(tmp_path: Path) -> Path:
    text = TOP + "\n\n".join(LEGACY) + "\n\nThe last paragraph ends here.\n"
    source = tmp_path / "legacy.md"
    source.write_text(import_text(text, tmp_path / "legacy.txt", PUBLICATION).text, encoding="utf-8")
    (tmp_path / "publication.yaml").write_text((INPUT / "publication.yaml").read_text(encoding="utf-8"))
    return source


def test_legacy_markup_is_text_in_the_html(tmp_path: Path) -> None:
    job = prepare(legacy_source(tmp_path))
    assert not job.errors, [error.format() for error in job.errors]
    assert job.article
    html = job.article.body_html
    for tag in ("<a ", "<img", "<h1", "<hr", "<li", "<ol", "<ul", "<table", "<blockquote", "<em", "<strong"):
        assert tag not in html, tag
    for tag in ("<del", "<code", "<b>", "<script", "<sup", 'class="verse"'):
        assert tag not in html, tag
    assert "AT&amp;amp;T" in html  # the page's own "&amp;", printed as it was written
    # A heading is only a short line import took as one (said in a note), and it is set as written.
    for heading in re.findall(r"<h2[^>]*>(.*?)</h2>", html):
        assert unescape(re.sub("<[^>]+>", "", heading)) in LEGACY  # its last two words tied in a span (issue 24)
    assert "# not a heading" in unescape(html) and "&gt; not a quote" in html


@pytest.mark.slow  # renders PDFs
def test_legacy_markup_prints_as_written(tmp_path: Path) -> None:
    (job,) = build([legacy_source(tmp_path)], tmp_path / "out")
    assert job.ok and job.output, [error.format() for error in job.errors]
    printed = pdfread.normalize(pdfread.content_text(job.output))
    for line in LEGACY:
        assert pdfread.normalize(line) in printed, line
    assert "/Link" not in job.output.read_bytes().decode("latin-1")  # nothing became a link


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("۱۵ دسامبر ۲۰۱۴", date(2014, 12, 15)),  # Gregorian, a Dari page's month name
        ("۱۷ فبروری٢٠٠۶", date(2006, 2, 17)),  # glued, Persian and Arabic-Indic digits in one date
        ("۲۱ جنوري ۲۰۲۳", date(2023, 1, 21)),  # Pashto's spelling
        ("۵ سېپتمبر ۲۰۲۰", date(2020, 9, 5)),
        ("۱۲/نوامبر /۱۹۹۴", date(1994, 11, 12)),
        ("۳ جون ۲۰۲۵", date(2025, 6, 3)),
        ("۲ می ۲۰۲۰", date(2020, 5, 2)),
        ("۱۳ جوزا ۱۴۰۴", date(2025, 6, 3)),  # Solar Hijri, Afghan names
        ("۵ حوت ۱۳۹۸", date(2020, 2, 24)),
        ("۱۳ غبرګولی ۱۴۰۴", date(2025, 6, 3)),  # Pashto names
        ("۱۳ غبرگولي ۱۴۰۴", date(2025, 6, 3)),  # ... as a keyboard without ګ types them
        ("۱۳ خرداد ۱۴۰۴", date(2025, 6, 3)),  # Iranian names
        ("13 Jawza 1404", None),  # not a name pages use in Latin letters: not a date
        ("١٣/٠٣/١٤٠٤", date(2025, 6, 3)),  # Arabic-Indic digits, a Solar year
        ("15.Aug.2022", date(2022, 8, 15)),
        ("9 août 2021", date(2021, 8, 9)),
        ("3. Juni 2025", date(2025, 6, 3)),
        ("June 02, 2025", date(2025, 6, 2)),
    ],
)
def test_dates_as_pages_write_them(written: str, day: date | None) -> None:
    found = whole_date(written)
    assert (found.day if found else None) == day
    if found:
        assert found.written == written
        glued = first_date(f"نوشته شده در{written}و نشر شد")  # glued to the words on either side
        assert glued is not None and glued.day == day


def test_dates_in_file_names() -> None:
    for name in ("2014-12-15-kabul", "kabul_20141215", "k-15.12.2014"):
        found = file_name_date(name)
        assert found is not None and found.day == date(2014, 12, 15) and found.written in name
    assert file_name_date("article-2") is None and file_name_date("2014-13-45") is None


def notes_of(text: str, name: str = "a.txt", defaults: Defaults | None = None) -> tuple[str, list[str]]:
    imported = import_text(text, Path(name), PUBLICATION, defaults=defaults)
    return imported.text, [f"{line}: {note}" for line, note in imported.notes]


def test_the_date_comes_from_the_file_name_then_the_first_lines_then_the_option_then_the_body() -> None:
    text = "A Title\n\nFirst paragraph, long enough to be one, written on a day.\n"
    source, notes = notes_of(text, "2014-12-15-a.txt", Defaults(date=date(2001, 1, 1)))
    assert "date: 2014-12-15  # from the file name, 2014-12-15" in source
    assert "1: took the date 2014-12-15 from the file name (2014-12-15)" in notes
    glued = "[۱۷ فبروری٢٠٠۶]خبر تازه\n\nمتن خبر در این‌جا می‌آید و ادامه دارد.\n"
    source, notes = notes_of(glued, defaults=Defaults(date=date(2001, 1, 1)))
    assert "date: 2006-02-17  # from line 1, ۱۷ فبروری٢٠٠۶" in source
    assert "title: '[۱۷ فبروری٢٠٠۶]خبر تازه'" in source  # the line stays where it was: the title
    deep = "A Title\n\n" + "Some paragraph here.\n\n" * 6 + "It happened on 9 August 2021 in Kabul.\n"
    assert "date: 2001-01-01  # from --date" in notes_of(deep, defaults=Defaults(date=date(2001, 1, 1)))[0]
    source, notes = notes_of(deep)
    assert "date: 2021-08-09  # from line 15, 9 August 2021" in source
    assert "15: took the date 2021-08-09 from this line (9 August 2021)" in notes


def test_options_give_what_the_text_lacks(project: Project, tmp_path: Path) -> None:
    text = tmp_path / "t.txt"
    text.write_text("A paragraph of a Dari article, saved without a title, an author or a date.\n", encoding="utf-8")
    code, out, err = project.run(
        "import", "--dry-run", "--author", "فریده نوری", "--date", "2014-12-15", "--section", "dari", "--lang", "fa-AF",
        str(text),
    )  # fmt: skip
    assert code == 0, err
    assert "author: فریده نوری  # from --author\ndate: 2014-12-15  # from --date\nlang: fa-AF\nsection: dari\n" in out
    assert err.rstrip().endswith("1 of 1 texts read, 1 need a title")
    code, _, err = project.run("import", "--dry-run", "--date", "15.12.2014", str(text))
    assert code == 2 and "'15.12.2014' is not a date written YYYY-MM-DD" in err
    code, _, err = project.run("import", "--dry-run", "--section", "poetry", str(text))
    assert code == 2 and "'poetry' is not a section of the publication" in err
    code, _, err = project.run("import", "--dry-run", "--lang", "xx", str(text))
    assert code == 2


def verse_of(source: str) -> list[list[str]]:
    return [block.strip().split("\n") for block in re.findall(r"::: verse\n(.*?):::", source, re.S)]


def test_a_couplet_already_on_two_lines_is_never_split_again() -> None:
    # Hafez: hemistichs of eight words (29 and 30 letters), each on its line.
    poem = "الا یا ایها الساقی ادر کأسا و ناولها\nکه عشق آسان نمود اول ولی افتاد مشکل‌ها\n"
    assert verse_of(notes_of(TOP + poem)[0]) == [poem.strip().split("\n")]
    # ... and a long line among short ones is a couplet on one line (Saadi), split where it balances.
    mixed = "بنی آدم اعضای یکدیگرند\nکه در آفرینش ز یک گوهرند\nچو عضوی به درد آورد روزگار دگر عضوها را نماند قرار\n"
    assert verse_of(notes_of(TOP + mixed)[0]) == [
        ["بنی آدم اعضای یکدیگرند", "که در آفرینش ز یک گوهرند", "چو عضوی به درد آورد روزگار", "دگر عضوها را نماند قرار"]
    ]


@pytest.mark.parametrize("gap", ["\t", "   ", "      "])
def test_a_pashto_couplet_on_one_line_is_split_like_a_dari_one(gap: str) -> None:
    first, second = "ګلونه کره چې سیمه دې ګلزار شي", "اغزي مه کره په پښو کې به دې خلېږي"
    prose = "رحمان بابا وايي چې د ژوند په لاره کې مينه تر هر څه غوره ده، او دا خبره يې کړې ده:"
    after = "دا بيت د پښتو ادب تر ټولو مشهور بيتونه دي."
    dari = "بشنو این نی چون شکایت می‌کند" + gap + "از جدایی‌ها حکایت می‌کند"
    for text in (
        f"{TOP}{prose}\n\n{first}{gap}{second}\n\n{after}\n",  # a paragraph of its own
        f"{TOP}{prose}\n{first}{gap}{second}\n{after}\n",  # no blank line around it
    ):
        source = notes_of(text)[0]
        assert verse_of(source) == [[first, second]], source
        assert after in source and prose in source
    assert verse_of(notes_of(f"{TOP}{prose}\n\n{dari}\n\n{after}\n")[0]) == [dari.split(gap)]
    # A long Pashto beyt (17 words on the line) is still a beyt: each hemistich is counted by itself.
    long = "زه به ستا د مينې په لاره کې تل ولاړ يم" + gap + "که ته ما ته يو ځل هم په خندا وګورې"
    assert len(long.split()) > 16
    assert verse_of(notes_of(f"{TOP}{prose}\n\n{long}\n\n{after}\n")[0]) == [long.split(gap)]


@pytest.mark.slow  # renders PDFs
def test_hand_typed_kashida_never_splits_a_word(tmp_path: Path) -> None:
    text = TOP + "دریای هـریـرود از کنار شهر هرات می‌گذرد و مردم با آن زیسته‌اند.\n\n"
    text += "بر کنار هـریـرود نشستم به شام\tدل به یاد یار بود و لب به کام\n\nپایان سخن.\n"
    source = notes_of(text)[0]
    assert source.count("هریرود") == 2 and "\u0640" not in source
    path = tmp_path / "k.md"
    path.write_text(source, encoding="utf-8")
    (tmp_path / "publication.yaml").write_text((INPUT / "publication.yaml").read_text(encoding="utf-8"))
    (job,) = build([path], tmp_path / "out")
    assert job.ok and job.output
    assert pdfread.text(job.output).count("هریرود") == 2


def test_a_pdfs_page_furniture_is_left_out() -> None:
    text = "Title\nbody line one and a hyphen\u2010\n1\n\x0cAfghanistan Azad\n\nTitle\n\nated word.\n2\n\x0c"
    cleaned, notes = remove_furniture(text, PUBLICATION)
    # Every other line keeps its number: the folios (lines 3, 10) and the running head (6, 8) are blanked.
    assert cleaned.split("\n") == ["Title", "body line one and a hyphen\u2010", *[""] * 7, "ated word.", *[""] * 4]
    assert notes == [
        (3, "left out 2 page numbers (a PDF's folios)"),
        (6, "left out 2 lines of running heads (a PDF's pages)"),
    ]
    source = import_text(
        TOP
        + "This paragraph is cut at a page's end by hyphen\u2010\n7\n\x0cAfghanistan Azad\n\nOld Page\n\nation, and goes on.\n",
        Path("a.txt"),
        PUBLICATION,
    ).text
    assert "by hyphenation, and goes on." in source


def test_bidi_controls_of_pdftotext_are_dropped(tmp_path: Path) -> None:
    from typeset.importer.text import read_legacy

    old = tmp_path / "a.txt"
    old.write_text("\u202b۱۳ جوزا ۱۴۰۴\u202c\n\u202a\u202eabc\u202c\u2067x\u2069\n", encoding="utf-8")
    assert read_legacy(old).text == "۱۳ جوزا ۱۴۰۴\nabcx\n"


def test_only_a_file_without_text_is_refused(project: Project, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text(" \n\n", encoding="utf-8")
    (tmp_path / "date.txt").write_text("03.06.2025\n", encoding="utf-8")
    code, out, err = project.run("import", "--dry-run", str(tmp_path / "empty.txt"), str(tmp_path / "date.txt"))
    assert code == 1
    assert f"{tmp_path}/empty.txt:1: error: the file has no text: nothing to import" in err
    assert "date: 2025-06-03  # as written: 03.06.2025" in out
    assert err.rstrip().endswith("1 of 2 texts read, 1 need a title, 1 need an author; 1 failed")


def test_a_byline_with_its_date() -> None:
    source = notes_of("Kabul Reopens\n\nBy: Sarah Whitfield, ۱۵ دسامبر ۲۰۱۴\n\nThe libraries open again today.\n")[0]
    assert "author: Sarah Whitfield  # as written: By: Sarah Whitfield, ۱۵ دسامبر ۲۰۱۴" in source
    assert "date: 2014-12-15  # from the byline, ۱۵ دسامبر ۲۰۱۴" in source
    assert "title: Kabul Reopens" in source


def test_a_stray_run_of_spaces_inside_a_hemistich_is_not_a_gap() -> None:
    stanza = "سینه ام شد شرحه شرحه همچو رومی در فراق\nتاکشم من هم زدل چون نی   نوای اشتیاق\n"
    assert verse_of(notes_of(TOP + stanza)[0]) == [
        ["سینه ام شد شرحه شرحه همچو رومی در فراق", "تاکشم من هم زدل چون نی نوای اشتیاق"]
    ]
