"""Persian punctuation and letters in Dari, Pashto and Persian running text.

An author typing on a Latin keyboard, or pasting from an Arabic page, leaves marks and letters
that a Persian reader sees as foreign: ``,`` ``;`` ``?`` set as Latin marks (the ``?`` facing the
wrong way), straight quotes around Persian words, Arabic ي and ك. The build sets them as the
language writes them — ``،`` ``؛`` ``؟``, ``« »``, ی and ک — and counts each kind, so that the
author is told (one note per kind and article; ``punctuation: as-written`` keeps them as typed).

Only the text between Latin runs is touched (typeset.typography.direction.split_runs): code, an
address (a URL, an e-mail), a Latin phrase and its own ``?`` are left as they are, and so is a
comma between two digits (a number's separator: typeset.typography.localize). Pashto keeps its
ي (a letter of its own there, beside ی ې ۍ ئ); its ك becomes ک as in Dari.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from typeset.errors import Diagnostic, Location
from typeset.typography.direction import split_runs

#: Arabic yeh and kaf as Dari and Persian write them (the importer corrects them the same way).
PERSIAN_LETTERS = str.maketrans({"ي": "ی", "ك": "ک"})
#: Pashto: ي is a letter of its own; only the Arabic kaf is replaced.
PASHTO_LETTERS = str.maketrans({"ك": "ک"})
_LETTERS = {"fa": PERSIAN_LETTERS, "fa-AF": PERSIAN_LETTERS, "ps": PASHTO_LETTERS}
#: The languages whose running text takes Persian punctuation.
LANGUAGES = frozenset(_LETTERS)
MODES = ("native", "as-written")

_MARKS = {",": "،", ";": "؛", "?": "؟"}
_MARK = re.compile('[,;?"]')
_DIGITS = frozenset("0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩")
#: What may stand before an opening quote (else the quote closes).
_BEFORE_OPENING = frozenset(" \t\n\u00a0([{«\u2066\u2067\u2068\u2069")

#: Each kind counted: its key, and how the note names it (singular, plural) and what it became.
KINDS = {
    ",": ("ASCII comma", "ASCII commas", "،"),
    ";": ("ASCII semicolon", "ASCII semicolons", "؛"),
    "?": ("ASCII question mark", "ASCII question marks", "؟"),
    '"': ("straight quote", "straight quotes", "« »"),
    "ي": ("Arabic yeh", "Arabic yehs", "ی"),
    "ك": ("Arabic kaf", "Arabic kafs", "ک"),
}


@dataclass
class Tally:
    """What was set otherwise than typed in one article: each kind's count and its first line."""

    counts: Counter[str] = field(default_factory=Counter)
    first: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, number: int, line: int) -> None:
        if number:
            self.counts[kind] += number
            self.first.setdefault(kind, line)

    def notes(self, path: Path) -> list[Diagnostic]:
        """One note per kind, at its first line: ``a.md:7: note: 3 ASCII commas set as ، (…)``."""
        said = []
        for kind, (one, many, became) in KINDS.items():
            number = self.counts[kind]
            if number:
                what = one if number == 1 else many
                message = f"{number} {what} set as {became} (punctuation: as-written keeps them)"
                said.append(Diagnostic("note", message, Location(path, self.first[kind])))
        return said


def persian_text(text: str, lang: str, tally: Tally, line: int, before: str = "", after: str = "") -> str:
    """``text`` (a piece of running text with no Latin run in it) with Persian marks and letters.

    ``before`` and ``after``: the characters around the piece (the text of its neighbours in the
    paragraph), which decide whether a straight quote at its edge opens or closes.
    """
    if lang not in _LETTERS:
        return text
    if not (OPENS in text or CLOSES in text or _inside(before)):
        return _persian(text, lang, tally, line, before, after)
    # A Quranic quotation (﴿ … ﴾) is Arabic: its letters and marks are kept.
    out: list[str] = []
    inside, start = _inside(before), 0
    for index, char in enumerate(text + OPENS):
        if char not in (OPENS, CLOSES) and index < len(text):
            continue
        segment = text[start:index]
        if inside:
            out.append(segment)
        else:
            out.append(_persian(segment, lang, tally, line, before + text[:start], text[index:] + after))
        if index < len(text):
            out.append(char)
        inside, start = char == OPENS, index + 1
    return "".join(out)


#: The ornate parentheses of a Quranic quotation: ﴿ opens it (U+FD3F, Ps since Unicode 14), ﴾ closes it.
OPENS, CLOSES = "\ufd3f", "\ufd3e"


def _inside(before: str) -> bool:
    """Whether text after ``before`` stands inside a Quranic quotation."""
    return before.rfind(OPENS) > before.rfind(CLOSES)


def _persian(text: str, lang: str, tally: Tally, line: int, before: str, after: str) -> str:
    letters = _LETTERS[lang]
    for letter in "يك":
        if letter in text and letter.translate(letters) != letter:
            tally.add(letter, text.count(letter), line)
    text = text.translate(letters)

    def mark(found: re.Match[str]) -> str:
        char, index = found.group(), found.start()
        previous = text[index - 1] if index else before[-1:]
        following = text[index + 1] if index + 1 < len(text) else after[:1]
        if char == '"':
            tally.add(char, 1, line)
            return "«" if (previous == "" or previous in _BEFORE_OPENING) and following.strip() else "»"
        if char == "," and previous in _DIGITS and following in _DIGITS:
            return char  # a number's separator (typeset.typography.localize)
        tally.add(char, 1, line)
        return _MARKS[char]

    return _MARK.sub(mark, text)


def persian_line(text: str, lang: str, tally: Tally, line: int) -> str:
    """A line of verse (no isolates: the verse setter measures it as typed) with Persian marks and
    letters outside its Latin runs and units of digits."""
    if lang not in LANGUAGES:
        return text
    out: list[str] = []
    done = 0
    for kind, piece in split_runs(text, "rtl"):
        if kind == "text":
            out.append(persian_text(piece, lang, tally, line, text[:done], text[done + len(piece) :]))
        else:
            out.append(piece)
        done += len(piece)
    return "".join(out)
