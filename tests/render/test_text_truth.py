"""The text layer tells the truth (issue 10, item 4): what two extractors take from the shipped
articles' PDFs is the source's words, in logical order.

- poppler (pdftotext) gives right-to-left lines in logical order;
- pdfminer (pdfplumber's engine) gives every line in visual order, left to right: a line is turned
  back with the Unicode bidi algorithm (python-bidi), as a searcher's tool would, before its words
  are read.

Compared as a reader compares: whitespace, punctuation around a word, and the digits' script (typeset
sets Persian digits on Dari and Pashto pages: ``40`` is drawn ۴۰) do not count; ZWNJ, hamza and every
letter do.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
import yaml
from bidi import get_display
from pdfminer.high_level import extract_text

from tests import pdfread
from tests.conftest import DARI_SOURCE, INPUT, PASHTO_SOURCE, SEED_SOURCE

pytestmark = pytest.mark.slow  # renders PDFs

CONFIG = yaml.safe_load((INPUT / "publication.yaml").read_text(encoding="utf-8"))
SOURCES = {"seed": SEED_SOURCE, "dari": DARI_SOURCE, "pashto": PASHTO_SOURCE}
ZWNJ = "\u200c"  # the one format character that is part of a word; poppler's bidi embeddings are not
DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


def words(text: str) -> list[str]:
    out = []
    for word in re.sub("[\u202a-\u202e\u2066-\u2069]", " ", text).translate(DIGITS).split():
        word = "".join(c for c in word if c == "-" or c == ZWNJ or unicodedata.category(c)[0] not in "PSC")
        word = word.strip("-")
        if word:
            out.append(word)
    return out


def poppler(pdf: Path) -> list[str]:
    return re.sub("\u2010\\s*\n", "", pdfread.text(pdf)).splitlines()  # hyphenation's own hyphens go


def pdfminer(pdf: Path) -> list[str]:
    return [get_display(line, base_dir="R") for line in extract_text(pdf).splitlines()]


READERS = {"pdftotext": poppler, "pdfminer": pdfminer}


def body_words(source: Path) -> list[str]:
    """The words of the source's running text: its paragraphs, list items, verse and quotes, without the
    Markdown that marks them (note references, link targets, block fences)."""
    text = source.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    out: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(":::") or line.startswith("[^"):
            continue
        line = re.sub(r"\[\^\d+\]", "", line)
        line = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", line)
        line = re.sub(r"^(#+|>|\d+\.)\s*", "", line)
        out += words(line.replace("*", ""))
    return out


@pytest.fixture(scope="module")
def extracted(built: dict[str, Path]) -> dict[tuple[str, str], list[str]]:
    """(article, reader) → the lines it extracts."""
    pdfs = {name: built[source.stem] for name, source in SOURCES.items()}
    return {(name, reader): read(pdf) for name, pdf in pdfs.items() for reader, read in READERS.items()}


@pytest.mark.parametrize("reader", list(READERS))
@pytest.mark.parametrize("article", ["dari", "pashto"])
def test_every_word_of_the_body_is_read_whole(
    extracted: dict[tuple[str, str], list[str]], article: str, reader: str
) -> None:
    got = Counter(w for line in extracted[article, reader] for w in words(line))
    want = Counter(body_words(SOURCES[article]))
    missing = want - got
    assert not missing, f"{reader} misses {dict(missing)}"


@pytest.mark.parametrize("reader", list(READERS))
@pytest.mark.parametrize("article", list(SOURCES))
def test_the_masthead_and_the_verse_header_read_as_written(
    extracted: dict[tuple[str, str], list[str]], article: str, reader: str
) -> None:
    lines = [words(line) for line in extracted[article, reader]]
    assert words(CONFIG["masthead"]) in lines, "the Nastaliq masthead, word for word, in logical order"
    for beyt in CONFIG["verse_header"]:
        for hemistich in beyt:  # stretched with kashida: its words without the tatweels typeset inserted
            assert words(hemistich) in lines, hemistich


@pytest.mark.parametrize("reader", list(READERS))
def test_a_stretched_verse_line_reads_without_its_kashida(
    extracted: dict[tuple[str, str], list[str]], reader: str
) -> None:
    lines = [words(line) for line in extracted["dari", reader]]
    for hemistich in ("بنی آدم اعضای یکدیگرند", "دگر عضوها را نماند قرار"):
        assert words(hemistich) in lines, hemistich
    assert not any(pdfread.TATWEEL in line for line in extracted["dari", reader])


@pytest.mark.parametrize("reader", list(READERS))
def test_zwnj_and_hamza_words_are_whole(extracted: dict[tuple[str, str], list[str]], reader: str) -> None:
    got = Counter(w for line in extracted["dari", reader] for w in words(line))
    for word in ("می‌شود", "کتابخانه‌های", "نسخهٔ", "گفتهٔ", "حافظهٔ"):
        assert got[word] >= 1, word
    assert got["میشود"] == got["کتابخانههای"] == 0


def test_the_seed_reads_in_pdftotext_as_it_did(extracted: dict[tuple[str, str], list[str]]) -> None:
    """Latin text is untouched by the mending: every word of the seed is there (hyphens do not count:
    pdftotext joins a word its own hyphen breaks at a line end, as tests/render/test_pdf_seed.py says)."""
    got = {w.replace("-", "") for line in extracted["seed", "pdftotext"] for w in words(line)}
    missing = {w.replace("-", "") for w in body_words(SEED_SOURCE)} - got
    assert not missing, missing
