"""Setting verse: beyts of two hemistichs, of one width, each filling it.

A hemistich is filled by spreading its words (a flex row, ``space-between``),
not by the engine's ``text-align: justify``: WeasyPrint 70 overshoots the box
when it widens the spaces of some Amiri words (e.g. after «به»), so the two
hemistichs of a beyt came out unequal. Each word keeps its space glyph, so the
PDF's text layer reads as the source.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from markupsafe import Markup, escape

from typeset.measure import widest


def poem_width(hemistichs: Sequence[str], font: Path) -> float:
    """The width (em) every hemistich of the poem is set to: its widest hemistich's, plus a hair."""
    width = widest(hemistichs, font)
    return width * 1.01 + 0.05 if width else 0.0


def hemistich_html(text: str, width: float) -> Markup:
    words = text.split()
    spans = " ".join(f'<span class="word">{escape(word)}</span>' for word in words)
    style = f' style="width: {width:.2f}em"' if width else ""
    return Markup(f'<span class="hemistich"{style}>{spans}</span>')


def beyt_html(hemistichs: Sequence[str], width: float) -> Markup:
    """A beyt: the first hemistich first in a right-to-left row, so on the right; a lone one centred."""
    single = " single" if len(hemistichs) == 1 else ""
    inner = "".join(hemistich_html(h, width) for h in hemistichs)
    return Markup(f'<div class="beyt{single}">{inner}</div>')
