"""Which runs are isolated (typeset.typography.direction.split_runs): Latin tokens whole, paired punctuation with its
phrase, a Latin sentence with its own ! or ?, units of digits (issue 12). What the reader then sees is
checked in the PDF by tests/typography/test_numbers.py; these pin the rule at the cheaper depth."""

from __future__ import annotations

import pytest

from typeset.typography.direction import LRI, PDI, RLI, isolate_runs, split_runs


@pytest.mark.parametrize(
    ("text", "isolated"),
    [
        ("شبکهٔ 5G در کابل", ["5G"]),
        ("چاپ 3D و دههٔ 1990s و COVID-19 و F-16s و A4 و v2.1", ["3D", "1990s", "COVID-19", "F-16s", "A4", "v2.1"]),
        ("ایمیل 123@example.org است", ["123@example.org"]),
        ('روزنامهٔ "Kabul Times" newspaper چاپ شد', ['"Kabul Times" newspaper']),
        ("هواپیمای (JF-17) new خرید", ["(JF-17) new"]),
        ("هواپیمای JF-17 (new) خرید", ["JF-17 (new)"]),
        ("خبرهای «BBC» news امروز", ["«BBC» news"]),
        ("او گفت «Where are you?» و رفت", ["«Where are you?»"]),
        ("او گفت Where are you? و رفت", ["Where are you?"]),
        ("او گفت Stop! و رفت", ["Stop!"]),
        ("(به گزارش BBC) امروز", ["BBC"]),  # the bracket is the Dari phrase's: it stays outside
        ("«گزارش BBC» امروز", ["BBC"]),
        ("او از Microsoft.", ["Microsoft"]),  # the Dari sentence's own full stop
        ("او پرسید Where are you?", ["Where are you"]),  # at the paragraph's end, the ? ends the Dari sentence
        ("he said don't و", ["he said don't"]),  # an apostrophe is no quote
        ("نسخهٔ Windows 10، 25% بیشتر", ["Windows 10"]),  # the Persian comma ends the Latin run
        ("JF-17 (new و", ["JF-17", "new"]),  # a bracket the run does not close stays outside it
    ],
)
def test_latin_runs_in_dari(text: str, isolated: list[str]) -> None:
    assert [piece for kind, piece in split_runs(text, "rtl") if kind == "other"] == isolated


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("شماره +93 700 123 456 است", ["+93 700 123 456"]),
        ("شماره +1-202-555-0100 است", ["+1-202-555-0100"]),
        ("شابک 978-3-16-148410-0 است", ["978-3-16-148410-0"]),
        ("تاریخ 2025-06-10 و ۱۴۰۴/۰۳/۲۰", ["2025-06-10", "۱۴۰۴/۰۳/۲۰"]),
        ("ساعت 14:30 و 14:30:05", ["14:30", "14:30:05"]),
        ("نشانی 192.168.1.1 و نسخهٔ 2.1.3", ["192.168.1.1", "2.1.3"]),
        ("جمعیت 1,200,000 و 3.5 و 5-10 نفر", []),  # numbers and ranges are not units
    ],
)
def test_units_of_digits_in_dari(text: str, units: list[str]) -> None:
    assert [piece for kind, piece in split_runs(text, "rtl") if kind == "unit"] == units


def test_units_are_isolated_left_to_right() -> None:
    assert isolate_runs("شماره +93 700 123 456 است", "rtl") == f"شماره {LRI}+93 700 123 456{PDI} است"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the word «کتاب» means", f"the word {RLI}«کتاب»{PDI} means"),
        ("he wrote (در کابل) here", f"he wrote {RLI}(در کابل){PDI} here"),
        ("call +93 700 123 456 now", "call +93 700 123 456 now"),  # left to right already: nothing to isolate
        ("The 5G network", "The 5G network"),
    ],
)
def test_the_ltr_twins(text: str, expected: str) -> None:
    assert isolate_runs(text, "ltr") == expected


def test_every_character_is_kept() -> None:
    text = 'روزنامهٔ "Kabul Times" و (JF-17) new و +93 700 123 456 و 5G و «BBC» news؟'
    assert "".join(piece for _, piece in split_runs(text, "rtl")) == text
