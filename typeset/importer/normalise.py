"""What import corrects in the text, each correction counted (never silent).

- Arabic yeh and kaf (ي ك) in a Dari or Persian text become the Persian ی ک
  that the fonts, search and hyphenation expect; Pashto's letters (ي ې ی ۍ are
  four different letters there) are never touched;
- hand-typed kashida (tatweel, U+0640) beside a letter is removed, in running text
  and in verse: typeset justifies by itself and elongates verse where a calligrapher
  would, and a web page's typed tatweels (``هـریـرود``) were spacing, not the poet's;
  in the PDF's text layer they split the word (``هر یرود``). A word that is only
  tatweel (a rule, an ornament, the rule between two hemistichs) stays;
- spaces before a closing punctuation mark (، . ؛ ؟ , and, except in French, ! ? ; :)
  are removed, and runs of spaces inside a line become one.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from typeset.typography.punctuation import PERSIAN_LETTERS

_LETTER = "[\u0620-\u063f\u0641-\u064a\u066e-\u06d3]"
_KASHIDA = re.compile(f"(?<={_LETTER})\u0640+|\u0640+(?={_LETTER})")
_SPACE_BEFORE = {
    "fr": re.compile(r"(?<=\S)[ \t\u00a0\u2009]+(?=[،.؛؟,](?:\s|$|[\"”»’)\]]))"),
    "*": re.compile(r"(?<=\S)[ \t\u00a0\u2009]+(?=[،.؛؟,!?;:](?:\s|$|[\"”»’)\]]))"),
}
_SPACES = re.compile(r"(?<=\S)[ \t]{2,}(?=\S)")


@dataclass(frozen=True)
class Options:
    arabic_letters: bool = True  # ي ك → ی ک in Dari and Persian
    remove_kashida: bool = True
    tidy_spaces: bool = True


class Normaliser:
    """Applies :class:`Options` to the lines of one text, counting what it changed (and the first line)."""

    def __init__(self, lang: str, options: Options):
        self.lang = lang
        self.options = options
        self.counts: Counter[str] = Counter()
        self.first: dict[str, int] = {}

    def _count(self, what: str, number: int, line: int) -> None:
        if number:
            self.counts[what] += number
            self.first.setdefault(what, line)

    def text(self, value: str, line: int, verse: bool = False) -> str:
        """``value`` (from ``line``) corrected; in ``verse``, the letters and kashida only (its spaces are
        the verse setter's)."""
        if self.options.arabic_letters and self.lang in ("fa", "fa-AF"):
            self._count("letters", sum(value.count(char) for char in "يك"), line)
            value = value.translate(PERSIAN_LETTERS)
        if self.options.remove_kashida:
            value, number = _KASHIDA.subn("", value)
            self._count("kashida", number, line)
        if verse:
            return value
        if self.options.tidy_spaces:
            value, number = _SPACE_BEFORE.get(self.lang, _SPACE_BEFORE["*"]).subn("", value)
            self._count("spaces", number, line)
            value = _SPACES.sub(" ", value)
        return value

    def notes(self) -> list[tuple[int, str]]:
        said = {
            "letters": "made {n} Arabic ي/ك Persian ی/ک (--no-arabic-letters keeps them)",
            "kashida": "removed {n} hand-typed kashida run{s} (--keep-kashida keeps them)",
            "spaces": "removed {n} space{s} before punctuation (--keep-spaces keeps them)",
        }
        return [
            (self.first[key], text.format(n=self.counts[key], s="s" * (self.counts[key] > 1)))
            for key, text in said.items()
            if self.counts[key]
        ]
