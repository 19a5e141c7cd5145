"""The fields an old text does not say: filled from the command line, the file name or the body, else left to fill.

An archive's texts were saved from web pages that often carry no byline and no
date, or a date in the body; import never refuses one for that. The date is the
top's date line, else the closing byline's, else the file name's
(``2014-12-15-kabul.txt``), else one on the text's first lines
(``[15.Aug.2022 - 14:23]پښتونخوا``), else ``--date``, else the first anywhere in
the text, each said in a note. ``--author`` names the author of a text without a
byline. What is still missing is written empty in the source, where ``typeset
check`` names it at its line until the editor fills it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from typeset.importer import dates
from typeset.importer.structure import Field, Parts

Notes = list[tuple[int, str]]
#: A date on one of the text's first lines (not a line of its own) is taken before ``--date``.
FIRST_LINES = 5
REQUIRED = ("title", "author", "date")


@dataclass(frozen=True)
class Defaults:
    """What the command line gives for a field the text does not say (``--author``, ``--date``, ``--section``),
    and the language when the editor knows it (``--lang``, instead of the one its letters tell)."""

    author: str | None = None
    date: date | None = None
    section: str | None = None
    lang: str | None = None


def _date(parts: Parts, lines: list[str], first: int, path: Path, defaults: Defaults, notes: Notes) -> None:
    if parts.source_date is not None:
        parts.date, parts.date_from = parts.source_date, "the closing byline"
        notes.append((parts.source_line.line if parts.source_line else 1, "took the closing byline's date as the date"))
        return
    found = dates.file_name_date(path.stem)
    if found is not None:
        parts.date, parts.date_from = found, f"the file name, {found.written}"
        notes.append((1, f"took the date {found.day.isoformat()} from the file name ({found.written})"))
        return
    numbers = [n for n in range(first, len(lines)) if lines[n].strip()]
    near, far = numbers[:FIRST_LINES], numbers[FIRST_LINES:]
    for number in near + (far if defaults.date is None else []):
        found = dates.first_date(lines[number])
        if found is not None:
            parts.date, parts.date_from = found, f"line {number + 1}, {found.written}"
            notes.append((number + 1, f"took the date {found.day.isoformat()} from this line ({found.written})"))
            return
    if defaults.date is not None:
        parts.date = dates.FoundDate(defaults.date, defaults.date.isoformat(), False)
        parts.date_from = "--date"


def fill(parts: Parts, lines: list[str], first: int, path: Path, defaults: Defaults, notes: Notes) -> list[str]:
    """Fill ``parts``' date and author from what else there is (``lines``: the text, ``first``: the index of
    its first line after the header block); the names of the fields still missing."""
    if parts.date is None:
        _date(parts, lines, first, path, defaults, notes)
    if parts.author is None and defaults.author:
        parts.author = Field(defaults.author, 0, "", given="--author")
    missing = [key for key in REQUIRED if getattr(parts, key) is None]
    for key in missing:
        notes.append((first + 1, f"no {key} in the text: '{key}' is left empty, to fill"))
    return missing
