"""Booklet imposition for saddle stitching: the edition's pages two up, in printing order.

A saddle-stitched issue is a stack of sheets folded once: each sheet carries four pages, two on
each side, and the outer sheet carries the first two and the last two. With ``n`` pages padded
to a multiple of 4 and sheet sides counted from 0 (front of the outer sheet, its back, front
of the next…), side ``s`` holds the pages ``(n - s, s + 1)`` (1-based) when ``s`` is even and
``(s + 1, n - s)`` when it is odd, left half first, for a book bound on the left.

A right-bound book (Dari, Pashto) folds the other way: its spine is on the right of the front
cover, so every side is the mirror image, and page 1 lands on the LEFT half of the outer
sheet's front, the last page on its right. Tools made for left-bound books put it on the right.

Each page is placed by its TrimBox, as a form XObject of the original page: nothing is
rendered again, and fonts and images are shared between the sheets. A print file's pages
carry their bleed onto the sheet's outer edges (top, bottom, and the side away from the fold),
so a background that bleeds off the page bleeds off the sheet; at the fold the pages meet at
their trim. Their own crop marks are cut away: :func:`typeset.pdf.pdfx.finish_for_print`
gives the sheet its boxes, marks and PDF/X-4 metadata.
"""

from __future__ import annotations

import pikepdf
from pikepdf import Array, Dictionary


def sides(pages: int, right_bound: bool) -> list[tuple[int | None, int | None]]:
    """The pages (1-based; None for a blank) on the left and right half of each sheet side."""
    n = -(-pages // 4) * 4

    def page(number: int) -> int | None:
        return number if number <= pages else None

    order = []
    for side in range(n // 2):
        low, high = page(side + 1), page(n - side)
        left_bound_pair = (high, low) if side % 2 == 0 else (low, high)
        order.append(left_bound_pair[::-1] if right_bound else left_bound_pair)
    return order


def booklet(pdf: pikepdf.Pdf, right_bound: bool) -> pikepdf.Pdf:
    """A new PDF: ``pdf``'s pages imposed two up on sheets twice the trim width, in saddle-stitch order.

    The trim size is the first page's; every page's trim area is placed at its half of the
    sheet (centred if a page is of another size), clipped to it, and to its bleed on the sheet's
    outer edges when the pages have one (a print file's BleedBox): the sheets' MediaBox is then
    the sheet's trim and that bleed. The output intent and the title of ``pdf`` are carried over;
    links are not (they point nowhere on a sheet).
    """
    if not len(pdf.pages):
        raise ValueError("a booklet needs at least one page")
    out = pikepdf.new()
    x0, y0, x1, y1 = _trim(pdf.pages[0])
    width, height = x1 - x0, y1 - y0
    bleed = _bleed(pdf.pages[0])
    forms = [out.copy_foreign(_form(page)) for page in pdf.pages]
    trims = [_trim(page) for page in pdf.pages]
    for left, right in sides(len(pdf.pages), right_bound):
        sheet = out.add_blank_page(page_size=(2 * width, height))
        sheet.obj.MediaBox = Array([round(v, 6) for v in (-bleed, -bleed, 2 * width + bleed, height + bleed)])
        sheet.obj.TrimBox = Array([0, 0, 2 * width, height])
        content = []
        for half, number in enumerate((left, right)):
            if number is None:
                continue
            px0, py0, px1, py1 = trims[number - 1]
            name = f"/Page{number}"  # add_resource would pick a random name: not the same bytes twice
            sheet.obj.Resources = sheet.obj.get("/Resources", Dictionary())
            sheet.obj.Resources.XObject = sheet.obj.Resources.get("/XObject", Dictionary())
            sheet.obj.Resources.XObject[name] = forms[number - 1]
            dx = half * width + (width - (px1 - px0)) / 2 - px0
            dy = (height - (py1 - py0)) / 2 - py0
            outer = half * width - (bleed if half == 0 else 0)  # the outer side bleeds, the fold does not
            clip = f"{_n(outer)} {_n(-bleed)} {_n(width + bleed)} {_n(height + 2 * bleed)} re W n"
            content.append(f"q {clip} 1 0 0 1 {_n(dx)} {_n(dy)} cm {name} Do Q")
        sheet.obj.Contents = out.make_stream("\n".join(content).encode() + b"\n")
    if "/OutputIntents" in pdf.Root:
        out.Root.OutputIntents = Array([out.copy_foreign(intent) for intent in pdf.Root.OutputIntents])
    if "/Title" in pdf.docinfo:
        out.docinfo = out.make_indirect(Dictionary(Title=pdf.docinfo.Title, Producer=pdf.docinfo.get("/Producer", "")))
    return out


def _form(page: pikepdf.Page) -> pikepdf.Object:
    """The page as a form XObject that reaches to its BleedBox (qpdf's stops at the TrimBox)."""
    form = page.as_form_xobject()
    if "/BleedBox" in page.obj:
        form.BBox = Array([float(v) for v in page.obj.BleedBox])
    return form


def _bleed(page: pikepdf.Page) -> float:
    """How far the page's BleedBox reaches beyond its TrimBox on every side (0 without one)."""
    if "/BleedBox" not in page.obj:
        return 0.0
    x0, y0, x1, y1 = _trim(page)
    b = [float(v) for v in page.obj.BleedBox]
    bx0, by0, bx1, by1 = min(b[0], b[2]), min(b[1], b[3]), max(b[0], b[2]), max(b[1], b[3])
    return max(0.0, round(min(x0 - bx0, y0 - by0, bx1 - x1, by1 - y1), 6))


def _trim(page: pikepdf.Page) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = (float(v) for v in page.obj.get("/TrimBox", page.obj.MediaBox))
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _n(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
