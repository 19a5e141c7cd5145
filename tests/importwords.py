"""The words of an old text and of the source imported from it, as the "nothing lost" tests compare them."""

from __future__ import annotations

import difflib
import re
import unicodedata
from pathlib import Path

_WORD = re.compile(r"\w+")
#: Both sides read alike: the corrections import makes (ي/ك, kashida) do not make a word another.
_FOLD = str.maketrans({"ي": "ی", "ك": "ک", "\u0640": None})
AS_WRITTEN = "  # as written: "
NOT_FROM_THE_TEXT = re.compile(r"  # (?:from |to fill: )")
_DERIVED = ("lang", "section")  # fields import adds (the language it told, the section key)
_FENCES = re.compile(r"^:::( verse| pullquote)?\s*$")


def words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFC", text).translate(_FOLD))


def source_words(source: str) -> tuple[list[list[str]], list[str]]:
    """The words of each front matter field (what was written, where a comment keeps it) and of the body."""
    lines = source.split("\n")
    assert lines[0] == "---"
    end = lines.index("---", 1)
    fields: list[list[str]] = []
    in_source = False
    for line in lines[1:end]:
        nested = line.startswith("  ")
        if nested and in_source:
            continue
        key, _, value = line.partition(":")
        in_source = AS_WRITTEN in line and key == "source"
        if AS_WRITTEN in line:
            fields.append(words(line.split(AS_WRITTEN, 1)[1]))
        elif NOT_FROM_THE_TEXT.search(line):  # given by an option, found in the body, or left to fill
            continue
        elif key.strip() not in _DERIVED and value.strip():
            fields.append(words(value))
    body = [line for line in lines[end + 1 :] if not _FENCES.match(line)]
    return fields, words("\n".join(body))


def remove_run(sequence: list[str], run: list[str]) -> list[str]:
    """``sequence`` without the first contiguous occurrence of ``run`` (which must be there)."""
    for start in range(len(sequence) - len(run) + 1):
        if sequence[start : start + len(run)] == run:
            return sequence[:start] + sequence[start + len(run) :]
    raise AssertionError(f"not in the text, in this order: {' '.join(run)}")


def text_words_after_header(path: Path, header_lines: int) -> list[str]:
    lines = path.read_text(encoding="utf-8").split("\n")
    return words("\n".join(lines[header_lines:]))


_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_LATIN = "a-zA-Z\u00c0-\u024f"
_TOKEN = re.compile(rf"[{_LATIN}]+|[^\W\d_{_LATIN}]+|\d+")


def reader_words(text: str) -> list[str]:
    """The words a reader compares between an old text and a PDF's extracted text, after the stated
    normalisations: a hyphen of hyphenation at a line's end joins its word again; harakat and other marks,
    tatweel and the format characters (ZWNJ, bidi controls) do not count; Arabic ي/ك read as ی/ک; digits
    of every kind read as ASCII; digits, Latin letters and other letters are words apart (the PDF sets
    ``څخه۱۲`` as ``څخه ۱۲``; pdftotext drops the space between ``Hamburg بتواند``)."""
    text = re.sub("\u2010\\s*\n", "", unicodedata.normalize("NFC", text))
    text = "".join(char for char in text if unicodedata.category(char) not in ("Mn", "Cf"))
    return _TOKEN.findall(text.translate(_FOLD).translate(_DIGITS))


def kept_in_order(original: list[str], result: list[str]) -> float:
    """The share of ``original``'s words that ``result`` has in the same order (their longest common run)."""
    if not original:
        return 1.0
    matcher = difflib.SequenceMatcher(None, original, result, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(original)
