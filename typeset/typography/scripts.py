"""Runs of the other script marked for the theme: Latin in right-to-left text, Arabic script in left-to-right.

A Latin word inside a Dari paragraph and a Persian word inside an English one
are both set in a face drawn for another body size: Noto Serif's x-height is
about 1.5 times the body of Naskh letters at the same font size, so at one size
Latin stands out large and dark in Dari, and Persian looks small in English.
Each isolated run (typeset.typography.direction) that holds a letter of the
other script becomes a span the theme sizes and sets in its own face:

- ``span.latin`` (lang :data:`LATIN_LANG`): a Latin run in right-to-left text,
  hyphenated as English and set at ``typography.latin_scale`` of the text around it;
- ``span.arabic``: an Arabic-script run in left-to-right text, set at
  ``typography.arabic_scale`` (by default 1 / ``latin_scale``: the same balance, seen from the other side).

Only inline runs are marked: a whole left-to-right paragraph in a Dari article
is text in its own right, set at the body size.
"""

from __future__ import annotations

import re
import unicodedata

from typeset.typography.direction import LRI, PDI, RLI

#: The language of Latin words in right-to-left text: the engine hyphenates a run by its element's language.
LATIN_LANG = "en-US"
_ISOLATES = f"{LRI}{RLI}\u2068{PDI}"
#: An isolate, with nothing isolated inside it.
_ISOLATED = {
    "rtl": re.compile(f"{LRI}[^{_ISOLATES}]*{PDI}"),
    "ltr": re.compile(f"{RLI}[^{_ISOLATES}]*{PDI}"),
}


def _has_latin(text: str) -> bool:
    return any(unicodedata.bidirectional(char) == "L" for char in text)


def _has_arabic(text: str) -> bool:
    return any(unicodedata.bidirectional(char) in ("AL", "R") for char in text)


def mark_runs(html: str, direction: str) -> str:
    """``html`` (escaped text of one block of ``direction``, its runs isolated) with each isolated run of
    the other script in its span (see the module's docstring)."""
    if direction == "rtl":
        if LRI not in html:
            return html
        return _ISOLATED["rtl"].sub(
            lambda run: (
                f'<span class="latin" lang="{LATIN_LANG}">{run.group()}</span>'
                if _has_latin(run.group())
                else run.group()
            ),
            html,
        )
    if RLI not in html:
        return html
    return _ISOLATED["ltr"].sub(
        lambda run: f'<span class="arabic">{run.group()}</span>' if _has_arabic(run.group()) else run.group(),
        html,
    )


#: The signs of Quranic text the body's Naskh draws poorly: the end of an ayah (U+06DD) with the digits
#: of its number, which a face that composes them sets inside it as one sign, and the ornate parentheses
#: of a quotation (﴿ ﴾, U+FD3F and U+FD3E; faint braces in Noto Naskh Arabic).
_QURANIC = re.compile("\u06dd[0-9\u06f0-\u06f9\u0660-\u0669]{0,3}|[\ufd3e\ufd3f]")


def mark_quranic(html: str) -> str:
    """``html`` (escaped running text) with each Quranic sign in a ``span.quranic``, which the theme sets in
    the verse face (Amiri in the house publication: its U+06DD holds up to three digits, drawn inside it)."""
    if "\u06dd" not in html and "\ufd3e" not in html and "\ufd3f" not in html:
        return html
    return _QURANIC.sub(lambda sign: f'<span class="quranic">{sign.group()}</span>', html)
