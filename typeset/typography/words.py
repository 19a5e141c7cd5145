"""Words as the engine breaks them: the longest word of a text, and break opportunities in long ones.

A word longer than :data:`LONG_RUN` characters is given a break opportunity
(U+200B ZERO WIDTH SPACE) every :data:`BREAK_EVERY` characters, in the HTML
only: the engine's cost of breaking a word that has none grows with the square
(hyphenated, the cube) of its length; with them it is linear, except where the
engine measures a box's narrowest width (table cells, captions), which
typeset.source.checks charges in its budget. The space has no glyph: the PDF's text
layer holds the word as written (copy, search), and Arabic letters join across
it (it is transparent to joining). None goes before a combining mark or beside a
joiner.
"""

from __future__ import annotations

import re
import unicodedata

from markdown_it.token import Token

#: Words longer than this get a zero width space every BREAK_EVERY characters (no real word is this long:
#: words up to it are broken, when they must be, where the engine's hyphenation or overflow-wrap puts it).
LONG_RUN = 100
BREAK_EVERY = 10
#: A word: characters between breaking spaces (a no-break space joins two words into one for the engine).
#: Found whole (``+``) and then measured: ``{3001,}`` would retry from each of a word's characters.
WORD = re.compile("[^\t-\r\x1c-\x20\x85\u1680\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000]+")
_ZWSP = "\u200b"
_JOINERS = "\u200c\u200d"


def break_long_runs(children: list[Token]) -> None:
    """A zero width space every BREAK_EVERY characters of each word longer than LONG_RUN, in the text
    tokens that set it (a word may run across emphasis and links): a break opportunity the engine can
    use instead of breaking the word itself, whose cost grows with the square of its length."""
    shown = "".join(_run_text(child) for child in children)
    if len(shown) <= LONG_RUN:
        return
    breaks = _breaks(shown)  # offsets in the text tokens joined (a line end as one character)
    offset = 0
    for child in children:
        length = len(_run_text(child))
        if child.type in ("text", "code_inline"):
            cuts = [i - offset for i in range(offset, offset + length) if i in breaks]
            if cuts:
                content = child.content
                child.content = _ZWSP.join(content[a:b] for a, b in zip([0, *cuts], [*cuts, length], strict=True))
        offset += length


def break_text(text: str) -> str:
    """``text`` with a zero width space every BREAK_EVERY characters of each word longer than LONG_RUN."""
    if len(text) <= LONG_RUN:
        return text
    cuts = sorted(_breaks(text))
    return _ZWSP.join(text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)) if cuts else text


def _breaks(text: str) -> set[int]:
    """The offsets of ``text`` before which a break goes."""
    breaks: set[int] = set()
    for match in WORD.finditer(text):
        if match.end() - match.start() <= LONG_RUN:
            continue
        since = 0
        for offset in range(match.start() + 1, match.end()):
            since += 1
            if since >= BREAK_EVERY and _may_break(text[offset - 1], text[offset]):
                breaks.add(offset)
                since = 0
    return breaks


def longest_word(text: str) -> str:
    """The longest word of ``text`` (a run without a breaking space)."""
    return max((match.group() for match in WORD.finditer(text)), key=len, default="")


def _run_text(child: Token) -> str:
    """What a child adds to the run of a word: its text; a line end or an image ends it; markup adds nothing."""
    if child.type in ("text", "code_inline"):
        return child.content
    return "\n" if child.type in ("softbreak", "hardbreak", "image") else ""


def _may_break(before: str, char: str) -> bool:
    """Whether a break may stand between ``before`` and ``char``: not before a combining mark, nor beside a joiner."""
    return not (char in _JOINERS or before in _JOINERS or unicodedata.category(char).startswith("M"))


#: A title's or heading's last word is tied to the one before it when it is at most this long: a title or
#: heading never ends on one word alone (the engine has no ``text-wrap: balance``), and a tie of two short
#: words cannot make a line overflow.
TIE_AT_MOST = 12
#: The last two words of an HTML fragment, when no markup stands between or inside them.
_LAST_TWO = re.compile(rf"(?<![^\s>])([^\s<>]+ [^\s<>]{{1,{TIE_AT_MOST}}})(\s*)$")
_TAG = re.compile("<[^>]*>")


def tie_last_words(html: str) -> str:
    """``html`` (a title or heading as set, escaped) with its last two words in a ``span.tie``, which the theme
    keeps on one line, when it has three words or more (a span, not a no-break space: the PDF's text and
    bookmarks keep the space as written)."""
    if len(_TAG.sub(" ", html).split()) < 3:
        return html
    return _LAST_TWO.sub(r'<span class="tie">\1</span>\2', html, count=1)
