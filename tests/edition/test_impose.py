"""Booklet imposition: which page lands on which half of which sheet side, for both bindings."""

from __future__ import annotations

import datetime
import io
import itertools
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image

from tests.printdocs import TRIM_H, TRIM_W, open_pdf, render
from typeset.edition.impose import booklet, sides
from typeset.pdf.pdfx import BLEED_PT, finish_for_print, save_for_print

pytestmark = pytest.mark.slow  # renders PDFs


@pytest.fixture(scope="module")
def finished() -> bytes:
    """Six pages, finished for print (bleed and marks to be cut away by the imposition)."""
    pdf = open_pdf(render(pages=6, image_px=60))
    finish_for_print(pdf, title="T", lang="en", date=datetime.date(2025, 6, 3))
    out = io.BytesIO()
    save_for_print(pdf, out)
    return out.getvalue()


def _impose(finished: bytes, right_bound: bool) -> bytes:
    out = io.BytesIO()
    save_for_print(booklet(open_pdf(finished), right_bound), out)
    return out.getvalue()


def _halves(data: bytes) -> list[tuple[str | None, str | None]]:
    """Per sheet side: the page number printed on its left and right half (None: blank)."""
    result = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for sheet in pdf.pages:
            found: dict[str, str] = {}
            words = sheet.extract_words()
            for before, word in itertools.pairwise(words):
                if before["text"] == "Page":
                    found["left" if word["x0"] < sheet.width / 2 else "right"] = word["text"]
            result.append((found.get("left"), found.get("right")))
    return result


def test_sides_in_saddle_stitch_order() -> None:
    assert sides(8, right_bound=False) == [(8, 1), (2, 7), (6, 3), (4, 5)]
    assert sides(8, right_bound=True) == [(1, 8), (7, 2), (3, 6), (5, 4)]
    assert sides(5, right_bound=False) == [(None, 1), (2, None), (None, 3), (4, 5)]


def test_left_bound_booklet_order_read_back(finished: bytes) -> None:
    assert _halves(_impose(finished, right_bound=False)) == [(None, "1"), ("2", None), ("6", "3"), ("4", "5")]


def test_right_bound_booklet_puts_page_one_on_the_left_of_the_outer_sheet(finished: bytes) -> None:
    assert _halves(_impose(finished, right_bound=True)) == [("1", None), (None, "2"), ("3", "6"), ("5", "4")]


def test_sheets_are_twice_the_trim_and_carry_the_pages_bleed_on_their_outer_edges(
    finished: bytes, tmp_path: Path
) -> None:
    data = _impose(finished, right_bound=True)
    pdf = open_pdf(data)
    assert len(pdf.pages) == 4  # 6 pages padded to 8: two sheets, two sides each
    bleed = BLEED_PT
    for sheet in pdf.pages:
        assert [float(v) for v in sheet.TrimBox] == pytest.approx([0, 0, 2 * TRIM_W, TRIM_H], abs=1e-3)
        expected = [-bleed, -bleed, 2 * TRIM_W + bleed, TRIM_H + bleed]
        assert [float(v) for v in sheet.MediaBox] == pytest.approx(expected, abs=1e-3)
        assert "/Annots" not in sheet.obj
    assert pdf.Root.OutputIntents[0].DestOutputProfile.N == 4
    # The first side, seen with its bleed: page 1's background fills the left half and runs off the
    # sheet's left edge (the bleed), stops at the fold; the right half is blank.
    (tmp_path / "booklet.pdf").write_bytes(data)
    subprocess.run(
        ["pdftoppm", "-r", "20", "-f", "1", "-l", "1", "-singlefile", "-png", "booklet.pdf", "side"],
        cwd=tmp_path,
        check=True,
    )
    image = Image.open(tmp_path / "side.png").convert("RGB")
    w, h = image.size
    assert image.getpixel((2, h // 2)) != (255, 255, 255)  # the background at the sheet's left edge
    assert image.getpixel((w // 2 - 2, 2)) != (255, 255, 255)
    assert image.getpixel((w // 2 + 2, h // 2)) == (255, 255, 255)
    assert image.getpixel((w - 2, h - 2)) == (255, 255, 255)


def test_booklets_are_byte_identical(finished: bytes) -> None:
    assert _impose(finished, right_bound=False) == _impose(finished, right_bound=False)
