"""Compiled templates kept between runs, that cannot lie.

Compiling the theme costs about 15 ms of a cold one-article build; loading it
from here well under 1 ms. Jinja's own FileSystemBytecodeCache would unpickle
and unmarshal whatever bytes it finds; here an entry is

    MAGIC | SHA-256 of the rest | len(source checksum) | source checksum | marshal(code)

and nothing is unmarshalled before the SHA-256 matches. An entry that is not
readable, too short, of another shape, whose hash does not match, or that does
not hold compiled code, is ignored with one warning (``typeset.cache``) and
written again from a fresh compile. The key of an entry names the Python, the
Jinja and the sandbox it was compiled for, so another version never reads it.
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
from typeset.sandbox import CODE_VERSION

KIND = "jinja"
MAGIC = b"typeset-template-1\n"
_DIGEST = hashlib.sha256().digest_size
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
        path = self.folder / bucket.key
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return
        except OSError as error:
            LOGGER.warning("ignored a damaged cache entry %s (%s): rebuilt", path, error.strerror or "unreadable")
            return
        try:
            checksum, code = decode(data)
        except Damaged as reason:
            LOGGER.warning("ignored a damaged cache entry %s (%s): rebuilt", path, reason)
            return
        if checksum == bucket.checksum:  # else the template changed since: compiled again, silently
            bucket.code = code

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.code is not None:
            cache.store(KIND, bucket.key, encode(bucket.checksum, bucket.code))


def encode(checksum: str, code: types.CodeType) -> bytes:
    """An entry: ``code`` compiled from a source whose checksum is ``checksum``."""
    raw = checksum.encode("ascii")
    body = struct.pack(">H", len(raw)) + raw + marshal.dumps(code)
    return MAGIC + hashlib.sha256(body).digest() + body


def decode(data: bytes) -> tuple[str, types.CodeType]:
    """(source checksum, code) of an entry; :class:`Damaged` if it is not one ``encode`` wrote."""
    if len(data) < len(MAGIC) + _DIGEST + 2:
        raise Damaged(f"{len(data)} bytes, too short")
    if not data.startswith(MAGIC):
        raise Damaged("not a typeset template cache entry")
    digest, body = data[len(MAGIC) : len(MAGIC) + _DIGEST], data[len(MAGIC) + _DIGEST :]
    if hashlib.sha256(body).digest() != digest:
        raise Damaged("its SHA-256 does not match")
    (size,) = struct.unpack(">H", body[:2])
    try:
        checksum = body[2 : 2 + size].decode("ascii")
        code = marshal.loads(body[2 + size :])
    except (ValueError, EOFError, TypeError, UnicodeDecodeError) as error:
        raise Damaged(f"unreadable: {error}") from None
    if not isinstance(code, types.CodeType):
        raise Damaged(f"holds {type(code).__name__}, not compiled code")
    return checksum, code


def bytecode_cache() -> CheckedBytecodeCache | None:
    """The cache in the cache folder, or None when there is none."""
    folder = cache.subdir(KIND)
    return CheckedBytecodeCache(folder) if folder else None
