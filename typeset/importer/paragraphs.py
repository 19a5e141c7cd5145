"""The body's blocks put right: verse found and its one-line couplets split, page-break splits joined.

A couplet written on one line is split into its two hemistichs at the gap the
author left (a tab or three spaces and more) or at a rule of tatweels (``ـــ``)
standing between them; failing both, at the word boundary where the two halves
are nearest in length, counted in letters (marks, spaces and tatweel aside). Not
in glyph widths: a couplet's hemistichs balance in metre, and the letters of
Persian script (consonants and long vowels) follow its syllables far better than
the widths of the verse face do. Measured with HarfBuzz in Amiri, the width
balance splits both beyts of Saadi's "بنی آدم" a word off (``… یکدیگرند که`` /
``در آفرینش …``); the letter count splits both right, and Hafez's and Rahman
Baba's too (tests/importer/test_import_units.py).

A paragraph split at an old page break is one that ends without sentence-final
punctuation, followed (after the blank line) by a continuation: a Latin one that
starts in lower case, or any Persian-script one (the script has no case to tell).
"""

from __future__ import annotations

import re
import unicodedata

from typeset.importer.blocks import (
    HYPHENATION,
    Block,
    ends_sentence,
    is_arabic_script,
    looks_like_heading,
    starts_lower,
)
from typeset.typography.hemistich import is_ornament

#: The gap or rule between two hemistichs typed on one line.
_SEPARATOR = re.compile(r"\s*(?:\t|\s{3,}|(?<=\s)(?:\u0640{2,}|\*{3,}|…{2,})(?=\s))\s*")
#: A one-line couplet has at least this many words (a hemistich of Persian metres has four to seven).
MIN_BEYT_WORDS = 8
#: ... and at least this many letters: the shortest Persian metres (Saadi's "بنی آدم", 11 syllables a
#: hemistich) make a couplet of 36-40 letters, the longest a hemistich of about 30 (Hafez's "الا یا ایها
#: الساقی", 16 syllables: 29).
COUPLET_LETTERS = 33
MAX_LINE_WORDS = 16
MAX_HEMISTICH_WORDS = 12
BALANCE = 1.6
_CLOSERS = "\"'”’»)]"
#: A paragraph shorter than this is not taken as cut at a page break (it may be a heading or a caption).
MIN_CUT_WORDS = 12

Notes = list[tuple[int, str]]


def letter_count(text: str) -> int:
    """The letters of ``text`` (no marks, spaces, tatweel or ZWNJ): how long a hemistich is in metre."""
    return sum(unicodedata.category(char).startswith("L") and char != "\u0640" for char in text)


def gap_split(line: str) -> list[str] | None:
    """The two hemistichs of ``line`` when a gap or a rule stands between two halves of like length (in
    letters, the longer at most :data:`BALANCE` times the shorter), else None: a web page's stray run of
    spaces inside a hemistich (``چون نی   نوای اشتیاق``) is not a gap between two."""
    parts = [part for part in _SEPARATOR.split(line.strip()) if part.strip()]
    if len(parts) != 2 or any(is_ornament(part) for part in parts):
        return None
    shorter, longer = sorted(letter_count(part) for part in parts)
    return parts if longer <= BALANCE * max(shorter, 1) else None


def split_couplet(line: str, neighbours: tuple[str, ...] = ()) -> tuple[list[str], str]:
    """The hemistichs of ``line`` (one or two) and how it was split ("" when it was not).

    Without a gap or a rule, a line is split only when it is as long as a couplet
    (:data:`COUPLET_LETTERS`) and, among ``neighbours`` (the other lines of its stanza)
    that are hemistichs, clearly longer than they are: a couplet already on two lines is
    never split again."""
    stripped = line.strip()
    parts = gap_split(stripped)
    if parts:
        return parts, "at the gap" if "\u0640" not in line and "*" not in line else "at the rule"
    words = stripped.split()
    letters = letter_count(stripped)
    others = sorted(letter_count(other) for other in neighbours if gap_split(other) is None)
    middle = others[len(others) // 2] if others else 0
    if (
        len(words) < MIN_BEYT_WORDS
        or letters < COUPLET_LETTERS
        or (others and middle < COUPLET_LETTERS and letters < 1.5 * middle)
    ):
        return [re.sub(r"\s+", " ", stripped)], ""
    best = min(
        range(1, len(words)),
        key=lambda k: abs(letter_count(" ".join(words[:k])) - letter_count(" ".join(words[k:]))),
    )
    return [
        " ".join(words[:best]),
        " ".join(words[best:]),
    ], "at the word boundary that balances their lengths (in letters)"


def _is_beyt(line: str) -> bool:
    """A couplet on one line: two short hemistichs of like length with a gap or a rule between them
    (Pashto's short words make a beyt of 16 words and more: each hemistich is counted by itself)."""
    parts = gap_split(line)
    return parts is not None and all(len(part.split()) <= MAX_HEMISTICH_WORDS for part in parts)


def _ends_prose(line: str) -> bool:
    """A line that ends a sentence of prose (a hemistich may end with a question or an exclamation)."""
    return ends_sentence(line) and not line.rstrip().rstrip(_CLOSERS).endswith(("؟", "?", "!", "…"))


def _is_verse(block: Block) -> bool:
    if not is_arabic_script(block.text):
        return False
    if len(block.lines) == 1:
        return _is_beyt(block.lines[0])
    if any(_ends_prose(line) for line in block.lines if not _is_beyt(line)):
        return False
    return all(_is_beyt(line) or len(line.split()) <= MAX_LINE_WORDS for line in block.lines)


def _beyts_apart(block: Block) -> list[Block]:
    """``block``, or, when it runs couplets on one line into prose (no blank line between), its runs of
    couplets and of prose as blocks of their own."""
    if block.kind != "paragraph" or len(block.lines) < 2 or _is_verse(block):
        return [block]
    kinds = [_is_beyt(line) and is_arabic_script(line) for line in block.lines]
    if not any(kinds):
        return [block]
    runs: list[Block] = []
    for offset, (line, beyt) in enumerate(zip(block.lines, kinds, strict=True)):
        if runs and kinds[offset - 1] == beyt:
            runs[-1].lines.append(line)
        else:
            runs.append(Block(block.line + offset, [line]))
    return runs


def _latin_apart(block: Block) -> list[Block]:
    """A poem's block with the lines in Latin letters at its end (a site's address under a poem) apart."""
    if block.kind != "paragraph" or len(block.lines) < 3 or not _is_verse(block):
        return [block]
    end = len(block.lines)
    while end > 2 and not is_arabic_script(block.lines[end - 1]):
        end -= 1
    if end == len(block.lines):
        return [block]
    return [Block(block.line, block.lines[:end]), Block(block.line + end, block.lines[end:])]


def find_verse(blocks: list[Block], notes: Notes) -> list[Block]:
    """The blocks, those that are verse marked, the couplets typed on one line split."""
    blocks = [part for block in blocks for part in _beyts_apart(block)]
    blocks = [part for block in blocks for part in _latin_apart(block)]
    for block in blocks:
        if block.kind != "paragraph" or not _is_verse(block):
            continue
        block.kind = "verse"
        end = block.line + len(block.lines) - 1
        notes.append(
            (block.line, f"took lines {block.line}-{end} as verse" if end > block.line else "took this as verse")
        )
        for offset, line in enumerate(block.lines):
            hemistichs, how = split_couplet(line, tuple(block.lines[:offset] + block.lines[offset + 1 :]))
            block.hemistichs.append(hemistichs)
            if how:
                notes.append((block.line + offset, f"split a couplet written on one line {how}"))
    return blocks


def join_page_breaks(blocks: list[Block], notes: Notes) -> list[Block]:
    """``blocks`` with each paragraph cut at a page break joined to its continuation."""
    out: list[Block] = []
    for block in blocks:
        previous = out[-1] if out else None
        if (
            previous is not None
            and previous.kind == block.kind == "paragraph"
            and (previous.words >= MIN_CUT_WORDS or previous.text.endswith(HYPHENATION))
            and not ends_sentence(previous.text)
            and (not looks_like_heading(block) or previous.text.endswith(HYPHENATION))
        ):
            if (
                starts_lower(block.text)
                or previous.text.endswith(HYPHENATION)
                or (is_arabic_script(previous.text) and is_arabic_script(block.text))
            ):
                notes.append(
                    (block.line, f"joined this to the paragraph of line {previous.line} (split at a page break)")
                )
                previous.lines.extend(block.lines)
                continue
            notes.append((previous.line, "this paragraph ends without punctuation; left as it is"))
        out.append(block)
    return out


def _folded(text: str) -> str:
    return re.sub(r"[^\w]+", " ", text.casefold()).strip()


def find_pull_quotes(blocks: list[Block], notes: Notes) -> None:
    """A paragraph that repeats a sentence (or part of one) of another is a pull quote."""
    folded = [_folded(block.text) for block in blocks]
    for index, block in enumerate(blocks):
        if block.kind != "paragraph" or block.words < 6:
            continue
        for other, text in enumerate(folded):
            if other != index and blocks[other].kind == "paragraph" and folded[index] in text and text != folded[index]:
                block.kind = "pullquote"
                notes.append((block.line, f"took this as a pull quote (it repeats line {blocks[other].line})"))
                break


def find_headings(blocks: list[Block], notes: Notes) -> None:
    """A short line without final punctuation between paragraphs is a section heading."""
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if (
            block.kind == "paragraph"
            and looks_like_heading(block)
            and following is not None
            and following.kind != "verse"
            and not looks_like_heading(following)
        ):
            block.kind = "heading"
            notes.append((block.line, "took this as a heading"))
