"""The engine's hyphenation dictionaries, parsed once per machine rather than once per process.

WeasyPrint hyphenates with pyphen, which parses a ``hyph_*.dic`` the first time
a process hyphenates its language: 0.6 s for German's 78,000 patterns (50 ms
for English), most of a one-article rebuild of a German article. pyphen keeps
the parsed dictionaries in ``pyphen.hdcache`` (file path -> ``HyphDict``);
``install`` puts a mapping there that, for a dictionary it lacks, first looks
in typeset's cache folder, and that keeps there what pyphen parses itself.

An entry is JSON (never pickle), kept by typeset.cache (checked before it is
read) under a key naming the file (path, size, time), pyphen's version and this
format: ``{"letters": "<pattern>\\n…", "values": "<start> <digits>\\n…"}``,
what pyphen's parse gives (each pattern's start offset and values), one a line:
40 ms to load German (a JSON object of 66,000 keys would take twice that). An
entry that has another shape is ignored with one warning and the file parsed
again. Only what plain patterns give is kept: a dictionary with nonstandard
hyphenation (``pyphen.DataInt`` values) or a ``HyphDict`` with other
attributes than those this was written for (another pyphen) is left to pyphen.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pyphen

from typeset import cache

KIND = "hyphenation"
FORMAT = "1"
_VALUE = re.compile(r"(\d{1,3}) ([0-9]{1,64})")
_ATTRIBUTES = {"patterns", "cache", "maxlen"}  # what pyphen 0.9-0.18's HyphDict holds


class Dictionaries(dict):  # type: ignore[type-arg]  # pyphen's own mapping: Path -> pyphen.HyphDict
    """``pyphen.hdcache``, backed by the cache folder."""

    def __contains__(self, path: object) -> bool:
        if dict.__contains__(self, path):
            return True
        loaded = load(path) if isinstance(path, Path) else None
        if loaded is None:
            return False
        dict.__setitem__(self, path, loaded)
        return True

    def __setitem__(self, path: object, dictionary: object) -> None:
        dict.__setitem__(self, path, dictionary)
        if isinstance(path, Path) and isinstance(dictionary, pyphen.HyphDict):
            store(path, dictionary)


def install() -> None:
    """Back pyphen's dictionary cache with the cache folder (once; what it already holds is kept)."""
    if type(pyphen.hdcache) is dict:
        pyphen.hdcache = Dictionaries(pyphen.hdcache)


def _key(path: Path) -> str | None:
    try:
        file = cache.file_key(path)
    except OSError:
        return None
    return hashlib.sha256(f"{FORMAT}\0{pyphen.__version__}\0{file}".encode()).hexdigest()[:32]


def store(path: Path, dictionary: pyphen.HyphDict) -> None:
    """Keep a dictionary pyphen parsed, when it is made only of plain patterns."""
    if set(vars(dictionary)) != _ATTRIBUTES or not isinstance(dictionary.patterns, dict):
        return
    letters: list[str] = []
    values: list[str] = []
    for pattern, value in dictionary.patterns.items():
        if not (isinstance(pattern, str) and pattern and "\n" not in pattern and isinstance(value, tuple)):
            return
        if len(value) != 2 or type(value[0]) is not int or not isinstance(value[1], tuple) or not value[1]:
            return
        if any(type(digit) is not int or not 0 <= digit <= 9 for digit in value[1]):
            return  # nonstandard hyphenation (DataInt), or not what this was written for
        letters.append(pattern)
        values.append(f"{value[0]} {''.join(map(str, value[1]))}")
    key = _key(path)
    if key is not None:
        entry = {"letters": "\n".join(letters), "values": "\n".join(values)}
        cache.store(KIND, key, json.dumps(entry, ensure_ascii=False).encode("utf-8"))


def load(path: Path) -> pyphen.HyphDict | None:
    """The dictionary of ``path`` as pyphen parses it, from the cache folder; None when it is not there."""
    key = _key(path)
    data = cache.load(KIND, key) if key is not None else None
    if data is None or key is None:
        return None
    patterns = _patterns(data)
    if patterns is None:
        folder = cache.subdir(KIND)
        cache.damaged(folder / key if folder else Path(KIND, key), "not a hyphenation dictionary")
        return None
    dictionary = pyphen.HyphDict.__new__(pyphen.HyphDict)
    dictionary.patterns = patterns
    dictionary.cache = {}
    dictionary.maxlen = max(map(len, patterns))
    return dictionary


def _patterns(data: bytes) -> dict[str, tuple[int, tuple[int, ...]]] | None:
    """An entry's patterns as pyphen holds them, or None when it is not what ``store`` writes."""
    try:
        entry = json.loads(data.decode("utf-8"))
    except ValueError:
        return None
    if not isinstance(entry, dict) or not isinstance(entry.get("letters"), str) or not entry["letters"]:
        return None
    if not isinstance(entry.get("values"), str):
        return None
    letters, values = entry["letters"].split("\n"), entry["values"].split("\n")
    parsed = {}  # each distinct value (a few thousand of German's 66,000 patterns) parsed once
    for value in set(values):
        match = _VALUE.fullmatch(value)
        if match is None:
            return None
        parsed[value] = (int(match.group(1)), tuple(map(int, match.group(2))))
    if len(letters) != len(values):
        return None
    patterns = dict(zip(letters, map(parsed.__getitem__, values), strict=True))
    return patterns if len(patterns) == len(letters) and "" not in patterns else None
