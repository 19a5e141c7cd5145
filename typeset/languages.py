"""The languages an article may be written in, in one table: what every stage needs to know of each.

The reader accepts a ``lang`` that is a key of :data:`LANGUAGES`; typography sets its direction,
digits, number signs and dates from its row; the theme its endnotes' and an edition's words; the
catalog folds its spelling by its family. A language added here is added everywhere (its fonts
aside: ``fonts/``). Data only, no I/O and no imports from the stages, which all use it.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Solar Hijri month names, Hamal (Farvardin) first. No library carries the Afghan (Dari) or Pashto names;
#: the Iranian (fa) names come from jdatetime. Letters are kept as written: Pashto ګ ښ ږ ۍ are not normalised.
_DARI_MONTHS = ("حمل", "ثور", "جوزا", "سرطان", "اسد", "سنبله", "میزان", "عقرب", "قوس", "جدی", "دلو", "حوت")
_PASHTO_MONTHS = ("وری", "غویی", "غبرګولی", "چنګاښ", "زمری", "وږی", "تله", "لړم", "لیندۍ", "مرغومی", "سلواغه", "کب")


@dataclass(frozen=True)
class Language:
    """One language's facts, as the stages read them."""

    code: str  # BCP 47, as a source's ``lang`` writes it
    name: str  # in English (hints, the importer's notes)
    script: str  # ISO 15924: Latn or Arab
    direction: str  # ltr or rtl: the direction of its blocks
    digits: str  # CLDR's numbering system of the digits it is set in: latn (0–9), arabext (۰–۹), arab (٠–٩)
    number_locale: str | None  # Babel's locale for its number signs (None: ASCII digits, signs as typed)
    date_locale: str  # Babel's locale for a Gregorian date in words (English day-first, as en_GB writes it)
    date_style: str  # the style its dates take when none is asked for (typeset.typography.localize.DATE_STYLES)
    months: tuple[str, ...] | None  # its Solar Hijri month names, where no library has them
    endnotes: str  # the title of the endnotes section
    contents: str  # an edition's contents heading
    issue: str  # the word before an edition's number on its cover ("No. 12", «شمارهٔ ۱۲»: ezafe's hamza, U+0654)
    note_heading: str  # the heading of an edition's editor's note
    spelling: str  # the catalog's spelling family (typeset.archive.spelling): fa, ps, en, de, fr (stemmed) or other
    hyphenation: str  # the tag the engine hyphenates its text by (en is American English: en-US; en-GB British)


def _latin(code: str, name: str, date_locale: str, endnotes: str, contents: str, issue: str, note_heading: str,
           *, hyphenation: str = "") -> Language:  # fmt: skip
    return Language(
        code, name, "Latn", "ltr", digits="latn", number_locale=None, date_locale=date_locale, date_style="house",
        months=None, endnotes=endnotes, contents=contents, issue=issue, note_heading=note_heading,
        spelling=code.split("-")[0],
        hyphenation=hyphenation or code,
    )  # fmt: skip


def _arabic(code: str, name: str, digits: str, date_style: str, endnotes: str, contents: str, issue: str,
            note_heading: str, *, locale: str = "", months: tuple[str, ...] | None = None,
            spelling: str = "fa") -> Language:  # fmt: skip
    locale = locale or code
    return Language(
        code, name, "Arab", "rtl", digits=digits, number_locale=locale, date_locale=locale, date_style=date_style,
        months=months, endnotes=endnotes, contents=contents, issue=issue, note_heading=note_heading,
        spelling=spelling, hyphenation=code,
    )  # fmt: skip


LANGUAGES: dict[str, Language] = {
    language.code: language
    for language in (
        _latin("en", "English", "en_GB", "Notes", "Contents", "No.", "Editor's note", hyphenation="en-US"),
        _latin("en-GB", "British English", "en_GB", "Notes", "Contents", "No.", "Editor's note"),
        _latin("de", "German", "de", "Anmerkungen", "Inhalt", "Nr.", "Editorial"),
        _latin("fr", "French", "fr", "Notes", "Sommaire", "N°", "Éditorial"),
        _arabic("fa", "Persian", "arabext", "solar-hijri", "یادداشت‌ها", "فهرست", "شمارهٔ", "سخن سردبیر"),
        _arabic(
            "fa-AF",
            "Dari",
            "arabext",
            "solar-hijri",
            "یادداشت‌ها",
            "فهرست",
            "شمارهٔ",
            "سخن سردبیر",
            locale="fa_AF",
            months=_DARI_MONTHS,
        ),
        _arabic(
            "ps",
            "Pashto",
            "arabext",
            "solar-hijri",
            "یادښتونه",
            "فهرست",
            "ګڼه",
            "د مدیر خبرې",
            months=_PASHTO_MONTHS,
            spelling="ps",
        ),
        _arabic("ar", "Arabic", "arab", "gregorian", "الحواشي", "المحتويات", "العدد", "كلمة التحرير"),
        _arabic("ur", "Urdu", "arabext", "gregorian", "حواشی", "فہرست", "شمارہ", "اداریہ", spelling="other"),
    )
}
#: The language whose words stand in for a language not in the table (a tag read from an old file).
FALLBACK = LANGUAGES["en"]
#: Other tags for a language of the table (ISO 639-3 ``prs``, Dari, as catalogs and old files write it).
ALIASES = {"prs": "fa-AF"}


def language(code: str) -> Language:
    """The row of ``code`` (an alias's, or a tag's primary subtag's: ``fa-IR`` is fa), else English's."""
    for tag in (code, code.split("-")[0]):
        tag = ALIASES.get(tag, tag)
        if tag in LANGUAGES:
            return LANGUAGES[tag]
    return FALLBACK


def direction_of(code: str) -> str:
    """``rtl`` or ``ltr``: the direction of a block in ``code`` (ltr for a language not in the table)."""
    row = LANGUAGES.get(code)
    return row.direction if row else "ltr"
