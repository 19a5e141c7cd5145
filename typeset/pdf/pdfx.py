"""The print profile's last step: a bound edition made into the PDF/X-4 file a print shop takes.

The pages arrive from the engine rendered with ``@page { bleed: 3mm }``: WeasyPrint then
writes ``/TrimBox`` (the page, at 0 0) and a ``/MediaBox`` and ``/BleedBox`` 3 mm larger on each
side, backgrounds and full-bleed images running into it. This module adds what the engine
does not write, or writes in a way a print shop cannot take:

- the boxes: BleedBox exactly trim + ``bleed_pt``, MediaBox a further ``marks_pt`` outward,
  the page's own drawing clipped to the BleedBox, crop marks in the margin between
  (registration colour, 0.25 pt, at each trim corner, never in the bleed);
- colour: no DeviceRGB left (:mod:`typeset.pdf.colour`), black text in black ink only;
- an output intent (FOGRA39, coated offset; ``profiles/``) and PDF/X-4 XMP metadata whose
  dates are the edition's date and whose IDs come from the edition and its content, so the
  same edition finishes to the same bytes (WeasyPrint's own ``pdf/x-4`` gives a random
  document ID each run);
- links: kept, for the editor's proof on screen, but invisible and never printed (no border,
  no appearance, the Print flag cleared): PDF/X forbids printing annotations inside the
  bleed, not inert ones. ``links="drop"`` removes them for a shop whose RIP complains.

Save with :func:`save_for_print` (deterministic trailer ID, PDF 1.6 as PDF/X-4 requires). What the variant
carries (version, identification, output intent) is its row of :data:`typeset.pdf.variants.VARIANTS`.
"""

from __future__ import annotations

import datetime
import hashlib
from pathlib import Path
from typing import BinaryIO, Literal

import pikepdf
from pikepdf import Array, Dictionary, Name

from typeset.errors import TypesetError
from typeset.pdf.colour import convert_to_cmyk
from typeset.pdf.metadata import describe
from typeset.pdf.variants import VARIANTS, add_info, add_output_intent
from typeset.resources import CMYK_PROFILE

#: 3 mm, the bleed print shops ask for: 8.504 pt.
BLEED_PT = 3 * 72 / 25.4
#: The margin outside the bleed that holds the crop marks.
MARKS_PT = 12.0
MARK_WIDTH_PT = 0.25
#: Marks start this far outside the bleed, so they never print on the sheet that is kept.
MARK_GAP_PT = 2.0
_TOLERANCE = 0.01  # pt: the engine writes boxes to 6 decimal places

PDFX = VARIANTS["pdf/x-4"]  # its output intent: FOGRA39 (ICC's registry), with the profile given
REGISTRATION = "/TypesetRegistration"  # the colour space name of the marks, in each page's resources


def finish_for_print(
    pdf: pikepdf.Pdf,
    *,
    title: str,
    lang: str,
    date: datetime.date,
    bleed_pt: float = BLEED_PT,
    marks_pt: float = MARKS_PT,
    links: Literal["keep", "drop"] = "keep",
    profile: Path = CMYK_PROFILE,
    kind: str = "edition",
    convert: bool = True,
) -> pikepdf.Pdf:
    """Make ``pdf`` (pages rendered at trim + ``bleed_pt`` on each side) PDF/X-4, in place; return it.

    ``title``, ``lang`` (BCP 47) and ``date`` are the edition's: they go into the metadata,
    and with the pages' content and ``kind`` ("edition", "booklet") they decide the document IDs.
    ``convert=False`` leaves the colours as they are (a booklet's sheets draw pages finished
    already). Raises :class:`TypesetError` if a page was rendered without the bleed.
    """
    if convert:
        convert_to_cmyk(pdf, profile)
    registration = _registration(pdf)
    for number, page in enumerate(pdf.pages, start=1):
        _boxes_and_marks(pdf, page, number, bleed_pt, marks_pt, registration)
        _links(page, links)
    add_output_intent(pdf, PDFX, profile.read_bytes())
    _metadata(pdf, title, lang, date, kind)
    return pdf


def save_for_print(pdf: pikepdf.Pdf, target: Path | BinaryIO) -> None:
    """Write ``pdf`` as PDF/X-4 wants it: PDF 1.6, a trailer ID from the content (same input, same bytes).

    PDF 1.6 throughout: the header says it, and the catalog has no ``/Version`` (the binder sets
    the parts' 1.7 there, which would override the header: ISO 32000-1, 7.7.2)."""
    if "/Version" in pdf.Root:
        del pdf.Root["/Version"]
    pdf.save(target, deterministic_id=True, force_version=PDFX.version, compress_streams=True)


def _boxes_and_marks(
    pdf: pikepdf.Pdf, page: pikepdf.Page, number: int, bleed: float, marks: float, registration: pikepdf.Object
) -> None:
    trim = _box(page.obj.get("/TrimBox", page.obj.MediaBox))
    media = _box(page.obj.MediaBox)
    wanted = _grow(trim, bleed)
    if any(abs(m) + _TOLERANCE < abs(w) for m, w in zip(_offsets(media, trim), _offsets(wanted, trim), strict=True)):
        raise TypesetError(
            f"page {number} was rendered without {bleed:.3f} pt of bleed around its trim "
            f"(its media box reaches {_describe(media, trim)} beyond the trim box)",
            hint="render the parts of a print edition with @page { bleed: 3mm }",
        )
    bleed_box = [round(v, 6) for v in wanted]
    media_box = [round(v, 6) for v in _grow(trim, bleed + marks)]
    page.obj.MediaBox = Array(media_box)
    page.obj.BleedBox = Array(bleed_box)
    page.obj.TrimBox = Array([round(v, 6) for v in trim])
    for key in ("/CropBox", "/ArtBox"):
        if key in page.obj:
            del page.obj[key]
    if "/Resources" not in page.obj:
        page.obj.Resources = Dictionary()
    if "/ColorSpace" not in page.obj.Resources:
        page.obj.Resources.ColorSpace = Dictionary()
    page.obj.Resources.ColorSpace[REGISTRATION] = registration
    x0, y0, x1, y1 = bleed_box
    clip = f"q {_n(x0)} {_n(y0)} {_n(x1 - x0)} {_n(y1 - y0)} re W n\n".encode()
    page.obj.Contents = pdf.make_stream(clip + page.obj.Contents.read_bytes() + b"\nQ\n" + _marks(trim, bleed, marks))


def _marks(trim: list[float], bleed: float, marks: float) -> bytes:
    """Crop marks: two short lines at each trim corner, on the trim lines, outside the bleed."""
    x0, y0, x1, y1 = trim
    near, far = bleed + MARK_GAP_PT, bleed + marks
    lines = []
    for x, sx in ((x0, -1), (x1, 1)):
        for y, sy in ((y0, -1), (y1, 1)):
            lines.append((x + sx * near, y, x + sx * far, y))  # along the trim's horizontal edge
            lines.append((x, y + sy * near, x, y + sy * far))  # along its vertical edge
    body = "".join(f"{_n(a)} {_n(b)} m {_n(c)} {_n(d)} l S\n" for a, b, c, d in lines)
    return f"q {REGISTRATION} CS 1 SC {MARK_WIDTH_PT} w 0 J\n{body}Q\n".encode()


def _registration(pdf: pikepdf.Pdf) -> pikepdf.Object:
    """``/Separation /All``: ink on every plate, the colour of crop marks."""
    tint = Dictionary(FunctionType=2, Domain=Array([0, 1]), C0=Array([0, 0, 0, 0]), C1=Array([1, 1, 1, 1]), N=1)
    return pdf.make_indirect(Array([Name.Separation, Name.All, Name.DeviceCMYK, tint]))


def _links(page: pikepdf.Page, links: str) -> None:
    annots = page.obj.get("/Annots")
    if annots is None:
        return
    kept = Array()
    for annot in annots:
        if annot.get("/Subtype") == Name.Link:
            if links == "drop":
                continue
            annot.Border = Array([0, 0, 0])
            annot.BS = Dictionary(W=0)
            annot.F = int(annot.get("/F", 0)) & ~4  # not printed
            if "/AP" in annot:
                del annot["/AP"]
        kept.append(annot)
    if len(kept):
        page.obj.Annots = kept
    else:
        del page.obj["/Annots"]


def _metadata(pdf: pikepdf.Pdf, title: str, lang: str, date: datetime.date, kind: str) -> None:
    """PDF/X-4 XMP and /Info: dates of the edition (no clock time), IDs from its identity and content."""
    identity = f"typeset {kind}\0{title}\0{lang}\0{date.isoformat()}".encode()
    content = hashlib.sha256(identity)
    for page in pdf.pages:
        content.update(page.obj.Contents.read_bytes())
    producer = str(pdf.docinfo.get("/Producer", "WeasyPrint"))
    describe(
        pdf,
        title=title,
        lang=lang,
        date=date,
        identity=identity,
        instance=content.digest(),
        producer=producer,
        extra=PDFX.xmp,
    )
    add_info(pdf, PDFX)


def _box(array: pikepdf.Object) -> list[float]:
    x0, y0, x1, y1 = (float(v) for v in array)
    return [min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)]


def _grow(box: list[float], by: float) -> list[float]:
    return [box[0] - by, box[1] - by, box[2] + by, box[3] + by]


def _offsets(outer: list[float], inner: list[float]) -> list[float]:
    """How far ``outer`` reaches beyond ``inner``: left, bottom, right, top (negative: inside)."""
    return [inner[0] - outer[0], inner[1] - outer[1], outer[2] - inner[2], outer[3] - inner[3]]


def _describe(outer: list[float], inner: list[float]) -> str:
    sides = ("left", "bottom", "right", "top")
    return ", ".join(f"{value:.3f} pt {side}" for side, value in zip(sides, _offsets(outer, inner), strict=True))


def _n(value: float) -> str:
    """A number as PDF content writes it: at most 4 decimals, no exponent, no trailing zeros."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
