"""The publication's name in both scripts (``name: {en: …, fa: …}``): each page's running head shows the
name in its article's script; a plain name stays valid; a bad mapping is an error at its line."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from tests.conftest import Project
from tests.source.test_config_checks import config_with
from typeset.source.config import load_publication

pytestmark = pytest.mark.slow  # renders PDFs

HEAD_BOTTOM = 18 * 72 / 25.4  # the top margin of the house page (18mm): the running head stands in it


def _running_head(pdf: Path, page: int = 1) -> str:
    """The glyphs drawn in the top margin of page ``page`` (0-based), left to right."""
    with pdfplumber.open(pdf) as document:
        chars = [c for c in document.pages[page].chars if c["bottom"] < HEAD_BOTTOM]
    return "".join(c["text"] for c in sorted(chars, key=lambda c: c["x0"]))


def test_the_house_config_names_the_publication_in_both_scripts() -> None:
    publication = load_publication(Path(__file__).parents[2] / "input" / "publication.yaml")
    assert (publication.name, publication.name_rtl) == ("Afghanistan Azad", "افغانستان آزاد")


def test_a_dari_page_shows_the_persian_name(built: dict[str, Path]) -> None:
    head = _running_head(built["2025-06-10-digital-libraries-dari"])
    assert "Afghanistan" not in head
    with pdfplumber.open(built["2025-06-10-digital-libraries-dari"]) as document:
        page = document.pages[1]
        right = [c for c in page.chars if c["bottom"] < HEAD_BOTTOM and c["x0"] > page.width / 2]
    assert {c["text"] for c in right} >= set("افغانستازد"), "the name on the right-hand end, its letters drawn"


def test_an_english_page_shows_the_latin_name(built: dict[str, Path]) -> None:
    head = _running_head(built["2025-06-03-pakistan-diplomatic-reawakening"])
    assert head.startswith("Afghanistan Azad")
    assert not any("\u0600" <= c <= "\u06ff" for c in head)


def test_a_plain_name_stays_valid(tmp_path: Path) -> None:
    publication = load_publication(config_with(tmp_path, name="name: Afghanistan Azad"))
    assert (publication.name, publication.name_rtl, publication.name_in("rtl")) == (
        "Afghanistan Azad",
        "",
        "Afghanistan Azad",
    )


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        ("name: {en: Afghanistan Azad}", 7, "'name' needs its name in Persian script ('fa') as text"),
        ("name: {en: Afghanistan Azad, fa: 3}", 34, "'name' needs its name in Persian script ('fa') as text"),
        ("name: {en: '', fa: افغانستان آزاد}", 13, "'name' needs its name in Latin letters ('en') as text"),
        ("name: {en: A, fa: ب, de: C}", 22, "unknown language 'de' in 'name'"),
    ],
)
def test_a_bad_name_mapping_is_located(project: Project, line: str, column: int, message: str) -> None:
    config = config_with(project.root, name=line)
    number = config.read_text(encoding="utf-8").splitlines().index(line) + 1
    code, _, err = project.run("check", str(project.source("a.md")))
    assert code == 1
    assert f"{config}:{number}:{column}: error: {message}" in err, err
    assert "hint: a name, or one in both scripts" in err
