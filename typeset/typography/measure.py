"""Measuring shaped text with HarfBuzz, in the very font files the PDF embeds.

A beyt's two hemistichs must be of equal width, each filling it; the width is
that of the widest hemistich of the poem, as HarfBuzz shapes it.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import uharfbuzz as hb

from typeset.typography.hemistich import words as hemistich_words


@lru_cache(maxsize=16)
def _font(path: Path) -> tuple[hb.Font, int]:
    face = hb.Face(hb.Blob.from_file_path(str(path)))
    return hb.Font(face), face.upem


def _shaped_width(text: str, font: hb.Font) -> int:
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    hb.shape(font, buffer, {})
    return sum(position.x_advance for position in buffer.glyph_positions or ())  # None when ``text`` is empty


@lru_cache(maxsize=4096)
def word_width(word: str, path: Path) -> float:
    """The width of one word (shaped alone), in em."""
    font, upem = _font(path)
    return _shaped_width(word, font) / upem


def has_glyph(char: str, path: Path) -> bool:
    font, _ = _font(path)
    return font.get_nominal_glyph(ord(char)) is not None


def text_width(text: str, path: Path) -> float:
    """The width of ``text`` set with the font at ``path``, in em, as a hemistich sets it.

    The engine shapes each word of a hemistich alone (its spaces are widened:
    typeset.typography.verse), so each word is shaped alone here too, and the spaces are
    added; the words are those typeset.typography.hemistich reads, as the HTML sets them.
    """
    words = hemistich_words(text)
    return sum(word_width(word, path) for word in words) + word_width(" ", path) * max(len(words) - 1, 0)


def widest(texts: Iterable[str], path: Path) -> float:
    """The width (em) of the widest of ``texts``: the width every hemistich of a poem is set to."""
    return max((text_width(text, path) for text in texts), default=0.0)
