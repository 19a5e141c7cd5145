"""Where an old text says who wrote it, when, and under what title; and how it closes.

The top: after the header block, a few short lines hold the author, the date
and the title, in the order the house PDFs set them (author, date, title) or a
web page does (title, "By: author", date). The date is a line that is only a
date; the author a "By:" line, else the short line beside the date; the title
the first of the other short lines, a subtitle the one between it and the byline.

The end: the closing byline is a short last line (or last but one) that ends in
a date (``Taut Bataut, June 02, 2025``): the ``source``; the bio is the short
paragraph after it, or a last paragraph that begins with the author's name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from typeset.importer import dates
from typeset.importer.blocks import Block
from typeset.importer.header import letters
from typeset.importer.paragraphs import gap_split

Notes = list[tuple[int, str]]

_BY = re.compile(
    r"(?P<by>(?:by|von|par)\s*[:：]?|(?:نویسنده|نوشته|لیکوال|لیکنه|از)\s*[:：])\s*(?P<name>\S.*)", re.IGNORECASE
)
_EMPTY_LINK = re.compile(r"\[([^\]\n]+)\]\(#\)")
MAX_TOP_LINES = 5
MAX_TOP_WORDS = 20
MAX_AUTHOR_WORDS = 6
#: A title taken without a byline or date beside it is at most this long.
MAX_TITLE_WORDS = 15
MAX_BIO_WORDS = 80


@dataclass
class Field:
    value: str
    line: int
    written: str  # the line as the text has it
    given: str = ""  # the option that gave it (not the text): "--author"


@dataclass
class Parts:
    title: Field | None = None
    author: Field | None = None
    date: dates.FoundDate | None = None
    date_line: int = 0
    date_from: str = ""  # where the date was found when not on a line of its own at the top
    subtitle: Field | None = None
    source_name: str | None = None
    source_date: dates.FoundDate | None = None
    source_line: Field | None = None
    bio: Field | None = None
    body: list[Block] = field(default_factory=list)


def unlink(text: str) -> str:
    """``text`` without the empty link marks (``[name](#)``) of the house PDFs' extractions."""
    return _EMPTY_LINK.sub(r"\1", text)


def _top_lines(blocks: list[Block]) -> list[tuple[int, int, str]]:
    """(block index, line index, text) of the short lines the article starts with."""
    found: list[tuple[int, int, str]] = []
    for index, block in enumerate(blocks):
        for offset, line in enumerate(block.lines):
            text = line.strip()
            if len(found) >= MAX_TOP_LINES or len(text.split()) > MAX_TOP_WORDS or text.endswith("."):
                return found
            found.append((index, offset, text))
    return found


def read_top(blocks: list[Block], parts: Parts, notes: list[tuple[int, str]]) -> list[Block]:
    """Fill ``parts``' author, date, title (and subtitle) from the top; the blocks left for the body."""
    candidates = _top_lines(blocks)
    taken: dict[int, str] = {}  # candidate index → role
    for i, (b, o, text) in enumerate(candidates):
        found = dates.whole_date(text)
        if found and parts.date is None:
            parts.date, parts.date_line = found, blocks[b].line + o
            taken[i] = "date"
    for i, (b, o, text) in enumerate(candidates):
        match = _BY.fullmatch(text)
        if i not in taken and match and parts.author is None:
            name = match["name"].strip()
            dated = dates.trailing_date(name)  # "By: Sarah Whitfield, 5 June 2025": a byline with its date
            if dated and letters(dated[0]):
                name = dated[0].strip().rstrip(",،-–—|").strip()
                if parts.date is None:
                    parts.date, parts.date_line = dated[1], blocks[b].line + o
                    parts.date_from = f"the byline, {dated[1].written}"
            parts.author = Field(name, blocks[b].line + o, text)
            taken[i] = "author"
    if parts.author is None and parts.date is not None:
        at = next(i for i, role in taken.items() if role == "date")
        for i in (at - 1, at + 1):
            if 0 <= i < len(candidates) and i not in taken and len(candidates[i][2].split()) <= MAX_AUTHOR_WORDS:
                b, o, text = candidates[i]
                parts.author = Field(text, blocks[b].line + o, text)
                taken[i] = "author"
                notes.append((parts.author.line, "took this as the author (the line beside the date)"))
                break
    free = [i for i in range(len(candidates)) if i not in taken]
    last_taken = max(taken, default=-1)
    if free and (free[0] < last_taken or taken):
        b, o, text = candidates[free[0]]
        parts.title = Field(text, blocks[b].line + o, text)
        taken[free[0]] = "title"
        following = free[0] + 1
        if following in free and following < last_taken:
            b, o, text = candidates[following]
            parts.subtitle = Field(text, blocks[b].line + o, text)
            taken[following] = "subtitle"
            notes.append((parts.subtitle.line, "took this as the subtitle"))
    if parts.title is None and not taken:
        _untitled_top(blocks, candidates, parts, taken, notes)
    used = {(candidates[i][0], candidates[i][1]) for i in taken}
    rest: list[Block] = []
    for index, block in enumerate(blocks):
        kept = [(o, line) for o, line in enumerate(block.lines) if (index, o) not in used]
        if kept:
            rest.append(Block(block.line + kept[0][0], [line for _, line in kept]))
    return rest


def _untitled_top(
    blocks: list[Block], candidates: list[tuple[int, int, str]], parts: Parts, taken: dict[int, str], notes: Notes
) -> None:
    """A web page's text with no byline or date line: its first short line with letters is the title, when
    text follows it and it is not a couplet on one line (a poem's first beyt)."""
    if not candidates:
        return
    b, o, text = candidates[0]
    last = b == len(blocks) - 1 and o == len(blocks[b].lines) - 1
    if last or not any(char.isalpha() for char in text) or len(text.split()) > MAX_TITLE_WORDS or gap_split(text):
        return
    parts.title = Field(text, blocks[b].line + o, text)
    taken[0] = "title"
    notes.append((parts.title.line, "took this as the title (the text's first line, a short one)"))


def _byline(block: Block) -> tuple[str, dates.FoundDate] | None:
    if len(block.lines) != 1 or block.words > 15:
        return None
    found = dates.trailing_date(unlink(block.text))
    if not found:
        return None
    name = found[0].strip().rstrip(",،-–— ").strip()
    return (name, found[1]) if letters(name) else None


def read_end(blocks: list[Block], parts: Parts, notes: list[tuple[int, str]]) -> list[Block]:
    """Fill ``parts``' closing byline (source) and bio from the end; the blocks left for the body."""
    blocks = list(blocks)
    author = letters(parts.author.value) if parts.author else ""
    bio: Block | None = None
    if blocks and blocks[-1].words <= MAX_BIO_WORDS:
        last = blocks[-1]
        if author and letters(unlink(last.text)).startswith(author):
            bio = last
            notes.append((last.line, "took this as the author's bio (it begins with the author's name)"))
        elif len(blocks) >= 2 and _byline(blocks[-2]) and not _byline(last):
            bio = last
            notes.append((last.line, "took this as the author's bio (it follows the closing byline)"))
    if bio is not None:
        parts.bio = Field(bio.text, bio.line, bio.text)
        blocks.pop()
    found = _byline(blocks[-1]) if blocks else None
    if found:
        last = blocks.pop()
        parts.source_name, parts.source_date = found
        parts.source_line = Field(last.text, last.line, last.text)
        notes.append((last.line, "took this as the closing byline (the source's name and date)"))
    return blocks
