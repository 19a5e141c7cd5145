"""Page geometry from the config: sizes and margins in points, within physical bounds.

A page is at least A7's short side (74 mm) on each side and fits on A0
(841 × 1189 mm, either way round): far inside PDF's user-space limit of
14 400 pt (5080 mm). Margins leave at least half the page's width and half its
height for the text. Nothing else in the config is a length: it has no font
sizes (those are the theme's).
"""

from __future__ import annotations

import re

PT_PER_UNIT = {"pt": 1.0, "pc": 12.0, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "px": 0.75}
PT_PER_MM = PT_PER_UNIT["mm"]
#: Named sizes CSS (and WeasyPrint) knows, width × height in mm, portrait.
NAMED_SIZES = {
    "a0": (841, 1189),
    "a1": (594, 841),
    "a2": (420, 594),
    "a3": (297, 420),
    "a4": (210, 297),
    "a5": (148, 210),
    "a6": (105, 148),
    "a7": (74, 105),
    "b4": (250, 353),
    "b5": (176, 250),
    "letter": (215.9, 279.4),
    "legal": (215.9, 355.6),
    "ledger": (279.4, 431.8),
}
MIN_SIDE_MM = 74.0  # A7's short side
MAX_SIDES_MM = (841.0, 1189.0)  # A0
PDF_MAX_PT = 14_400.0  # the largest page a PDF viewer must show (PDF 1.7, annex C)
#: What a page size may be written as, and within which bounds (the hints of the config's and an edition's errors).
SIZES_HINT = "A0 to A7, B4, B5, letter, legal or ledger (then portrait or landscape), or two lengths: 170mm 240mm"
BOUNDS_HINT = "pages go from A7 (74 × 105 mm) to A0 (841 × 1189 mm), either way round"

_LENGTH = re.compile(r"(0|\d+(?:\.\d+)?)(mm|cm|in|pt|pc|px)?", re.I)
_NAMED = re.compile(r"([a-z0-9]+)(?:\s+(portrait|landscape))?", re.I)


def length(text: str) -> float | None:
    """``text`` (``18mm``, ``0.5in``, ``0``) in points; None if it is not one length."""
    match = _LENGTH.fullmatch(text)
    if not match or (match.group(2) is None and match.group(1) != "0"):
        return None
    return float(match.group(1)) * PT_PER_UNIT[(match.group(2) or "pt").lower()]


def page_size(text: str) -> tuple[float, float] | None:
    """``A4``, ``A5 landscape``, ``170mm 240mm`` as (width, height) in points; None if it is none of these."""
    named = _NAMED.fullmatch(text.strip())
    if named and named.group(1).lower() in NAMED_SIZES:
        width, height = (side * PT_PER_MM for side in NAMED_SIZES[named.group(1).lower()])
        return (height, width) if (named.group(2) or "").lower() == "landscape" else (width, height)
    parts = text.split()
    sides = [length(part) for part in parts]
    if len(sides) == 2 and None not in sides:
        return sides[0], sides[1]  # type: ignore[return-value]
    return None


def margins(text: str) -> tuple[float, float, float, float] | None:
    """CSS's one to four margins (top, right, bottom, left) in points; None if they are not."""
    sides = [length(part) for part in text.split()]
    if not 1 <= len(sides) <= 4 or None in sides:
        return None
    return _expand(sides)  # type: ignore[arg-type]


#: What the binding takes of a bound page's inner margin, beyond the single page's side margin.
GUTTER_MM = 4.0


def book_margins(text: str) -> str:
    """A bound page's margins (CSS, in points) from a single page's: the outer edge keeps the narrower
    side margin, the inner (binding) edge takes the wider plus :data:`GUTTER_MM` (the fold or the glue
    hides that much). Written as a right-hand page's (``top outer bottom inner``); a left-hand page
    swaps the two sides."""
    top, right, bottom, left = margins(text) or (0.0, 0.0, 0.0, 0.0)
    outer, inner = min(right, left), max(right, left) + GUTTER_MM * PT_PER_MM
    return " ".join(f"{side:.3f}".rstrip("0").rstrip(".") + "pt" for side in (top, outer, bottom, inner))


def _expand(sides: list[float]) -> tuple[float, float, float, float]:
    if len(sides) == 1:
        return sides[0], sides[0], sides[0], sides[0]
    if len(sides) == 2:
        return sides[0], sides[1], sides[0], sides[1]
    if len(sides) == 3:
        return sides[0], sides[1], sides[2], sides[1]
    return sides[0], sides[1], sides[2], sides[3]


def mm(points: float) -> str:
    """Points as a message shows them: millimetres, to a tenth."""
    return f"{points / PT_PER_MM:.1f}".removesuffix(".0")


def size_problem(width: float, height: float) -> str | None:
    """Why a page of ``width`` × ``height`` points cannot be printed (None: it can)."""
    for side, name in ((width, "wide"), (height, "tall")):
        if side < MIN_SIDE_MM * PT_PER_MM - 0.01:
            return f"is {mm(side)} mm {name}, less than A7's {mm(MIN_SIDE_MM * PT_PER_MM)} mm"
    short, long = sorted((width, height))
    if short > MAX_SIDES_MM[0] * PT_PER_MM + 0.01 or long > MAX_SIDES_MM[1] * PT_PER_MM + 0.01:
        return f"({mm(width)} × {mm(height)} mm) is larger than A0 (841 × 1189 mm)"
    assert long <= PDF_MAX_PT
    return None


def margin_problem(size: tuple[float, float], sides: tuple[float, float, float, float]) -> str | None:
    """Why ``sides`` (top, right, bottom, left) leave too little of a page of ``size`` (None: they do not)."""
    top, right, bottom, left = sides
    for room, total, name in ((size[0] - left - right, size[0], "width"), (size[1] - top - bottom, size[1], "height")):
        if room < total / 2 - 0.01:
            return f"leaves {mm(max(room, 0))} mm of the page's {name} ({mm(total)} mm) for the text"
    return None
