"""The importer's pieces: dates, couplet splitting, language, header matching, corrections, escaping."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import INPUT
from typeset.importer import language
from typeset.importer.dates import trailing_date, whole_date
from typeset.importer.header import find_header
from typeset.importer.normalise import Normaliser, Options
from typeset.importer.paragraphs import split_couplet
from typeset.importer.writer import escape
from typeset.source.config import load_publication


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("03.06.2025", date(2025, 6, 3)),
        ("۱۳.۰۳.۱۴۰۴", date(2025, 6, 3)),  # Solar Hijri, Persian digits
        ("13/03/1404", date(2025, 6, 3)),
        ("1404/03/13", date(2025, 6, 3)),
        ("2025/06/12", date(2025, 6, 12)),
        ("June 02, 2025", date(2025, 6, 2)),
        ("5 June 2025", date(2025, 6, 5)),
        ("۱۳ جوزا ۱۴۰۴", date(2025, 6, 3)),
    ],
)
def test_dates(written: str, day: date) -> None:
    found = whole_date(written)
    assert found is not None and found.day == day and found.written == written


def test_not_dates() -> None:
    assert whole_date("31.02.2025") is None
    assert whole_date("In 2025 it rained") is None
    found = trailing_date("[Taut Bataut](#), June 02, 2025")
    assert found is not None and found[0] == "[Taut Bataut](#), " and found[1].day == date(2025, 6, 2)


@pytest.mark.parametrize(
    ("line", "first", "how"),
    [
        # No gap: the boundary that balances the letters (glyph widths in Amiri would split both a word off).
        ("بنی آدم اعضای یکدیگرند که در آفرینش ز یک گوهرند", "بنی آدم اعضای یکدیگرند", "balances"),
        ("چو عضوی به درد آورد روزگار دگر عضوها را نماند قرار", "چو عضوی به درد آورد روزگار", "balances"),
        (
            "ګلونه کره چې سیمه دې ګلزار شي اغزي مه کره په پښو کې به دې خلېږي",
            "ګلونه کره چې سیمه دې ګلزار شي",
            "balances",
        ),
        ("بشنو این نی چون شکایت می‌کند ـــــ از جدایی‌ها حکایت می‌کند", "بشنو این نی چون شکایت می‌کند", "rule"),
        (
            "ز کوی یار می‌آید نسیم باد نوروزی\tازین باد ار مدد خواهی چراغ دل برافروزی",
            "ز کوی یار می‌آید نسیم باد نوروزی",
            "gap",
        ),
    ],
)
def test_couplet_split(line: str, first: str, how: str) -> None:
    hemistichs, said = split_couplet(line)
    assert hemistichs[0] == first and " ".join(hemistichs).split() == [w for w in line.split() if w != "ـــــ"]
    assert how in said


def test_a_hemistich_alone_is_not_split() -> None:
    assert split_couplet("بنی آدم اعضای یکدیگرند") == (["بنی آدم اعضای یکدیگرند"], "")


def test_language_by_letters() -> None:
    assert language.detect("کتابخانه‌های دیجیتال در کابل و هرات") == "fa-AF"
    assert language.detect("د پښتو ژبې ډیجیټل راتلونکی او ښوونځی") == "ps"
    assert language.detect("The libraries of Kabul reopen, and the readers come back.") == "en"
    assert language.detect("Die Bibliotheken von Kabul sind wieder offen und die Leser kommen.") == "de"


def test_header_is_matched_inexactly_with_a_note_and_stops_at_the_first_other_line() -> None:
    publication = load_publication(INPUT / "publication.yaml")
    lines = [
        "افغانستان آزاد – آزاد افغانستان",
        "",
        "چو کشور نپاشد تن من مباد بدین بوم و بر زنده یک تن مباد",
        "Dari",
        "Title",
    ]
    header = find_header(lines, publication)
    assert header.lines == 4 and header.section == "dari"
    assert any(line == 3 and "not exactly the same" in note for line, note in header.notes)


def test_corrections_are_counted_and_pashto_is_left_alone() -> None:
    dari = Normaliser("fa-AF", Options())
    assert dari.text("يك كتـــاب ، خوب .", 4) == "یک کتاب، خوب."
    assert [note for _, note in dari.notes()] == [
        "made 3 Arabic ي/ك Persian ی/ک (--no-arabic-letters keeps them)",
        "removed 1 hand-typed kashida run (--keep-kashida keeps them)",
        "removed 2 spaces before punctuation (--keep-spaces keeps them)",
    ]
    pashto = Normaliser("ps", Options())
    assert pashto.text("زه ښوونکي يم او هغې ښوونځۍ ته ځي", 1) == "زه ښوونکي يم او هغې ښوونځۍ ته ځي"
    assert dari.text("ـــــ", 9) == "ـــــ"  # a rule is not a kashida


@pytest.mark.parametrize(
    ("line", "escaped"),
    [("# not a heading", "\\# not a heading"), ("1. not a list", "1\\. not a list"), ("::: x", "\\::: x")],
)
def test_markdown_escaped(line: str, escaped: str) -> None:
    assert escape(line) == escaped
