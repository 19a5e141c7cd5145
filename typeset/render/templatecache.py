"""Compiled templates kept between runs, that cannot lie.

Compiling the theme costs about 15 ms of a cold one-article build; loading it
from here well under 1 ms. Jinja's own FileSystemBytecodeCache would unpickle
and unmarshal whatever bytes it finds; here an entry is kept by typeset.cache
(a header with the SHA-256 of what follows, checked before anything else is
read, and never through a link, a FIFO or a folder) and holds

    len(source checksum) | source checksum | marshal(code)

An entry that fails the check, or does not hold compiled code, is ignored with
one warning (``typeset.cache``) and written again from a fresh compile. The key
of an entry names the Python, the Jinja and the sandbox it was compiled for, so
another version never reads it.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import marshal
import struct
import sys
import types
from pathlib import Path

import jinja2

from typeset import cache
from typeset.render.sandbox import CODE_VERSION

KIND = "jinja"
MAGIC = b"typeset-template-2\n"
_STAMP = "\0".join(
    (
        MAGIC.decode(),
        importlib.util.MAGIC_NUMBER.hex(),
        sys.implementation.cache_tag or "",
        jinja2.__version__,
        CODE_VERSION,
    )
)
LOGGER = logging.getLogger("typeset.cache")


class Damaged(Exception):
    """Why an entry cannot be used."""


class CheckedBytecodeCache(jinja2.BytecodeCache):
    def __init__(self, folder: Path):
        self.folder = folder

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return hashlib.sha256(f"{_STAMP}\0{name}\0{filename or ''}".encode()).hexdigest()[:40]

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = cache.load(KIND, bucket.key)
        if data is None:
            return
        try:
            checksum, code = decode(data)
        except Damaged as reason:
            cache.damaged(self.folder / bucket.key, str(reason))
            return
        if checksum == bucket.checksum:  # else the template changed since: compiled again, silently
            bucket.code = code

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.code is not None:
            cache.store(KIND, bucket.key, encode(bucket.checksum, bucket.code))


def encode(checksum: str, code: types.CodeType) -> bytes:
    """An entry: ``code`` compiled from a source whose checksum is ``checksum``."""
    raw = checksum.encode("ascii")
    return struct.pack(">H", len(raw)) + raw + marshal.dumps(code)


def decode(data: bytes) -> tuple[str, types.CodeType]:
    """(source checksum, code) of an entry; :class:`Damaged` if it is not one ``encode`` wrote."""
    if len(data) < 2:
        raise Damaged(f"{len(data)} bytes, too short")
    (size,) = struct.unpack(">H", data[:2])
    try:
        checksum = data[2 : 2 + size].decode("ascii")
        code = marshal.loads(data[2 + size :])
    except (ValueError, EOFError, TypeError, UnicodeDecodeError) as error:
        raise Damaged(f"unreadable: {error}") from None
    if not isinstance(code, types.CodeType):
        raise Damaged(f"holds {type(code).__name__}, not compiled code")
    return checksum, code


def bytecode_cache() -> CheckedBytecodeCache | None:
    """The cache in the cache folder, or None when there is none."""
    folder = cache.subdir(KIND)
    return CheckedBytecodeCache(folder) if folder else None
