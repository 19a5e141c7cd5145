"""Markdown body → HTML: containers, direction attributes, footnotes, figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from typeset.errors import ErrorList, TypesetError
from typeset.source.markup import BodyContext, parse_body

SOURCE = Path("/nowhere/a.md")
DOT = Path(__file__).parent.parent / "data" / "dot.png"  # a real PNG: an image's header is checked


def html(markdown: str, direction: str = "ltr") -> str:
    return parse_body(markdown, SOURCE, 1, BodyContext(direction)).html


def test_verse_pairs_lines_into_beyts_and_centres_a_lone_last_one() -> None:
    out = html("::: verse\nیک\nدو\nسه\nچهار\n\nپنج\n:::\n")
    assert out.count('<div class="stanza">') == 2
    assert out.count('<div class="beyt">') == 2
    assert out.count('<div class="beyt single">') == 1
    assert out.index("یک") < out.index("دو") < out.index("سه")
    assert '<div class="verse" dir="rtl">' in out


def test_pullquote() -> None:
    assert '<aside class="pullquote">\n<p>Said.</p>\n</aside>' in html("::: pullquote\nSaid.\n:::\n")


def test_block_of_the_other_direction_gets_dir() -> None:
    out = html("English first.\n\nاین پاراگراف دری است.\n\n- item\n- مورد\n")
    assert '<p dir="rtl">این پاراگراف دری است.</p>' in out
    assert "<p>English first.</p>" in out
    assert '<li dir="rtl">مورد</li>' in out


def test_footnote_is_set_where_it_is_called() -> None:
    out = html("Text[^n] more.\n\n[^n]: The note.\n")
    assert out.startswith('<p>Text<span class="footnote" data-n="1">The note.</span> more.</p>')
    assert "footnote" not in out.split("</p>", 1)[1]


def test_headings_are_numbered_from_h2_with_unique_anchors() -> None:
    body = parse_body("# One\n\n## One\n", SOURCE, 1, BodyContext("ltr"))
    assert [(h.level, h.anchor) for h in body.headings] == [(2, "one"), (2, "one-2")]


def test_raw_html_is_escaped() -> None:
    assert "&lt;script&gt;" in html("<script>alert(1)</script>\n")
    assert "<script>" not in html("a <b onclick=x>b</b>\n")


def test_errors_carry_the_line_in_the_file() -> None:
    with pytest.raises(TypesetError) as error:
        parse_body("para\n\n![x](http://e.org/a.png)\n", SOURCE, 10, BodyContext("ltr"))
    assert str(error.value.location) == "/nowhere/a.md:12"


def test_all_errors_are_collected() -> None:
    with pytest.raises(ErrorList) as error:
        parse_body("[a](file:///x)\n\n::: nope\n:::\n", SOURCE, 1, BodyContext("ltr"))
    assert len(error.value.errors) == 2


def test_figure_with_caption(tmp_path: Path) -> None:
    (tmp_path / "map.png").write_bytes(DOT.read_bytes())
    out = parse_body('![A map](map.png "Map of Kabul")\n', tmp_path / "a.md", 1, BodyContext("ltr")).html
    assert (
        f'<figure><img src="{(tmp_path / "map.png").as_uri()}" alt="A map"><figcaption>Map of Kabul</figcaption></figure>'
        in out
    )


def test_direction_is_decided_against_the_parent_block() -> None:
    out = parse_body(
        "> This English quotation holds a long sentence of many words, more than twice the Dari.\n>\n> > این نقل قول دری درون آن است\n",
        SOURCE,
        1,
        BodyContext("rtl", "fa-AF"),
    ).html
    assert '<blockquote dir="ltr" lang="en-US">' in out, "hyphenated and shaped as English"
    assert '<blockquote dir="rtl" lang="fa-AF">' in out, "the Dari quote inside the English one turns back"


def test_footnote_and_caption_of_the_other_direction_get_their_own(tmp_path: Path) -> None:
    (tmp_path / "map.png").write_bytes(DOT.read_bytes())
    out = parse_body(
        'متن[^n] دری.\n\n![x](map.png "A map of the old city of Herat")\n\n[^n]: An English note here.\n',
        tmp_path / "a.md",
        1,
        BodyContext("rtl", "fa-AF"),
    ).html
    assert '<span class="footnote" data-n="۱" dir="ltr">An English note here.</span>' in out
    assert '<figcaption dir="ltr">A map of the old city of Herat</figcaption>' in out
