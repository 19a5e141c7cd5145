"""The print profile's finishing: PDF/X-4 boxes, crop marks, CMYK, output intent, metadata, same bytes."""

from __future__ import annotations

import datetime
import io

import pikepdf
import pytest

from tests.printdocs import BLEED, TRIM_H, TRIM_W, open_pdf, render
from typeset.errors import TypesetError
from typeset.pdf.pdfx import MARKS_PT, finish_for_print, save_for_print
from typeset.resources import CMYK_PROFILE

pytestmark = pytest.mark.slow  # renders PDFs

DATE = datetime.date(2025, 6, 3)


def _finish(data: bytes) -> bytes:
    pdf = open_pdf(data)
    finish_for_print(pdf, title="Issue 12", lang="fa-AF", date=DATE)
    out = io.BytesIO()
    save_for_print(pdf, out)
    return out.getvalue()


@pytest.fixture(scope="module")
def rendered() -> bytes:
    return render(pages=3)


@pytest.fixture(scope="module")
def finished(rendered: bytes) -> bytes:
    return _finish(rendered)


@pytest.fixture(scope="module")
def pdf(finished: bytes) -> pikepdf.Pdf:
    return open_pdf(finished)


def _box(page: pikepdf.Page, key: str) -> list[float]:
    return [float(v) for v in page.obj[key]]


def _operators(stream: pikepdf.Object) -> list[tuple[list[object], str]]:
    return [(list(i.operands), str(i.operator)) for i in pikepdf.parse_content_stream(stream)]


def test_the_engine_writes_trim_at_origin_and_bleed_as_media(rendered: bytes) -> None:
    """What finishing builds on (WeasyPrint 70 with @page { bleed: 3mm })."""
    pdf = open_pdf(rendered)
    page = pdf.pages[0]
    assert _box(page, "/TrimBox") == pytest.approx([0, 0, TRIM_W, TRIM_H], abs=1e-3)
    assert _box(page, "/MediaBox") == pytest.approx([-BLEED, -BLEED, TRIM_W + BLEED, TRIM_H + BLEED], abs=1e-3)


def test_boxes_bleed_is_3mm_and_media_leaves_room_for_marks(pdf: pikepdf.Pdf) -> None:
    for page in pdf.pages:
        trim, bleed, media = (_box(page, key) for key in ("/TrimBox", "/BleedBox", "/MediaBox"))
        assert trim == pytest.approx([0, 0, TRIM_W, TRIM_H], abs=1e-3)
        assert [trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3]] == pytest.approx(
            [8.504] * 4, abs=1e-3
        )
        assert [bleed[0] - media[0], bleed[1] - media[1], media[2] - bleed[2], media[3] - bleed[3]] == pytest.approx(
            [MARKS_PT] * 4, abs=1e-3
        )
        assert "/CropBox" not in page.obj


def test_output_intent_is_fogra39_with_the_shipped_profile(pdf: pikepdf.Pdf, finished: bytes) -> None:
    assert finished.startswith(b"%PDF-1.6")
    (intent,) = pdf.Root.OutputIntents
    assert intent.S == pikepdf.Name.GTS_PDFX
    assert str(intent.OutputConditionIdentifier) == "FOGRA39"
    assert intent.DestOutputProfile.N == 4
    assert intent.DestOutputProfile.read_bytes() == CMYK_PROFILE.read_bytes()


def test_metadata_is_pdfx4_with_the_editions_date_and_title(pdf: pikepdf.Pdf) -> None:
    meta = pdf.open_metadata()
    assert meta["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
    assert meta["dc:title"] == "Issue 12"
    assert meta["dc:language"] == {"fa-AF"}
    assert meta["xmp:CreateDate"] == meta["xmp:ModifyDate"] == "2025-06-03T00:00:00Z"
    assert meta["xmpMM:DocumentID"].startswith("uuid:")
    assert meta["xmpMM:InstanceID"] != meta["xmpMM:DocumentID"]
    assert pdf.docinfo.Trapped == pikepdf.Name("/False")
    assert str(pdf.docinfo.CreationDate) == str(pdf.docinfo.ModDate) == "D:20250603000000Z"
    assert str(pdf.docinfo.Title) == "Issue 12"
    assert str(pdf.Root.Lang) == "fa-AF"


def test_no_rgb_colour_operator_is_left(pdf: pikepdf.Pdf) -> None:
    for page in pdf.pages:
        operators = {op for _, op in _operators(page.obj)}
        assert not operators & {"rg", "RG"}
        assert "k" in operators
        for xobject in page.Resources.get("/XObject", {}).values():
            if xobject.Subtype == pikepdf.Name.Form:
                assert not {op for _, op in _operators(xobject)} & {"rg", "RG"}


def test_text_is_drawn_in_devicecmyk_black_and_the_link_in_cmyk(pdf: pikepdf.Pdf) -> None:
    colours = []
    fill: tuple[str, tuple[float, ...]] = ("gray", (0.0,))
    for operands, operator in _operators(pdf.pages[0].obj):
        if operator in ("k", "rg", "g"):
            fill = (operator, tuple(float(v) for v in operands))  # type: ignore[arg-type]
        elif operator in ("Tj", "TJ"):
            colours.append(fill)
    assert {kind for kind, _ in colours} == {"k"}
    black = [values for _, values in colours if values == (0, 0, 0, 1)]
    assert len(black) >= 3  # the heading and the two paragraphs
    link = [values for _, values in colours if values != (0, 0, 0, 1)]
    assert link and all(v[0] > 0.5 and v[2] < 0.05 for v in link)  # blue: cyan, no yellow


def test_images_are_icc_based_srgb_without_interpolation(pdf: pikepdf.Pdf) -> None:
    images = [x for x in pdf.pages[0].Resources.XObject.values() if x.Subtype == pikepdf.Name.Image]
    assert images
    for image in images:
        assert image.ColorSpace[0] == pikepdf.Name.ICCBased and image.ColorSpace[1].N == 3
        assert "/Interpolate" not in image


def test_crop_marks_on_the_trim_lines_outside_the_bleed(pdf: pikepdf.Pdf) -> None:
    for page in pdf.pages:
        trim, bleed, media = (_box(page, key) for key in ("/TrimBox", "/BleedBox", "/MediaBox"))
        instructions = _operators(page.obj)
        start = next(n for n, (operands, op) in enumerate(instructions) if op == "CS" and operands)
        space = page.Resources.ColorSpace[str(instructions[start][0][0])]
        assert space[0] == pikepdf.Name.Separation and space[1] == pikepdf.Name.All
        assert any(op == "w" and float(operands[0]) == 0.25 for operands, op in instructions[start:])  # type: ignore[arg-type]
        moves = [(op, [float(v) for v in operands]) for operands, op in instructions[start:] if op in ("m", "l")]  # type: ignore[arg-type]
        segments = [(moves[i][1], moves[i + 1][1]) for i in range(0, len(moves), 2)]
        assert len(segments) == 8
        for (x0, y0), (x1, y1) in segments:
            assert (x0 == x1 and round(x0, 3) in (round(trim[0], 3), round(trim[2], 3))) or (
                y0 == y1 and round(y0, 3) in (round(trim[1], 3), round(trim[3], 3))
            )
            for x, y in ((x0, y0), (x1, y1)):
                outside = x < bleed[0] or x > bleed[2] or y < bleed[1] or y > bleed[3]
                assert outside and media[0] - 1e-3 <= x <= media[2] + 1e-3 and media[1] - 1e-3 <= y <= media[3] + 1e-3


def test_links_are_kept_without_border_and_not_printed(pdf: pikepdf.Pdf) -> None:
    (link,) = [a for a in pdf.pages[0].Annots if a.Subtype == pikepdf.Name.Link]
    assert str(link.A.URI) == "https://example.org/"
    assert list(link.Border) == [0, 0, 0]
    assert int(link.get("/F", 0)) & 4 == 0


def test_two_finishes_are_byte_identical(rendered: bytes, finished: bytes) -> None:
    assert _finish(rendered) == finished


def test_a_page_rendered_without_bleed_is_refused() -> None:
    pdf = open_pdf(render(pages=1, bleed=False, image_px=60))
    with pytest.raises(TypesetError) as caught:
        finish_for_print(pdf, title="T", lang="en", date=DATE)
    assert caught.value.message.startswith("page 1 was rendered without 8.504 pt of bleed around its trim")
    assert caught.value.hint == "render the parts of a print edition with @page { bleed: 3mm }"
