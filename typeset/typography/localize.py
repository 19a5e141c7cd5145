"""Digits, numbers and dates in the article's language.

Gregorian dates in words and the signs of numbers (decimal and group separators, percent,
per-mille, minus) come from Babel's locale data (CLDR); Solar Hijri dates are converted with
jdatetime. Both libraries are imported only when they are needed (neither import is free at startup).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache

from typeset.languages import LANGUAGES, direction_of
from typeset.typography.direction import RLM, anchored, isolate, split_runs

DATE_STYLES = ("house", "long", "gregorian", "solar-hijri")

# ASCII and Arabic-Indic (٠–٩, as pasted from Arabic pages) digits both become Persian digits.
_PERSIAN_DIGITS = str.maketrans("0123456789٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹" * 2)

# A language's Babel locales (its long dates; English day-first, as en_GB writes it), its calendar when no
# style is asked for, its digits and its Solar Hijri month names are its row of typeset.languages.LANGUAGES.
SOLAR_HIJRI_MONTHS: dict[str, tuple[str, ...]] = {
    code: language.months for code, language in LANGUAGES.items() if language.months is not None
}
_JDATETIME_MONTHS = frozenset({"fa"})  # languages whose Solar Hijri month names jdatetime has


_ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_DIGITS = {"arabext": _PERSIAN_DIGITS, "arab": _ARABIC_DIGITS}


def native_digits(text: str, lang: str) -> str:
    """ASCII digits as the language writes them: Persian digits (۰–۹) for fa, fa-AF, ps, ur (Arabic-Indic
    digits too); Arabic-Indic (٠–٩) for ar; unchanged for Latin-script languages."""
    row = LANGUAGES.get(lang)
    table = _DIGITS.get(row.digits) if row else None
    return text.translate(table) if table else text


DIGIT_MODES = ("native", "as-written")
_LTR_RUN = re.compile("\u2066[^\u2069]*\u2069")


def native_digits_in_text(text: str, lang: str) -> str:
    """Running text's ASCII digits as the language writes them, except inside a Latin run.

    ``text`` has its left-to-right runs wrapped in isolates (typeset.typography.direction):
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


@dataclass(frozen=True)
class NumberSigns:
    """The signs a language writes its numbers with, in its own digits (CLDR's number symbols)."""

    decimal: str
    group: str
    percent: str
    per_mille: str
    minus: str
    plus: str
    percent_first: bool  # the percent sign before the number (CLDR's percent pattern)


# The Babel locale and the CLDR numbering system of the digits typeset sets each language in (native_digits):
# Extended Arabic-Indic (arabext, ۰–۹) for Persian, Dari, Pashto and Urdu, Arabic-Indic (arab, ٠–٩) for Arabic.
_NUMBER_LOCALES = {
    code: (language.number_locale, language.digits)
    for code, language in LANGUAGES.items()
    if language.number_locale is not None
}
# CLDR marks some signs with U+061C ARABIC LETTER MARK, which the body fonts lack (the engine would fetch
# another font for it, typeset.typography.fonts.INVISIBLE): U+200F RIGHT-TO-LEFT MARK, which they need not have, does
# the same there (a strong right-to-left character beside an Arabic number: UAX #9 treats both alike).
_MARKS = str.maketrans({"\u061c": "\u200f"})


@cache
def number_signs(lang: str) -> NumberSigns | None:
    """CLDR's signs for numbers in ``lang``'s native digits (None: a language whose digits are ASCII)."""
    if lang not in _NUMBER_LOCALES:
        return None
    from babel import Locale  # lazily: Babel's import is not free

    name, system = _NUMBER_LOCALES[lang]
    locale = Locale.parse(name)
    symbols = locale.number_symbols[system]

    def sign(key: str) -> str:
        return str(symbols[key]).translate(_MARKS)

    percent_first = "%" in locale.percent_formats[None].prefix[0]
    return NumberSigns(
        sign("decimal"),
        sign("group"),
        sign("percentSign"),
        sign("perMille"),
        sign("minusSign"),
        sign("plusSign"),
        percent_first,
    )


_D = "[0-9\u06f0-\u06f9\u0660-\u0669]"
#: A number as typed: an optional percent sign typed before it (``%25``, ``٪۲۵``: set where the language
#: sets it, so that prose and tables agree), an optional sign (at the start of a word), digits in groups
#: of three with commas or plain, an optional decimal part with a point, an optional percent or per-mille
#: sign. Not part of a longer run of digits and separators ("1,2" or "1.200.000" are left as typed: which
#: is meant cannot be told).
_NUMBER = re.compile(
    rf"""(?:(?<![^\s(\[{{«“"'‹])(?P<lead>[%\u066a]))?
    (?:(?<![^\s(\[{{«“"'‹%\u066a])(?P<sign>[-\u2212+]))?
    (?<![0-9\u06f0-\u06f9\u0660-\u0669.,\u066b\u066c])
    (?P<integer>{_D}{{1,3}}(?:,{_D}{{3}})+|{_D}+)
    (?P<fraction>\.{_D}+)?
    (?![0-9\u06f0-\u06f9\u0660-\u0669]|[.,]{_D})
    (?P<percent>[%\u066a\u2030\u0609])?""",
    re.VERBOSE,
)
_PERCENT = frozenset("%\u066a")


def localize_numbers(text: str, lang: str) -> str:
    """The numbers of ``text`` as ``lang`` writes them: its digits, and CLDR's separators, percent and
    per-mille signs and minus ("1,200,000" → "۱٬۲۰۰٬۰۰۰", "3.5" → "۳٫۵", "25%" → "۲۵٪", "-5" → "−۵"
    after a left-to-right mark, in Dari). Babel is consulted only for a number that has such a sign."""
    if _NUMBER_LOCALES.get(lang) is None:
        return native_digits(text, lang)

    def localized(number: re.Match[str]) -> str:
        typed_sign, fraction = number["sign"] or "", number["fraction"] or ""
        percent = number["percent"] or number["lead"] or ""
        value = number["integer"]
        if typed_sign or percent or fraction or "," in value:
            signs = number_signs(lang)
            assert signs is not None
            sign = signs.plus if typed_sign == "+" else signs.minus if typed_sign else ""
            value = value.replace(",", signs.group) + (signs.decimal + fraction[1:] if fraction else "")
            if percent:
                percent = signs.percent if percent in _PERCENT else signs.per_mille
                if _NUMBER_LOCALES[lang][1] == "arabext" and not signs.percent_first:
                    # Persian digits are European numbers to UAX #9 and a percent sign beside one takes its
                    # side (W5): set where no Arabic letter precedes (a table cell, a paragraph's start), ۲۵٪
                    # would have its sign on the right, in prose on the left. A mark between them keeps the
                    # sign on the left, after the number, everywhere.
                    percent = RLM + percent
            value = f"{sign}{percent}{value}" if signs.percent_first and percent else f"{sign}{value}{percent}"
        return native_digits(value, lang)

    return native_digits(_NUMBER.sub(localized, text), lang)


def _unit_digits(unit: str, lang: str) -> str:
    """A unit's digits as ``lang`` writes them; its separators as typed. Arabic-Indic digits are Arabic
    numbers to UAX #9 even in a left-to-right isolate, so a mark after each separator keeps the groups in order."""
    digits = native_digits(unit, lang)
    return re.sub(r"([^\u0660-\u0669])", "\\1\u200e", digits) if lang == "ar" else digits


#: Sets the punctuation of a piece of running text, given the text before and after it
#: (typeset.typography.punctuation.persian_text, with its language and tally bound).
Punctuate = Callable[[str, str, str], str]


def running_text(text: str, direction: str, digits_lang: str | None, punctuate: Punctuate | None = None) -> str:
    """Text as it is set in a block running in ``direction``: runs of the other direction and units
    of digits isolated (typeset.typography.direction) and, in a right-to-left block, numbers as ``digits_lang``
    writes them (localize_numbers; a unit's digits only), Latin runs excepted (None: as typed).
    ``punctuate``: what sets the rest's punctuation and letters (a right-to-left block only; Latin runs and
    units excepted)."""
    lang = digits_lang if direction == "rtl" else None
    other = "ltr" if direction == "rtl" else "rtl"
    out: list[str] = []
    done = 0  # the characters of ``text`` already read
    for kind, piece in split_runs(text, direction):
        if kind == "other":
            out.append(isolate(anchored(piece, other), other))
        elif kind == "unit":
            out.append(isolate(_unit_digits(piece, lang) if lang else piece, "ltr"))
        elif punctuate is not None and direction == "rtl":
            set_piece = punctuate(piece, text[:done], text[done + len(piece) :])
            out.append(localize_numbers(set_piece, lang) if lang else set_piece)
        else:
            out.append(localize_numbers(piece, lang) if lang else piece)
        done += len(piece)
    return "".join(out)


def _house(day: date) -> str:
    return f"{day.day:02d}.{day.month:02d}.{day.year:04d}"


def _babel_date(day: date, pattern: str, locale: str) -> str:
    from babel.dates import format_date as babel_format_date  # lazily: Babel's import is not free

    return babel_format_date(day, pattern, locale=locale)


def _gregorian_words(day: date, lang: str) -> str:
    row = LANGUAGES.get(lang)
    return _babel_date(day, "long", row.date_locale if row else lang)


def solar_hijri_months(lang: str) -> tuple[str, ...]:
    if lang in SOLAR_HIJRI_MONTHS:
        return SOLAR_HIJRI_MONTHS[lang]
    if lang in _JDATETIME_MONTHS:
        import jdatetime

        return tuple(jdatetime.date.j_months_fa)
    raise ValueError(
        f"solar-hijri dates are not written in {lang!r} (only fa, fa-AF, ps): use house, long or gregorian"
    )


def _solar_hijri_words(day: date, lang: str) -> str:
    months = solar_hijri_months(lang)  # first, so an unsupported language fails before the conversion
    import jdatetime  # lazily, like Babel

    solar = jdatetime.date.fromgregorian(year=day.year, month=day.month, day=day.day)
    return f"{solar.day} {months[solar.month - 1]} {solar.year}"


def default_date_style(lang: str) -> str:
    """The style a date is set in when none is asked for: the language's calendar in words, else "house"."""
    row = LANGUAGES.get(lang)
    return row.date_style if row else "house"


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
    elif style == "solar-hijri" or (style == "long" and default_date_style(lang) == "solar-hijri"):
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
