"""What a line of verse is made of: its words, whatever spaces and joiners were typed between them.

One reading for every stage that looks at a hemistich (the config's verse
header, the body's verse lines, HarfBuzz measuring, kashida filling, the HTML),
so that the width measured is the width the engine sets:

- any run of whitespace (spaces, tabs, no-break, thin and other Unicode spaces)
  is one word gap, set as one U+0020 space: the gap that is measured and that
  ``word-spacing`` widens (a hemistich never breaks, so a no-break space has
  nothing to keep together);
- a ZWNJ at a word's edge is dropped: the space beside it already parts the
  letters (inside a word, as in می‌شود, it stays). A ZWJ stays where it is
  typed: at an edge it asks for a letter's joined form (ه‍ in abbreviations),
  and HarfBuzz and the engine shape it alike;
- a "word" of nothing visible (joiners, bidi marks, other format characters)
  is no word;
- an author's tatweels, Latin letters, digits and punctuation are words like
  any other, measured as set.

A line with no word is not a hemistich: there is nothing to set. A line with
words but no letter or digit (``ـــ``, ``* * *``) is an ornament: set alone and
centred, neither paired with a hemistich nor counted in the poem's width.
"""

from __future__ import annotations

import unicodedata

ZWNJ = "\u200c"
TATWEEL = "\u0640"


def words(line: str) -> list[str]:
    """The words of ``line`` as a hemistich sets them (see the module's rules); never an empty one."""
    found = []
    for word in line.split():
        word = word.strip(ZWNJ)
        if any(unicodedata.category(char) != "Cf" for char in word):
            found.append(word)
    return found


def normalize(line: str) -> str:
    """``line`` as set: its words, one space apart ("" when nothing in it is visible)."""
    return " ".join(words(line))


def is_ornament(line: str) -> bool:
    """A line without a letter or a digit (a rule of tatweels, a row of stars): not a hemistich to pair."""
    return not any(unicodedata.category(char)[0] in "LN" and char != TATWEEL for char in line)
