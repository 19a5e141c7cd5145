"""Dates and digits in the article's language (typeset.typography.localize).

The Solar Hijri pairs were checked against jdatetime and the Iranian/Afghan calendar: 1403 is a leap year
(30 Esfand/Hut 1403 = 2025-03-20), 1402 and 1404 are not.
"""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from typeset.typography.localize import DATE_STYLES, format_date, house_date, long_date, native_digits

DAY = date(2025, 6, 3)
PERSIAN_DIGITS = set("۰۱۲۳۴۵۶۷۸۹")
ASCII_DIGITS = set("0123456789")
LATIN_LANGS = ("en", "de", "fr")
SOLAR_LANGS = ("fa", "fa-AF", "ps")
RTL_LANGS = ("fa", "fa-AF", "ps", "ur")  # Persian digits; Arabic (ar) writes Arabic-Indic ٠–٩

# Solar Hijri month names, Hamal/Farvardin first, exactly as Afghan and Iranian publishers write them.
DARI_SOLAR = ("حمل", "ثور", "جوزا", "سرطان", "اسد", "سنبله", "میزان", "عقرب", "قوس", "جدی", "دلو", "حوت")
PASHTO_SOLAR = ("وری", "غویی", "غبرګولی", "چنګاښ", "زمری", "وږی", "تله", "لړم", "لیندۍ", "مرغومی", "سلواغه", "کب")
IRANIAN_SOLAR = ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند")
SOLAR_NAMES = {"fa-AF": DARI_SOLAR, "ps": PASHTO_SOLAR, "fa": IRANIAN_SOLAR}

# Dari (Afghan) Gregorian month names.
DARI_GREGORIAN = (
    "جنوری",
    "فبروری",
    "مارچ",
    "اپریل",
    "می",
    "جون",
    "جولای",
    "اگست",
    "سپتمبر",
    "اکتوبر",
    "نومبر",
    "دسمبر",
)
GERMAN = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)
FRENCH = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
ENGLISH = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# The first day of each month of Solar Hijri 1404 (Nowruz 1404 = 2025-03-21).
SOLAR_1404_MONTH_STARTS = (
    date(2025, 3, 21),
    date(2025, 4, 21),
    date(2025, 5, 22),
    date(2025, 6, 22),
    date(2025, 7, 23),
    date(2025, 8, 23),
    date(2025, 9, 23),
    date(2025, 10, 23),
    date(2025, 11, 22),
    date(2025, 12, 22),
    date(2026, 1, 21),
    date(2026, 2, 20),
)


# --- 2025-06-03 in every language and style ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "style", "expected"),
    [
        ("en", "house", "03.06.2025"),
        ("en", "long", "3 June 2025"),
        ("en", "gregorian", "3 June 2025"),
        ("de", "house", "03.06.2025"),
        ("de", "long", "3. Juni 2025"),
        ("de", "gregorian", "3. Juni 2025"),
        ("fr", "house", "03.06.2025"),
        ("fr", "long", "3 juin 2025"),
        ("fr", "gregorian", "3 juin 2025"),
        ("fa-AF", "house", "۰۳.۰۶.۲۰۲۵"),
        ("fa-AF", "long", "۱۳ جوزا ۱۴۰۴"),
        ("fa-AF", "gregorian", "۳ جون ۲۰۲۵"),
        ("fa-AF", "solar-hijri", "۱۳ جوزا ۱۴۰۴"),
        ("ps", "house", "۰۳.۰۶.۲۰۲۵"),
        ("ps", "long", "۱۳ غبرګولی ۱۴۰۴"),
        ("ps", "gregorian", "۳ جون ۲۰۲۵"),
        ("ps", "solar-hijri", "۱۳ غبرګولی ۱۴۰۴"),
        ("fa", "house", "۰۳.۰۶.۲۰۲۵"),
        ("fa", "long", "۱۳ خرداد ۱۴۰۴"),
        ("fa", "gregorian", "۳ ژوئن ۲۰۲۵"),
        ("fa", "solar-hijri", "۱۳ خرداد ۱۴۰۴"),
        ("ar", "house", "٠٣.٠٦.٢٠٢٥"),
        ("ar", "gregorian", "٣ يونيو ٢٠٢٥"),
        ("ur", "house", "۰۳.۰۶.۲۰۲۵"),
    ],
)
def test_seed_date_in_every_style(lang: str, style: str, expected: str) -> None:
    assert format_date(DAY, lang, style) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "03.06.2025"),
        ("de", "03.06.2025"),
        ("fr", "03.06.2025"),
        ("fa-AF", "۱۳ جوزا ۱۴۰۴"),
        ("ps", "۱۳ غبرګولی ۱۴۰۴"),
        ("fa", "۱۳ خرداد ۱۴۰۴"),
        ("ar", "٣ يونيو ٢٠٢٥"),
    ],
)
def test_default_style_per_language(lang: str, expected: str) -> None:
    assert format_date(DAY, lang) == expected
    assert format_date(DAY, lang, None) == expected


@pytest.mark.parametrize("lang", ["ar", "ur"])
def test_arabic_and_urdu_default_to_gregorian_in_words(lang: str) -> None:
    assert format_date(DAY, lang) == format_date(DAY, lang, "gregorian") == format_date(DAY, lang, "long")
    assert not set(format_date(DAY, lang)) & ASCII_DIGITS


@pytest.mark.parametrize("lang", SOLAR_LANGS)
def test_long_is_the_solar_hijri_calendar_for_dari_pashto_persian(lang: str) -> None:
    assert format_date(DAY, lang, "long") == format_date(DAY, lang, "solar-hijri") == format_date(DAY, lang)


# --- Nowruz, leap days, year ends -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "dari", "pashto", "iranian"),
    [
        # Nowruz 1404: 1403 is a leap year, so its last day is 30 Hut/Esfand (the Solar Hijri leap day).
        (date(2025, 3, 19), "۲۹ حوت ۱۴۰۳", "۲۹ کب ۱۴۰۳", "۲۹ اسفند ۱۴۰۳"),
        (date(2025, 3, 20), "۳۰ حوت ۱۴۰۳", "۳۰ کب ۱۴۰۳", "۳۰ اسفند ۱۴۰۳"),
        (date(2025, 3, 21), "۱ حمل ۱۴۰۴", "۱ وری ۱۴۰۴", "۱ فروردین ۱۴۰۴"),
        # Nowruz 1403: 1402 is a common year and ends on 29 Hut/Esfand.
        (date(2024, 3, 19), "۲۹ حوت ۱۴۰۲", "۲۹ کب ۱۴۰۲", "۲۹ اسفند ۱۴۰۲"),
        (date(2024, 3, 20), "۱ حمل ۱۴۰۳", "۱ وری ۱۴۰۳", "۱ فروردین ۱۴۰۳"),
        # Nowruz 1405: 1404 is a common year.
        (date(2026, 3, 20), "۲۹ حوت ۱۴۰۴", "۲۹ کب ۱۴۰۴", "۲۹ اسفند ۱۴۰۴"),
        (date(2026, 3, 21), "۱ حمل ۱۴۰۵", "۱ وری ۱۴۰۵", "۱ فروردین ۱۴۰۵"),
        # The Gregorian leap day.
        (date(2024, 2, 29), "۱۰ حوت ۱۴۰۲", "۱۰ کب ۱۴۰۲", "۱۰ اسفند ۱۴۰۲"),
        # The Gregorian year end and start fall in Jadi/Dey.
        (date(2024, 12, 31), "۱۱ جدی ۱۴۰۳", "۱۱ مرغومی ۱۴۰۳", "۱۱ دی ۱۴۰۳"),
        (date(2025, 1, 1), "۱۲ جدی ۱۴۰۳", "۱۲ مرغومی ۱۴۰۳", "۱۲ دی ۱۴۰۳"),
    ],
)
def test_solar_hijri_known_pairs(day: date, dari: str, pashto: str, iranian: str) -> None:
    assert format_date(day, "fa-AF", "solar-hijri") == dari
    assert format_date(day, "ps", "solar-hijri") == pashto
    assert format_date(day, "fa", "solar-hijri") == iranian


def test_solar_hijri_conversion_agrees_with_jdatetime_on_the_leap_day() -> None:
    import jdatetime

    leap_day = jdatetime.date(1403, 12, 30)
    assert leap_day.isleap()
    assert leap_day.togregorian() == date(2025, 3, 20)
    assert not jdatetime.date(1404, 1, 1).isleap()


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 2, 29), {"en": "29 February 2024", "de": "29. Februar 2024", "fr": "29 février 2024"}),
        (date(2024, 12, 31), {"en": "31 December 2024", "de": "31. Dezember 2024", "fr": "31 décembre 2024"}),
        (date(2025, 1, 1), {"en": "1 January 2025", "de": "1. Januar 2025", "fr": "1 janvier 2025"}),
    ],
)
def test_gregorian_leap_day_and_year_end_in_words(day: date, expected: dict[str, str]) -> None:
    for lang, words in expected.items():
        assert format_date(day, lang, "long") == words
        assert format_date(day, lang, "gregorian") == words


@pytest.mark.parametrize(
    ("day", "latin", "persian"),
    [
        (date(2024, 2, 29), "29.02.2024", "۲۹.۰۲.۲۰۲۴"),
        (date(2024, 12, 31), "31.12.2024", "۳۱.۱۲.۲۰۲۴"),
        (date(2025, 1, 1), "01.01.2025", "۰۱.۰۱.۲۰۲۵"),
    ],
)
def test_house_style_leap_day_and_year_end(day: date, latin: str, persian: str) -> None:
    for lang in LATIN_LANGS:
        assert format_date(day, lang, "house") == latin
    for lang in RTL_LANGS:
        assert format_date(day, lang, "house") == persian


def test_dari_gregorian_leap_day_and_year_end() -> None:
    assert format_date(date(2024, 2, 29), "fa-AF", "gregorian") == "۲۹ فبروری ۲۰۲۴"
    assert format_date(date(2024, 12, 31), "fa-AF", "gregorian") == "۳۱ دسمبر ۲۰۲۴"
    assert format_date(date(2025, 1, 1), "fa-AF", "gregorian") == "۱ جنوری ۲۰۲۵"


# --- every month name -------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", SOLAR_LANGS)
def test_every_solar_hijri_month_name(lang: str) -> None:
    for month, day in enumerate(SOLAR_1404_MONTH_STARTS, start=1):
        name = SOLAR_NAMES[lang][month - 1]
        assert format_date(day, lang, "solar-hijri") == f"۱ {name} ۱۴۰۴", (lang, month)


def test_iranian_solar_hijri_names_are_jdatetime_s() -> None:
    import jdatetime

    assert tuple(jdatetime.date.j_months_fa) == IRANIAN_SOLAR


def test_pashto_letters_are_not_normalised() -> None:
    text = " ".join(format_date(day, "ps", "solar-hijri") for day in SOLAR_1404_MONTH_STARTS)
    for letter in ("\u06ab", "\u069a", "\u0696", "\u06cd"):  # ګ ښ ږ ۍ
        assert letter in text
    assert "\u06af" not in text  # گ (Persian gaf) does not stand in for ګ
    assert format_date(date(2025, 5, 22), "ps", "solar-hijri") == "۱ غبر\u06abولی ۱۴۰۴"
    assert format_date(date(2025, 6, 22), "ps", "solar-hijri") == "۱ چن\u06abا\u069a ۱۴۰۴"
    assert format_date(date(2025, 8, 23), "ps", "solar-hijri") == "۱ و\u0696ی ۱۴۰۴"
    assert format_date(date(2025, 11, 22), "ps", "solar-hijri") == "۱ لیند\u06cd ۱۴۰۴"


def test_every_dari_gregorian_month_name() -> None:
    for month, name in enumerate(DARI_GREGORIAN, start=1):
        assert format_date(date(2025, month, 15), "fa-AF", "gregorian") == f"۱۵ {name} ۲۰۲۵"


def test_babel_fa_af_has_the_afghan_gregorian_month_names() -> None:
    from babel.dates import get_month_names

    assert tuple(get_month_names("wide", locale="fa_AF").values()) == DARI_GREGORIAN


@pytest.mark.parametrize(("lang", "locale"), [("ps", "ps"), ("fa", "fa")])
def test_every_gregorian_month_name_from_babel(lang: str, locale: str) -> None:
    from babel.dates import get_month_names

    names = get_month_names("wide", context="format", locale=locale)
    for month in range(1, 13):
        assert format_date(date(2025, month, 15), lang, "gregorian") == f"۱۵ {names[month]} ۲۰۲۵"


def test_pashto_and_persian_gregorian_names_are_not_dari() -> None:
    assert format_date(date(2025, 2, 1), "fa", "gregorian") == "۱ فوریه ۲۰۲۵"
    assert format_date(date(2025, 2, 1), "ps", "gregorian") != format_date(date(2025, 2, 1), "fa", "gregorian")


@pytest.mark.parametrize(
    ("lang", "names", "template"),
    [("en", ENGLISH, "15 {} 2025"), ("de", GERMAN, "15. {} 2025"), ("fr", FRENCH, "15 {} 2025")],
)
def test_every_european_month_name(lang: str, names: tuple[str, ...], template: str) -> None:
    for month, name in enumerate(names, start=1):
        assert format_date(date(2025, month, 15), lang, "long") == template.format(name)


# --- digits -----------------------------------------------------------------------------------------------

ALL_DAYS = (DAY, date(2024, 2, 29), date(2024, 12, 31), date(2025, 1, 1), date(2025, 3, 20), date(2025, 3, 21))


@pytest.mark.parametrize("lang", LATIN_LANGS)
def test_ascii_digits_for_latin_languages(lang: str) -> None:
    for day in ALL_DAYS:
        for style in ("house", "long", "gregorian", None):
            text = format_date(day, lang, style)
            assert set(text) & ASCII_DIGITS, text
            assert not set(text) & PERSIAN_DIGITS, text


@pytest.mark.parametrize("lang", SOLAR_LANGS)
def test_persian_digits_for_dari_pashto_persian(lang: str) -> None:
    for day in ALL_DAYS:
        for style in (*DATE_STYLES, None):
            text = format_date(day, lang, style)
            assert set(text) & PERSIAN_DIGITS, text
            assert not set(text) & ASCII_DIGITS, text


def test_no_leading_zero_on_the_day_in_words() -> None:
    day = date(2025, 3, 21)
    assert format_date(day, "fa-AF", "solar-hijri").startswith("۱ ")
    assert format_date(date(2025, 6, 1), "fa-AF", "gregorian").startswith("۱ ")
    assert format_date(date(2025, 6, 1), "de", "long") == "1. Juni 2025"


def test_native_digits() -> None:
    assert native_digits("03.06.2025", "fa-AF") == "۰۳.۰۶.۲۰۲۵"
    assert native_digits("1404", "ps") == "۱۴۰۴"
    assert native_digits("1404", "ar") == "١٤٠٤"
    assert native_digits("03.06.2025", "de") == "03.06.2025"


# --- errors -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LATIN_LANGS)
def test_solar_hijri_is_refused_for_latin_languages(lang: str) -> None:
    with pytest.raises(ValueError, match=rf"solar-hijri dates are not written in '{lang}'"):
        format_date(DAY, lang, "solar-hijri")


@pytest.mark.parametrize("lang", [*LATIN_LANGS, *RTL_LANGS])
def test_unknown_style(lang: str) -> None:
    message = "unknown date style 'x': house, long, gregorian, solar-hijri"
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        format_date(DAY, lang, "x")


def test_date_styles() -> None:
    assert DATE_STYLES == ("house", "long", "gregorian", "solar-hijri")


# --- the template filters ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", [*LATIN_LANGS, *RTL_LANGS])
def test_house_date_is_the_house_style(lang: str) -> None:
    for day in ALL_DAYS:
        assert house_date(day, lang) == format_date(day, lang, "house")


def test_long_date_english_keeps_the_seed_source_line_style() -> None:
    assert long_date(date(2025, 6, 2), "en") == "June 02, 2025"
    assert long_date(date(2024, 12, 31), "en") == "December 31, 2024"


@pytest.mark.parametrize("lang", ["de", "fr", *RTL_LANGS])
def test_long_date_is_the_language_default(lang: str) -> None:
    """The source line's date is in words: Latin languages their long form, the others their default."""
    for day in ALL_DAYS:
        expected = format_date(day, lang, "long") if lang in ("de", "fr") else format_date(day, lang)
        assert long_date(day, lang) == expected


def test_long_date_dari_source_line() -> None:
    assert long_date(date(2025, 6, 9), "fa-AF") == "۱۹ جوزا ۱۴۰۴"


def test_babel_and_jdatetime_are_imported_lazily() -> None:
    code = (
        "import sys, typeset.typography.localize; print(sorted(m for m in ('babel', 'jdatetime') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=Path(__file__).parents[2]
    )
    assert result.stdout.strip() == "[]"


def test_english_source_date_matches_babel_for_every_month() -> None:
    """long_date('en') uses the C library's month names (no Babel import): the same words as Babel's."""
    from babel.dates import format_date as babel_format_date

    for month in range(1, 13):
        day = date(2025, month, 2)
        assert long_date(day, "en") == babel_format_date(day, "MMMM dd, y", locale="en")
