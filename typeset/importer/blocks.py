"""An old text as blocks: runs of non-blank lines between blank lines, each knowing its first line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: What ends a sentence (a paragraph that ends otherwise was cut, at a page break or a heading).
FINAL = frozenset(".!?؟…:;؛")
_CLOSERS = "\"'”’»)]*"
_WORD = re.compile(r"\S+")
HYPHENATION = "\u2010"


@dataclass
class Block:
    line: int  # 1-based number of its first line
    lines: list[str]
    kind: str = "paragraph"  # paragraph, heading, pullquote, verse
    hemistichs: list[list[str]] = field(default_factory=list)  # verse: its beyts (one or two hemistichs)

    @property
    def text(self) -> str:
        """Its lines as one: a hyphen of hyphenation (U+2010, as typeset's PDFs break words) at a line's end
        joins the word again, without it; a hyphen (``cross-``) before a lower-case letter keeps its place."""
        text = ""
        for line in (line.strip() for line in self.lines):
            if text.endswith(HYPHENATION):
                text = text[:-1] + line
            elif text.endswith("-") and text[-2:-1].isalpha() and line[:1].islower():
                text += line
            else:
                text += (" " if text else "") + line
        return text

    @property
    def words(self) -> int:
        return len(_WORD.findall(self.text))


def split_blocks(lines: list[str], first: int) -> list[Block]:
    """The blocks of ``lines`` (``first``: the 0-based index of their first line in the text)."""
    found: list[Block] = []
    current: Block | None = None
    for index, line in enumerate(lines):
        if not line.strip():
            current = None
            continue
        if current is None:
            current = Block(first + index + 1, [])
            found.append(current)
        current.lines.append(line.rstrip())
    return found


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends with sentence-final punctuation (closing quotes and brackets aside)."""
    stripped = text.rstrip().rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in FINAL


def is_arabic_script(text: str) -> bool:
    arabic = sum("\u0600" <= char <= "\u06ff" for char in text)
    latin = sum(char.isascii() and char.isalpha() for char in text)
    return arabic > latin


def starts_lower(text: str) -> bool:
    """Whether ``text``'s first letter is a lower-case (Latin, Greek, Cyrillic) one: a continuation."""
    first = next((char for char in text if char.isalpha()), "")
    return first.islower()


def looks_like_heading(block: Block) -> bool:
    """One short line with letters and no sentence-final punctuation or comma: a title, a heading
    (``===``, ``***`` or ``---`` is not one)."""
    text = block.text
    return (
        len(block.lines) == 1
        and any(char.isalpha() for char in text)
        and 0 < block.words <= 12
        and len(text) <= 100
        and not ends_sentence(text)
        and not text.rstrip().endswith((",", "،"))
    )
