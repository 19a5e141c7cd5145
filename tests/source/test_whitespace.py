"""Whitespace and joining, as a class: runs of spaces, tabs, NBSP, thin spaces, ZWNJ/ZWJ at word edges,
words of only tatweel or punctuation, empty and Latin-only hemistichs, a one-word hemistich and odd
container fences, in the body, the verse header and the config: each builds, or gives a located
error that `typeset check` gives too. A hemistich is measured as the engine sets it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests import pdfread
from tests.conftest import INPUT, Project
from typeset.errors import TypesetError
from typeset.resources import FONTS_DIR
from typeset.source.config import load_publication
from typeset.source.markup import BodyContext, parse_body
from typeset.typography.hemistich import is_ornament, normalize, words
from typeset.typography.kashida import MAX_PER_WORD, TATWEEL, fill, points
from typeset.typography.measure import text_width, word_width
from typeset.typography.verse import pair, set_poem

AMIRI = FONTS_DIR / "Amiri-Regular.ttf"
SOURCE = Path("/nowhere/a.md")
MESSY_SAMPLES = Path(__file__).parent.parent / "data" / "messy"  # copies of ../shared/samples/messy/*.md
CLEAN = ("چو کشور نپاشد تن من مباد", "بدین بوم و بر زنده یک تن مباد")
# The same beyt as pasted: two spaces, a tab, NBSP, a thin space, ZWNJ at word edges, a narrow NBSP.
MESSY = ("چو  کشور\tنپاشد\u00a0تن\u2009من مباد\u200c", "\u200cبدین بوم  و بر زنده\u202fیک تن مباد")
VERSE_SIZE = 12.5  # pt: .body .verse in templates/style.css


def width(word: str) -> float:
    return word_width(word, AMIRI)


def body(markdown: str, direction: str = "rtl") -> str:
    return parse_body(
        markdown, SOURCE, 1, BodyContext(direction, set_poem=lambda stanzas, insets: set_poem(stanzas, AMIRI))
    ).html


def spans(html: str) -> list[tuple[str, float | None, float | None]]:
    """Each hemistich span of ``html``: (text, box width em, word spacing em)."""
    found = []
    for style, text in re.findall(r'<span class="hemistich"(?: style="([^"]*)")?>([^<]*)</span>', html):
        box = re.search(r"width: ([\d.]+)em", style)
        spacing = re.search(r"word-spacing: ([\d.]+)em", style)
        found.append((text, float(box[1]) if box else None, float(spacing[1]) if spacing else None))
    return found


# -- one reading of a hemistich's words ---------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("چو  کشور\tنپاشد", ["چو", "کشور", "نپاشد"]),  # a run of spaces, a tab: one gap each
        ("a\u00a0b\u2009c\u202fd\u3000e\u2028f", ["a", "b", "c", "d", "e", "f"]),  # NBSP, thin, narrow, wide, LS
        ("\u200cیک\u200c \u200c دو", ["یک", "دو"]),  # a ZWNJ at a word's edge joins nothing; alone it is no word
        ("می\u200cشود", ["می\u200cشود"]),  # inside a word it stays
        ("ه\u200d ش", ["ه\u200d", "ش"]),  # a ZWJ asks for the joined form: kept
        ("\u200d\u200c \u200f\u2067", []),  # nothing visible
        ("ـــ", ["ـــ"]),  # an author's tatweels are a word
        ("، .", ["،", "."]),
        ("", []),
        (" \t\u00a0", []),
    ],
)
def test_words_of_a_hemistich(line: str, expected: list[str]) -> None:
    assert words(line) == expected
    assert normalize(line) == " ".join(expected)


@pytest.mark.parametrize(
    ("line", "ornament"),
    [("ـــ", True), ("* * *", True), ("…", True), ("۱۲۳", False), ("Latin", False), ("کشـــور", False)],
)
def test_a_line_without_letter_or_digit_is_an_ornament(line: str, ornament: bool) -> None:
    assert is_ornament(line) is ornament


def test_measuring_reads_the_words_as_they_are_set() -> None:
    for messy, clean in zip(MESSY, CLEAN, strict=True):
        assert text_width(messy, AMIRI) == text_width(clean, AMIRI)
    assert text_width("", AMIRI) == text_width("\u200c \u200d", AMIRI) == word_width("", AMIRI) == 0.0


# -- kashida beside the author's own ----------------------------------------------------------


@pytest.mark.parametrize("word", ["کـشور", "ـکشور", "کشورـ", "بـــه", "ســلام", "ـــ", "ه\u200d", "\u200c"])
def test_no_kashida_point_beside_a_tatweel(word: str) -> None:
    for at, _ in points(word):
        assert TATWEEL not in word[at - 1 : at + 1], (word, at)


def test_fill_reads_messy_spacing_and_leaves_an_authors_tatweels_as_written() -> None:
    text = "کشـــور  نپاشد\tتن\u00a0من"
    target = text_width(text, AMIRI) + 2.0
    filled = fill(text, target, width)
    assert filled.split(" ")[0] == "کشـــور", "the author's elongation is the word's"
    assert filled.replace(TATWEEL, "") == "کشور نپاشد تن من"
    assert filled.count(TATWEEL) > 3, "the other words take kashida"
    assert text_width(filled, AMIRI) <= target
    assert fill("", 10.0, width) == "" and fill("ـــ", 10.0, width) == "ـــ"


def test_a_one_word_hemistich_takes_at_most_max_per_word() -> None:
    filled = fill("کشور", 100.0, width)
    assert filled.replace(TATWEEL, "") == "کشور"
    assert TATWEEL * MAX_PER_WORD in filled and TATWEEL * (MAX_PER_WORD + 1) not in filled


# -- verse in the body: HTML -------------------------------------------------------------------


def test_a_messy_beyt_is_set_as_the_clean_one() -> None:
    assert body("::: verse\n" + "\n".join(MESSY) + "\n:::\n") == body("::: verse\n" + "\n".join(CLEAN) + "\n:::\n")


def test_each_hemistich_fills_its_box_with_its_words_and_widened_spaces() -> None:
    found = spans(body("::: verse\n" + "\n".join(MESSY) + "\n:::\n"))
    assert [text.replace(TATWEEL, "") for text, _, _ in found] == list(CLEAN)
    boxes = {box for _, box, _ in found}
    assert len(boxes) == 1, "one width for the beyt"
    box = boxes.pop()
    assert box is not None and box > max(text_width(h, AMIRI) for h in CLEAN)
    for text, _, spacing in found:
        assert spacing is not None
        assert text_width(text, AMIRI) + spacing * text.count(" ") == pytest.approx(box, abs=0.002)


def test_a_tatweel_line_is_an_ornament_and_a_lone_hemistich_is_centred() -> None:
    html = body("::: verse\nـــ\n\u200cیک\u200c مصراع تنها\u200c\n:::\n")
    lone = text_width("یک مصراع تنها", AMIRI)
    match = re.search(
        r'<div class="beyt single ornament"><span class="hemistich">ـــ</span></div>'
        r'<div class="beyt single"><span class="hemistich" style="width: ([\d.]+)em">یک مصراع تنها</span></div>',
        html,
    )
    assert match, html
    assert float(match[1]) == pytest.approx(lone * 1.01 + 0.05, abs=0.001), "the ornament is not measured"


def test_an_ornament_is_neither_paired_nor_measured() -> None:
    html = body("::: verse\nیک\nدو\n" + "… " * 40 + "\nسه\nچهار\n:::\n")
    assert html.count('<div class="beyt">') == 2, "یک–دو, سه–چهار: the pairing starts again after the ornament"
    boxes = [box for text, box, _ in spans(html) if not is_ornament(text)]
    widest = max(text_width(w, AMIRI) for w in ("یک", "دو", "سه", "چهار"))
    assert boxes == [pytest.approx(widest * 1.01 + 0.05, abs=0.001)] * 4
    assert '<span class="hemistich">' + "… " * 39 + "…</span>" in html, "the ornament: no box of the poem's width"


def test_a_line_with_nothing_visible_is_not_a_hemistich() -> None:
    html = body("::: verse\nیک دو\n\u200c \u200f \u200d\nسه چهار\n:::\n")
    assert [text.replace(TATWEEL, "") for text, _, _ in spans(html)] == ["یک دو", "سه چهار"]
    assert html.count('<div class="beyt">') == 1 and "single" not in html


def test_latin_and_digit_hemistichs_are_measured_in_the_verse_font() -> None:
    found = spans(body("::: verse\nA Latin line in a verse block\nand   its   pair of equal length\n:::\n", "ltr"))
    assert [text for text, _, _ in found] == ["A Latin line in a verse block", "and its pair of equal length"]
    box = found[0][1]
    assert box == pytest.approx(text_width("A Latin line in a verse block", AMIRI) * 1.01 + 0.05, abs=0.001)
    found = spans(body("::: verse\n۱۲۳  ۴۵۶\nکشور\n:::\n"))
    assert found[0][0] == "۱۲۳ ۴۵۶" and found[0][2] is not None
    assert found[1][0].replace(TATWEEL, "") == "کشور" and found[1][2] is None, "one word: no spaces to widen"


# -- the verse header and the config's texts ------------------------------------------------------


def write_config(project: Project, header: str, extra: str = "") -> Path:
    config = project.root / "publication.yaml"
    text = (INPUT / "publication.yaml").read_text(encoding="utf-8")
    text = re.sub(r"verse_header:\n(  - .*\n)+", lambda _: "verse_header:\n" + header, text)
    config.write_text(text + extra, encoding="utf-8")
    return config


def test_the_verse_header_is_read_as_a_hemistich_is_set(project: Project) -> None:
    config = write_config(
        project, '  - ["چو  کشور\\tنپاشد تن من مباد\\u200c", "بدین\\u00a0بوم و بر زنده یک تن مباد"]\n'
    )
    assert load_publication(config).verse_header == (CLEAN,)


def test_a_header_hemistich_with_nothing_to_set_is_located_by_check_and_build(project: Project) -> None:
    config = write_config(project, '  - ["چو کشور نپاشد تن من مباد", "\\u200c \\u200d"]\n')
    with pytest.raises(TypesetError) as raised:
        load_publication(config)
    error = raised.value
    assert error.format().splitlines() == [
        f"{config}:8:35: error: this hemistich of 'verse_header' has nothing to set (only spaces or joiners)",
        "  hint: write the hemistich, or remove the beyt",
    ]
    source = project.source("a.md", "متن.\n", lang="fa-AF")
    check = project.run("check", str(source))
    build = project.run("build", str(source), "-o", str(project.root / "out"))
    assert check[0] == build[0] == 1
    assert check[2].splitlines()[:-1] == build[2].splitlines()[:-1] == error.format().splitlines()


@pytest.mark.slow  # renders PDFs
def test_messy_config_texts_build(project: Project) -> None:
    """Masthead, header, labels and contact line with runs of spaces, tabs, NBSP, thin spaces and edge joiners."""
    config = write_config(
        project,
        '  - ["چو  کشور\\tنپاشد تن من مباد\\u200c", "\\u200cبدین\\u00a0بوم و بر زنده یک تن مباد"]\n'
        '  - ["ـــ", "Latin  only\\tline"]\n'
        '  - ["کشور", "۱۲۳  ۴۵۶"]\n',
    )
    text = config.read_text(encoding="utf-8")
    text = text.replace("masthead: افغانستان آزاد", 'masthead: "  افغانستان\\u00a0\\u00a0آزاد\\t\\u200c')
    text = text.replace("– آزاد افغانستان", '– آزاد  افغانستان\\u200c "')
    text = text.replace("dari: {en: Dari, fa: دری}", 'dari: {en: "Dari\\u00a0 ", fa: "\\u200cدری\\t"}')
    text = text.replace("monogram: AA-AA", 'monogram: "AA\\u2009-\\u2009AA"')
    config.write_text(text, encoding="utf-8")
    assert "\\u2009" in text and "\\u200cدری" in text, "the config was changed"
    source = project.source("a.md", "متن  با\u00a0فاصله\u200c‌ها\tو\u2009تب.\n", lang="fa-AF")
    assert project.run("check", str(source))[0] == 0
    code, _, err = project.run("build", str(source), "-o", str(project.root / "out"))
    assert code == 0 and "warning" not in err, err
    pdf = project.root / "out" / "a.pdf"
    header = [line for line in pdfread.lines_in_font(pdf, "ts-Amiri") if len(line) > 4][:1]
    left, right = pdfread.split_at_widest_gap(header[0])
    assert right.letters == pdfread.letters(CLEAN[0]) and left.letters == pdfread.letters(CLEAN[1])
    assert left.width == pytest.approx(right.width, rel=0.01)


# -- fences ------------------------------------------------------------------------------------

FENCES = [
    (
        ":::\n\t:::\n",
        [
            "a.md:9: error: ':::' closes no open container",
            "  hint: to open one, name it: ::: verse, ::: pullquote",
            "a.md:10: error: ':::' indented by a tab or 4 spaces is text, not a fence",
            "  hint: start the line with ':::'",
        ],
    ),
    (
        "::: verse\nیک\n\t:::\n",
        [
            "a.md:9: error: '::: verse' container is not closed",
            "  hint: end it with a line holding only ':::' (at the line's start: not indented by a tab)",
            "a.md:11: error: ':::' indented by a tab or 4 spaces is text, not a fence",
            "  hint: start the line with ':::'",
        ],
    ),
    (
        "::::\nیک\n::::\n",
        ["a.md:9: error: '::::' closes no open container", "  hint: to open one, name it: ::: verse, ::: pullquote"],
    ),
    (
        "::: verse with a title\nیک\n:::\n",
        [
            "a.md:9: error: text after '::: verse' is not set: 'with a title'",
            "  hint: a container's first line holds only its name (or '::: verse lines', for verse that is no beyts): "
            "put the text on the next line",
        ],
    ),
    (
        "::: verse\nیک\n::: end\n",
        [
            "a.md:9: error: '::: verse' container is not closed",
            "  hint: end it with a line holding only ':::' (at the line's start: not indented by a tab)",
            "a.md:11: error: unknown container '::: end'",
            "  hint: containers: verse, pullquote; a closing line holds only ':::'",
        ],
    ),
    (
        "::::verse\nیک\n:::\nدو\n::::\n",
        ["a.md:11: error: ':::' closes nothing here", "  hint: the ':::: verse' opened on line 9 closes with '::::'"],
    ),
    (
        "::: verse\n::: pullquote\nیک\n:::\n:::\n",
        [
            "a.md:10: error: '::: pullquote' inside a verse: a verse holds only its lines",
            "  hint: close the verse first, with a line holding only ':::'",
        ],
    ),
    (  # the pullquote ends at the first ':::' (markdown-it-container), the verse with it
        "::: pullquote\n::: verse\nیک\nدو\n:::\n:::\n",
        [
            "a.md:10: error: '::: verse' inside '::: pullquote' is closed by the same ':::' as the container around it",
            "  hint: close it with its own ':::', and give the outer container a longer fence ('::::')",
        ],
    ),
    (
        "::: sidebar\n\nیک\n\n:::\n",
        ["a.md:9: error: unknown container '::: sidebar'", "  hint: containers: verse, pullquote"],
    ),
]


@pytest.mark.parametrize(("markdown", "expected"), FENCES)
def test_odd_fences_are_located_alike_by_check_and_build(project: Project, markdown: str, expected: list[str]) -> None:
    source = project.source("a.md", markdown, lang="fa-AF")
    check = project.run("check", str(source))
    build = project.run("build", str(source), "-o", str(project.root / "out"))
    assert check[0] == build[0] == 1
    prefix = str(project.root) + "/"
    assert [line.replace(prefix, "") for line in check[2].splitlines()[:-1]] == expected
    assert check[2].splitlines()[:-1] == build[2].splitlines()[:-1]


@pytest.mark.slow  # renders PDFs
@pytest.mark.parametrize(
    "markdown",
    [
        ":::verse\nیک\nدو\n:::\n",
        "::::  verse\t\nیک\nدو\n::::\n",
        "::: verse\nیک\nدو\n:::\t \n",
        "> ::: verse\n> یک\n> دو\n> :::\n",
        "- ::: verse\n  یک\n  دو\n  :::\n",
        ":::: pullquote\n::: verse\nیک\nدو\n:::\n::::\n",
    ],
    ids=["no-space", "four-colons-tab", "trailing-blanks", "in-a-quote", "in-a-list", "verse-in-a-pullquote"],
)
def test_fences_that_are_fine_build_a_beyt(project: Project, markdown: str) -> None:
    source = project.source("a.md", markdown, lang="fa-AF")
    assert project.run("check", str(source))[0] == 0
    code, _, err = project.run("build", str(source), "-o", str(project.root / "out"))
    assert code == 0, err
    beyts = [line for line in pdfread.lines_in_font(project.root / "out" / "a.pdf", "ts-Amiri") if len(line) < 9]
    assert len(beyts) == 1
    left, right = pdfread.split_at_widest_gap(beyts[0])
    assert (right.letters, left.letters) == (pdfread.letters("یک"), pdfread.letters("دو"))


# -- the PDF --------------------------------------------------------------------------------------


@pytest.mark.slow  # renders PDFs
def test_a_double_spaced_beyt_in_the_pdf_first_on_the_right_equal_and_as_measured(project: Project) -> None:
    source = project.source("a.md", "::: verse\n" + "\n".join(MESSY) + "\n:::\n", lang="fa-AF")
    assert project.run("build", str(source), "-o", str(project.root / "out"))[0] == 0
    lines = [line for line in pdfread.lines_in_font(project.root / "out" / "a.pdf", "ts-Amiri") if len(line) > 4]
    left, right = pdfread.split_at_widest_gap(lines[-1])  # after the two beyts of the verse header
    assert right.letters == pdfread.letters(CLEAN[0]), "the first hemistich is on the right"
    assert left.letters == pdfread.letters(CLEAN[1])
    assert left.width == pytest.approx(right.width, rel=0.005)
    box = set_poem([pair(list(map(normalize, MESSY)))], AMIRI).width * VERSE_SIZE
    assert right.width == pytest.approx(box, rel=0.01), "the engine sets the width HarfBuzz measured"


@pytest.mark.slow  # renders PDFs
def test_the_messy_samples_build_with_the_house_config(tmp_path: Path) -> None:
    for sample in MESSY_SAMPLES.iterdir():
        shutil.copy(sample, tmp_path / sample.name)
    project = Project(tmp_path)
    code, _, err = project.run("build", str(tmp_path), "-o", str(tmp_path / "out"))
    assert code == 0 and "warning" not in err, err
    pdf = tmp_path / "out" / "messy-dari.pdf"
    lines = [line for line in pdfread.lines_in_font(pdf, "ts-Amiri") if len(line) > 4][2:]  # after the header
    beyts = [pdfread.split_at_widest_gap(line) for line in lines[:2]]
    widths = [run.width for pair in beyts for run in pair]
    assert max(widths) - min(widths) < 0.005 * max(widths)
    first, second = beyts
    assert first[1].letters == pdfread.letters("چو کشور نباشد تن من مباد")
    assert second[0].letters == pdfread.letters("از آن به که کشور به دشمن دهیم")
    # Amiri draws a typed run of tatweels as one glyph; in the text layer it reads as nothing (as typeset's own
    # kashida: the text layer cannot tell them apart, see typeset.render.textlayer)
    assert second[0].tatweels >= 1, "the author's own tatweels (بـــه) are drawn"
    ornament, lone = (pdfread.Run(line) for line in pdfread.lines_in_font(pdf, "ts-Amiri")[-2:])
    assert set(ornament.letters) == set() and ornament.tatweels >= 1, "the tatweel line, drawn (one Amiri glyph)"
    assert lone.letters == pdfread.letters("یک مصراع تنها")
    centre = (lone.x0 + lone.x1) / 2
    assert centre == pytest.approx((ornament.x0 + ornament.x1) / 2, abs=2), "both centred"
