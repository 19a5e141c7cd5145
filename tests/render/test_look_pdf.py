"""A publication's colours and sizes (publication.yaml ``colours:``, ``sizes:``) are what the PDF draws."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pdfplumber
import pytest

from tests.conftest import INPUT, Project

pytestmark = pytest.mark.slow  # renders PDFs

BODY = "Plain words of the body and a [linked word](https://example.org) in it.\n"


def drawn(project: Project, extra: str) -> dict[str, tuple[tuple[float, ...], float]]:
    """The colour and size the PDF draws the body's words and the link in."""
    (project.root / "publication.yaml").write_text(
        (INPUT / "publication.yaml").read_text(encoding="utf-8") + extra, encoding="utf-8"
    )
    source = project.source("a.md", BODY)
    out = project.root / "out"
    code, _, err = project.run("build", str(source), "-o", str(out), "--force")
    assert code == 0, err
    with pdfplumber.open(out / "a.pdf") as pdf:
        words = pdf.pages[0].extract_words(extra_attrs=["non_stroking_color", "size"])
    found = {}
    for text in ("Plain", "linked"):
        (word,) = [word for word in words if word["text"] == text]
        found[text] = (tuple(round(c, 3) for c in word["non_stroking_color"]), round(word["size"], 2))
    return found


def rgb(hex_colour: str) -> tuple[float, ...]:
    digits = hex_colour.lstrip("#")
    digits = "".join(c * 2 for c in digits) if len(digits) == 3 else digits
    return tuple(round(int(digits[i : i + 2], 16) / 255, 3) for i in (0, 2, 4))


def test_colours_and_sizes_are_drawn(project: Project) -> None:
    assert drawn(project, "") == {"Plain": (rgb("#111"), 10.5), "linked": (rgb("#1a4d8f"), 10.5)}
    assert drawn(project, 'colours: {text: "#203040", accent: "#c00"}\nsizes: {body: 12}\n') == {
        "Plain": (rgb("#203040"), 12),
        "linked": (rgb("#c00"), 12),
    }


def test_the_masthead_takes_its_colour(project: Project, tmp_path: Path) -> None:
    (project.root / "publication.yaml").write_text(
        (INPUT / "publication.yaml").read_text(encoding="utf-8") + 'colours: {masthead: "#a01010"}\n', encoding="utf-8"
    )
    source = project.source("a.md", BODY)
    code, _, err = project.run("build", str(source), "-o", str(tmp_path / "out"))
    assert code == 0, err
    with pdfplumber.open(tmp_path / "out" / "a.pdf") as pdf:
        chars = pdf.pages[0].chars
    nastaliq = Counter(
        tuple(round(c, 3) for c in char["non_stroking_color"]) for char in chars if "Nastaliq" in char["fontname"]
    )
    assert set(nastaliq) == {rgb("#a01010")}
