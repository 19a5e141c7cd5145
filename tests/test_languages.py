"""The one table of languages (typeset.languages): every language an article may be written in has its row,
and what the stages read from it; sections carry a label per language."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.source.test_config_checks import config_with, error_of
from typeset.archive.spelling import family
from typeset.languages import LANGUAGES, direction_of, language
from typeset.model import LANGUAGES as ACCEPTED
from typeset.source.config import load_publication
from typeset.typography import localize

DIGITS = {"latn": "2025", "arabext": "۲۰۲۵", "arab": "٢٠٢٥"}


def test_the_table_holds_every_language_the_reader_accepts() -> None:
    assert list(ACCEPTED) == ["en", "en-GB", "de", "fr", "fa", "fa-AF", "ps", "ar", "ur"] == list(LANGUAGES)
    assert {code: row.direction for code, row in LANGUAGES.items() if row.script == "Arab"} == dict.fromkeys(
        ["fa", "fa-AF", "ps", "ar", "ur"], "rtl"
    )


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_a_row_is_what_typography_sets(code: str) -> None:
    row = LANGUAGES[code]
    assert direction_of(code) == row.direction
    assert localize.native_digits("2025", code) == DIGITS[row.digits]
    assert localize.default_date_style(code) == row.date_style
    assert (localize.number_signs(code) is None) == (row.number_locale is None)


def test_the_words_the_theme_sets_come_from_the_table() -> None:
    assert [language(code).endnotes for code in ("en", "de", "fa-AF", "ps")] == [
        "Notes",
        "Anmerkungen",
        "یادداشت‌ها",
        "یادښتونه",
    ]
    assert (language("ps").contents, language("ps").issue) == ("فهرست", "ګڼه")
    assert language("xx") == language("en"), "a tag not in the table: English words"


def test_the_catalogs_spelling_family_by_tag_alias_and_subtag() -> None:
    assert [family(code) for code in ("fa-AF", "prs", "fa-IR", "ar", "ps", "ur", "de", "", "xx")] == [
        "fa",
        "fa",
        "fa",
        "fa",
        "ps",
        "other",
        "de",
        "other",
        "other",
    ]


SECTIONS = (
    "sections:\n"
    "  european-languages: {en: European Languages, fa: زبانهای اروپایی, de: Europäische Sprachen}\n"
    "  dari: {en: Dari, fa: دری}\n"
    "  pashto: {en: Pashto, fa: پښتو, ps: پښتو ژبه}"
)


def test_a_section_carries_a_label_per_language(tmp_path: Path) -> None:
    sections = load_publication(config_with(tmp_path, sections=SECTIONS)).sections
    european, pashto = sections["european-languages"], sections["pashto"]
    assert (european.label_en, european.label_fa) == ("European Languages", "زبانهای اروپایی")
    assert [european.label(code) for code in ("de", "fr", "fa-AF")] == [
        "Europäische Sprachen",
        "European Languages",
        "زبانهای اروپایی",
    ]
    assert (pashto.label("ps"), pashto.label("en"), sections["dari"].label("ps")) == ("پښتو ژبه", "Pashto", "دری")


def test_a_label_in_a_language_not_in_the_table_is_a_located_error(tmp_path: Path) -> None:
    path = config_with(tmp_path, sections="sections:\n  dari: {en: Dari, fa: دری, xx: Dari}")
    line = path.read_text(encoding="utf-8").splitlines().index("  dari: {en: Dari, fa: دری, xx: Dari}") + 1
    assert error_of(path).splitlines() == [
        f"{path}:{line}:9: error: section 'dari' needs its label in both languages (en and fa)",
        "  hint: e.g. european-languages: {en: European Languages, fa: زبانهای اروپایی, de: Europäische Sprachen}"
        " (labels in en, en-GB, de, fr, fa, fa-AF, ps, ar, ur may be given)",
    ]
