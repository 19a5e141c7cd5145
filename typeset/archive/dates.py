"""Dates a searcher types: Gregorian or Solar Hijri, whole or in part, in any digits.

The catalog stores Gregorian ISO dates (the article's ``date``); a searcher in
Kabul thinks in Solar Hijri. A year before :data:`SOLAR_HIJRI_BEFORE` is read as
Solar Hijri (1404 is 2025; no Gregorian date of a living publication is that
early) and converted with jdatetime, which typography/localize writes dates with.
``1404``, ``1404-03`` and ``1404/03/20`` name a year, a month and a day: as a
lower bound their first day, as an upper bound their last.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from typeset.archive.spelling import fold

SOLAR_HIJRI_BEFORE = 1700
DATE = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$")


class DateError(ValueError):
    """A date that cannot be read; the message says what was expected."""


def day_range(text: str) -> tuple[date, date]:
    """The first and last Gregorian day that ``text`` (a year, a month or a day) names."""
    value = fold(text.strip(), "other")
    match = DATE.match(value)
    if not match:
        raise DateError(
            f"invalid date {text!r}: write YYYY-MM-DD (Gregorian, or Solar Hijri before {SOLAR_HIJRI_BEFORE})"
        )
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None
    try:
        if year < SOLAR_HIJRI_BEFORE:
            return _solar_hijri(year, month, day)
        first = date(year, month or 1, day or 1)
        if day:
            return first, first
        if month:
            return first, _next_month(first) - timedelta(days=1)
        return first, date(year, 12, 31)
    except ValueError:
        raise DateError(f"invalid date {text!r}: no such day") from None


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _solar_hijri(year: int, month: int | None, day: int | None) -> tuple[date, date]:
    import jdatetime  # lazily, as typography/localize does

    first = jdatetime.date(year, month or 1, day or 1)
    if day:
        last = first
    elif month:
        last = jdatetime.date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    else:
        last = jdatetime.date(year + 1, 1, 1) - timedelta(days=1)
    return first.togregorian(), last.togregorian()


def is_date(word: str) -> bool:
    """Whether a query's word is a date (a day with year, month and day, in any digits)."""
    match = DATE.match(fold(word, "other"))
    return bool(match and match.group(3))


def solar_hijri(iso: str) -> str:
    """The Solar Hijri form (YYYY-MM-DD) of a Gregorian ISO date, for display beside it."""
    import jdatetime

    return jdatetime.date.fromgregorian(date=date.fromisoformat(iso)).strftime("%Y-%m-%d")
