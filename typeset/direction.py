"""Deciding text direction: of a block, and of the runs inside it.

WeasyPrint resolves neither ``dir="auto"`` nor ``unicode-bidi`` on inline
elements (it lays out each block as one bidi paragraph), so the pipeline decides
each block's direction itself and wraps inline runs of the other direction in
Unicode isolates (LRI/RLI … PDI), which FriBidi honours and which leave no
glyph in the PDF's text layer.
"""

from __future__ import annotations

from unicodedata import bidirectional

LRI, RLI, PDI = "\u2066", "\u2067", "\u2069"
#: Bidi overrides (LRO, RLO) made embeddings of the same direction (LRE, RLE): an override draws
#: letters in reverse, so the PDF's text would not be the source's and a name could be spoofed.
OVERRIDES_TO_EMBEDDINGS = str.maketrans({"\u202d": "\u202a", "\u202e": "\u202b"})

_RTL_CLASSES = frozenset({"R", "AL"})
# Inside a run of the other direction, these continue it (e.g. the 17 of JF-17, the ZWNJ of می‌شود).
_CONTINUES = {"ltr": frozenset({"L", "EN"}), "rtl": frozenset({"R", "AL", "AN", "NSM", "BN"})}
_OPENING = {"(": ")", "[": "]", "{": "}", "«": "»", "“": "”"}


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


def isolate_runs(text: str, base: str) -> str:
    """Wrap each run of the direction opposite to ``base`` in an isolate.

    A run starts at a strong letter of the other direction and goes on over
    neutrals up to the last letter (or digit, or joiner) of that direction
    before a letter of the base direction; a bracket opened inside it is closed
    inside it. "JF-17 (new)" in a Dari sentence, or "احمد شاه" in English,
    becomes one isolated run and keeps its order.
    """
    other = "ltr" if base == "rtl" else "rtl"
    continues = _CONTINUES[other]
    opener = LRI if other == "ltr" else RLI
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        if not _is_strong(text[i], other):
            out.append(text[i])
            i += 1
            continue
        start, end = i, i + 1
        k = end
        while k < n and text[k] != "\n":
            if _is_strong(text[k], base):
                break
            if bidirectional(text[k]) in continues:
                end = k + 1
            k += 1
        run = text[start:end]
        # close the brackets the run opened
        while end < n and any(run.count(o) > run.count(c) and text[end] == c for o, c in _OPENING.items()):
            run += text[end]
            end += 1
        out.append(f"{opener}{run}{PDI}")
        i = end
    return "".join(out)
