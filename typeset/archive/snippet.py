"""The snippet of a hit: a few words of the original text around the first match, the matches marked.

FTS5's own ``snippet()`` would show the index's folded text (ZWNJ words twice,
«كتاب» as «کتاب», digits in ASCII), not what the author wrote; so the
snippet is cut here from the stored plain text, and a word is marked when one
of its folded forms (:func:`typeset.archive.spelling.word_forms`) is a query
term, or when it and the next word, joined, are one (a text that wrote «می شود»
apart, met by the query «میشود»).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from typeset.archive.spelling import WORD, word_forms

#: The words a snippet shows, and how many stand before the first match.
WIDTH = 24
BEFORE = 8
_SPACE = re.compile(r"\s+")

Term = tuple[str, bool]  # a folded query word, and whether it is a prefix (``word*``)


class _Matcher:
    """The query's terms, ready for many words: exact terms, prefixes, and the starts of terms (a word
    that is not one can be the first half of no joined match)."""

    def __init__(self, terms: Sequence[Term]) -> None:
        self.exact = frozenset(term for term, prefix in terms if not prefix)
        self.prefixes = tuple(term for term, prefix in terms if prefix)
        self.starts = frozenset(term[:n] for term, _ in terms for n in range(1, len(term)))

    def hit(self, form: str) -> bool:
        return form in self.exact or (bool(self.prefixes) and form.startswith(self.prefixes))

    def word(self, words: Sequence[re.Match[str]], i: int, fam: str) -> bool:
        """Whether word ``i`` matches, alone or joined with its neighbour before or after."""
        forms = _forms(words[i].group(), fam)
        if any(self.hit(form) for form in forms):
            return True
        if not forms:
            return False
        if forms[0] in self.starts and i + 1 < len(words):
            after = _forms(words[i + 1].group(), fam)
            if after and self.hit(forms[0] + after[0]):
                return True
        if i:
            before = _forms(words[i - 1].group(), fam)
            if before and before[0] in self.starts and self.hit(before[0] + forms[0]):
                return True
        return False


@lru_cache(maxsize=1 << 16)
def _forms(word: str, fam: str) -> list[str]:
    return word_forms(word, fam)  # words repeat: a long Dari text has a few thousand, a tenth of them distinct


def make_snippet(text: str, terms: Sequence[Term], fam: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A snippet of ``text`` and the (start, end) offsets in it of the words that match ``terms``."""
    words = list(WORD.finditer(text))
    if not words:
        return "", ()
    matcher = _Matcher(terms)
    first = next((i for i in range(len(words)) if matcher.word(words, i, fam)), 0)
    start = max(0, first - BEFORE)
    end = min(len(words), start + WIDTH)
    marked = {i for i in range(start, end) if matcher.word(words, i, fam)}
    pieces: list[str] = ["…"] if start else []
    spans: list[tuple[int, int]] = []
    length = len(pieces[0]) if pieces else 0
    for i in range(start, end):
        if i > start:
            gap = _SPACE.sub(" ", text[words[i - 1].end() : words[i].start()])
            pieces.append(gap)
            length += len(gap)
        word = words[i].group()
        if i in marked:
            spans.append((length, length + len(word)))
        pieces.append(word)
        length += len(word)
    if end < len(words):
        pieces.append(" …")
    return "".join(pieces), tuple(spans)


def mark(snippet: str, spans: Sequence[tuple[int, int]], before: str, after: str) -> str:
    """``snippet`` with each span put between ``before`` and ``after``."""
    out, last = [], 0
    for start, end in spans:
        out += [snippet[last:start], before, snippet[start:end], after]
        last = end
    out.append(snippet[last:])
    return "".join(out)
