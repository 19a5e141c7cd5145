"""Where typeset keeps what it can reuse between runs (safe to delete at any time).

``$TYPESET_CACHE_DIR``, else ``$XDG_CACHE_HOME/typeset``, else ``~/.cache/typeset``.

A cache may be damaged (a full disk, a crash, another program, a copy from an
older typeset): nothing read from it is trusted. Every entry is written with a
header (a magic string, the format version, the SHA-256 of its kind, key and
payload) and read only when the header holds; an entry that fails, or whose
content has the wrong shape, is ignored with one warning and computed again
(and rewritten). Nothing executable is loaded from here. A cache folder that
cannot be made or written turns the cache off, with one warning that names it:
everything still works, only slower.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
from array import array
from collections.abc import Callable
from functools import cache
from pathlib import Path

from typeset.files import write_atomic

LOGGER = logging.getLogger("typeset.cache")
_MAGIC = b"typeset-cache\n"
FORMAT = 1
_HEADER = len(_MAGIC) + 1 + 32
_OFF: list[str] = []  # why the cache is off for this process, once it is


def _turn_off(path: Path, reason: str) -> None:
    if not _OFF:
        _OFF.append(reason)
        LOGGER.warning(
            "the cache folder %s cannot be used (%s): caching is off, builds are slower\n"
            "  hint: set TYPESET_CACHE_DIR to a writable folder, or remove what stands in the way",
            path,
            reason,
        )


def _location() -> Path:
    folder = os.environ.get("TYPESET_CACHE_DIR")
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return Path(folder) if folder else base / "typeset"


@cache
def cache_dir() -> Path | None:
    path = _location()
    try:
        path.mkdir(parents=True, exist_ok=True)
        if not path.is_dir():
            raise NotADirectoryError(20, "not a folder")
        if not os.access(path, os.W_OK | os.X_OK):
            raise PermissionError(13, "not writable")
    except OSError as error:
        _turn_off(path, error.strerror or str(error))
        return None
    return path


def subdir(name: str) -> Path | None:
    """The folder of one kind of entry (``name.v<FORMAT>``: another format never reads it), or None."""
    return None if _OFF else _subdir(name)


@cache
def _subdir(name: str) -> Path | None:
    root = cache_dir()
    if root is None:
        return None
    path = root / f"{name}.v{FORMAT}"
    try:
        path.mkdir(exist_ok=True)
        if not path.is_dir() or path.is_symlink():
            raise NotADirectoryError(20, f"{name} is not a folder")
    except OSError as error:
        _turn_off(path, error.strerror or str(error))
        return None
    return path


def file_key(path: Path) -> str:
    """A key that changes whenever the file does (path, size, modification time)."""
    stat = path.stat()
    return hashlib.sha256(f"{path.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}".encode()).hexdigest()[:32]


def _check(kind: str, key: str, payload: bytes) -> bytes:
    return hashlib.sha256(f"{kind}\0{key}\0".encode() + payload).digest()


def damaged(path: Path, reason: str) -> None:
    """Say, once for this entry, that it was ignored (and is computed again)."""
    LOGGER.warning("ignored a damaged cache entry %s (%s): rebuilt", path, reason)


def load(kind: str, key: str) -> bytes | None:
    """The payload ``store`` kept under ``kind``/``key``, if it is there and intact; else None."""
    folder = subdir(kind)
    if folder is None:
        return None
    path = folder / key
    try:
        if path.is_symlink() or not path.is_file():
            if path.exists() or path.is_symlink():
                damaged(path, "not a file")
                _remove(path)  # never followed nor read; out of the way of the entry written next
            return None
        with path.open("rb") as file:
            data = file.read(64 * 1024 * 1024 + 1)
    except OSError as error:
        damaged(path, error.strerror or str(error))
        return None
    payload = data[_HEADER:]
    if (
        not data.startswith(_MAGIC)
        or data[len(_MAGIC)] != FORMAT
        or data[len(_MAGIC) + 1 : _HEADER] != _check(kind, key, payload)
    ):
        damaged(path, "its check does not match" if len(data) >= _HEADER else "truncated")
        return None
    return payload


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


def store(kind: str, key: str, data: bytes) -> None:
    """Keep ``data`` under ``kind``/``key`` (atomically, with its check); on an error, the cache is off."""
    folder = subdir(kind)
    if folder is None:
        return
    try:
        write_atomic(folder / key, _MAGIC + bytes([FORMAT]) + _check(kind, key, data) + data, durable=False)
    except OSError as error:  # a full disk, a read-only cache: the next run computes it again
        _turn_off(folder, error.strerror or str(error))


def load_codepoints(key: str) -> frozenset[int] | None:
    data = load("cmaps", key)
    if data is None:
        return None
    values = array("I")
    if len(data) % values.itemsize == 0:
        values.frombytes(data)
    if not values or values[-1] > 0x10FFFF or values.tolist() != sorted(set(values)):
        damaged((subdir("cmaps") or Path("cmaps")) / key, "not a list of code points")
        return None
    return frozenset(values)


def store_codepoints(key: str, codepoints: frozenset[int]) -> None:
    store("cmaps", key, array("I", sorted(codepoints)).tobytes())


def load_json(kind: str, key: str, valid: Callable[[object], bool] = lambda value: True) -> object:
    """What ``store_json`` kept under ``kind``/``key``, or None (also when ``valid`` refuses its shape)."""
    data = load(kind, key)
    if data is None:
        return None
    try:
        value = json.loads(data.decode("utf-8"))
    except ValueError:
        value = None
    else:
        if valid(value):
            return value
    folder = subdir(kind)
    damaged(folder / key if folder else Path(kind, key), "not what it should hold")
    return None


def store_json(kind: str, key: str, value: object) -> None:
    store(kind, key, json.dumps(value, ensure_ascii=False).encode("utf-8"))
