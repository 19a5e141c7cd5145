"""The words of an old text and of the source imported from it, as the "nothing lost" tests compare them."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

_WORD = re.compile(r"\w+")
#: Both sides read alike: the corrections import makes (ي/ك, kashida) do not make a word another.
_FOLD = str.maketrans({"ي": "ی", "ك": "ک", "\u0640": None})
AS_WRITTEN = "  # as written: "
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
