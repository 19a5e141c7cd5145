"""The limits that keep a build's cost linear and bounded (docs/articles.md, "Limits"; timed by bench/bench_limits.py).

Each limit: a source exactly at it passes ``prepare`` (read, check, HTML), one just past it gives its
exact located error. Nothing here renders a large PDF: the time each limit buys is the bench's to
measure. Long words get break opportunities for the engine: checked in the HTML, and in a small PDF's
text layer (the word as written).
"""

from __future__ import annotations

import re
import struct
from pathlib import Path

import pytest

from tests import pdfread
from tests.conftest import FRONT, Project
from tests.source.test_hostile import BODY_LINE, built, png
from typeset.jobs.job import Job, prepare
from typeset.source import checks, config, reader
from typeset.typography import words

ZWSP = "\u200b"


def prepared(path: Path) -> Job:
    job = prepare(path)
    assert job.ok, [error.format() for error in job.errors]
    return job


def errors_of(path: Path) -> list[str]:
    job = prepare(path)
    assert not job.ok
    return [error.format().split("\n")[0] for error in job.errors]


def jpeg(path: Path, width: int, height: int) -> Path:
    """A JPEG's header (no scan): what the checks read of it."""
    frame = struct.pack(">HBHHB", 17, 8, height, width, 3) + b"\x01\x11\x00\x02\x11\x00\x03\x11\x00"
    path.write_bytes(b"\xff\xd8\xff\xc0" + frame + b"\xff\xd9")
    return path


def sparse_png(path: Path, size: int) -> Path:
    """A 1×1 PNG's header, then zeros up to ``size`` bytes (a sparse file: nothing is written)."""
    png(path, 1, 1)
    with path.open("r+b") as file:
        file.truncate(size)
    return path


# -- the body's text, counted before it is parsed -------------------------------------------------


def test_the_body_text_at_its_limit_passes(project: Project) -> None:
    line = "abcdefghij " * 10  # 100 characters, and spaces (which do not count)
    body = (line + "\n") * (reader.MAX_BODY_CHARS // 100)
    job = prepared(project.source("a.md", body))
    assert job.article is not None and "abcdefghij" in job.article.body_html


def test_the_body_text_past_its_limit_is_refused_at_the_character(project: Project) -> None:
    line = "abcdefghij " * 10
    path = project.source("a.md", (line + "\n") * (reader.MAX_BODY_CHARS // 100 - 1) + line + "y\n")
    assert errors_of(path) == [
        f"{path}:{BODY_LINE + 999}:111: error: the article is too long to set: "
        f"more than {reader.MAX_BODY_CHARS} characters of text"
    ]


def test_a_source_of_brackets_is_refused_before_the_parser_sees_it(project: Project) -> None:
    """Runs of '![' cost markdown-it 40 µs a character: 2 MB of them took minutes."""
    path = project.source("a.md", ("![" * 1000 + "\n\n") * 60)
    assert errors_of(path) == [
        f"{path}:{BODY_LINE + 100}:1: error: the article is too long to set: "
        f"more than {reader.MAX_BODY_CHARS} characters of text"
    ]


# -- words -------------------------------------------------------------------------------------


def test_a_word_at_the_limit_passes_and_one_past_it_is_refused(project: Project) -> None:
    prepared(project.source("a.md", "x" * checks.MAX_WORD + "\n"))
    path = project.source("b.md", "Text\n\n" + "x" * (checks.MAX_WORD + 1) + "\n")
    assert errors_of(path) == [
        f"{path}:{BODY_LINE + 2}: error: a word of {checks.MAX_WORD + 1} characters without a space; "
        f"the limit is {checks.MAX_WORD}"
    ]


def test_no_break_spaces_do_not_end_a_word(project: Project) -> None:
    """The engine cannot break at U+00A0: words joined by it are one word to break."""
    path = project.source("a.md", "abcdefghi\u00a0" * 300 + "abcdefghij\n")
    assert errors_of(path) == [
        f"{path}:{BODY_LINE}: error: a word of 3010 characters without a space; the limit is 3000"
    ]


def test_a_line_end_ends_a_word(project: Project) -> None:
    """Lines of a paragraph are words apart (a poem-like paragraph is not one long word)."""
    prepared(project.source("a.md", ("y" * 1000 + "\n") * 4))


def test_a_long_word_gets_break_opportunities_in_the_html_only(project: Project) -> None:
    word = "".join(chr(ord("a") + i % 26) for i in range(words.LONG_RUN + 5))
    short = "s" * words.LONG_RUN
    job = prepared(project.source("a.md", f"A {word} and *{short}* and `{word}`.\n"))
    assert job.article is not None
    html = job.article.body_html
    pieces = [word[i : i + words.BREAK_EVERY] for i in range(0, len(word), words.BREAK_EVERY)]
    assert f"A {ZWSP.join(pieces)} and" in html
    assert f"<code>{ZWSP.join(pieces)}</code>" in html  # code is set as words too
    assert f"<em>{short}</em>" in html  # a word of LONG_RUN characters is left as it is
    assert word in job.article.body  # the source is not changed


def test_a_word_across_emphasis_is_one_word(project: Project) -> None:
    job = prepared(project.source("a.md", "a" * 60 + "*" + "b" * 60 + "*\n"))
    assert job.article is not None
    html = job.article.body_html
    assert ZWSP.join(["a" * 10] * 6) + "<em>" + ZWSP + ZWSP.join(["b" * 10] * 6) + "</em>" in html


def test_no_break_goes_before_a_mark_or_beside_a_joiner(project: Project) -> None:
    """A zero width space between a letter and its harakat would set the mark on a dotted circle."""
    word = "ب" * 9 + "\u064e" * 3 + "ب" * 9 + "\u200d" + "ب" * 100  # where the 1st and 2nd breaks would go
    job = prepared(project.source("a.md", word + "\n", lang="fa-AF"))
    assert job.article is not None
    set_word = re.search("[ب\u064e\u200d\u200b]+", job.article.body_html)
    assert set_word is not None
    pieces = set_word.group().split(ZWSP)
    assert pieces[0] == "ب" * 9 + "\u064e" * 3  # after the marks, not before them
    assert pieces[1] == "ب" * 9 + "\u200d" + "ب"  # not beside the joiner
    assert "".join(pieces) == word


@pytest.mark.slow  # renders PDFs
def test_a_broken_long_word_reads_as_written_in_the_pdf(project: Project) -> None:
    word = "".join(chr(ord("a") + (i * 7) % 26) for i in range(260))
    pdf = built(project, project.source("a.md", f"Before {word} after.\n"))
    text = pdfread.text(pdf)
    assert ZWSP not in text
    assert word in re.sub(r"\s+", "", text.replace("\u2010", "").replace("-", ""))


def test_a_front_matter_word_at_the_limit_passes_and_one_past_it_is_refused(project: Project) -> None:
    word = "w" * reader.MAX_FIELD_WORD
    prepared(project.source("a.md", front=FRONT["en"] + f"bio: {word}\n"))
    path = project.source("b.md", front=FRONT["en"] + f"bio: {word}w and more\n")
    assert errors_of(path) == [
        f"{path}:7:6: error: front matter field 'bio' has a word of {reader.MAX_FIELD_WORD + 1} characters "
        f"without a space; the limit is {reader.MAX_FIELD_WORD}"
    ]


# -- elements ----------------------------------------------------------------------------------


def test_elements_at_the_limit_pass(project: Project) -> None:
    prepared(project.source("a.md", "x\n\n" * checks.MAX_ELEMENTS))


# -- images: one budget for the article ---------------------------------------------------------


def test_decoded_pixels_at_the_budget_pass_and_past_it_are_refused_at_the_image(project: Project) -> None:
    png(project.root / "a.png", 4000, 2000, pixels=False)  # 8 MP: its header is what is read
    png(project.root / "b.png", 4000, 2000, pixels=False)
    png(project.root / "c.png", 1, 1)
    jpeg(project.root / "photo.jpg", 8000, 5000)  # 40 MP, embedded as it is: not counted
    body = "![a](a.png)\n\n![a again](a.png)\n\n![b](b.png)\n\n![photo](photo.jpg)\n"
    prepared(project.source("a.md", body))
    path = project.source("b.md", body + "\nText\n\n![c](c.png)\n")
    assert errors_of(path) == [
        f"{path}:{BODY_LINE + 10}: error: image 'c.png' brings the article's PNG, GIF and WebP images to "
        "16.0 megapixels; the limit is 16 megapixels in all"
    ]


def test_image_bytes_at_the_budget_pass_and_past_them_are_refused_at_the_image(project: Project) -> None:
    third = checks.MAX_IMAGES_BYTES // 3
    for name, size in (("a", third), ("b", third), ("c", checks.MAX_IMAGES_BYTES - 2 * third), ("d", 1)):
        sparse_png(project.root / f"{name}.png", size)
    body = "![a](a.png)\n\n![b](b.png)\n\n![c](c.png)\n"
    prepared(project.source("a.md", body))
    (project.root / "d.png").unlink()
    sparse_png(project.root / "d.png", 100)
    path = project.source("b.md", body + "\n![d](d.png)\n")
    assert errors_of(path) == [
        f"{path}:{BODY_LINE + 6}: error: image 'd.png' brings the article's images to 100.0 MB; "
        f"the limit is {checks.MAX_IMAGES_BYTES // 2**20} MB in all"
    ]


# -- the total budget ---------------------------------------------------------------------------


def _cost(spent: dict[str, int]) -> float:
    return sum(checks.COSTS[name] * count for name, count in spent.items())


def test_the_total_budget_is_refused_at_the_element_that_passes_it(project: Project) -> None:
    """16 MP of PNG, then paragraphs: each limit alone is kept, their sum is not."""
    image = png(project.root / "a.png", 4000, 4000, pixels=False)
    spent = {"elements": 2, "characters": 1, "decoded pixels": 16_000_000, "image bytes": image.stat().st_size}
    paragraphs = 0
    while _cost(spent | {"elements": 2 + paragraphs + 1, "characters": 1 + paragraphs + 1}) <= checks.BUDGET_SECONDS:
        paragraphs += 1
    body = "![i](a.png)\n\n" + "x\n\n" * paragraphs
    job = prepared(project.source("a.md", body))
    assert job.article is not None
    path = project.source("b.md", body + "y\n")
    (error,) = prepare(path).errors
    assert str(error.location) == f"{path}:{BODY_LINE + 2 + 2 * paragraphs}"
    assert error.message.startswith(
        "the article is too large to set: its text, elements, footnotes and images would take about "
        f"{_cost(spent | {'elements': 3 + paragraphs, 'characters': 2 + paragraphs}):.1f} s to set, "
        f"past the budget of {checks.BUDGET_SECONDS:.0f} s (characters "
    )
    assert "decoded pixels 5.3 s" in error.message


# -- the publication's texts ------------------------------------------------------------------------


def _config(project: Project, old: str, new: str) -> Path:
    path = project.root / "publication.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_config_texts_at_the_limit_pass(project: Project) -> None:
    size = config.MAX_TEXT_CHARS
    _config(project, "name: {en: Afghanistan Azad, fa: افغانستان آزاد}", "name: " + "N" * size)
    _config(project, "masthead: افغانستان آزاد – آزاد افغانستان", "masthead: " + "آزاد" * (size // 4))
    _config(project, "{en: European Languages,", "{en: " + "E" * size + ",")
    job = prepared(project.source("a.md"))
    assert job.publication is not None and job.publication.name == "N" * size


def test_config_texts_past_the_limit_are_refused_each_at_its_value(project: Project) -> None:
    size = config.MAX_TEXT_CHARS + 1
    path = _config(project, "name: {en: Afghanistan Azad, fa: افغانستان آزاد}", "name: " + "N" * size)
    _config(project, "masthead: افغانستان آزاد – آزاد افغانستان", "masthead: " + "آزاد" * 50 + "ن")
    _config(project, "{en: European Languages,", "{en: " + "E" * size + ",")
    text = path.read_text(encoding="utf-8")
    hemistich = re.search(r"(?m)^  - \[(.*?), ", text)
    assert hemistich is not None
    _config(project, hemistich.group(1), "بر" * 101)
    limit = config.MAX_TEXT_CHARS
    label = _line_of(path, "E" * size)
    verse = _line_of(path, "بر" * 101)
    assert errors_of(project.source("a.md")) == [
        f"{path}:{_line_of(path, 'name:')}:7: error: 'name' is too long ({size} characters; the limit is {limit})",
        f"{path}:{_line_of(path, 'masthead:')}:11: error: 'masthead' is too long ({size} characters; the limit is {limit})",
        f"{path}:{verse}:6: error: 'verse_header.0.0' is too long (202 characters; the limit is {limit})",
        f"{path}:{label}:28: error: 'sections.european-languages.en' is too long ({size} characters; the limit is {limit})",
    ]


def test_the_verse_header_has_at_most_its_beyts(project: Project) -> None:
    path = project.root / "publication.yaml"
    text = path.read_text(encoding="utf-8")
    beyt = "  - [چو کشور نپاشد تن من مباد, بدین بوم و بر زنده یک تن مباد]\n"
    first = text.index("  - [")
    rest = text.index("website:")
    at_limit = text[:first] + beyt * config.MAX_VERSE_HEADER_BEYTS + text[rest:]
    path.write_text(at_limit, encoding="utf-8")
    prepared(project.source("a.md"))
    path.write_text(text[:first] + beyt * (config.MAX_VERSE_HEADER_BEYTS + 1) + text[rest:], encoding="utf-8")
    line = _line_of(path, "verse_header:") + config.MAX_VERSE_HEADER_BEYTS + 1
    assert errors_of(project.source("b.md")) == [
        f"{path}:{line}:5: error: 'verse_header' has too many beyts "
        f"({config.MAX_VERSE_HEADER_BEYTS + 1}; the limit is {config.MAX_VERSE_HEADER_BEYTS})"
    ]


def test_long_words_are_charged_the_square_of_their_length(project: Project) -> None:
    """A word past LONG_RUN costs the engine its length squared in a table cell: the budget counts it."""
    each = checks.COSTS["long words"] * checks.MAX_WORD**2 + checks.COSTS["characters"] * checks.MAX_WORD
    fits = int((checks.BUDGET_SECONDS - 0.01) / each)
    word = "w" * checks.MAX_WORD
    prepared(project.source("a.md", f"{word}\n\n" * (fits + 5)))  # in paragraphs, they cost what their letters do
    prepared(project.source("b.md", "a|b\n-|-\n" + f"{word}|x\n" * fits))
    path = project.source("c.md", "a|b\n-|-\n" + f"{word}|x\n" * (fits + 1))
    (error,) = prepare(path).errors
    assert str(error.location) == f"{path}:{BODY_LINE + 2 + fits}"
    assert error.message.startswith("the article is too large to set: its text, elements, footnotes and images")
    assert f"long words {checks.COSTS['long words'] * checks.MAX_WORD**2 * (fits + 1):.1f} s" in error.message


def test_a_long_caption_word_gets_break_opportunities(project: Project) -> None:
    """A figure's caption is a shrink-to-fit box: a long word in it overflowed the page."""
    (project.root / "dot.png").write_bytes((Path(__file__).parent.parent / "data" / "dot.png").read_bytes())
    word = "c" * (words.LONG_RUN + 1)
    job = prepared(project.source("a.md", f'![{word}](dot.png)\n\n![alt](dot.png "{word}")\n'))
    assert job.article is not None
    broken = ZWSP.join(["c" * 10] * 10 + ["c"])
    assert job.article.body_html.count(f"<figcaption>{broken}</figcaption>") == 2
