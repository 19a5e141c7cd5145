"""Digits and dates in the article's language (locale data from Babel)."""

from __future__ import annotations

from datetime import date

from typeset.model import direction_of

_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_BABEL_LOCALES = {"fa-AF": "fa_AF"}


def native_digits(text: str, lang: str) -> str:
    """ASCII digits as the language writes them (Persian digits for fa, fa-AF, ps, ur, ar)."""
    return text.translate(_PERSIAN_DIGITS) if direction_of(lang) == "rtl" else text


def house_date(day: date, lang: str) -> str:
    """The house style of the article's date line: 03.06.2025 (in native digits)."""
    return native_digits(day.strftime("%d.%m.%Y"), lang)


def long_date(day: date, lang: str) -> str:
    """A date in words, as the language writes it: "June 02, 2025", "2. Juni 2025", "۲ جون ۲۰۲۵"."""
    from babel.dates import format_date  # only when a long date is set (Babel's import is not free)

    locale = _BABEL_LOCALES.get(lang, lang)
    if lang == "en":
        return format_date(day, "MMMM dd, y", locale="en")
    return native_digits(format_date(day, "long", locale=locale), lang)
