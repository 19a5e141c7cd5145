"""Dates as old texts write them: dd.mm.yyyy, yyyy/mm/dd, "June 02, 2025", "۱۳ جوزا ۱۴۰۴".

Persian (۰–۹) and Arabic-Indic (٠–٩) digits are read as ASCII; a year before
1700 is a Solar Hijri year (the Afghan and Iranian calendar), converted to the
Gregorian date with jdatetime.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from typeset.typography import localize

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_MONTHS_EN = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_SOLAR_MONTHS = {
    name: number
    for names in (*localize.SOLAR_HIJRI_MONTHS.values(), localize.solar_hijri_months("fa"))
    for number, name in enumerate(names, start=1)
}
_D = r"[0-9۰-۹٠-٩]"
_NUMERIC = (
    re.compile(rf"(?P<d>{_D}{{1,2}})[./\-](?P<m>{_D}{{1,2}})[./\-](?P<y>{_D}{{4}})"),
    re.compile(rf"(?P<y>{_D}{{4}})[./\-](?P<m>{_D}{{1,2}})[./\-](?P<d>{_D}{{1,2}})"),
)
_MONTH_NAME = "|".join(sorted([*(m.capitalize() for m in _MONTHS_EN), *_SOLAR_MONTHS], key=len, reverse=True))
_WORDS = (
    re.compile(rf"(?P<mn>{_MONTH_NAME})\s+(?P<d>{_D}{{1,2}}),?\s+(?P<y>{_D}{{4}})", re.IGNORECASE),
    re.compile(rf"(?P<d>{_D}{{1,2}})\.?\s+(?P<mn>{_MONTH_NAME})\s+(?P<y>{_D}{{4}})", re.IGNORECASE),
)
PATTERNS = _NUMERIC + _WORDS


@dataclass(frozen=True)
class FoundDate:
    day: date
    written: str  # as the text has it
    solar: bool  # converted from the Solar Hijri calendar


def _build(match: re.Match[str]) -> FoundDate | None:
    year = int(match["y"].translate(_DIGITS))
    day = int(match["d"].translate(_DIGITS))
    groups = match.groupdict()
    if groups.get("mn"):
        name = groups["mn"]
        month = _SOLAR_MONTHS.get(name) or _MONTHS_EN.index(name.lower()) + 1
    else:
        month = int(match["m"].translate(_DIGITS))
    try:
        if year < 1700:
            import jdatetime  # lazily: only Solar Hijri dates need it

            return FoundDate(jdatetime.date(year, month, day).togregorian(), match.group(), True)
        return FoundDate(date(year, month, day), match.group(), False)
    except (ValueError, KeyError):
        return None


def whole_date(text: str) -> FoundDate | None:
    """The date ``text`` is (nothing else on the line but spaces), or None."""
    text = text.strip()
    for pattern in PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            return _build(match)
    return None


def trailing_date(text: str) -> tuple[str, FoundDate] | None:
    """``NAME, DATE`` (a closing byline): the text before the date and the date, or None."""
    text = text.rstrip()
    for pattern in PATTERNS:
        for match in pattern.finditer(text):
            if match.end() == len(text):
                found = _build(match)
                if found:
                    return text[: match.start()], found
    return None
