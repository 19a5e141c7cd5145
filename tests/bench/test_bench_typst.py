"""The bench's reference (bench/typst_edition.py): the same edition's articles, set by Typst.

The figures it gives are only worth something if Typst sets what typeset sets: every article,
in its own direction, each opening on an odd page, with the fonts typeset ships."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest

from bench import typst_edition
from bench.make_edition import make_edition
from tests import pdfread

pytestmark = pytest.mark.slow  # renders PDFs

typst = pytest.importorskip("typst")


def test_typst_sets_every_article_of_the_edition(tmp_path: Path) -> None:
    edition = make_edition(tmp_path / "in", 10)
    main, files = typst_edition.write_typst(edition, tmp_path / "typst")
    assert len(files) == 10
    data = typst.compile(str(main), font_paths=[str(typst_edition.FONTS)], ignore_system_fonts=True)
    pdf = tmp_path / "typst.pdf"
    pdf.write_bytes(data)
    text = pdfread.normalize(pdfread.text(pdf))
    for source in files:
        title = pdfread.normalize(source.read_text(encoding="utf-8").split('title: "', 1)[1].split('"', 1)[0])
        if title.isascii():
            assert title in text, title
        else:  # (poppler reads Typst's right-to-left lines in another order: their letters, then)
            assert not pdfread.letters(title) - pdfread.letters(text), title
    document = pikepdf.open(io.BytesIO(data))
    page_of = {page.objgen: number for number, page in enumerate(document.pages, 1)}
    with document.open_outline() as outline:  # Typst's bookmarks: one per article (its title)
        openings = [page_of[item.destination[0].objgen] for item in outline.root]
    assert len(openings) == 10 and all(page % 2 == 1 for page in openings), openings
    fonts = {
        str(font.BaseFont).split("+")[-1]
        for page in pikepdf.open(io.BytesIO(data)).pages
        for font in page.Resources.Font.values()
    }
    assert fonts <= {
        "NotoSerif-Regular",
        "NotoSerif-Bold",
        "NotoSerif-Italic",
        "NotoSerif-BoldItalic",
        "NotoNaskhArabic-Regular",
        "NotoNaskhArabic-Bold",
        "NotoNastaliqUrdu-Regular",
    }, fonts
    assert {"NotoNaskhArabic-Regular", "NotoSerif-Regular", "NotoNastaliqUrdu-Regular"} <= fonts


def test_an_edit_is_seen_by_the_memoized_recompile(tmp_path: Path) -> None:
    edition = make_edition(tmp_path / "in", 5)
    main, files = typst_edition.write_typst(edition, tmp_path / "typst")
    source = sorted(files)[2]
    original = source.read_text(encoding="utf-8")

    def edit(longer: bool) -> None:
        body = original.index("\n---\n", 4) + 5
        start = original.index("\n\n", body) + 2
        extra = ("Ein Absatz mehr. " * 40 + "\n\n") * 6 if longer else "neu "
        source.write_text(original[:start] + extra + original[start:], encoding="utf-8")
        typst_edition.convert(source, files[source])

    def restore() -> None:
        source.write_text(original, encoding="utf-8")
        typst_edition.convert(source, files[source])

    word, page, first, last = typst_edition.memoized_recompiles(main, edit, restore, 1)
    assert last > first  # the page added was set
    assert word > 0 and page > 0
