"""The catalog's spelling: what meets what, in Dari, Pashto and the Latin languages."""

from __future__ import annotations

import pytest

from typeset.archive.spelling import family, fold, guess_family, index_words, query_words


def meets(query: str, text: str, fam: str) -> bool:
    """Whether every word of ``query`` is among the words ``text`` is indexed under, or, as the catalog
    also asks, the query's words joined (a text that wrote «میشود», a query «می شود»)."""
    indexed = set(index_words(text, fam))
    words = query_words(query, fam)
    return all(word in indexed for word in words) or "".join(words) in indexed


def test_families() -> None:
    assert [family(lang) for lang in ("fa", "fa-AF", "ps", "en", "de", "fr-CH", "ur", None)] == [
        "fa",
        "fa",
        "ps",
        "en",  # English, German and French are stemmed, each with its own stemmer
        "de",
        "fr",
        "other",
        "other",
    ]


@pytest.mark.parametrize("query", ["كتاب", "کتاب", "ﻛﺘﺎﺏ", "کـــتاب", "كِتاب"])
def test_dari_kaf_tatweel_harakat_presentation_forms(query: str) -> None:
    assert query_words(query, "fa") == ["کتاب"]


def test_dari_yeh_arabic_or_persian() -> None:
    assert query_words("ديجيتال", "fa") == query_words("دیجیتال", "fa") == ["دیجیتال"]
    assert query_words("مسئول", "fa") == ["مسیول"]  # ئ → ی, as the brief asks


def test_pashto_keeps_its_five_yehs() -> None:
    words = query_words("ولي ولی دې ۍ واستوئ", "ps")
    assert words == ["ولي", "ولی", "دې", "ۍ", "واستوئ"]
    assert query_words("كتاب", "ps") == ["کتاب"]  # Pashto writes ک too
    assert query_words("گل", "ps") == query_words("ګل", "ps") == ["ګل"]  # Pashto has one g


@pytest.mark.parametrize("text", ["می‌شود", "میشود", "می شود"])
@pytest.mark.parametrize("query", ["می‌شود", "میشود", "می شود"])
def test_zwnj_present_absent_or_a_space(query: str, text: str) -> None:
    assert meets(query, text, "fa")


def test_zwnj_word_indexed_joined_and_in_parts() -> None:
    assert list(index_words("کتابخانه‌ها", "fa")) == ["کتابخانهها", "کتابخانه", "ها"]
    assert list(index_words("کتابخانه ها", "fa")) == ["کتابخانه", "ها", "کتابخانهها"]  # the clitic joined too


@pytest.mark.parametrize("text", ["نسخهٔ", "نسخۀ", "نسخه‌ی", "نسخه"])
def test_ezafe_forms(text: str) -> None:
    assert query_words(text, "fa") == ["نسخه"]


@pytest.mark.parametrize(("variant", "base"), [("أحمد", "احمد"), ("إسلام", "اسلام"), ("آب", "اب"), ("مؤسسه", "موسسه")])
def test_hamza_forms(variant: str, base: str) -> None:
    assert query_words(variant, "fa") == query_words(base, "fa") == [base]


def test_ta_marbuta() -> None:
    assert query_words("مدرسة", "fa") == ["مدرسه"]


@pytest.mark.parametrize("digits", ["۱۲۰۰۰", "١٢٠٠٠", "12000", "12,000", "۱۲٬۰۰۰"])
def test_digits(digits: str) -> None:
    assert query_words(digits, "fa") == ["12000"]


@pytest.mark.parametrize(
    ("query", "text"),
    [("strasse", "Straße"), ("uber", "Über"), ("ECOLE", "école"), ("francais", "Français"), ("naïve", "NAIVE")],
)
def test_latin_case_and_accents(query: str, text: str) -> None:
    assert query_words(query, "other") == query_words(text, "other")


def test_fold_keeps_zwnj_and_drops_invisibles() -> None:
    assert fold("می\u200cشود\u200f", "fa") == "می\u200cشود"


def test_a_query_with_pashto_letters_is_pashto() -> None:
    assert guess_family("پښتو") == "ps"
    assert guess_family("ولي") is None  # the Pashto «why» and the Dari «but» typed on an Arabic keyboard
