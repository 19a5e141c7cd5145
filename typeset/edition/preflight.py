"""Preflight: the checks a print shop runs on a PDF before it plates it, as findings per page.

Errors are what a shop would send back (a font not embedded, no bleed, no output intent in a
PDF/X file, RGB text or content in a print file, pages of different sizes); warnings what it
would ask about (images under 300 dpi at the size they are placed). The content streams are
read with pikepdf, following the transformation matrix to every image and the colour space
to every text-showing operator, through form XObjects.

A file is checked as a print file unless ``for_print=False``; then the print-only checks
(bleed, RGB, output intent) apply only if the file claims PDF/X.

It reads files it did not write, so nothing in one stops it or fools it: content streams are
read a piece at a time within a budget for the whole file (:mod:`typeset.edition.content`: a
fan of forms drawing each other, a 60 MB stream), RGB is looked for in shadings, shading and
tiling patterns, soft masks and transparency groups as well as in colour operators, and a
malformed object (a box that is no rectangle, a Type0 font without its descendant) is a
finding at its page, never an internal error.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pikepdf
from pikepdf import Dictionary, Name

from typeset.edition.content import Budget, Malformed, OverBudget
from typeset.edition.drawing import Drawing
from typeset.errors import Location, TypesetError

MIN_BLEED_PT = 3 * 72 / 25.4  # 3 mm
MIN_DPI = 300
_TOLERANCE = 0.01  # pt


@dataclass(frozen=True)
class Finding:
    page: int | None  # 1-based; None for the whole file
    severity: Literal["error", "warning"]
    message: str

    def place(self, path: Path) -> str:
        """Where the finding is: ``path: page 3``, or the file."""
        return f"{path}: page {self.page}" if self.page is not None else str(path)

    def format(self, path: Path) -> str:
        return f"{self.place(path)}: {self.severity}: {self.message}"


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


_DAMAGE = (pikepdf.PdfError, TypeError, ValueError, KeyError, AttributeError, IndexError, RecursionError)


def _check(pdf: pikepdf.Pdf, for_print: bool) -> list[Finding]:
    claims_x = _claims_pdfx(pdf)
    print_checks = for_print or claims_x
    findings: list[Finding] = []
    if pdf.is_encrypted:
        findings.append(Finding(None, "error", "encrypted (even with an empty password): a print file is not (PDF/X)"))
    if print_checks:
        try:
            findings += _output_intent(pdf, claims_x)
        except _DAMAGE as error:
            findings.append(Finding(None, "error", f"the output intent is malformed ({_said(error)})"))
    try:
        pages = list(pdf.pages)
    except _DAMAGE as error:
        return [*findings, Finding(None, "error", f"the page tree is malformed ({_said(error)})")]
    if not pages:
        findings.append(Finding(None, "error", "the file has no pages"))
    fonts_seen: set[tuple[int, int] | str] = set()
    sizes: list[tuple[float, float]] = []
    budget = Budget()
    for number, page in enumerate(pages, start=1):
        try:
            findings += _page(page, number, print_checks, sizes, fonts_seen, budget)
        except OverBudget as error:
            message = f"{error}: not checked past this page; a file this complex is not print-ready as it is"
            return [*findings, Finding(number, "error", message)]
        except Malformed as error:
            findings.append(Finding(number, "error", f"a content stream cannot be read: {error}"))
        except _DAMAGE as error:
            findings.append(Finding(number, "error", f"malformed page ({_said(error)})"))
    return findings


def _page(
    page: pikepdf.Page,
    number: int,
    print_checks: bool,
    sizes: list[tuple[float, float]],
    fonts_seen: set[tuple[int, int] | str],
    budget: Budget,
) -> list[Finding]:
    findings = _boxes(page, number, print_checks)
    trim = _box(page.obj.get("/TrimBox")) or _box(_media(page))
    if trim is None:
        return [*findings, Finding(number, "error", "no MediaBox that is a rectangle (four numbers)")]
    size = (trim[2] - trim[0], trim[3] - trim[1])
    if not sizes:
        sizes.append(size)
    elif abs(size[0] - sizes[0][0]) > 0.5 or abs(size[1] - sizes[0][1]) > 0.5:
        findings.append(Finding(number, "error", f"trim size {_mm(size)} differs from page 1's {_mm(sizes[0])}"))
    walk = Drawing(budget)
    walk.page(page.obj)
    findings += _fonts(walk.fonts, number, fonts_seen)
    findings += _images(walk, number)
    if print_checks:
        findings += _colour(walk, page, number)
    return findings


def _said(error: BaseException) -> str:
    """An exception as a finding quotes it: its first line, its type when it says nothing."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return text[:200] or type(error).__name__


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
    if isinstance(profile, pikepdf.Stream):
        header = profile.read_bytes()[:20]
        space, kind = header[16:20].decode("latin-1").strip(), header[12:16].decode("latin-1")
        if space not in ("CMYK", "GRAY") or kind != "prtr":
            return [
                Finding(
                    None,
                    "error",
                    f"the PDF/X output intent's profile is a {space or 'unknown'} {kind or 'unknown'} profile "
                    "(sRGB, a screen's?), not a printing condition: give a CMYK output profile (e.g. FOGRA39)",
                )
            ]
    return []


def _boxes(page: pikepdf.Page, number: int, print_checks: bool) -> list[Finding]:
    findings = []
    boxes = {"/TrimBox": page.obj.get("/TrimBox"), "/BleedBox": page.obj.get("/BleedBox"), "/MediaBox": _media(page)}
    for key, value in boxes.items():
        if value is None:
            findings.append(Finding(number, "error", f"no {key[1:]}"))
        elif _box(value) is None:
            findings.append(Finding(number, "error", f"the {key[1:]} is not a rectangle (an array of four numbers)"))
    if findings or not print_checks:
        return findings
    media, bleed, trim = (_box(boxes[key]) or [] for key in ("/MediaBox", "/BleedBox", "/TrimBox"))
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
        if not isinstance(font, Dictionary):
            findings.append(Finding(number, "error", f"font {name} is not a font dictionary"))
            continue
        if font.get("/Subtype") == Name.Type3:
            continue  # glyphs drawn by the file itself
        base = str(font.get("/BaseFont", name)).lstrip("/")
        descendants = font.get("/DescendantFonts")
        if font.get("/Subtype") == Name.Type0 and not (
            isinstance(descendants, pikepdf.Array) and len(descendants) and isinstance(descendants[0], Dictionary)
        ):
            findings.append(Finding(number, "error", f"font {base} is a Type0 font without its descendant font"))
            continue
        described = descendants[0] if descendants is not None else font
        descriptor = described.get("/FontDescriptor", Dictionary())
        if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
            findings.append(Finding(number, "error", f"font {base} is not embedded"))
    return findings


def _images(walk: Drawing, number: int) -> list[Finding]:
    findings = []
    for name, dpi in walk.images:
        if dpi + 0.5 < MIN_DPI:
            findings.append(
                Finding(number, "warning", f"image {name} is {dpi:.0f} dpi at its placed size ({MIN_DPI} wanted)")
            )
    return findings


def _colour(walk: Drawing, page: pikepdf.Page, number: int) -> list[Finding]:
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
    group = page.obj.get("/Group")
    if isinstance(group, Dictionary) and group.get("/CS") == Name.DeviceRGB:
        rgb["transparency group"] += 1
    if rgb:
        parts = ", ".join(f"{count} {kind}{'' if count == 1 else 's'}" for kind, count in sorted(rgb.items()))
        findings.append(Finding(number, "error", f"RGB content (DeviceRGB) in a print file: {parts}"))
    annots = page.obj.get("/Annots")
    for annot in annots if isinstance(annots, pikepdf.Array) else []:
        if not isinstance(annot, Dictionary):
            continue
        if int(annot.get("/F", 0)) & 4 and annot.get("/Subtype") not in (Name.PrinterMark, Name.TrapNet):
            findings.append(Finding(number, "error", f"a printing {annot.get('/Subtype')} annotation"))
    return findings


def _box(array: pikepdf.Object | None) -> list[float] | None:
    """A rectangle as [left, bottom, right, top]; None if ``array`` is not four numbers."""
    if not isinstance(array, pikepdf.Array) or len(array) != 4:
        return None
    try:
        x0, y0, x1, y1 = (float(v) for v in array)
    except (TypeError, ValueError):
        return None
    if not all(math.isfinite(v) for v in (x0, y0, x1, y1)):
        return None
    return [min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)]


def _media(page: pikepdf.Page) -> pikepdf.Object | None:
    """The page's MediaBox, its own or inherited from the page tree."""
    node: pikepdf.Object | None = page.obj
    for _ in range(64):  # a page tree's depth; a /Parent cycle ends here
        if not isinstance(node, Dictionary):
            return None
        if "/MediaBox" in node:
            return node.MediaBox
        node = node.get("/Parent")
    return None


def _contains(outer: list[float], inner: list[float]) -> bool:
    return (
        outer[0] <= inner[0] + _TOLERANCE
        and outer[1] <= inner[1] + _TOLERANCE
        and outer[2] + _TOLERANCE >= inner[2]
        and outer[3] + _TOLERANCE >= inner[3]
    )


def _mm(size: tuple[float, float]) -> str:
    return f"{size[0] * 25.4 / 72:.1f} × {size[1] * 25.4 / 72:.1f} mm"
