"""The spelling that the catalog's index and its queries both go through.

Real Dari, Pashto and European text is spelled in more than one way for the
same word, and a searcher types whatever their keyboard gives. Both sides, the
text indexed and the query, are folded by :func:`fold` into one form, so that
the variants meet; the FTS5 tokenizer then only splits on the spaces this module
leaves. This module does the folding itself rather than leaving it to FTS5's
``unicode61 remove_diacritics 2`` tokenizer, because that tokenizer

- knows nothing of language: it cannot fold Arabic ي/ك to Persian ی/ک for Dari
  and keep them apart for Pashto, where ي ی ې ۍ ئ are five letters;
- treats ZWNJ as a word break, so «می‌شود» would be two words and «میشود» one
  that never meets them;
- keeps Persian and Arabic-Indic digits apart from ASCII ones (۱۲ ≠ 12), and
  the hamza forms (أ إ آ ؤ ۀ ة) apart from their bases;
- folds Latin but not ß (ss), and folds differently from Python, while the
  snippet's marks (which words matched) are found here, in Python.

So the tokenizer keeps only its splitting; the catalog still asks for
``remove_diacritics 2``, which finds nothing left to do.

The folds, in order:

1. NFKC: presentation forms (ﻙ, ﻴ, text copied from old PDFs) to letters, full-width to ASCII.
2. Characters with no letter in them removed: tatweel, ZWJ, bidi marks and controls, soft hyphen.
3. Arabic-script letters, by family (:func:`family`):
   all: أ إ آ ٱ → ا, ؤ → و, ة ۀ ە → ه (ۀ is ه with hamza, the ezafe), ك → ک
   (Pashto writes ک too; ك is what an Arabic keyboard types);
   ``fa`` (Dari, Persian, Arabic): ي ى ئ → ی, ھ → ه;
   ``ps`` (Pashto): ى → ی, ھ → ه and گ → ګ (Pashto has one g; Persian keyboards type گ),
   and ي ی ې ۍ ئ stay five letters.
   Urdu and the rest (``other``) get only the common folds: Urdu's ھ is a letter of its own.
4. Harakat and Quranic marks (U+064B–065F, U+0670, U+06D6–06ED) removed; so is
   the hamza above of «هٔ», which makes it ه like ۀ.
5. Persian (۰–۹) and Arabic-Indic (٠–٩) digits to ASCII; the Arabic thousands
   separator (٬) and a comma between digit groups dropped, so ۱۲٬۰۰۰, 12,000 and 12000 meet.
6. Latin and the rest: NFKD, combining marks dropped, case folded (Straße → strasse, Éire → eire, ä → a).

English, German and French (families ``en``, ``de``, ``fr``) are also stemmed (Snowball, the
``snowballstemmer`` package): the index holds each word and, when it differs, its stem (after the
folds above); a query's word is looked for by its stem, a prefix (``librar*``) as typed. So
«LIBRARIES» finds «library» (both «librari»), «Bibliotheken» finds «Bibliothek», «bibliothèques»
finds «bibliothèque», each in the rows of its own language only.

ZWNJ (U+200C): a word written with it, without it or with a space is one word
to a reader. :func:`index_words` indexes a word with ZWNJ twice: joined («میشود»)
and in its parts («می» «شود»); :func:`query_words` folds a query's word joined.
So «می‌شود» and «میشود» in a query meet the joined form, and «می شود» (two
words) meets the parts. A text that itself wrote «می شود» with a space is met
by «میشود» through the clitics (:data:`PREFIXES`, :data:`SUFFIXES`): in Dari,
«می» before a word and «ها» after one are also indexed joined to it. The
ezafe written «ه‌ی» at a word's end is folded as «ه», as «هٔ» and «ۀ» are.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterator

from typeset.languages import FALLBACK, language

ZWNJ = "\u200c"
FAMILIES = ("fa", "ps", "en", "de", "fr", "other")
#: The families of Arabic-script languages (their hits are shown right to left, with Solar Hijri dates).
ARABIC_FAMILIES = ("fa", "ps")
#: The families whose words are stemmed, and their Snowball algorithm.
STEMMED = {"en": "english", "de": "german", "fr": "french"}

_DROP = dict.fromkeys(
    map(ord, "\u0640\u200d\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u00ad\ufeff")
)
_COMMON = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ؤ": "و",
        "ة": "ه",
        "ۀ": "ه",
        "ە": "ه",
        "ك": "ک",
        **{chr(0x06F0 + i): str(i) for i in range(10)},
        **{chr(0x0660 + i): str(i) for i in range(10)},
        "٫": ".",
        "\u00a0": " ",
    }
    | _DROP
)
_BY_FAMILY = {
    "fa": str.maketrans({"ي": "ی", "ى": "ی", "ئ": "ی", "ھ": "ه"}),
    "ps": str.maketrans({"ى": "ی", "گ": "ګ", "ھ": "ه"}),
    "other": str.maketrans({}),  # Urdu's do-chashmi heh (ھ) is a letter of its own
}
_BY_FAMILY |= {fam: _BY_FAMILY["other"] for fam in STEMMED}
_MARKS = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed]")
_THOUSANDS = re.compile(r"(?<=\d)[٬,](?=\d{3}(?!\d))")
_NOT_ARABIC = re.compile(r"[^\x00-\x7f\u0600-\u06ff]+")
_EZAFE = re.compile("ه\u200cی(?![\\w\u200c])")
#: A word: letters and digits, with the marks, joiners and tatweel that may stand inside one.
WORD = re.compile("(?:[^\\W_]|[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c\u200d])+")
#: Dari clitics written as separate words as often as joined: also indexed joined to their neighbour.
PREFIXES = frozenset({"می", "نمی", "بی"})
SUFFIXES = frozenset({"ها", "های", "هایی", "تر", "ترین", "اند", "ام", "ای", "اش", "شان", "تان"})
_ARABIC_LETTER = re.compile("[\u0620-\u064a\u066e-\u06d3\u06d5\u06ee-\u06ff]")


def family(lang: str | None) -> str:
    """The spelling family of a language: ``fa`` (Dari, Persian, Arabic), ``ps`` (Pashto), ``en``, ``de``,
    ``fr`` (stemmed) or ``other``."""
    if not lang:
        return "other"
    row = language(lang)
    return row.spelling if row is not FALLBACK or lang.split("-")[0] == FALLBACK.code else "other"


def _latin(match: re.Match[str]) -> str:
    decomposed = unicodedata.normalize("NFKD", match.group())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str, fam: str) -> str:
    """``text`` in the catalog's spelling for family ``fam`` (see the module's folds); ZWNJ is kept."""
    text = unicodedata.normalize("NFKC", text)
    if fam == "fa":
        text = _EZAFE.sub("ه", text)
    text = text.translate(_COMMON).translate(_BY_FAMILY[fam])
    text = _MARKS.sub("", text)
    text = _THOUSANDS.sub("", text)
    text = _NOT_ARABIC.sub(_latin, text)
    return text.casefold()


def _forms(word: str) -> list[str]:
    """A folded word's forms in the index: joined, then its parts when it has ZWNJ."""
    parts = [part for part in word.split(ZWNJ) if part]
    joined = "".join(parts)
    if not joined:
        return []
    return [joined] if len(parts) == 1 else [joined, *parts]


@functools.cache
def _stemmer(fam: str) -> Callable[[str], str] | None:
    if fam not in STEMMED:
        return None
    import snowballstemmer

    stem: Callable[[str], str] = functools.lru_cache(maxsize=1 << 16)(snowballstemmer.stemmer(STEMMED[fam]).stemWord)
    return stem


def stem(word: str, fam: str) -> str:
    """A folded word's stem in ``fam`` (the word itself where the family has no stemmer, or in another script)."""
    stemmer = _stemmer(fam)
    if stemmer is None or is_arabic_script(word):
        return word
    return stemmer(word)


def index_words(text: str, fam: str) -> Iterator[str]:
    """The words under which ``text`` is indexed: each folded, a ZWNJ word joined and in parts,
    (Dari) clitics written apart also joined to their neighbour, and (English, German, French)
    each word's stem when it differs."""
    words = WORD.findall(fold(text, fam))
    previous = ""
    stemmed = fam in STEMMED
    for word in words:
        forms = _forms(word)
        if not forms:
            continue
        yield from forms
        if stemmed and (root := stem(forms[0], fam)) != forms[0]:
            yield root
        if fam == "fa" and ZWNJ not in word and (previous in PREFIXES or (previous and forms[0] in SUFFIXES)):
            yield previous + forms[0]
        previous = forms[0] if ZWNJ not in word else ""


def index_text(text: str, fam: str) -> str:
    """:func:`index_words` as one string, what the FTS5 table holds."""
    return " ".join(index_words(text, fam))


def query_words(text: str, fam: str) -> list[str]:
    """A query's words, folded as the index's: a word with ZWNJ joined (the parts are indexed too)."""
    return [forms[0] for word in WORD.findall(fold(text, fam)) if (forms := _forms(word))]


def word_forms(word: str, fam: str) -> list[str]:
    """The folded forms of one word of original text (for marking a snippet), and its stem."""
    forms = [form for folded in WORD.findall(fold(word, fam)) for form in _forms(folded)]
    if fam in STEMMED and forms and (root := stem(forms[0], fam)) != forms[0]:
        forms.append(root)
    return forms


def is_arabic_script(word: str) -> bool:
    return bool(_ARABIC_LETTER.search(word))


#: Letters only Pashto writes (among the languages typeset knows): a query holding one is Pashto.
PASHTO_LETTERS = frozenset("ټډړښږګځڅېۍڼ")


def guess_family(query: str) -> str | None:
    """The family a query without ``--lang`` is folded in: ``ps`` when it holds a letter only Pashto
    writes, else None (each family's rows are searched with the query folded in that family)."""
    return "ps" if PASHTO_LETTERS.intersection(query) else None
