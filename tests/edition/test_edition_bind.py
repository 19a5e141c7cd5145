"""The binder: parts rendered on their own, bound into one edition, read back as a reader would."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from weasyprint import HTML

from tests import pdfread
from typeset.edition.bind import Gathering, Piece, bind, paginate
from typeset.pdf.save import save
from typeset.render.pdf import font_configuration
from typeset.resources import FONTS_DIR

pytestmark = pytest.mark.slow  # renders PDFs

DATE = datetime.date(2025, 6, 3)
FACES = "".join(
    f"@font-face {{ font-family: Serif; font-weight: {weight}; src: url({(FONTS_DIR / name).as_uri()}) }}"
    for weight, name in (("normal", "NotoSerif-Regular.ttf"), ("bold", "NotoSerif-Bold.ttf"))
)
FOOT = 60  # the band at the foot of the page where the folios are set (pt)


def render(body: str, page_style: str = "") -> bytes:
    """A small A5 part in the shipped fonts; ``.page`` blocks end their page."""
    style = f"{FACES} @page {{ size: A5; margin: 20mm; {page_style} }} body {{ font-family: Serif }} .page {{ break-after: page }}"
    html = f'<html lang="en"><head><style>{style}</style></head><body>{body}</body></html>'
    return HTML(string=html).write_pdf(font_config=font_configuration())


def article(title: str, pages: int, heading: str = "h1") -> bytes:
    """``pages`` pages: the title, a footnote call on page 1 whose note is on the last page, an h2 per page."""
    body = [f"<{heading}>{title}</{heading}>", '<p>Call<a href="#fn1">1</a></p>']
    for number in range(1, pages + 1):
        last = number == pages
        note = '<p id="fn1">The note.</p>' if last else ""
        body.append(
            f'<div class="{"" if last else "page"}"><h2>{title} part {number}</h2><p>Text {number}.</p>{note}</div>'
        )
    return render("".join(body))


# Cover 1, blank 2, contents 3, blank 4, Alpha 5–7, blank 8, Beta 9–10, Gamma 11.
PIECE_PAGES = [1, 1, 3, 2, 1]
ARTICLE_STARTS = [5, 9, 11]
BLANKS = [2, 4, 8]
TOTAL = 11


@pytest.fixture(scope="module")
def parts() -> dict[str, bytes]:
    links = "".join(
        f'<p><a href="typeset:article/{i}">{name}</a></p>' for i, name in enumerate(["Alpha", "Beta", "Gamma"])
    )
    return {
        "front": render("<h1>The Cover</h1><p>An editor’s note.</p>"),
        "toc": render(f"<h1>Contents</h1>{links}<p><a href='https://example.org/'>elsewhere</a></p>"),
        "alpha": article("Alpha", 3),
        "beta": article("Beta", 2, heading="p"),  # its outline: the h2s only, no entry for its title
        "gamma": article("Gamma", 1),
        "folios": render('<div class="page"></div>' * 13 + "<div></div>", "@bottom-center { content: counter(page) }"),
    }


def pieces(parts: dict[str, bytes]) -> list[Piece]:
    return [
        Piece(parts["front"], "front", folios=False),
        Piece(parts["toc"], "toc", "Contents"),
        Piece(parts["alpha"], "article", "Alpha"),
        Piece(parts["beta"], "article", "Beta"),
        Piece(parts["gamma"], "article", "Gamma"),
    ]


def bound(
    parts: dict[str, bytes],
    direction: str = "ltr",
    identifier: bytes = b"edition-1",
    folios: bool = True,
    gathered: Gathering | None = None,
) -> bytes:
    pdf = bind(
        pieces(parts),
        parts["folios"] if folios else None,
        gathered=gathered,
        direction=direction,
        title="Issue 12",
        lang="fa-AF" if direction == "rtl" else "en",
        date=DATE,
        identifier=identifier,
    )
    return save(pdf)


@pytest.fixture(scope="module")
def edition(parts: dict[str, bytes], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bind") / "edition.pdf"
    path.write_bytes(bound(parts))
    return path


def page_index(pdf: pikepdf.Pdf) -> dict[tuple[int, int], int]:
    return {page.obj.objgen: number for number, page in enumerate(pdf.pages, start=1)}


def foot_text(page: pdfplumber.page.Page) -> str:
    return (page.crop((0, page.height - FOOT, page.width, page.height)).extract_text() or "").strip()


def test_paginate_puts_a_blank_verso_before_a_piece_that_would_open_on_an_even_page() -> None:
    assert paginate([1, 1, 3, 2, 1]) == [1, 3, 5, 9, 11]
    assert paginate([2, 2, 2]) == [1, 3, 5]  # even parts: no blank at all
    assert paginate([1]) == [1]
    assert paginate([]) == []


def test_page_count_is_what_the_parts_and_blanks_add_up_to(edition: Path, parts: dict[str, bytes]) -> None:
    counts = [len(pikepdf.open(io.BytesIO(parts[name])).pages) for name in ("front", "toc", "alpha", "beta", "gamma")]
    assert counts == PIECE_PAGES
    starts = paginate(counts)
    assert starts[2:] == ARTICLE_STARTS
    with pikepdf.open(edition) as pdf:
        assert len(pdf.pages) == starts[-1] + counts[-1] - 1 == TOTAL == sum(counts) + len(BLANKS)


def test_articles_open_on_odd_pages_and_blank_versos_are_empty(edition: Path) -> None:
    pages = pdfread.pages(edition)
    for start, title in zip(ARTICLE_STARTS, ["Alpha", "Beta", "Gamma"], strict=True):
        assert start % 2 == 1
        assert pages[start - 1].split()[0] == title
    with pikepdf.open(edition) as pdf:
        for number in BLANKS:
            assert pages[number - 1].strip() == ""
            page = pdf.pages[number - 1]
            assert page.obj.Contents.read_bytes().split() == [b"q", b"Q"]  # draws nothing
            assert page.obj.Contents.read_raw_bytes(), "no 0-byte stream (not zlib data: Ghostscript's /ioerror)"
            assert "/Annots" not in page.obj
            # the size and boxes of the page it faces
            for box in ("/MediaBox", "/TrimBox", "/BleedBox"):
                assert [float(v) for v in page.obj[box]] == [float(v) for v in pdf.pages[number].obj[box]]


def test_folios_on_every_page_but_blanks_and_the_front(edition: Path) -> None:
    with pdfplumber.open(edition) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            expected = "" if number == 1 or number in BLANKS else str(number)
            assert foot_text(page) == expected, number


def test_text_of_a_bound_page_is_its_parts(edition: Path, parts: dict[str, bytes]) -> None:
    placed = {"toc": [3], "alpha": [5, 6, 7], "beta": [9, 10], "gamma": [11]}
    with pdfplumber.open(edition) as pdf:
        for name, numbers in placed.items():
            with pdfplumber.open(io.BytesIO(parts[name])) as part:
                for page, number in zip(part.pages, numbers, strict=True):
                    bound_page = pdf.pages[number - 1]
                    body = bound_page.crop((0, 0, bound_page.width, bound_page.height - FOOT))
                    assert body.extract_text() == page.extract_text(), (name, number)


def test_contents_links_lead_to_each_articles_first_page(edition: Path) -> None:
    with pikepdf.open(edition) as pdf:
        index = page_index(pdf)
        annots = pdf.pages[2].obj.Annots
        targets = [index[annot.Dest[0].objgen] for annot in annots if "/Dest" in annot]
        assert targets == ARTICLE_STARTS
        assert all(annot.Dest[1] == pikepdf.Name.XYZ for annot in annots if "/Dest" in annot)
        # other links stay as they were
        uris = [str(annot.A.URI) for annot in annots if "/A" in annot]
        assert uris == ["https://example.org/"]


def test_footnote_calls_still_reach_their_notes(edition: Path, parts: dict[str, bytes]) -> None:
    """Every article has a note called ``fn1``: each call leads to its own article's last page."""
    with pikepdf.open(edition) as pdf:
        index = page_index(pdf)
        for start, last in ((5, 7), (9, 10), (11, 11)):
            (call,) = [a for a in pdf.pages[start - 1].obj.Annots if "/Dest" in a]
            assert index[call.Dest[0].objgen] == last
            # where the note is on its page, as in the part
            with pikepdf.open(io.BytesIO(parts[["alpha", "beta", "gamma"][ARTICLE_STARTS.index(start)]])) as part:
                (named,) = [a.Dest for a in part.pages[0].obj.Annots if "/Dest" in a]
                placed = pikepdf.NameTree(part.Root.Names.Dests)[str(named)]
                assert list(call.Dest)[1:] == list(placed)[1:]


def test_bookmarks_one_per_article_with_its_headings(edition: Path) -> None:
    with pikepdf.open(edition) as pdf:
        index = page_index(pdf)

        def tree(items: list[pikepdf.OutlineItem]) -> list[tuple[str, int, list]]:
            return [(item.title, index[item.destination[0].objgen], tree(item.children)) for item in items]

        assert tree(pdf.open_outline().root) == [
            ("Contents", 3, []),
            ("Alpha", 5, [("Alpha part 1", 5, []), ("Alpha part 2", 6, []), ("Alpha part 3", 7, [])]),
            ("Beta", 9, [("Beta part 1", 9, []), ("Beta part 2", 10, [])]),
            ("Gamma", 11, [("Gamma part 1", 11, [])]),
        ]


def test_right_bound_edition_reads_right_to_left(parts: dict[str, bytes]) -> None:
    with pikepdf.open(io.BytesIO(bound(parts, "rtl"))) as pdf:
        assert pdf.Root.ViewerPreferences.Direction == pikepdf.Name.R2L
        assert pdf.Root.PageLayout == pikepdf.Name.TwoPageRight
        assert str(pdf.Root.Lang) == "fa-AF"
    with pikepdf.open(io.BytesIO(bound(parts, "ltr"))) as pdf:
        assert "/Direction" not in pdf.Root.ViewerPreferences
        assert pdf.Root.PageLayout == pikepdf.Name.TwoPageRight


def test_metadata_comes_from_the_edition(edition: Path) -> None:
    with pikepdf.open(edition) as pdf:
        info = pdf.docinfo
        assert str(info.Title) == "Issue 12"
        assert str(info.Producer) == "typeset"
        assert str(info.CreationDate) == str(info.ModDate) == "D:20250603000000Z"
        meta = pdf.open_metadata()
        assert meta["dc:title"] == "Issue 12"
        assert meta["dc:language"] == {"en"}
        assert meta["xmp:CreateDate"] == "2025-06-03T00:00:00Z"
        assert meta["xmpMM:DocumentID"].startswith("uuid:")  # from the edition, not random (byte-identical binds)
        assert pdf.Root.PageLabels.Nums[1].S == pikepdf.Name.D


def test_two_binds_are_byte_identical(edition: Path, parts: dict[str, bytes]) -> None:
    again = bound(parts)
    assert again == edition.read_bytes()
    other = bound(parts, identifier=b"edition-2")
    ids = [pikepdf.open(io.BytesIO(data)).trailer.ID for data in (again, other)]
    assert bytes(ids[0][0]) != bytes(ids[1][0])  # the permanent half is the edition's
    assert bytes(ids[0][1]) != bytes(ids[0][0])  # the other half, the content's hash


def test_a_contents_link_to_a_missing_article_is_refused(parts: dict[str, bytes]) -> None:
    few = [Piece(parts["toc"], "toc"), Piece(parts["alpha"], "article", "Alpha")]
    with pytest.raises(ValueError, match=r"typeset:article/1, but the edition has 1 articles"):
        bind(few, None, direction="ltr", title="x", lang="en", date=DATE, identifier=b"x")


def test_article_text_layer_survives_binding(built: dict[str, Path], tmp_path: Path) -> None:
    """Real articles (ActualText for the masthead and kashida, Persian fonts): each bound page reads as its part's page."""
    sources = [built[slug] for slug in sorted(built)]
    pdf = bind(
        [Piece(path, "article", slug) for slug, path in sorted(built.items())],
        None,
        direction="rtl",
        title="x",
        lang="fa-AF",
        date=DATE,
        identifier=b"x",
    )
    out = tmp_path / "real.pdf"
    out.write_bytes(save(pdf))
    counts = [len(pikepdf.open(path).pages) for path in sources]
    bound_pages = pdfread.pages(out)
    for path, start, count in zip(sources, paginate(counts), counts, strict=True):
        assert bound_pages[start - 1 : start - 1 + count] == pdfread.pages(path)


def test_parts_with_bleed_keep_their_boxes_and_output_intent(tmp_path: Path) -> None:
    """Parts for the print shop: their origin is outside the trim (3 mm bleed); folios land
    where the folio PDF put them, blank versos get the same boxes, the output intent is kept."""
    bleed = "bleed: 3mm"
    one = pikepdf.open(io.BytesIO(render("<h1>One</h1>", bleed)))
    icc = one.make_stream(b"not a real profile")
    one.Root.OutputIntents = pikepdf.Array(
        [pikepdf.Dictionary(Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFX, DestOutputProfile=icc)]
    )
    two = render("<h1>Two</h1>", bleed)
    folios = render(
        '<div class="page"></div>' * 3 + "<div></div>", f"{bleed}; @bottom-center {{ content: counter(page) }}"
    )
    data = save(
        bind(
            [Piece(one, "article", "One"), Piece(two, "article", "Two")],
            folios,
            direction="ltr",
            title="x",
            lang="en",
            date=DATE,
            identifier=b"x",
        )
    )
    path = tmp_path / "print.pdf"
    path.write_bytes(data)
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) == 3
        boxes = [
            {box: [float(v) for v in page.obj[box]] for box in ("/MediaBox", "/TrimBox", "/BleedBox")}
            for page in pdf.pages
        ]
        assert boxes[0]["/MediaBox"][0] == pytest.approx(-8.504, abs=0.001)  # the bleed, outside the trim
        assert boxes[0] == boxes[1] == boxes[2]
        assert pdf.Root.OutputIntents[0].DestOutputProfile.read_bytes() == b"not a real profile"
    with pdfplumber.open(path) as bound_pdf, pdfplumber.open(io.BytesIO(folios)) as folio_pdf:
        for number in (1, 3):
            placed = [
                (c["text"], round(c["x0"], 2), round(c["top"], 2))
                for c in bound_pdf.pages[number - 1].chars
                if c["text"].isdigit()
            ]
            expected = [(c["text"], round(c["x0"], 2), round(c["top"], 2)) for c in folio_pdf.pages[number - 1].chars]
            assert placed == expected == [(str(number), expected[0][1], expected[0][2])]
        assert not bound_pdf.pages[1].chars


def test_a_part_of_unknown_kind_is_refused(parts: dict[str, bytes]) -> None:
    with pytest.raises(ValueError, match=r"a 'appendix' part of 1 pages: not something to bind"):
        bind(
            [Piece(parts["gamma"], "appendix")], None, direction="ltr", title="x", lang="en", date=DATE, identifier=b"x"
        )


def test_contents_page_numbers_are_stamped_in_their_boxes(parts: dict[str, bytes]) -> None:
    """Each entry's ``typeset:page/N`` box gets the number of the page the N-th article opens on,
    from the number sheet (page n: the box showing n), and leads there like the entry."""
    box = "display: inline-block; width: 30pt; height: 14pt; vertical-align: top"
    entries = "".join(
        f'<p><a href="typeset:article/{i}">{name}</a> <a style="{box}" href="typeset:page/{i}"></a></p>'
        for i, name in enumerate(["Alpha", "Beta", "Gamma"])
    )
    toc = render(f"<h1>Contents</h1>{entries}")
    sheet = "".join(  # page i: the i-th odd number (articles open on odd pages)
        f'<div style="height: 14pt; line-height: 14pt; text-align: right; break-after: page">{n}</div>'
        for n in range(1, 13, 2)
    )
    numbers = HTML(
        string=f"<html><head><style>{FACES} @page {{ size: 30pt 14pt; margin: 0 }} body {{ font-family: Serif; margin: 0 }}"
        f"</style></head><body>{sheet}</body></html>"
    ).write_pdf(font_config=font_configuration())
    listed = [Piece(toc, "toc") if piece.kind == "toc" else piece for piece in pieces(parts)]
    data = save(
        bind(
            listed, parts["folios"], numbers=numbers, direction="ltr", title="x", lang="en", date=DATE, identifier=b"x"
        )
    )
    with pikepdf.open(io.BytesIO(data)) as pdf, pdfplumber.open(io.BytesIO(data)) as plumber:
        index = page_index(pdf)
        height = float(pdf.pages[2].mediabox[3])
        found = []
        for annot in pdf.pages[2].obj.Annots:
            x0, y0, x1, y1 = (float(v) for v in annot.Rect)
            inside = plumber.pages[2].crop((min(x0, x1), height - max(y0, y1), max(x0, x1), height - min(y0, y1)))
            found.append(((inside.extract_text() or "").strip(), index[annot.Dest[0].objgen]))
    assert found == [("Alpha", 5), ("5", 5), ("Beta", 9), ("9", 9), ("Gamma", 11), ("11", 11)]
    with pytest.raises(ValueError, match="no number sheet"):
        bind(listed, None, direction="ltr", title="x", lang="en", date=DATE, identifier=b"x")


def test_a_sheet_in_chunks_stamps_as_the_whole_sheet(edition: Path, parts: dict[str, bytes]) -> None:
    """The folio sheet is rendered and cached in chunks: chunk k's page i is the sheet's page k * per + i."""
    chunks = []
    with pikepdf.open(io.BytesIO(parts["folios"])) as whole:
        for first, last in ((0, 6), (6, len(whole.pages))):
            chunk = pikepdf.new()
            chunk.pages.extend(whole.pages[first:last])
            buffer = io.BytesIO()
            chunk.save(buffer)
            chunks.append(buffer.getvalue())
    pdf = bind(pieces(parts), chunks, direction="ltr", title="Issue 12", lang="en", date=DATE, identifier=b"edition-1")
    data = save(pdf)
    with pdfplumber.open(io.BytesIO(data)) as chunked, pdfplumber.open(edition) as whole:
        assert [foot_text(page) for page in chunked.pages] == [foot_text(page) for page in whole.pages]
    with pytest.raises(ValueError, match="the folios: the sheet has 6 pages; page 11 is needed"):
        bind(pieces(parts), chunks[:1], direction="ltr", title="x", lang="en", date=DATE, identifier=b"x")


@pytest.mark.parametrize("first", [0, 1, 3, 5])
def test_first_parts_gathered_early_bind_as_the_whole(edition: Path, parts: dict[str, bytes], first: int) -> None:
    """The parts before the edited one are copied while it renders, the rest at binding: the
    edition is the same bytes as one bound in one go."""
    gathering = Gathering()
    for piece in pieces(parts)[:first]:
        gathering.add(piece.pdf)
    assert bound(parts, gathered=gathering) == edition.read_bytes()
    with pytest.raises(ValueError, match="a gathering that is bound already"):
        gathering.add(parts["toc"])


def test_an_empty_part_or_more_parts_than_the_edition_are_refused(parts: dict[str, bytes]) -> None:
    gathering = Gathering()
    gathering.add(parts["toc"])
    with pytest.raises(ValueError, match="part 1 of 0 pages: not something to bind"):
        gathering.add(pikepdf.new())
    gathering.add(parts["front"])
    with pytest.raises(ValueError, match="2 parts gathered for an edition of 1"):
        bind(
            [pieces(parts)[0]],
            None,
            gathered=gathering,
            direction="ltr",
            title="",
            lang="en",
            date=DATE,
            identifier=b"x",
        )
