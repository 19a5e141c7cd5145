"""Dates as old texts and web pages write them.

Numeric (``03.06.2025``, ``2025/06/12``, ``2025-06-12``) or with a month's name:
English, German and French names and abbreviations (``June 02, 2025``, ``15.Aug.2022``,
``le 9 août 2021``); Gregorian months as Dari, Pashto and Iranian pages name them
(``۱۵ دسامبر ۲۰۱۴``, ``۱۲/نوامبر /۱۹۹۴``, from CLDR through Babel, with the spellings
pages use beside them); Solar Hijri months with their Afghan, Pashto and Iranian names
(``۱۳ جوزا ۱۴۰۴``, ``۱۳ غبرګولی ۱۴۰۴``, ``۱۳ خرداد ۱۴۰۴``). Digits may be ASCII, Persian
(۰–۹) or Arabic-Indic (٠–٩), mixed in one date, and the parts may be glued to each other
(``۱۷ فبروری٢٠٠۶``). Names are compared with Arabic ي ك ى and Pashto ۍ ګ read as Persian
ی ک ی ی گ. A numeric year before 1700, or any year with a Solar Hijri month, is a Solar
Hijri year, converted to the Gregorian date with jdatetime.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache

from typeset.typography import localize

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
#: How month names are compared (one character for one, so a match's place is the text's).
_FOLD = str.maketrans({"ي": "ی", "ى": "ی", "ۍ": "ی", "ك": "ک", "ګ": "گ", "\u200c": " "})
_D = "[0-9۰-۹٠-٩]"
#: A month's name glued to letters of its own script is part of a longer word (not so beside Persian ones).
_LATIN = "A-Za-z\u00c0-\u024f"
#: Spellings of Gregorian months that web pages use beside CLDR's (1 = January).
_MORE_GREGORIAN = {
    1: ("جنوري", "ژانویه"),
    2: ("فبروري", "فیبروری"),
    4: ("اپرېل", "آوریل", "اپريل"),
    5: ("مئی", "می"),
    6: ("جون",),
    7: ("جولائی", "جولایی", "ژوئیه"),
    8: ("آگوست", "آگست", "اگوست", "اوت"),
    9: ("سپټمبر", "سپتامبر", "سېپټمبر", "سپتمبر"),
    10: ("اکتبر", "اکتوبر"),
    11: ("نوامبر", "نومبر"),
    12: ("دسامبر", "دیسمبر", "دسمبر"),
    3: ("مارچ", "مارس"),
}
#: The languages whose month names (CLDR's, wide and abbreviated) are read.
_LOCALES = ("en", "de", "fr", "fa_AF", "ps", "fa")


@dataclass(frozen=True)
class FoundDate:
    day: date
    written: str  # as the text has it
    solar: bool  # converted from the Solar Hijri calendar


def fold(text: str) -> str:
    """``text`` as month names are compared (the same length: a match's place is the text's)."""
    return "".join(char if len(char.lower()) != 1 else char.lower() for char in text.translate(_FOLD))


@cache
def _months() -> tuple[dict[str, int], dict[str, int]]:
    """(Gregorian, Solar Hijri) month names, folded, each to its month number."""
    from babel.dates import get_month_names

    gregorian: dict[str, int] = {}
    for locale in _LOCALES:
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, locale=locale).items():
                gregorian.setdefault(fold(name.rstrip(".")), number)
    for number, names in _MORE_GREGORIAN.items():
        for name in names:
            gregorian.setdefault(fold(name), number)
    gregorian.update({"sept": 9, "june": 6, "july": 7})
    solar: dict[str, int] = {}
    for names in (*localize.SOLAR_HIJRI_MONTHS.values(), localize.solar_hijri_months("fa")):
        for number, name in enumerate(names, start=1):
            solar[fold(name)] = number
    for name in solar:  # a name both calendars use is read as the Solar Hijri month only with a Solar year
        gregorian.pop(name, None)
    return gregorian, solar


@cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    gregorian, solar = _months()
    names = "|".join(sorted({re.escape(name) for name in (*gregorian, *solar)}, key=len, reverse=True))
    sep = r"[\s/.,،\-–]*"
    day = rf"(?<![0-9۰-۹٠-٩])(?P<d>{_D}{{1,2}})(?:st|nd|rd|th|er|ام|م)?"
    year = rf"(?P<y>{_D}{{4}})(?![0-9۰-۹٠-٩])"
    return (
        re.compile(rf"(?<![0-9۰-۹٠-٩])(?P<d>{_D}{{1,2}})[./\-](?P<m>{_D}{{1,2}})[./\-]{year}"),
        re.compile(rf"(?<![0-9۰-۹٠-٩])(?P<y>{_D}{{4}})[./\-](?P<m>{_D}{{1,2}})[./\-](?P<d>{_D}{{1,2}})(?![0-9۰-۹٠-٩])"),
        re.compile(rf"{day}{sep}(?P<mn>{names})(?![^\W\d_]){sep}{year}"),
        re.compile(rf"(?<![{_LATIN}])(?P<mn>{names}){sep}{day}{sep}{year}"),
    )


def _build(match: re.Match[str], text: str) -> FoundDate | None:
    year = int(match["y"].translate(_DIGITS))
    day = int(match["d"].translate(_DIGITS))
    name = match.groupdict().get("mn")
    gregorian, solar_names = _months()
    if name:
        solar = name in solar_names
        month = solar_names[name] if solar else gregorian[name]
    else:
        month = int(match["m"].translate(_DIGITS))
        solar = year < 1700
    written = text[match.start() : match.end()]
    try:
        if solar:
            import jdatetime  # lazily: only Solar Hijri dates need it

            return FoundDate(jdatetime.date(year, month, day).togregorian(), written, True)
        return FoundDate(date(year, month, day), written, False)
    except (ValueError, KeyError, OverflowError):
        return None


def _matches(text: str) -> Iterator[tuple[re.Match[str], FoundDate]]:
    folded = fold(text)
    found = []
    for pattern in _patterns():
        for match in pattern.finditer(folded):
            built = _build(match, text)
            if built:
                found.append((match, built))
    yield from sorted(found, key=lambda item: (item[0].start(), -item[0].end()))


def whole_date(text: str) -> FoundDate | None:
    """The date ``text`` is (nothing else on the line but spaces and a final full stop), or None."""
    text = text.strip().rstrip(".")
    for match, found in _matches(text):
        if match.start() == 0 and match.end() == len(text):
            return found
    return None


def trailing_date(text: str) -> tuple[str, FoundDate] | None:
    """``NAME, DATE`` (a closing byline): the text before the date and the date, or None."""
    text = text.rstrip()
    for match, found in _matches(text):
        if match.end() == len(text):
            return text[: match.start()], found
    return None


def first_date(text: str, earliest: int = 1900) -> FoundDate | None:
    """The first date anywhere in ``text`` (glued to words or not) from the year ``earliest`` on, or None."""
    for _, found in _matches(text):
        if found.day.year >= earliest:
            return found
    return None


_FILE_NAME = (
    re.compile(r"(?<!\d)(?P<y>\d{4})[-_.]?(?P<m>\d{2})[-_.]?(?P<d>\d{2})(?!\d)"),
    re.compile(r"(?<!\d)(?P<d>\d{2})[-_.](?P<m>\d{2})[-_.](?P<y>\d{4})(?!\d)"),
)


def file_name_date(stem: str) -> FoundDate | None:
    """The date a file's name carries (``2014-12-15-kabul``, ``kabul_20141215``, ``15.12.2014``), or None."""
    for pattern in _FILE_NAME:
        for match in pattern.finditer(stem):
            found = _build(match, stem)
            if found and 1900 <= found.day.year <= 2999 and not found.solar:
                return found
    return None
