"""``colours:`` and ``sizes:`` in publication.yaml (typeset.source.look): checked with their lines,
the theme's own values by default, read by the theme's CSS (typeset.render.html.theme_context)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import INPUT, Project
from typeset.errors import TypesetError
from typeset.render.html import INKS, theme_context
from typeset.source import look
from typeset.source.config import load_publication


def config(project: Project, extra: str) -> Path:
    path = project.root / "publication.yaml"
    path.write_text((INPUT / "publication.yaml").read_text(encoding="utf-8") + extra, encoding="utf-8")
    return path


def errors_of(project: Project, extra: str) -> list[str]:
    path = config(project, extra)
    line = len((INPUT / "publication.yaml").read_text(encoding="utf-8").splitlines()) + 1
    with pytest.raises(TypesetError) as caught:
        load_publication(path)
    return [d.format().replace(f"{path}:{line}:", "N:") for d in caught.value.diagnostics()]


def test_the_defaults_are_the_themes_own(project: Project) -> None:
    publication = load_publication(config(project, ""))
    assert publication.colours == dict(look.COLOURS)
    assert publication.sizes == {"body": 10.5, "body_rtl": 11, "title": 19, "heading": 13, "masthead": 28, "notes": 8.5}
    context = theme_context(publication, "ltr")
    assert context["ink"] == INKS["screen"]
    assert context["sizes"] == {
        "body": "10.5",
        "body_rtl": "11",
        "title": "19",
        "heading": "13",
        "masthead": "28",
        "notes": "8.5",
    }


def test_colours_and_sizes_reach_the_css(project: Project) -> None:
    extra = 'colours: {text: "#203040", accent: "#c00", rule: "#abcdef", masthead: "#a01010"}\n'
    publication = load_publication(config(project, extra + "sizes: {body: 12, title: 24.5}\n"))
    context = theme_context(publication, "ltr")
    assert {key: context["ink"][key] for key in ("text", "link", "rule", "masthead")} == {
        "text": "#203040",
        "link": "#c00",
        "rule": "#abcdef",
        "masthead": "#a01010",
    }
    assert context["sizes"]["body"] == "12" and context["sizes"]["title"] == "24.5"
    assert theme_context(publication, "ltr", "print")["ink"] == INKS["print"]  # a print edition: black ink


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            "colours: {accent: red}\n",
            ["N:19: error: colours.accent 'red' is not a colour\n  hint: a colour as #rgb or #rrggbb, e.g. #1a4d8f"],
        ),
        (
            "colours: {txet: '#000'}\n",
            ["N:11: error: unknown colour 'txet'\n  hint: did you mean 'text'?"],
        ),
        (
            "colours: {text: 12}\n",
            [
                "N:17: error: colours.text must be a colour, #rgb or #rrggbb\n  hint: a colour as #rgb or #rrggbb, e.g. #1a4d8f"
            ],
        ),
        ("sizes: {body: 30}\n", ["N:15: error: sizes.body 30 is out of range (6 to 24)\n  hint: e.g. body: 10.5"]),
        ("sizes: {title: big}\n", ["N:16: error: sizes.title must be a number of points\n  hint: e.g. title: 19"]),
        ("sizes: {headings: 14}\n", ["N:9: error: unknown size 'headings'\n  hint: did you mean 'heading'?"]),
        ("sizes: 12\n", ["N:8: error: 'sizes' takes body, body_rtl, title, heading, masthead, notes"]),
        (
            "colors: {text: '#000'}\n",
            ["N:1: error: unknown key 'colors' in publication config\n  hint: did you mean 'colours'?"],
        ),
    ],
)
def test_a_bad_colour_or_size_is_located(project: Project, extra: str, expected: list[str]) -> None:
    assert errors_of(project, extra) == expected
