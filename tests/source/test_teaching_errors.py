"""Errors that teach (issue 23): notes called and not defined (or defined and not called) at their
lines, Solar Hijri dates in either digits, a section named by its key or a label, located errors
with hints that say why."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.conftest import Project
from typeset.errors import TypesetError
from typeset.source.config import find_config, load_publication
from typeset.source.markup import BodyContext, parse_body
from typeset.source.reader import read_article
from typeset.typography.localize import format_date

FRONT = "title: T\nauthor: A\ndate: {date}\nlang: {lang}\nsection: {section}\n"


def article(project: Project, date_text: str = "2025-06-03", section: str = "dari", lang: str = "fa-AF") -> Path:
    return project.source("a.md", front=FRONT.format(date=date_text, lang=lang, section=section))


def errors(path: Path) -> list[str]:
    with pytest.raises(TypesetError) as caught:
        read_article(path, load_publication(find_config(path)))
    return [d.format().removeprefix(f"{path.parent}/") for d in caught.value.diagnostics()]


def read(path: Path) -> date:
    return read_article(path, load_publication(find_config(path))).date


# --- dates --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["1404-03-13", "۱۴۰۴-۰۳-۱۳", "١٤٠٤-٠٣-١٣"])
def test_a_solar_hijri_date_in_either_digits_is_its_gregorian_day(project: Project, written: str) -> None:
    assert read(article(project, written)) == date(2025, 6, 3)


def test_a_solar_hijri_date_is_printed_in_the_articles_calendar(project: Project) -> None:
    day = read(article(project, "۱۴۰۴-۰۳-۳۰"))
    assert day == date(2025, 6, 20)
    assert "۱۴۰۴" in format_date(day, "fa-AF") and "۳۰" in format_date(day, "fa-AF")  # as a Gregorian date is
    assert format_date(day, "en") == format_date(date(2025, 6, 20), "en")


def test_a_gregorian_date_in_persian_digits_is_read(project: Project) -> None:
    assert read(article(project, "۲۰۲۵-۰۶-۰۳")) == date(2025, 6, 3)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        (
            "1404-12-30",  # 1404 is no leap year of the Solar Hijri calendar
            "a.md:4:7: error: invalid date '1404-12-30'\n"
            "  hint: it is read as Solar Hijri (its year is before 1700), and month 12 of 1404 has 29 days",
        ),
        (
            "1403-12-30",  # 1403 is
            None,
        ),
        (
            "2025-02-29",
            "a.md:4:7: error: invalid date '2025-02-29'\n  hint: it is read as Gregorian, and month 02 of 2025 has 28 days",
        ),
        (
            "1404-13-01",
            "a.md:4:7: error: invalid date '1404-13-01'\n"
            "  hint: it is read as Solar Hijri (its year is before 1700), which has months 01 to 12",
        ),
        (
            "3 June 2025",
            "a.md:4:7: error: invalid date '3 June 2025'\n"
            "  hint: write dates as YYYY-MM-DD, Gregorian (2025-06-03) or Solar Hijri (1404-03-13, a year before 1700)",
        ),
    ],
)
def test_a_date_of_neither_calendar_says_why(project: Project, written: str, expected: str | None) -> None:
    path = article(project, written)
    if expected is None:
        assert read(path) == date(2025, 3, 20)
    else:
        assert errors(path) == [expected]


# --- sections -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["dari", "دری", "Dari", "DARI"])
def test_a_section_is_named_by_its_key_or_either_label(project: Project, name: str) -> None:
    path = article(project, section=name)
    assert read_article(path, load_publication(find_config(path))).section.key == "dari"


@pytest.mark.parametrize(
    ("name", "hint"),
    [("دربی", "did you mean 'دری'?"), ("pashtu", "did you mean 'pashto'?"), ("Pashtoo", "did you mean 'Pashto'?")],
)
def test_an_unknown_section_is_matched_against_keys_and_labels(project: Project, name: str, hint: str) -> None:
    assert errors(article(project, section=name)) == [f"a.md:6:10: error: unknown section '{name}'\n  hint: {hint}"]


# --- notes --------------------------------------------------------------------------------------------


def body(text: str, direction: str = "rtl", lang: str = "fa-AF") -> list[str]:
    """The warnings of a body that starts at line 10 of a.md; its errors raise."""
    found = parse_body(text, Path("a.md"), 10, BodyContext(direction, lang))
    return [warning.format() for warning in found.warnings]


def body_errors(text: str) -> list[str]:
    with pytest.raises(TypesetError) as caught:
        body(text)
    return [diagnostic.format() for diagnostic in caught.value.diagnostics()]


def test_a_note_called_and_not_defined_is_an_error_at_its_call() -> None:
    assert body_errors("یک خط.\n\nیک یادداشت[^1] اینجا.\n\n[^2]: یادداشت دوم.\n") == [
        "a.md:12:11: error: note [^1] is called but not defined\n"
        "  hint: define it below the text, on a line of its own: [^1]: the note's text"
    ]


def test_a_note_called_from_a_note_and_not_defined_is_located_in_that_note() -> None:
    assert body_errors("Text[^a].\n\n[^a]: It calls [^b].\n") == [
        "a.md:12:16: error: note [^b] is called but not defined\n"
        "  hint: define it below the text, on a line of its own: [^b]: the note's text"
    ]


def test_a_note_defined_and_never_called_is_a_warning_at_its_definition() -> None:
    assert body("Text[^1].\n\n[^1]: Called.\n\n[^2]: Never called.\n", "ltr", "en") == [
        "a.md:14: warning: note [^2] is defined but never called: it is not printed\n"
        "  hint: call it where it belongs in the text with [^2], or remove it"
    ]


def test_notes_that_match_say_nothing_and_code_is_not_a_call() -> None:
    assert body("Text[^1] and `[^9]`.\n\n```\n[^8]\n```\n\n[^1]: Called.\n", "ltr", "en") == []


def test_an_escaped_call_is_text() -> None:
    assert body("\\[^1] and \\[^2\\] are written as text.\n", "ltr", "en") == []


def test_an_edition_names_a_section_by_a_label_and_once(project: Project) -> None:
    from typeset.source.edition import read_edition

    article(project)
    editions = project.root / "editions"
    editions.mkdir()
    head = "title: W\nnumber: 1\ndate: 1404-03-24\nlanguage: fa-AF\nsections:\n"
    path = editions / "x.yaml"
    path.write_text(head + "  - section: دری\n    articles: [../a.md]\n", encoding="utf-8")
    edition = read_edition(path)
    assert edition.date == date(2025, 6, 14)
    assert [entry.section.key for entry in edition.entries if entry.section] == ["dari"]
    path.write_text(
        head + "  - section: dari\n    articles: [../a.md]\n  - section: Dari\n    articles: []\n", encoding="utf-8"
    )
    with pytest.raises(TypesetError) as caught:
        read_edition(path)
    assert f"{path}:8:14: error: section 'Dari' is listed twice (first at line 6)" in caught.value.format()
