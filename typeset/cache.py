"""Where typeset keeps what it can reuse between runs (safe to delete at any time).

``$TYPESET_CACHE_DIR``, else ``$XDG_CACHE_HOME/typeset``, else ``~/.cache/typeset``.
Without a writable folder, nothing is cached and everything still works.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from array import array
from functools import cache
from pathlib import Path

from typeset.files import write_atomic


@cache
def cache_dir() -> Path | None:
    folder = os.environ.get("TYPESET_CACHE_DIR")
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    path = Path(folder) if folder else base / "typeset"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return path if os.access(path, os.W_OK) else None


def subdir(name: str) -> Path | None:
    root = cache_dir()
    if root is None:
        return None
    path = root / name
    path.mkdir(exist_ok=True)
    return path


def file_key(path: Path) -> str:
    """A key that changes whenever the file does (path, size, modification time)."""
    stat = path.stat()
    return hashlib.sha256(f"{path.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}".encode()).hexdigest()[:32]


def load_codepoints(key: str) -> frozenset[int] | None:
    folder = subdir("cmaps")
    if folder is None or not (folder / key).is_file():
        return None
    values = array("I")
    try:
        values.frombytes((folder / key).read_bytes())
    except (OSError, ValueError):
        return None
    return frozenset(values)


def store(kind: str, key: str, data: bytes) -> None:
    """Keep ``data`` under ``kind``/``key`` (atomically); without a cache folder, or on an error, nothing."""
    folder = subdir(kind)
    if folder is None:
        return
    with contextlib.suppress(OSError):  # no cache: the next run computes it again
        write_atomic(folder / key, data, durable=False)


def store_codepoints(key: str, codepoints: frozenset[int]) -> None:
    store("cmaps", key, array("I", sorted(codepoints)).tobytes())


def load_json(kind: str, key: str) -> object:
    """What ``store_json`` kept under ``kind``/``key``, or None."""
    folder = subdir(kind)
    if folder is None:
        return None
    try:
        return json.loads((folder / key).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def store_json(kind: str, key: str, value: object) -> None:
    store(kind, key, json.dumps(value, ensure_ascii=False).encode("utf-8"))
