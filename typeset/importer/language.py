"""The language of a text, by its letters: Arabic script is Dari unless it has Pashto's own letters.

Pashto writes ټ ډ ړ ږ ښ ګ ڼ ځ څ ې ۍ, which Dari never does; a Dari text may quote
a Pashto name, so it takes a few of them in every thousand letters to call a text Pashto.
Latin script is English unless German's or French's commonest words outnumber English's.
"""

from __future__ import annotations

import re

PASHTO_ONLY = frozenset("ټډړږښګڼځڅېۍ")
_ARABIC = re.compile("[\u0620-\u063f\u0641-\u064a\u066e-\u06d3]")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f]")
_STOPWORDS = {
    "en": {"the", "and", "of", "to", "is", "in", "that", "with"},
    "de": {"der", "die", "das", "und", "ist", "nicht", "mit", "von"},
    "fr": {"le", "la", "les", "et", "est", "des", "une", "dans"},
}


def detect(text: str) -> str:
    """``fa-AF``, ``ps``, ``en``, ``de`` or ``fr`` (the BCP 47 tags of the source format)."""
    arabic = len(_ARABIC.findall(text))
    latin = len(_LATIN.findall(text))
    if arabic > latin:
        pashto = sum(text.count(char) for char in PASHTO_ONLY)
        return "ps" if pashto * 1000 >= 5 * arabic else "fa-AF"
    words = re.findall(r"[a-zà-ÿ]+", text.lower())
    scores = {lang: sum(word in stop for word in words) for lang, stop in _STOPWORDS.items()}
    return max(scores, key=lambda lang: (scores[lang], lang == "en"))
