"""Measuring shaped text with HarfBuzz, in the very font files the PDF embeds.

A beyt's two hemistichs must be of equal width, each filling it; the width is
that of the widest hemistich of the poem, as HarfBuzz shapes it.

Verse is drawn from more than one face (typeset.typography.fonts.VerseFaces: ګ from
the body's Naskh, the rest from the verse face), and the engine (Pango) splits a
word into runs by face: each character goes to the first face of the font list
that has it, while spaces, format characters (ZWJ, ZWNJ) and variation selectors
stay in the run they stand in (a word that starts with one takes the face of
the character after it). Each run is shaped in its face with the rest of the
word as context, as Pango asks HarfBuzz to, so that the letters on either side
of a change of face keep their joined forms; the word's width is the sum.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import uharfbuzz as hb

from typeset.typography.fonts import VerseFaces
from typeset.typography.hemistich import words as hemistich_words

#: Unicode categories of the characters that never choose a face (Pango's itemizer keeps the run's).
_KEEP_FACE = frozenset({"Cc", "Cf", "Cs", "Zs", "Zl", "Zp"})


@lru_cache(maxsize=16)
def _font(path: Path) -> tuple[hb.Font, int]:
    face = hb.Face(hb.Blob.from_file_path(str(path)))
    return hb.Font(face), face.upem


def _shaped_width(text: str, font: hb.Font, start: int = 0, length: int = -1) -> int:
    """The advance of ``text[start:start + length]`` shaped with the rest of ``text`` as context."""
    buffer = hb.Buffer()
    buffer.add_str(text, start, length)
    buffer.guess_segment_properties()
    hb.shape(font, buffer, {})
    return sum(position.x_advance for position in buffer.glyph_positions or ())  # None when ``text`` is empty


def _keeps_face(char: str) -> bool:
    if unicodedata.category(char) in _KEEP_FACE:
        return True
    return "\ufe00" <= char <= "\ufe0f" or "\U000e0100" <= char <= "\U000e01ef"  # variation selectors


def runs(word: str, faces: VerseFaces) -> list[tuple[int, int, Path]]:
    """``word`` split as the engine draws it: (start, end, face) of each run of one face."""
    chosen = [None if _keeps_face(char) else faces.face(char) for char in word]
    face = next((own for own in chosen if own is not None), faces.main)
    found: list[tuple[int, int, Path]] = []
    for index, own in enumerate(chosen):
        face = own or face
        if found and found[-1][2] == face:
            found[-1] = (found[-1][0], index + 1, face)
        else:
            found.append((index, index + 1, face))
    return found


@lru_cache(maxsize=4096)
def word_width(word: str, font: Path | VerseFaces) -> float:
    """The width of one word (shaped alone), in em, each run in the face that draws it (runs)."""
    faces = font if isinstance(font, VerseFaces) else VerseFaces(font)
    if faces.borrowed is None or faces.chars.isdisjoint(word):
        shaped, upem = _font(faces.main)
        return _shaped_width(word, shaped) / upem
    total = 0.0
    for start, end, path in runs(word, faces):
        shaped, upem = _font(path)
        total += _shaped_width(word, shaped, start, end - start) / upem
    return total


def has_glyph(char: str, path: Path) -> bool:
    font, _ = _font(path)
    return font.get_nominal_glyph(ord(char)) is not None


def text_width(text: str, font: Path | VerseFaces) -> float:
    """The width of ``text`` set with ``font`` (a face, or the faces of verse), in em, as a hemistich sets it.

    The engine shapes each word of a hemistich alone (its spaces are widened:
    typeset.typography.verse), so each word is shaped alone here too, and the spaces are
    added; the words are those typeset.typography.hemistich reads, as the HTML sets them.
    A widened space is a run of its own, drawn from the verse face whatever its
    neighbours (measured in the PDF: a space beside a ګ from the body face is
    Amiri's); an unwidened one beside ګ is the body face's, a little narrower, so
    a hemistich set without ``word-spacing`` is never wider than measured here.
    """
    main = font.main if isinstance(font, VerseFaces) else font
    words = hemistich_words(text)
    return sum(word_width(word, font) for word in words) + word_width(" ", main) * max(len(words) - 1, 0)


def widest(texts: Iterable[str], font: Path | VerseFaces) -> float:
    """The width (em) of the widest of ``texts``: the width every hemistich of a poem is set to."""
    return max((text_width(text, font) for text in texts), default=0.0)
