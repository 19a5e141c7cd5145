"""Deciding direction: blocks by their letters, inline runs isolated."""

from __future__ import annotations

import pytest

from typeset.typography.direction import LRI, PDI, RLI, block_direction, isolate_runs


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("در سال ۲۰۲۵ خریداری شد", "rtl"),
        ("Microsoft Office در دفترهای دولتی افغانستان به کار می‌رود", "rtl"),  # starts Latin, is Dari
        ("The poet فردوسی wrote the Shahnameh", "ltr"),
        ("12345 !?", "ltr"),  # no letters: the default
    ],
)
def test_block_direction(text: str, expected: str) -> None:
    assert block_direction(text, "ltr") == expected


@pytest.mark.parametrize(
    ("text", "base", "expected"),
    [
        ("هواپیمای JF-17 (new) خرید.", "rtl", f"هواپیمای {LRI}JF-17 (new){PDI} خرید."),
        ("کتاب Hello, world! را", "rtl", f"کتاب {LRI}Hello, world!{PDI} را"),  # its own "!" (issue 12)
        ("I met احمد شاه 3 times.", "ltr", f"I met {RLI}احمد شاه{PDI} 3 times."),
        ("Say می‌شود now", "ltr", f"Say {RLI}می\u200cشود{PDI} now"),
        ("plain English", "ltr", "plain English"),
        ("فقط دری", "rtl", "فقط دری"),
    ],
)
def test_isolate_runs(text: str, base: str, expected: str) -> None:
    assert isolate_runs(text, base) == expected
