"""Setting verse: beyts of two hemistichs, of one width, each filling it.

Every hemistich of a poem is set to the width of its widest one (measured with
HarfBuzz in the font the PDF embeds). A shorter hemistich is brought to that
width with kashida (typeset.kashida) where its letters allow, and the rest by
its spaces. The spaces are widened by the engine between words that are
inline-blocks of their own: WeasyPrint 70 overshoots the box when it widens
the spaces inside one run of some Amiri words (e.g. after «به»), and a flex
row of words costs several times the layout time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup, escape

from typeset import kashida
from typeset.measure import has_glyph, text_width, word_width

SLACK = 1.01  # a hair of room, so that rounding never pushes the widest hemistich onto two lines


@dataclass(frozen=True)
class Poem:
    width: float  # em of the verse font; 0 when nothing measured
    lines: dict[str, str]  # hemistich as written → as set (with kashida)


def set_poem(hemistichs: Sequence[str], font: Path, use_kashida: bool = True) -> Poem:
    """Measure a poem and fill each shorter hemistich to the widest one's width."""
    natural = {h: text_width(h, font) for h in hemistichs}
    width = max(natural.values(), default=0.0)
    lines = {h: h for h in hemistichs}
    if use_kashida and width and has_glyph(kashida.TATWEEL, font):
        for hemistich in hemistichs:
            if natural[hemistich] < width:
                lines[hemistich] = kashida.fill(hemistich, width, lambda word: word_width(word, font))
    return Poem(width * SLACK + 0.05 if width else 0.0, lines)


def hemistich_html(text: str, width: float) -> Markup:
    spans = " ".join(f'<span class="word">{escape(word)}</span>' for word in text.split())
    style = f' style="width: {width:.2f}em"' if width else ""
    return Markup(f'<span class="hemistich"{style}>{spans}</span>')


def beyt_html(hemistichs: Sequence[str], poem: Poem) -> Markup:
    """A beyt: the first hemistich first in a right-to-left row, so on the right.

    A lone hemistich is centred as written: stretching it would only show it is alone.
    """
    if len(hemistichs) == 1:
        return Markup(f'<div class="beyt single">{hemistich_html(hemistichs[0], poem.width)}</div>')
    inner = "".join(hemistich_html(poem.lines.get(h, h), poem.width) for h in hemistichs)
    return Markup(f'<div class="beyt">{inner}</div>')
