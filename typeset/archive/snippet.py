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

from typeset.archive.spelling import WORD, word_forms

#: The words a snippet shows, and how many stand before the first match.
WIDTH = 24
BEFORE = 8
_SPACE = re.compile(r"\s+")

Term = tuple[str, bool]  # a folded query word, and whether it is a prefix (``word*``)


def _hit(forms: Sequence[str], terms: Sequence[Term]) -> bool:
    return any(form == term or (prefix and form.startswith(term)) for form in forms for term, prefix in terms)


def make_snippet(text: str, terms: Sequence[Term], fam: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A snippet of ``text`` and the (start, end) offsets in it of the words that match ``terms``."""
    words = list(WORD.finditer(text))
    if not words:
        return "", ()
    forms = [word_forms(word.group(), fam) for word in words]
    marked = [_hit(form, terms) for form in forms]
    for i in range(len(words) - 1):
        if forms[i] and forms[i + 1] and _hit([forms[i][0] + forms[i + 1][0]], terms):
            marked[i] = marked[i + 1] = True
    first = marked.index(True) if True in marked else 0
    start = max(0, first - BEFORE)
    end = min(len(words), start + WIDTH)
    pieces: list[str] = ["…"] if start else []
    spans: list[tuple[int, int]] = []
    length = len(pieces[0]) if pieces else 0
    for i in range(start, end):
        if i > start:
            gap = _SPACE.sub(" ", text[words[i - 1].end() : words[i].start()])
            pieces.append(gap)
            length += len(gap)
        word = words[i].group()
        if marked[i]:
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
