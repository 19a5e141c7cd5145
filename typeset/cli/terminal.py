"""Persian and Pashto text for terminals that cannot shape or order it.

Many terminals print Arabic script as it is stored: letters in logical order,
each in its isolated form, so ``ورزش`` comes out as disconnected letters in
reverse. On such a terminal the CLI passes what it prints through
:func:`for_terminal`, which shapes each line (arabic-reshaper: presentation
forms) and puts it in visual order (python-bidi). Lines without right-to-left
letters are returned unchanged, and so is everything written to a pipe or a file
unless asked for (:func:`terminal_bidi_enabled`).

This is the only place where arabic-reshaper and python-bidi touch text: what
goes into the PDF is shaped and ordered by the engine (HarfBuzz, FriBidi), never
here. Both libraries are imported on first use, not at start-up.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from arabic_reshaper import ArabicReshaper

ENV = "TYPESET_TERMINAL_BIDI"
_OFF = frozenset({"0", "off", "no", "false"})
_ON = frozenset({"1", "on", "yes", "true"})


def terminal_bidi_enabled(stream: Any, option: bool | None = None, environ: Mapping[str, str] | None = None) -> bool:
    """Whether text written to ``stream`` is shaped and ordered for display.

    ``option`` (the CLI's ``--terminal-bidi/--no-terminal-bidi``) decides when
    given; else ``TYPESET_TERMINAL_BIDI`` when it is ``1/on/yes/true`` or
    ``0/off/no/false``; else (unset, empty, ``auto``, anything else) whether
    ``stream`` is a terminal. A pipe or a file gets the text in logical order.
    """
    if option is not None:
        return option
    value = (os.environ if environ is None else environ).get(ENV, "").strip().lower()
    if value in _OFF:
        return False
    if value in _ON:
        return True
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):  # no isatty, or a closed stream
        return False


def for_terminal(text: str, enabled: bool, base: str | None = None) -> str:
    """``text`` with each line holding right-to-left letters shaped and in visual order, when ``enabled``.

    Other lines, and all of ``text`` when not ``enabled``, are returned as they
    are. Leading and trailing white space of a line stays where it is. ``base``: the lines'
    direction, 'L' or 'R' ('L' for a message, ``ورزش.md:4:7: error: …``, although its first
    letter is Persian); by default each line's first letter's.
    """
    if not enabled or text.isascii():
        return text
    return "\n".join(_visual(line, base) if _has_rtl(line) else line for line in text.split("\n"))


def _has_rtl(line: str) -> bool:
    return not line.isascii() and any(unicodedata.bidirectional(char) in ("R", "AL") for char in line)


def _base_direction(line: str) -> str:
    """'L' for a line that begins with Latin text, else 'R' (a line of Persian or Pashto)."""
    for char in line:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "L"
        if kind in ("R", "AL"):
            break
    return "R"


def _visual(line: str, base: str | None = None) -> str:
    from bidi import get_display

    core = line.strip()
    start = len(line) - len(line.lstrip())
    lead, trail = line[:start], line[start + len(core) :]
    visual = get_display(_reshaper().reshape(core), base_dir=base or _base_direction(core))
    assert isinstance(visual, str)
    return lead + _marks_after_letters(visual) + trail


@cache
def _reshaper() -> ArabicReshaper:
    from arabic_reshaper import ArabicReshaper

    # Keep the harakat (an error may quote one: "character 'ً' (U+064B …)"); join lam-alef,
    # but set no word ligature (الله stays four letters).
    return ArabicReshaper(configuration={"delete_harakat": "no", "arabic ligature allah": "no"})


def _is_arabic_mark(char: str) -> bool:
    return unicodedata.category(char) == "Mn" and unicodedata.name(char, "").startswith("ARABIC")


def _marks_after_letters(visual: str) -> str:
    """Put each run of Arabic marks after the letter it belongs to.

    Reversing a right-to-left run puts a mark (kasra, shadda, …) before its
    letter; a terminal draws a combining mark on the character before it, so the
    mark goes back after its letter (rule L3 of the bidi algorithm). A mark that
    is not followed by a right-to-left letter (one quoted alone: 'ً') stays put.
    """
    if not any(_is_arabic_mark(char) for char in visual):
        return visual
    out: list[str] = []
    i, n = 0, len(visual)
    while i < n:
        j = i
        while j < n and _is_arabic_mark(visual[j]):
            j += 1
        if i < j < n and unicodedata.bidirectional(visual[j]) in ("R", "AL"):
            out += [visual[j], visual[i:j]]
            i = j + 1
        elif i < j:
            out.append(visual[i:j])
            i = j
        else:
            out.append(visual[i])
            i += 1
    return "".join(out)
