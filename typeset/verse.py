"""Setting verse: beyts of two hemistichs, of one width, each filling it.

Every hemistich of a poem is set to the width of its widest one (measured with
HarfBuzz in the font the PDF embeds). A shorter hemistich is brought to that
width with kashida (typeset.kashida) where its letters allow, and the rest by
its spaces, widened by a ``word-spacing`` computed here. Not by the engine's
``text-align: justify``: WeasyPrint 70 overshoots the box when it widens the
spaces of some Amiri words (e.g. after «به»: once spaces are widened each word
is shaped alone, losing the kerning across the space); a flex row or
inline-blocks of words avoided that but cost 20–60% of the page's layout time.

What a hemistich's words are (runs of spaces, joiners at word edges, lines
with nothing to set, ornaments) is typeset.hemistich's: measuring, filling and
the HTML all read a line through it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup, escape

from typeset import cache
from typeset.hemistich import is_ornament, words

SLACK = 1.01  # a hair of room, so that rounding never pushes the widest hemistich onto two lines


@dataclass(frozen=True)
class Poem:
    width: float  # em of the verse font; 0 when nothing measured
    lines: dict[str, str]  # hemistich as written → as set (with kashida)
    spacing: dict[str, float] = field(default_factory=dict)  # hemistich as written → its word spacing (em)


def set_poem(hemistichs: Sequence[str], font: Path, use_kashida: bool = True) -> Poem:
    """Measure a poem and fill each shorter hemistich to the widest one's width.

    A poem is measured once: the result is kept in the cache folder (the verse
    header, the same in every article, then costs neither HarfBuzz nor a shaping).
    """
    code = [cache.file_key(Path(__file__).with_name(name)) for name in ("verse.py", "kashida.py", "measure.py")]
    key = hashlib.sha256(
        json.dumps([cache.file_key(font), *code, use_kashida, list(hemistichs)], ensure_ascii=False).encode()
    ).hexdigest()[:32]
    stored = cache.load_json("poems", key, lambda value: _is_poem(value, hemistichs))
    if isinstance(stored, dict):
        return Poem(stored["width"], stored["lines"], stored["spacing"])
    poem = _measure(hemistichs, font, use_kashida)
    cache.store_json("poems", key, {"width": poem.width, "lines": poem.lines, "spacing": poem.spacing})
    return poem


def _is_poem(value: object, hemistichs: Sequence[str]) -> bool:
    """Whether a cached value has the shape of this poem's measurement."""
    if not isinstance(value, dict) or set(value) != {"width", "lines", "spacing"}:
        return False
    width, lines, spacing = value["width"], value["lines"], value["spacing"]
    return (
        isinstance(width, int | float)
        and isinstance(lines, dict)
        and set(lines) == set(hemistichs)
        and all(isinstance(text, str) for text in lines.values())
        and isinstance(spacing, dict)
        and set(spacing) <= set(hemistichs)
        and all(isinstance(gap, int | float) for gap in spacing.values())
    )


def _measure(hemistichs: Sequence[str], font: Path, use_kashida: bool) -> Poem:
    from typeset import kashida  # HarfBuzz and the joining data, only when a poem is new
    from typeset.measure import has_glyph, text_width, word_width

    natural = {h: text_width(h, font) for h in hemistichs}
    width = max(natural.values(), default=0.0)
    lines = {h: h for h in hemistichs}
    if use_kashida and width and has_glyph(kashida.TATWEEL, font):
        for hemistich in hemistichs:
            if natural[hemistich] < width:
                lines[hemistich] = kashida.fill(hemistich, width, lambda word: word_width(word, font))
    box = width * SLACK + 0.05 if width else 0.0
    spacing = {}
    for hemistich, text in lines.items():
        gaps = len(words(text)) - 1
        if box and gaps > 0:
            spacing[hemistich] = max(box - text_width(text, font), 0.0) / gaps
    return Poem(box, lines, spacing)


def hemistich_html(hemistich: str, poem: Poem, fill: bool = True) -> Markup:
    """A hemistich box of the poem's width; its spaces widened so that its words fill it.

    The spacing comes from the words' shaped widths (each word is shaped alone
    once spaces are widened, as HarfBuzz measured it), not from the engine's
    justification, which overshoots on some Amiri words.
    """
    text = poem.lines.get(hemistich, hemistich) if fill else hemistich
    style = ""
    if poem.width:
        style = f"width: {poem.width:.3f}em"
        if fill and hemistich in poem.spacing:
            style += f"; word-spacing: {poem.spacing[hemistich]:.4f}em"
    attr = f' style="{style}"' if style else ""
    return Markup(f'<span class="hemistich"{attr}>{escape(" ".join(words(text)))}</span>')


def beyt_html(hemistichs: Sequence[str], poem: Poem) -> Markup:
    """A beyt: the first hemistich first in a right-to-left row, so on the right.

    A lone hemistich is centred as written: stretching it would only show it is alone.
    """
    if len(hemistichs) == 1:
        return Markup(f'<div class="beyt single">{hemistich_html(hemistichs[0], poem, fill=False)}</div>')
    inner = "".join(hemistich_html(h, poem) for h in hemistichs)
    return Markup(f'<div class="beyt">{inner}</div>')


def hemistichs(lines: Sequence[str]) -> list[str]:
    """The lines of a poem that are hemistichs (its ornaments are not): what sets its width."""
    return [line for line in lines if not is_ornament(line)]


def stanza_html(lines: Sequence[str], poem: Poem) -> Markup:
    """A stanza's lines paired into beyts, first with second, third with fourth…

    An ornament (a line without a letter or digit: ``ـــ``, ``* * *``) stands
    alone, centred, and the pairing starts again after it: a hemistich is never
    paired with a rule. A hemistich left without a pair is set alone, centred.
    """
    out: list[str] = []
    run: list[str] = []  # hemistichs since the last ornament

    def pair() -> None:
        out.extend(beyt_html(run[start : start + 2], poem) for start in range(0, len(run), 2))
        run.clear()

    for line in lines:
        if not is_ornament(line):
            run.append(line)
            continue
        pair()
        ornament = escape(" ".join(words(line)))
        out.append(f'<div class="beyt single ornament"><span class="hemistich">{ornament}</span></div>')
    pair()
    return Markup("".join(out))
