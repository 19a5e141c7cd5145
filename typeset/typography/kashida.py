"""Kashida: where a word may be elongated with tatweel (U+0640), and filling a hemistich with it.

Positions follow the rules the Arabic Layout Requirements point to (Microsoft's
kashida justification rules), strongest first:

8. after an initial or medial seen or sad (س ش ښ ص ض);
7. before a final heh or dal (ه ة ۀ د ذ ډ);
6. before a final alef, tah, lam, kaf or gaf;
5. before a medial beh-shaped letter followed by a final reh or yeh;
4. before a final waw, ain, qaf or feh;
3. before any other final letter.

A tatweel only goes where two letters join (a dual-joining letter before a
dual- or right-joining one), never inside lam-alef, never beside a diacritic
mark or a ZWNJ (neither joins). Joining types come from Unicode's
ArabicShaping data as the ``idna`` package carries it.

Which words take them is a calligrapher's choice, not an even spread (alreq,
"Kashida": many kashidas near each other, across or down, give an unnatural
colour). The spaces come first, each widened up to ``SPACE_LIMIT``; then one
word of a hemistich, never one of one or two letters, the last word preferred,
then the strongest point (so the long letters: seen and sad, a final kaf, lam
or alef, a yeh); a second word (``MAX_WORDS``) only where the spaces would
otherwise widen past ``SPACE_MOST``, and shorter by ``GRADE`` (graded lengths,
never two equal strokes). A stroke between the letters the line above joins
with one (``هـا`` above ``هـا``, whatever the words) is avoided, or given another
length. A word the author stretched is theirs: it takes no more,
and is the hemistich's stretched word. Balancing the two hemistichs of a beyt
is typeset.typography.verse's.

The inserted tatweels exist only in the HTML given to the engine: the source,
the model, the metadata and the PDF's text layer (see ``typeset.render.pdf``) never
see them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Collection, Mapping, Sequence
from functools import cache

from idna.idnadata import joining_types
from idna.intranges import intranges_contain

from typeset.typography.hemistich import TATWEEL
from typeset.typography.hemistich import words as hemistich_words

MAX_PER_WORD = 6  # beyond this an elongation looks like a rule, not a letter
MAX_WORDS = 2  # a hemistich stretches one word, a second (graded) only where its spaces would pass SPACE_MOST
GRADE = 2  # tatweels a second stretched word is shorter than the first: graded lengths, never two equal strokes
MIN_LETTERS = 3  # a word of one or two letters (و، به، تن) is never stretched
LAST_WORD_BONUS = 2  # the last word of a hemistich is preferred: the eye ends there
SPACE_LIMIT = 0.25  # em each space widens before any word is stretched: spaces first, within their limit
SPACE_MOST = 0.6  # em a space may widen so that a beyt's two hemistichs carry balanced kashida

_GROUPS = {
    "seen": "سشښڛ",
    "sad": "صض",
    "heh": "هةۀە",
    "dal": "دذډڈ",
    "alef": "اأإآٱ",
    "tah": "طظ",
    "lam": "ل",
    "kaf": "كک",
    "gaf": "گګ",
    "beh": "بپتثټنیيىېئ",
    "reh": "رزژړږڑ",
    "yeh": "يیىېۍئے",
    "waw": "وؤۇ",
    "ain": "عغ",
    "qaf": "ق",
    "feh": "ف",
}
_GROUP_OF = {char: group for group, chars in _GROUPS.items() for char in chars}


@cache
def joining_type(char: str) -> str:
    """Unicode joining type: D (dual), R (right), L, C (causing), T (transparent: marks) or U (none)."""
    for kind in "DRLCT":
        if intranges_contain(ord(char), joining_types[kind]):
            return kind
    return "U"


def _group(char: str, final: bool) -> str:
    if char in "يیىېئ":  # yeh-like letters are beh-shaped in the middle of a word, yeh at its end
        return "yeh" if final else "beh"
    return _GROUP_OF.get(char, "")


def points(word: str, apart: Collection[str] = ()) -> list[tuple[int, int]]:
    """Where ``word`` may take a tatweel: (index to insert at, priority), best first.

    Never beside a tatweel already there: a tatweel joins (type C) but is not
    dual-joining, so no pair of letters it stands in qualifies. Never beside a
    letter of ``apart`` (one drawn from another face than the tatweel's: the
    stroke would join two designs).
    """
    letters = [(i, char) for i, char in enumerate(word) if joining_type(char) != "T"]
    found: list[tuple[int, int]] = []
    for k in range(len(letters) - 1):
        (i, a), (j, b) = letters[k], letters[k + 1]
        if joining_type(a) != "D" or joining_type(b) not in "DR":
            continue  # the letters do not join here
        if j != i + 1:
            continue  # a diacritic mark stands between them
        if a == "ل" and _group(b, True) == "alef":
            continue  # lam-alef is one ligature
        if a in apart or b in apart:
            continue
        b_final = joining_type(b) == "R" or k + 2 >= len(letters) or joining_type(letters[k + 2][1]) not in "DRC"
        after = letters[k + 2][1] if k + 2 < len(letters) else ""
        after_final = bool(after) and (
            joining_type(after) == "R" or k + 3 >= len(letters) or joining_type(letters[k + 3][1]) not in "DRC"
        )
        group_a, group_b = _group(a, False), _group(b, b_final)
        if group_a in ("seen", "sad"):
            priority = 8
        elif b_final and group_b in ("heh", "dal"):
            priority = 7
        elif b_final and group_b in ("alef", "tah", "lam", "kaf", "gaf"):
            priority = 6
        elif not b_final and group_b == "beh" and after_final and _group(after, True) in ("reh", "yeh"):
            priority = 5
        elif b_final and group_b in ("waw", "ain", "qaf", "feh"):
            priority = 4
        elif b_final:
            priority = 3
        else:
            continue
        found.append((j, priority))
    return sorted(found, key=lambda point: (-point[1], -point[0]))


def letters(word: str) -> int:
    """How many letters ``word`` has (its tatweels, marks and joiners are none)."""
    return sum(1 for char in word if unicodedata.category(char).startswith("L") and char != TATWEEL)


def preferred(words: Sequence[str], apart: Collection[str] = ()) -> list[int]:
    """The words a calligrapher would stretch, best first: those of three letters or more that
    the author has not stretched and that have a point, by their best point's priority (the
    last word counts ``LAST_WORD_BONUS`` more: the eye ends there), the later first on a tie."""
    found = [
        (points(word, apart)[0][1] + (LAST_WORD_BONUS if i == len(words) - 1 else 0), i)
        for i, word in enumerate(words)
        if letters(word) >= MIN_LETTERS and TATWEEL not in word and points(word, apart)
    ]
    return [i for _, i in sorted(found, reverse=True)]


def fill(
    text: str,
    target: float,
    width: Callable[[str], float],
    apart: Collection[str] = (),
    *,
    most: int = MAX_WORDS,
    above: Mapping[str, int] | None = None,
    cap: int = MAX_PER_WORD,
) -> str:
    """``text`` with tatweels inserted so that its width comes nearer ``target`` without passing it.

    ``width`` measures a word (in the unit of ``target``) as the engine will set
    it. As calligraphers do, the spaces come first: each may widen by
    ``SPACE_LIMIT`` before a word is stretched, and the kashida takes only what
    they leave. One word is stretched (typeset.typography.kashida.preferred), at
    its best point, up to ``cap`` tatweels (``MAX_PER_WORD`` at most); a second
    only where the spaces would otherwise widen past ``SPACE_MOST`` (``most``
    words in all), and graded: ``GRADE`` tatweels shorter than the one before.
    ``above``: the strokes of the vertically neighbouring line (``stretches``:
    the letters each joins → its tatweels): a word whose stroke would join other
    letters is preferred, and the same stroke is never given the same length. A word the author stretched (it holds
    a tatweel) is left as written and counts as one of the stretched words.
    What the tatweels leave is the spaces' (typeset.typography.verse). The words
    are typeset.typography.hemistich's, and come back one space apart. No tatweel
    goes beside a letter of ``apart`` (points).
    """
    words = hemistich_words(text)
    widths = [width(word) for word in words]
    gaps = max(len(words) - 1, 0)
    total = sum(widths) + width(" ") * gaps
    goal = target - SPACE_LIMIT * gaps  # the spaces' share first
    above = above or {}
    ranked = preferred(words, apart)
    at = {i: points(words[i], apart)[0][0] for i in ranked}  # one point per word: a longer stroke, not several
    fresh = [i for i in ranked if _joint(words[i], at[i]) not in above]
    chosen = (fresh + [i for i in ranked if i not in fresh])[: max(most - sum(TATWEEL in w for w in words), 0)]
    if not chosen or total >= goal:
        return " ".join(words)

    def stretch(i: int, count: int) -> str:
        return words[i][: at[i]] + TATWEEL * count + words[i][at[i] :]

    counts = dict.fromkeys(chosen, 0)
    typed = [word.count(TATWEEL) for word in words if TATWEEL in word]
    longest = min(cap, MAX_PER_WORD, *(count - GRADE for count in typed))
    if typed and (gaps == 0 or (target - total) / gaps <= SPACE_MOST):
        return " ".join(words)  # the author's stroke, and the spaces take the rest
    for i in chosen:
        while counts[i] < longest:
            new_width = width(stretch(i, counts[i] + 1))
            if total - widths[i] + new_width > goal:
                break
            total, widths[i], counts[i] = total - widths[i] + new_width, new_width, counts[i] + 1
        if counts[i] and above.get(_joint(words[i], at[i])) == counts[i]:  # the line above has this stretch: one less
            counts[i] -= 1
            new_width = width(stretch(i, counts[i]))
            total, widths[i] = total - widths[i] + new_width, new_width
        longest = counts[i] - GRADE
        if gaps == 0 or (target - total) / gaps <= SPACE_MOST or longest < 1:
            break  # the spaces can take the rest
    return " ".join(stretch(i, counts[i]) if counts.get(i) else word for i, word in enumerate(words))


def stretches(filled: str) -> dict[str, int]:
    """The strokes of a filled hemistich: the two letters each joins (``هـا`` → ``ها``) → its tatweels.
    Two strokes between the same letters look the same whatever word they stand in (a ghazal's radif)."""
    found = {}
    for word in hemistich_words(filled):
        if TATWEEL in word:
            at = word.index(TATWEEL)
            bare = word.replace(TATWEEL, "")
            found[_joint(bare, at)] = len(word) - len(word[at:].lstrip(TATWEEL)) - at
    return found


def _joint(word: str, at: int) -> str:
    """The letters on either side of a stroke inserted at ``at``."""
    return word[at - 1 : at + 1]
