"""Digits and dates in the article's language.

Gregorian dates in words come from Babel's locale data; Solar Hijri dates are converted with jdatetime.
Both libraries are imported only when a date in words is set (neither import is free at startup).
"""

from __future__ import annotations

import re
from datetime import date

from typeset.direction import isolate_runs
from typeset.model import direction_of

DATE_STYLES = ("house", "long", "gregorian", "solar-hijri")

_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")

# Babel locale whose *long* date format is the one the language's articles use.
# English is written day-month-year ("3 June 2025"), as en_GB writes it, not en's "June 3, 2025".
_BABEL_LOCALES = {"en": "en_GB", "fa-AF": "fa_AF"}

# The calendar a language's articles are dated in when no style is asked for.
_DEFAULT_STYLES = {
    "fa-AF": "solar-hijri",
    "ps": "solar-hijri",
    "fa": "solar-hijri",
    "ar": "gregorian",
    "ur": "gregorian",
}

# Solar Hijri month names, Hamal (Farvardin) first. No library carries the Afghan (Dari) or Pashto names;
# the Iranian (fa) names come from jdatetime. Letters are kept as written: Pashto ګ ښ ږ ۍ are not normalised.
_SOLAR_HIJRI_MONTHS: dict[str, tuple[str, ...]] = {
    "fa-AF": ("حمل", "ثور", "جوزا", "سرطان", "اسد", "سنبله", "میزان", "عقرب", "قوس", "جدی", "دلو", "حوت"),
    "ps": ("وری", "غویی", "غبرګولی", "چنګاښ", "زمری", "وږی", "تله", "لړم", "لیندۍ", "مرغومی", "سلواغه", "کب"),
}
_JDATETIME_MONTHS = frozenset({"fa"})  # languages whose Solar Hijri month names jdatetime has


_ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def native_digits(text: str, lang: str) -> str:
    """ASCII digits as the language writes them: Persian digits (۰–۹) for fa, fa-AF, ps, ur;
    Arabic-Indic (٠–٩) for ar; unchanged for Latin-script languages."""
    if lang == "ar":
        return text.translate(_ARABIC_DIGITS)
    return text.translate(_PERSIAN_DIGITS) if direction_of(lang) == "rtl" else text


DIGIT_MODES = ("native", "as-written")
_LTR_RUN = re.compile("\u2066[^\u2069]*\u2069")


def native_digits_in_text(text: str, lang: str) -> str:
    """Running text's ASCII digits as the language writes them, except inside a Latin run.

    ``text`` has its left-to-right runs wrapped in isolates (typeset.direction):
    "JF-17", a URL, an e-mail keep their digits; "40 صفحه" becomes "۴۰ صفحه".
    """
    if direction_of(lang) == "ltr":
        return text
    out, last = [], 0
    for run in _LTR_RUN.finditer(text):
        out.append(native_digits(text[last : run.start()], lang))
        out.append(run.group())
        last = run.end()
    out.append(native_digits(text[last:], lang))
    return "".join(out)


def running_text(text: str, direction: str, digits_lang: str | None) -> str:
    """Text as it is set in a block running in ``direction``: runs of the other direction
    isolated (typeset.direction) and, in a right-to-left block, digits as ``digits_lang``
    writes them, Latin runs excepted (None: digits as typed)."""
    text = isolate_runs(text, direction)
    return native_digits_in_text(text, digits_lang) if digits_lang and direction == "rtl" else text


def _house(day: date) -> str:
    return f"{day.day:02d}.{day.month:02d}.{day.year:04d}"


def _babel_date(day: date, pattern: str, locale: str) -> str:
    from babel.dates import format_date as babel_format_date  # lazily: Babel's import is not free

    return babel_format_date(day, pattern, locale=locale)


def _gregorian_words(day: date, lang: str) -> str:
    return _babel_date(day, "long", _BABEL_LOCALES.get(lang, lang))


def _solar_hijri_months(lang: str) -> tuple[str, ...]:
    if lang in _SOLAR_HIJRI_MONTHS:
        return _SOLAR_HIJRI_MONTHS[lang]
    if lang in _JDATETIME_MONTHS:
        import jdatetime

        return tuple(jdatetime.date.j_months_fa)
    raise ValueError(
        f"solar-hijri dates are not written in {lang!r} (only fa, fa-AF, ps): use house, long or gregorian"
    )


def _solar_hijri_words(day: date, lang: str) -> str:
    months = _solar_hijri_months(lang)  # first, so an unsupported language fails before the conversion
    import jdatetime  # lazily, like Babel

    solar = jdatetime.date.fromgregorian(year=day.year, month=day.month, day=day.day)
    return f"{solar.day} {months[solar.month - 1]} {solar.year}"


def default_date_style(lang: str) -> str:
    """The style a date is set in when none is asked for: the language's calendar in words, else "house"."""
    return _DEFAULT_STYLES.get(lang, "house")


def check_date_style(style: str, lang: str) -> str | None:
    """What is wrong with writing ``lang``'s dates in ``style`` (None: nothing)."""
    try:
        format_date(date(2000, 1, 1), lang, style)
    except ValueError as error:
        return str(error)
    return None


def format_date(day: date, lang: str, style: str | None = None) -> str:
    """The date as the article's language writes it, in native digits.

    house: 03.06.2025; long: in words in the language's own calendar ("3 June 2025", "۱۳ جوزا ۱۴۰۴");
    gregorian: Gregorian in words ("۳ جون ۲۰۲۵"); solar-hijri: Solar Hijri in words (fa, fa-AF, ps only).
    With no style, the language's default (see default_date_style).
    """
    if style is None:
        style = default_date_style(lang)
    if style not in DATE_STYLES:
        raise ValueError(f"unknown date style {style!r}: {', '.join(DATE_STYLES)}")
    if style == "house":
        text = _house(day)
    elif style == "solar-hijri" or (style == "long" and _DEFAULT_STYLES.get(lang) == "solar-hijri"):
        text = _solar_hijri_words(day, lang)
    else:  # long (Gregorian languages) or gregorian
        text = _gregorian_words(day, lang)
    return native_digits(text, lang)


def house_date(day: date, lang: str) -> str:
    """The house style of the article's date line: 03.06.2025 (in native digits)."""
    return format_date(day, lang, "house")


def long_date(day: date, lang: str) -> str:
    """The source line's date, in words: "June 02, 2025" in English (the house's), "2. Juni 2025",
    "2 juin 2025"; in the right-to-left languages their default calendar (format_date)."""
    if lang == "en":
        # The C library's own English month names (Python never switches LC_TIME from "C"
        # unless told): the same words as Babel's, without Babel's 25 ms import on every start.
        return day.strftime("%B %d, %Y")
    if direction_of(lang) == "ltr":
        return format_date(day, lang, "long")
    return format_date(day, lang)
