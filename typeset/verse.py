"""Setting verse: beyts of two hemistichs, of one width, each filling it.

Every hemistich of a poem is set to the width of its widest one (measured with
HarfBuzz in the font the PDF embeds). A shorter hemistich is brought to that
width with kashida (typeset.kashida) where its letters allow, and the rest by
its spaces, widened by a ``word-spacing`` computed here. Not by the engine's
``text-align: justify``: WeasyPrint 70 overshoots the box when it widens the
spaces of some Amiri words (e.g. after «به»: once spaces are widened each word
is shaped alone, losing the kerning across the space); a flex row or
inline-blocks of words avoided that but cost 20–60% of the page's layout time.
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
    font: Path | None = None  # the verse font the widths were measured in


def set_poem(hemistichs: Sequence[str], font: Path, use_kashida: bool = True) -> Poem:
    """Measure a poem and fill each shorter hemistich to the widest one's width."""
    natural = {h: text_width(h, font) for h in hemistichs}
    width = max(natural.values(), default=0.0)
    lines = {h: h for h in hemistichs}
    if use_kashida and width and has_glyph(kashida.TATWEEL, font):
        for hemistich in hemistichs:
            if natural[hemistich] < width:
                lines[hemistich] = kashida.fill(hemistich, width, lambda word: word_width(word, font))
    return Poem(width * SLACK + 0.05 if width else 0.0, lines, font)


def hemistich_html(text: str, poem: Poem, fill: bool = True) -> Markup:
    """A hemistich box of the poem's width; its spaces widened so that its words fill it.

    The spacing is computed here from the words' shaped widths (each word is
    shaped alone once spaces are widened, as HarfBuzz measured it), not left
    to the engine's justification, which overshoots on some Amiri words.
    """
    words = text.split()
    style = ""
    if poem.width:
        style = f"width: {poem.width:.3f}em"
        if fill and poem.font is not None and len(words) > 1:
            spare = poem.width - text_width(text, poem.font)
            style += f"; word-spacing: {max(spare, 0.0) / (len(words) - 1):.4f}em"
    attr = f' style="{style}"' if style else ""
    return Markup(f'<span class="hemistich"{attr}>{escape(" ".join(words))}</span>')


def beyt_html(hemistichs: Sequence[str], poem: Poem) -> Markup:
    """A beyt: the first hemistich first in a right-to-left row, so on the right.

    A lone hemistich is centred as written: stretching it would only show it is alone.
    """
    if len(hemistichs) == 1:
        return Markup(f'<div class="beyt single">{hemistich_html(hemistichs[0], poem, fill=False)}</div>')
    inner = "".join(hemistich_html(poem.lines.get(h, h), poem) for h in hemistichs)
    return Markup(f'<div class="beyt">{inner}</div>')
