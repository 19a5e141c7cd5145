"""The publication's header block at the top of an old text, found by comparing with the config.

Texts extracted from the house PDFs begin with what the theme sets above every
article: the masthead, the monogram, the verse header (each beyt on one line, or
each hemistich on its own), the website, the e-mail address, the publication's
name and the section label in either language. Each leading line is compared
with those, letters only (spaces, punctuation, tatweel, ZWNJ and Arabic ي/ك do
not count), and allowed a small difference (the seed's verse header has نپاشد
for نباشد: an extraction's misreading, still the config's couplet); matching stops
at the first line that is none of them. Only what matched is left out of the
body, and a line matched inexactly is named in a note.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from typeset.model import Publication

#: The least similarity (difflib's ratio of the letters) of a line taken as a header element; short
#: elements (the monogram, a section label) must match exactly.
SIMILAR = 0.9
_SHORT = 12
_FOLD = str.maketrans({"ي": "ی", "ك": "ک", "ى": "ی", "\u0640": None, "\u200c": None})


def letters(text: str) -> str:
    """``text`` as header lines are compared: its letters and digits, case-folded."""
    text = unicodedata.normalize("NFKC", text).translate(_FOLD).casefold()
    return "".join(char for char in text if unicodedata.category(char)[0] in "LN")


@dataclass(frozen=True)
class Element:
    kind: str  # masthead, monogram, verse, website, email, name, section
    text: str
    section: str | None = None  # the section key of a section label


@dataclass(frozen=True)
class Header:
    lines: int  # how many lines of the text (from its top) the header block takes
    section: str | None  # the section key its label names
    notes: list[tuple[int, str]]  # (line, note)
    matched: list[tuple[int, Element]]


def elements(publication: Publication) -> list[Element]:
    found = [
        Element("masthead", publication.masthead),
        Element("monogram", publication.monogram),
        Element("website", publication.website),
        Element("email", publication.email),
        Element("name", publication.name),
        Element("name", publication.name_rtl),
    ]
    for beyt in publication.verse_header:
        found.append(Element("verse header", " ".join(beyt)))
        found.extend(Element("verse header", hemistich) for hemistich in beyt)
    for key, section in publication.sections.items():
        found.append(Element("section label", section.label_en, key))
        found.append(Element("section label", section.label_fa, key))
    return [element for element in found if letters(element.text)]


def _match(line: str, candidates: list[Element]) -> tuple[Element, float] | None:
    own = letters(line)
    if not own:
        return None
    best: tuple[Element, float] | None = None
    for element in candidates:
        theirs = letters(element.text)
        if own == theirs:
            return element, 1.0
        if min(len(own), len(theirs)) < _SHORT:
            continue
        ratio = difflib.SequenceMatcher(None, own, theirs, autojunk=False).ratio()
        if ratio >= SIMILAR and (best is None or ratio > best[1]):
            best = element, ratio
    return best


def find_header(lines: list[str], publication: Publication) -> Header:
    """The header block at the top of ``lines`` (blank lines within it and after it belong to it)."""
    candidates = elements(publication)
    end = 0
    section = None
    notes: list[tuple[int, str]] = []
    matched: list[tuple[int, Element]] = []
    for number, line in enumerate(lines):
        if not line.strip():
            continue
        found = _match(line, candidates)
        if found is None:
            break
        element, ratio = found
        matched.append((number + 1, element))
        if element.section and section is None:
            section = element.section
        if ratio < 1.0:
            shown = re.sub(r"\s+", " ", line.strip())
            notes.append((number + 1, f"took '{shown}' as the {element.kind} '{element.text}' (not exactly the same)"))
        end = number + 1
    if matched:
        kinds = ", ".join(dict.fromkeys(element.kind for _, element in matched))
        notes.insert(0, (1, f"left out the header block, lines 1-{end} ({kinds}), matched with the publication"))
    return Header(end, section, notes, matched)
