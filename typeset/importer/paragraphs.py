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
Baba's too (tests/test_import_units.py).

A paragraph split at an old page break is one that ends without sentence-final
punctuation, followed (after the blank line) by a continuation: a Latin one that
starts in lower case, or any Persian-script one (the script has no case to tell).
"""

from __future__ import annotations

import re
import unicodedata

from typeset.importer.blocks import Block, ends_sentence, is_arabic_script, looks_like_heading, starts_lower
from typeset.typography.hemistich import is_ornament

#: The gap or rule between two hemistichs typed on one line.
_SEPARATOR = re.compile(r"\s*(?:\t|\s{3,}|(?<=\s)(?:\u0640{2,}|\*{3,}|…{2,})(?=\s))\s*")
#: A one-line couplet has at least this many words (a hemistich of Persian metres has four to seven).
MIN_BEYT_WORDS = 8
MAX_LINE_WORDS = 16
#: A paragraph shorter than this is not taken as cut at a page break (it may be a heading or a caption).
MIN_CUT_WORDS = 12

Notes = list[tuple[int, str]]


def letter_count(text: str) -> int:
    """The letters of ``text`` (no marks, spaces, tatweel or ZWNJ): how long a hemistich is in metre."""
    return sum(unicodedata.category(char).startswith("L") and char != "\u0640" for char in text)


def split_couplet(line: str) -> tuple[list[str], str]:
    """The hemistichs of ``line`` (one or two) and how it was split ("" when it was not)."""
    stripped = line.strip()
    parts = [part for part in _SEPARATOR.split(stripped) if part.strip()]
    if len(parts) == 2 and not any(is_ornament(part) for part in parts):
        return parts, "at the gap" if "\u0640" not in line and "*" not in line else "at the rule"
    words = stripped.split()
    if len(words) < MIN_BEYT_WORDS:
        return [re.sub(r"\s+", " ", stripped)], ""
    best = min(
        range(1, len(words)),
        key=lambda k: abs(letter_count(" ".join(words[:k])) - letter_count(" ".join(words[k:]))),
    )
    return [
        " ".join(words[:best]),
        " ".join(words[best:]),
    ], "at the word boundary that balances their lengths (in letters)"


def _is_verse(block: Block) -> bool:
    if not is_arabic_script(block.text) or any(ends_sentence(line) for line in block.lines):
        return False
    if any(len(line.split()) > MAX_LINE_WORDS for line in block.lines):
        return False
    if len(block.lines) >= 2:
        return True
    parts = [part for part in _SEPARATOR.split(block.lines[0].strip()) if part.strip()]
    return len(parts) == 2 and not any(is_ornament(part) for part in parts)


def find_verse(blocks: list[Block], notes: Notes) -> None:
    """Mark the blocks that are verse, splitting the couplets typed on one line."""
    for block in blocks:
        if block.kind != "paragraph" or not _is_verse(block):
            continue
        block.kind = "verse"
        end = block.line + len(block.lines) - 1
        notes.append(
            (block.line, f"took lines {block.line}-{end} as verse" if end > block.line else "took this as verse")
        )
        for offset, line in enumerate(block.lines):
            hemistichs, how = split_couplet(line)
            block.hemistichs.append(hemistichs)
            if how:
                notes.append((block.line + offset, f"split a couplet written on one line {how}"))


def join_page_breaks(blocks: list[Block], notes: Notes) -> list[Block]:
    """``blocks`` with each paragraph cut at a page break joined to its continuation."""
    out: list[Block] = []
    for block in blocks:
        previous = out[-1] if out else None
        if (
            previous is not None
            and previous.kind == block.kind == "paragraph"
            and previous.words >= MIN_CUT_WORDS
            and not ends_sentence(previous.text)
            and not looks_like_heading(block)
        ):
            if starts_lower(block.text) or (is_arabic_script(previous.text) and is_arabic_script(block.text)):
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
