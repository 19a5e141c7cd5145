"""The engine's hyphenation dictionaries kept in the cache folder: the same patterns as pyphen parses,
a damaged entry ignored (one warning) and written again, a dictionary pyphen would not parse plainly left alone."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pyphen
import pytest

from typeset import cache
from typeset.render import hyphenation

WORDS = ["hyphenation", "counterrevolutionaries", "electroencephalography", "naïveté", "Silbentrennung"]


@pytest.fixture
def dictionary(tmp_path: Path) -> Path:
    """An English dictionary of its own (a file no other test caches)."""
    path = tmp_path / "hyph_en_TEST.dic"
    path.write_bytes(pyphen.LANGUAGES["en_US"].read_bytes())
    return path


def entry(path: Path) -> Path:
    folder = cache.subdir(hyphenation.KIND)
    key = hyphenation._key(path)
    assert folder is not None and key is not None
    return folder / key


def test_a_kept_dictionary_is_the_one_pyphen_parses(dictionary: Path) -> None:
    parsed = pyphen.HyphDict(dictionary)
    assert hyphenation.load(dictionary) is None
    hyphenation.store(dictionary, parsed)
    loaded = hyphenation.load(dictionary)
    assert loaded is not None
    assert loaded.patterns == parsed.patterns and loaded.maxlen == parsed.maxlen and loaded.cache == {}
    assert [loaded.positions(word) for word in WORDS] == [parsed.positions(word) for word in WORDS]


def test_pyphen_takes_its_dictionaries_from_the_cache(dictionary: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pyphen, "hdcache", {})
    hyphenation.install()
    assert isinstance(pyphen.hdcache, hyphenation.Dictionaries)
    first = pyphen.Pyphen(filename=dictionary)  # parsed by pyphen, and kept
    assert entry(dictionary).is_file()
    monkeypatch.setattr(pyphen, "hdcache", {})  # a new process
    hyphenation.install()
    parses = []
    monkeypatch.setattr(pyphen.HyphDict, "__init__", lambda self, path: parses.append(path))
    second = pyphen.Pyphen(filename=dictionary)
    assert parses == []
    assert [second.inserted(word) for word in WORDS] == [first.inserted(word) for word in WORDS]
    hyphenation.install()  # a second call changes nothing
    assert pyphen.hdcache[dictionary] is second.hd


def test_an_edited_dictionary_is_parsed_again(dictionary: Path) -> None:
    hyphenation.store(dictionary, pyphen.HyphDict(dictionary))
    dictionary.write_bytes(dictionary.read_bytes() + b"\n1zz1\n")
    assert hyphenation.load(dictionary) is None


def _rewrite(path: Path, body: bytes) -> None:
    """Write ``body`` under ``path`` as typeset.cache would (its check holds)."""
    kind, key = path.parent.name.split(".")[0], path.name
    path.write_bytes(cache._MAGIC + bytes([cache.FORMAT]) + cache._check(kind, key, body) + body)


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        b'{"letters": "ab", "values": 3}',
        b'{"letters": "", "values": ""}',
        b'{"letters": "ab\\ncd", "values": "1 2"}',  # counts differ
        b'{"letters": "ab\\nab", "values": "1 2\\n1 2"}',  # one pattern twice
        b'{"letters": "ab", "values": "one two"}',
        b'{"letters": "ab", "values": "1 2; import os"}',
        None,  # bytes flipped: the check fails
    ],
)
def test_a_damaged_entry_is_parsed_again_with_one_warning(
    dictionary: Path, body: bytes | None, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    hyphenation.store(dictionary, pyphen.HyphDict(dictionary))
    path = entry(dictionary)
    if body is None:
        data = path.read_bytes()
        path.write_bytes(data[:-10] + bytes(byte ^ 0x55 for byte in data[-10:]))
    else:
        _rewrite(path, body)
    with caplog.at_level(logging.WARNING, logger="typeset.cache"):
        assert hyphenation.load(dictionary) is None
    assert [record.getMessage() for record in caplog.records] == [
        caplog.records[0].getMessage()
    ] and "ignored a damaged cache entry" in caplog.text
    monkeypatch.setattr(pyphen, "hdcache", {})
    hyphenation.install()
    assert pyphen.Pyphen(filename=dictionary).inserted("hyphenation") == pyphen.Pyphen(lang="en_US").inserted(
        "hyphenation"
    )
    assert hyphenation.load(dictionary) is not None  # written again


def test_nonstandard_hyphenation_is_left_to_pyphen(tmp_path: Path) -> None:
    path = tmp_path / "hyph_xx.dic"
    path.write_text("UTF-8\n1b\nc1k/kk=k,1,1\n", encoding="utf-8")  # a pattern with an alternative
    parsed = pyphen.HyphDict(path)
    hyphenation.store(path, parsed)
    assert hyphenation.load(path) is None
    assert not entry(path).exists()


def test_another_pyphen_is_left_alone(dictionary: Path) -> None:
    parsed = pyphen.HyphDict(dictionary)
    parsed.extra = 1  # a HyphDict holding what this was not written for
    hyphenation.store(dictionary, parsed)
    assert not entry(dictionary).exists()


def test_an_entry_is_json(dictionary: Path) -> None:
    hyphenation.store(dictionary, pyphen.HyphDict(dictionary))
    data = cache.load(hyphenation.KIND, entry(dictionary).name)
    assert data is not None
    assert set(json.loads(data)) == {"letters", "values"}
