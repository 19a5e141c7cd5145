"""Preflight: the checks a print shop runs on a PDF before it plates it, as findings per page.

Errors are what a shop would send back (a font not embedded, no bleed, no output intent in a
PDF/X file, RGB text or content in a print file, pages of different sizes); warnings what it
would ask about (images under 300 dpi at the size they are placed). The content streams are
read with pikepdf, following the transformation matrix to every image and the colour space
to every text-showing operator, through form XObjects.

A file is checked as a print file unless ``for_print=False``; then the print-only checks
(bleed, RGB, output intent) apply only if the file claims PDF/X.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pikepdf
from pikepdf import Dictionary, Name

from typeset.errors import Location, TypesetError

MIN_BLEED_PT = 3 * 72 / 25.4  # 3 mm
MIN_DPI = 300
_TOLERANCE = 0.01  # pt
_TEXT_SHOWING = {"Tj", "TJ", "'", '"'}
Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass(frozen=True)
class Finding:
    page: int | None  # 1-based; None for the whole file
    severity: Literal["error", "warning"]
    message: str

    def format(self, path: Path) -> str:
        where = f"{path}: page {self.page}" if self.page is not None else str(path)
        return f"{where}: {self.severity}: {self.message}"


def preflight(path: Path, for_print: bool = True) -> list[Finding]:
    """The findings for the PDF at ``path``, in page order (the file's own first).

    Raises :class:`TypesetError` (located at ``path``) if it is missing, unreadable or not a PDF.
    """
    try:
        pdf = pikepdf.open(path)
    except FileNotFoundError:
        raise TypesetError("no such file", Location(path)) from None
    except IsADirectoryError:
        raise TypesetError("is a folder, not a PDF", Location(path)) from None
    except PermissionError:
        raise TypesetError("cannot be read (permission denied)", Location(path)) from None
    except pikepdf.PasswordError:
        raise TypesetError("is encrypted: preflight needs a PDF it can read", Location(path)) from None
    except pikepdf.PdfError:
        raise TypesetError("not a PDF, or damaged beyond reading", Location(path)) from None
    with pdf:
        return _check(pdf, for_print)


def report(path: Path, findings: list[Finding], pages: int | None = None) -> str:
    """The findings one per line, then a summary line."""
    lines = [finding.format(path) for finding in findings]
    counts = Counter(finding.severity for finding in findings)
    if not findings:
        lines.append(f"{path}: ok" + (f" ({pages} pages)" if pages is not None else ""))
    else:
        parts = [f"{counts[s]} {s}{'' if counts[s] == 1 else 's'}" for s in ("error", "warning") if counts[s]]
        lines.append(f"{path}: " + ", ".join(parts))
    return "\n".join(lines)


def _check(pdf: pikepdf.Pdf, for_print: bool) -> list[Finding]:
    claims_x = _claims_pdfx(pdf)
    print_checks = for_print or claims_x
    findings: list[Finding] = []
    if print_checks:
        findings += _output_intent(pdf, claims_x)
    fonts_seen: set[tuple[int, int] | str] = set()
    first_trim: tuple[float, float] | None = None
    for number, page in enumerate(pdf.pages, start=1):
        findings += _boxes(page, number, print_checks)
        trim = _box(page.obj.get("/TrimBox", page.obj.MediaBox))
        size = (trim[2] - trim[0], trim[3] - trim[1])
        if first_trim is None:
            first_trim = size
        elif abs(size[0] - first_trim[0]) > 0.5 or abs(size[1] - first_trim[1]) > 0.5:
            findings.append(Finding(number, "error", f"trim size {_mm(size)} differs from page 1's {_mm(first_trim)}"))
        walk = _Walk()
        walk.content(page.obj, page.obj.get("/Resources", Dictionary()), _IDENTITY, depth=0)
        findings += _fonts(walk.fonts, number, fonts_seen)
        findings += _images(walk, number)
        if print_checks:
            findings += _colour(walk, page, number)
    return findings


def _claims_pdfx(pdf: pikepdf.Pdf) -> bool:
    if "/GTS_PDFXVersion" in pdf.docinfo:
        return True
    if "/Metadata" not in pdf.Root:
        return False
    try:
        return bool(pdf.open_metadata().get("pdfxid:GTS_PDFXVersion"))
    except Exception:  # damaged XMP: the claim cannot be read; the other checks still run
        return False


def _output_intent(pdf: pikepdf.Pdf, claims_x: bool) -> list[Finding]:
    why = "the file claims PDF/X" if claims_x else "a print file needs one"
    intents = [i for i in pdf.Root.get("/OutputIntents", []) if i.get("/S") == Name.GTS_PDFX]
    if not intents:
        return [Finding(None, "error", f"no PDF/X output intent (/OutputIntents with /S /GTS_PDFX): {why}")]
    profile = intents[0].get("/DestOutputProfile")
    if profile is None and not intents[0].get("/OutputConditionIdentifier"):
        return [Finding(None, "error", "the output intent has neither a profile nor a registered condition")]
    return []


def _boxes(page: pikepdf.Page, number: int, print_checks: bool) -> list[Finding]:
    findings = []
    for key in ("/TrimBox", "/BleedBox"):
        if key not in page.obj:
            findings.append(Finding(number, "error", f"no {key[1:]}"))
    if findings or not print_checks:
        return findings
    media, bleed, trim = (_box(page.obj[key]) for key in ("/MediaBox", "/BleedBox", "/TrimBox"))
    margins = [trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3]]
    if min(margins) + _TOLERANCE < MIN_BLEED_PT:
        sides = ", ".join(f"{m:.3f} pt {s}" for s, m in zip(("left", "bottom", "right", "top"), margins, strict=True))
        findings.append(
            Finding(number, "error", f"bleed too small ({sides}): at least {MIN_BLEED_PT:.3f} pt (3 mm) on each side")
        )
    if not _contains(media, bleed):
        findings.append(Finding(number, "error", "the MediaBox does not contain the BleedBox"))
    return findings


def _fonts(fonts: dict[str, pikepdf.Object], number: int, seen: set[tuple[int, int] | str]) -> list[Finding]:
    findings = []
    for name, font in fonts.items():
        key = font.objgen if font.is_indirect else name
        if key in seen:
            continue
        seen.add(key)
        if font.get("/Subtype") == Name.Type3:
            continue  # glyphs drawn by the file itself
        described = font.DescendantFonts[0] if "/DescendantFonts" in font else font
        descriptor = described.get("/FontDescriptor", Dictionary())
        if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
            base = str(font.get("/BaseFont", name)).lstrip("/")
            findings.append(Finding(number, "error", f"font {base} is not embedded"))
    return findings


def _images(walk: _Walk, number: int) -> list[Finding]:
    findings = []
    for name, dpi in walk.images:
        if dpi + 0.5 < MIN_DPI:
            findings.append(
                Finding(number, "warning", f"image {name} is {dpi:.0f} dpi at its placed size ({MIN_DPI} wanted)")
            )
    return findings


def _colour(walk: _Walk, page: pikepdf.Page, number: int) -> list[Finding]:
    findings = []
    if walk.rgb_text:
        findings.append(
            Finding(
                number,
                "error",
                f"text in RGB (DeviceRGB, {walk.rgb_text} text run{'' if walk.rgb_text == 1 else 's'}"
                + (", black as 0 0 0 rg" if walk.rgb_black_text else "")
                + "): print text in DeviceCMYK, black as 0 0 0 1 k",
            )
        )
    rgb = Counter(walk.rgb_other)
    group = page.obj.get("/Group", Dictionary())
    if group.get("/CS") == Name.DeviceRGB:
        rgb["transparency group"] += 1
    if rgb:
        parts = ", ".join(f"{count} {kind}{'' if count == 1 else 's'}" for kind, count in sorted(rgb.items()))
        findings.append(Finding(number, "error", f"RGB content (DeviceRGB) in a print file: {parts}"))
    for annot in page.obj.get("/Annots", []):
        if int(annot.get("/F", 0)) & 4 and annot.get("/Subtype") not in (Name.PrinterMark, Name.TrapNet):
            findings.append(Finding(number, "error", f"a printing {annot.get('/Subtype')} annotation"))
    return findings


@dataclass
class _State:
    ctm: Matrix
    fill: str = "gray"  # the fill colour space: rgb, cmyk, gray or other
    fill_black: bool = True
    invisible_text: bool = False


@dataclass
class _Walk:
    """What one page draws: its fonts, images (name, dpi) and RGB use, through its form XObjects."""

    fonts: dict[str, pikepdf.Object] = field(default_factory=dict)
    images: list[tuple[str, float]] = field(default_factory=list)
    rgb_text: int = 0
    rgb_black_text: int = 0
    rgb_other: list[str] = field(default_factory=list)

    def content(self, stream: pikepdf.Object, resources: pikepdf.Object, ctm: Matrix, depth: int) -> None:
        if depth > 12:  # forms nested deeper (or in a cycle) are not followed
            return
        for name, font in resources.get("/Font", Dictionary()).items():
            self.fonts.setdefault(name, font)
        named = resources.get("/ColorSpace", Dictionary())
        xobjects = resources.get("/XObject", Dictionary())
        state = _State(ctm)
        stack: list[_State] = []
        instructions = pikepdf.parse_content_stream(stream)
        for instruction in instructions:
            if isinstance(instruction, pikepdf.ContentStreamInlineImage):
                space = instruction.iimage.obj.get("/CS", instruction.iimage.obj.get("/ColorSpace"))
                if _space_kind(space, named) == "rgb":
                    self.rgb_other.append("inline image")
                continue
            operands, operator = instruction.operands, str(instruction.operator)
            if operator == "q":
                stack.append(_State(state.ctm, state.fill, state.fill_black, state.invisible_text))
            elif operator == "Q" and stack:
                state = stack.pop()
            elif operator == "cm" and len(operands) == 6:
                state.ctm = _multiply(tuple(float(v) for v in operands), state.ctm)  # type: ignore[arg-type]
            elif operator == "rg":
                state.fill, state.fill_black = "rgb", all(float(v) == 0 for v in operands)
            elif operator == "RG":
                self.rgb_other.append("stroke")
            elif operator in ("k", "g"):
                state.fill = "cmyk" if operator == "k" else "gray"
            elif operator == "cs" and operands:
                state.fill, state.fill_black = _space_kind(operands[0], named), False
            elif operator == "CS" and operands and _space_kind(operands[0], named) == "rgb":
                self.rgb_other.append("stroke")
            elif operator == "Tr" and operands:
                state.invisible_text = int(operands[0]) in (3, 7)
            elif operator in _TEXT_SHOWING and state.fill == "rgb" and not state.invisible_text:
                self.rgb_text += 1
                self.rgb_black_text += state.fill_black
            elif operator in ("f", "F", "f*", "B", "B*", "b", "b*") and state.fill == "rgb":
                self.rgb_other.append("fill")
            elif operator == "sh" and operands:
                shading = resources.get("/Shading", Dictionary()).get(str(operands[0]))
                if shading is not None and _space_kind(shading.get("/ColorSpace"), named) == "rgb":
                    self.rgb_other.append("shading")
            elif operator == "Do" and operands:
                xobject = xobjects.get(str(operands[0]))
                if xobject is not None:
                    self.xobject(str(operands[0]), xobject, state.ctm, depth)

    def xobject(self, name: str, xobject: pikepdf.Object, ctm: Matrix, depth: int) -> None:
        if xobject.get("/Subtype") == Name.Image:
            if xobject.get("/ImageMask") is not True and _space_kind(xobject.get("/ColorSpace"), Dictionary()) == "rgb":
                self.rgb_other.append("image")
            width_pt, height_pt = math.hypot(ctm[0], ctm[1]), math.hypot(ctm[2], ctm[3])
            if width_pt > 1 and height_pt > 1:
                dpi = min(int(xobject.Width) * 72 / width_pt, int(xobject.Height) * 72 / height_pt)
                self.images.append((name, dpi))
        elif xobject.get("/Subtype") == Name.Form:
            matrix = tuple(float(v) for v in xobject.get("/Matrix", _IDENTITY))
            group = xobject.get("/Group", Dictionary())
            if group.get("/CS") == Name.DeviceRGB:
                self.rgb_other.append("transparency group")
            self.content(xobject, xobject.get("/Resources", Dictionary()), _multiply(matrix, ctm), depth + 1)  # type: ignore[arg-type]


def _space_kind(space: pikepdf.Object | None, named: pikepdf.Object) -> str:
    """rgb, cmyk, gray or other, for a colour space (a name from ``named`` looked up)."""
    if isinstance(space, Name) and str(space) in named:
        space = named[str(space)]
    if isinstance(space, pikepdf.Array) and len(space):
        if space[0] == Name.Indexed and len(space) > 1:
            return _space_kind(space[1], named)
        space = space[0] if len(space) == 1 else space
    if isinstance(space, Name):
        return {
            "/DeviceRGB": "rgb",
            "/RGB": "rgb",
            "/DeviceCMYK": "cmyk",
            "/CMYK": "cmyk",
            "/DeviceGray": "gray",
            "/G": "gray",
        }.get(str(space), "other")
    return "other"


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """``m × n`` (PDF's row-vector convention: ``cm`` makes CTM' = M × CTM)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _box(array: pikepdf.Object) -> list[float]:
    x0, y0, x1, y1 = (float(v) for v in array)
    return [min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)]


def _contains(outer: list[float], inner: list[float]) -> bool:
    return (
        outer[0] <= inner[0] + _TOLERANCE
        and outer[1] <= inner[1] + _TOLERANCE
        and outer[2] + _TOLERANCE >= inner[2]
        and outer[3] + _TOLERANCE >= inner[3]
    )


def _mm(size: tuple[float, float]) -> str:
    return f"{size[0] * 25.4 / 72:.1f} × {size[1] * 25.4 / 72:.1f} mm"
