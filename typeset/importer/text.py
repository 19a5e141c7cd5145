"""Reading a legacy text: UTF-8, else Windows-1256 (old Persian web pages), as numbered lines.

Unlike a source (typeset.source.reader), an old text is taken as it comes: its
control characters other than tab and form feed are made spaces (a form feed
ends a PDF's page: typeset.importer.pages reads the pages' furniture), its bidi
embeddings, overrides and isolates are dropped, and it is read
whatever its size up to :data:`MAX_TEXT_BYTES`. What cannot be decoded is an
error at the line of the first bad byte.
"""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass
from pathlib import Path

from typeset.errors import Location, TypesetError

MAX_TEXT_BYTES = 2 * 1024 * 1024
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u2028\u2029]")
_ARABIC_LETTER = re.compile("[\u0621-\u064a\u0671-\u06d3]")
#: Bidi embeddings, overrides and isolates: pdftotext wraps every line of a PDF's text in them. They are
#: not the article's text (typeset decides each block's and run's direction itself) and an override
#: would make the source read otherwise than it shows; they are dropped.
_BIDI_CONTROLS = str.maketrans(dict.fromkeys("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


@dataclass(frozen=True)
class Decoded:
    text: str  # line ends made \n, form feeds made blank lines
    encoding: str  # "UTF-8" or "Windows-1256"


def read_legacy(path: Path) -> Decoded:
    """The text of ``path``; a located error when it is not a readable text file."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise TypesetError("not a regular file", Location(path), hint="import reads plain-text files")
        if info.st_size > MAX_TEXT_BYTES:
            raise TypesetError(f"file is too large ({info.st_size} bytes; the limit is 2 MB)", Location(path))
        data = path.read_bytes()
    except OSError as error:
        raise TypesetError(f"cannot read file: {error.strerror or error}", Location(path)) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4096]:
        raise TypesetError(
            "file is not text (UTF-16 or binary)", Location(path, 1), hint="save it as UTF-8 (or Windows-1256)"
        )
    return decode(data, path)


def decode(data: bytes, path: Path) -> Decoded:
    """UTF-8 (a BOM dropped), else Windows-1256 when that decodes cleanly to Persian-script text."""
    encoding = "UTF-8"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        try:
            text = data.decode("cp1256")
        except UnicodeDecodeError:
            text = ""
        # "Cleanly": every byte is a character of the code page, none of them a control, and the
        # text has Persian letters (else it is some other 8-bit text that cp1256 would garble).
        if not text or _CONTROL.search(text.replace("\x0c", "")) or not _ARABIC_LETTER.search(text):
            raise TypesetError(
                f"file is neither UTF-8 nor Windows-1256 text (byte 0x{data[error.start]:02x} at offset {error.start})",
                Location(path, line),
                hint="save the file as UTF-8",
            ) from None
        encoding = "Windows-1256"
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub(" ", text)
    return Decoded(text.translate(_BIDI_CONTROLS), encoding)
