"""Deciding text direction: of a block, and of the runs inside it.

WeasyPrint resolves neither ``dir="auto"`` nor ``unicode-bidi`` on inline
elements (it lays out each block as one bidi paragraph), so the pipeline decides
each block's direction itself and wraps inline runs of the other direction in
Unicode isolates (LRI/RLI … PDI), which FriBidi honours and which leave no
glyph in the PDF's text layer.

What is isolated, in a right-to-left block:

- a run of Latin text, from the start of its first token (the 5 of 5G, the 19
  of 1990s) to its last letter or digit before a letter of the block's
  direction, taking in the brackets and quotes around it when it is the whole
  phrase they enclose (UAX #9 BD16: a pair stays with its phrase), and its own
  ``!`` or ``?`` when the sentence goes on after it;
- a *unit*: digits that are read left to right as one thing although they hold
  separators that the bidi algorithm would reorder (a telephone number
  +93 700 123 456, an ISO date 2025-06-10, an ISBN, an IP address, a version
  2.1.3, a time 14:30). Persian digits after Persian letters are Arabic numbers
  to UAX #9 (W2), and a hyphen or a space between two of them is neutral, so
  without the isolate the groups of a date or a telephone number change places.
"""

from __future__ import annotations

import re
from typing import Literal
from unicodedata import bidirectional

LRI, RLI, PDI = "\u2066", "\u2067", "\u2069"
#: Bidi overrides (LRO, RLO) made embeddings of the same direction (LRE, RLE): an override draws
#: letters in reverse, so the PDF's text would not be the source's and a name could be spoofed.
OVERRIDES_TO_EMBEDDINGS = str.maketrans({"\u202d": "\u202a", "\u202e": "\u202b"})

_RTL_CLASSES = frozenset({"R", "AL"})
# Inside a run of the other direction, these continue it (e.g. the 17 of JF-17, the ZWNJ of می‌شود).
_CONTINUES = {"ltr": frozenset({"L", "EN"}), "rtl": frozenset({"R", "AL", "AN", "NSM", "BN"})}
# Paired punctuation: closing mark → its opening marks. “ closes „ (German) and opens ” (English).
_CLOSES = {")": "(", "]": "[", "}": "{", "»": "«", "›": "‹", "”": "“", "“": "„", "’": "‘", "‘": "‚"}
_OPENS = frozenset(_CLOSES.values())
_QUOTES = frozenset("\"'")  # the same mark opens and closes
_APOSTROPHES = frozenset("'’")  # between two letters: an apostrophe (don't, Qur’an), not a quote
#: What joins digits to the letters of one Latin token (5G, v2.1, 3D-printed, 123@example.org).
_TOKEN_JOINERS = frozenset("-./:+_@#~%&=")
_SENTENCE_END = re.compile(r"[!?‽]+")
_DIGIT = "[0-9\u06f0-\u06f9\u0660-\u0669]"
_UNIT = re.compile(
    rf"""(?<![0-9\u06f0-\u06f9\u0660-\u0669.,:/+-])
    (?: \+{_DIGIT}+(?:[ -]{_DIGIT}+)+            # a telephone number: +93 700 123 456
      | {_DIGIT}+(?P<sep>[-/.:]){_DIGIT}+(?:(?P=sep){_DIGIT}+)+  # dates, ISBNs, IP addresses, versions, times
      | {_DIGIT}{{1,2}}:{_DIGIT}{{2}}            # a time: 14:30
    )
    (?!{_DIGIT}|[-/.:,]{_DIGIT})""",
    re.VERBOSE,
)

Kind = Literal["text", "other", "unit"]


def _word_direction(word: str) -> str | None:
    rtl = ltr = 0
    for char in word:
        kind = bidirectional(char)
        if kind == "L":
            ltr += 1
        elif kind in _RTL_CLASSES:
            rtl += 1
    if rtl == ltr == 0:
        return None
    return "rtl" if rtl >= ltr else "ltr"


def block_direction(text: str, default: str) -> str:
    """The direction a block of ``text`` runs in, inside an article whose direction is ``default``.

    Words are counted, not letters (a URL is one word, not thirty letters), and
    a block leaves the article's direction only when words of the other
    direction outnumber its own more than twice: a Dari sentence holding an
    English phrase, or opening with an English name, stays right to left; an
    English quotation in a Dari article turns left to right. (The Unicode P2
    rule, the first strong letter, gets the first case wrong.)
    """
    counts = {"ltr": 0, "rtl": 0}
    for word in text.split():
        direction = _word_direction(word)
        if direction:
            counts[direction] += 1
    other = "ltr" if default == "rtl" else "rtl"
    return other if counts[other] > 2 * counts[default] else default


def _is_strong(char: str, direction: str) -> bool:
    kind = bidirectional(char)
    return kind == "L" if direction == "ltr" else kind in _RTL_CLASSES


def _is_arabic_script(char: str) -> bool:
    """A character of the Arabic blocks: a Latin run never reaches over one (the Persian comma ، and
    digits are neutral or numbers to UAX #9, but they belong to the Persian text around them)."""
    code = ord(char)
    return 0x0600 <= code <= 0x08FF or 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF


def _token_start(text: str, start: int) -> int:
    """Where the Latin token holding ``text[start]`` begins: the digits before its first letter are
    its own (5G, 1990s, 3D, 123@example.org), not numbers of the text around it."""
    begin = start
    while begin > 0 and (text[begin - 1] in "0123456789" or text[begin - 1] in _TOKEN_JOINERS):
        begin -= 1
    while begin < start and text[begin] in _TOKEN_JOINERS:
        begin += 1
    return begin


def _between_letters(text: str, index: int) -> bool:
    return 0 < index < len(text) - 1 and text[index - 1].isalpha() and text[index + 1].isalpha()


def _run(text: str, start: int, other: str, base: str) -> tuple[int, int]:
    """The span ``[begin, end)`` of the run of direction ``other`` whose first strong letter is at ``start``.

    It goes on over neutrals to the last letter or digit of its direction before
    a letter of ``base``; a bracket or quote is taken in with its partner, and a
    closing one whose opening mark stands right before the run takes that mark
    in too (the run is then the whole quoted phrase). A closing mark that belongs
    to the text around the run ends it; an opening one left unclosed is left out.
    """
    continues = _CONTINUES[other]
    begin = _token_start(text, start) if other == "ltr" else start
    end = start + 1
    ends = [end]  # places where the run may end: after a letter, digit or closed pair
    stack: list[tuple[str, int]] = []  # opening marks inside the run, and where
    n = len(text)
    k = start + 1
    while k < n and text[k] != "\n":
        char = text[k]
        if _is_strong(char, base) or (other == "ltr" and _is_arabic_script(char)):
            break
        if other == "rtl" and char in "0123456789":
            break  # ASCII digits after a Persian phrase in English text are the English text's (1613–1689)
        if char in _APOSTROPHES and _between_letters(text, k):
            pass
        elif char in _QUOTES or char in _CLOSES:
            if stack and (stack[-1][0] == char or stack[-1][0] in _opens_of(char)):
                stack.pop()
                end = k + 1
                ends.append(end)
            elif begin > 0 and (text[begin - 1] == char if char in _QUOTES else text[begin - 1] in _opens_of(char)):
                begin -= 1  # the phrase's own opening mark, right before it
                end = k + 1
                ends.append(end)
            elif char in _QUOTES or char in _OPENS:
                stack.append((char, k))  # “ and ‘ open as well as close
            else:
                break  # it closes a pair opened in the text around the run
        elif char in _OPENS:
            stack.append((char, k))
        elif bidirectional(char) in continues:
            end = k + 1
            ends.append(end)
        k += 1
    if stack:  # an opening mark the run does not close stays outside it
        end = max(e for e in ends if e <= stack[0][1])
    elif other == "ltr":
        end = _own_sentence_end(text, end)
    return begin, max(end, start + 1)


def _opens_of(char: str) -> str:
    return _CLOSES.get(char, "")


def _own_sentence_end(text: str, end: int) -> int:
    """A Latin sentence's own ``!`` or ``?`` (right after it, with more text after them on the line,
    or a closing mark) belongs to it: left outside, it would be set at the run's other end."""
    found = _SENTENCE_END.match(text, end)
    if not found:
        return end
    after = text[found.end() :]
    rest = after.split("\n", 1)[0]
    if rest[:1] in _CLOSES or rest[:1] in _QUOTES or (rest[:1].isspace() and rest.strip()):
        return found.end()
    return end


def split_runs(text: str, base: str) -> list[tuple[Kind, str]]:
    """``text`` cut into pieces: ``("other", run)`` for each run of the direction opposite to
    ``base``, ``("unit", digits)`` for each left-to-right unit of digits in right-to-left text,
    ``("text", rest)`` for the rest (see the module's docstring)."""
    other = "ltr" if base == "rtl" else "rtl"
    pieces: list[tuple[Kind, str]] = []
    i, n, plain = 0, len(text), 0
    while i < n:
        if not _is_strong(text[i], other):
            i += 1
            continue
        begin, end = _run(text, i, other, base)
        begin = max(begin, plain)
        if begin > plain:
            pieces.extend(_units(text[plain:begin], base))
        pieces.append(("other", text[begin:end]))
        i = plain = end
    if plain < n:
        pieces.extend(_units(text[plain:], base))
    return pieces


def _units(text: str, base: str) -> list[tuple[Kind, str]]:
    if base != "rtl":
        return [("text", text)]
    pieces: list[tuple[Kind, str]] = []
    last = 0
    for unit in _UNIT.finditer(text):
        if unit.start() > last:
            pieces.append(("text", text[last : unit.start()]))
        pieces.append(("unit", unit.group()))
        last = unit.end()
    if last < len(text):
        pieces.append(("text", text[last:]))
    return pieces


LRM, RLM = "\u200e", "\u200f"


def isolate(piece: str, direction: str) -> str:
    """``piece`` wrapped in the isolate of ``direction``."""
    return f"{LRI if direction == 'ltr' else RLI}{piece}{PDI}"


def anchored(piece: str, direction: str) -> str:
    """``piece`` with the bracket or quote that closes it anchored by a mark of ``direction``: the engine
    orders each line on its own, so the line holding the end of a run broken across lines has no isolate's
    opening, and a closing ``)`` or ``”`` there would take the paragraph's side and face the wrong way."""
    if piece[-1:] in _CLOSES or piece[-1:] in _QUOTES:
        return piece + (LRM if direction == "ltr" else RLM)
    return piece


def isolate_runs(text: str, base: str) -> str:
    """Wrap each run of the direction opposite to ``base``, and each unit of digits, in an isolate.

    "JF-17 (new)" or "5G" in a Dari sentence, "احمد شاه" in English, becomes one
    isolated run and keeps its order; so does "+93 700 123 456" (split_runs).
    """
    other = "ltr" if base == "rtl" else "rtl"
    return "".join(
        piece if kind == "text" else isolate(piece, other if kind == "other" else "ltr")
        for kind, piece in split_runs(text, base)
    )
