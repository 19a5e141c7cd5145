"""Content streams read a piece at a time, within a budget: what preflight reads a file it did not write with.

``pikepdf.parse_content_stream`` makes the whole stream a list of Python objects first: a 60 MB
stream of ``0 0 1 rg`` is some six million of them, gigabytes. Here a stream is decoded in
pieces (Flate, the filter of nearly every content stream, with :mod:`zlib`; any other through
qpdf, whole) and cut into instructions one at a time, and every instruction is counted against
a :class:`Budget` shared by the whole file, as is every form drawn: a small file whose forms
draw each other in a fan (each form ten others, ten deep: 10¹⁰ drawings) stops at the budget
instead of running for ever.

An instruction is ``(operands, operator)``: numbers as floats, names as ``/Name`` strings, strings
as bytes, arrays as lists, dictionaries as dicts (an inline image's: operator ``BI``, its
parameters the one operand, its data skipped).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

import pikepdf
from pikepdf import Name

Operand = float | str | bytes | list["Operand"] | dict[str, "Operand"] | bool | None
Instruction = tuple[list[Operand], str]

#: Instructions read in a whole file before preflight stops with a finding (a page of text is a few thousand).
MAX_OPERATORS = 1_000_000
#: Form XObjects and patterns drawn in a whole file (a page draws a few; an edition a few thousand).
MAX_FORMS = 20_000
#: The longest single token (a string, an inline image's data) read before it is called malformed.
MAX_TOKEN = 16 * 1024 * 1024
_CHUNK = 1 << 20


class OverBudget(Exception):
    """More instructions or forms than the budget allows: the rest of the file is not checked."""


class Malformed(Exception):
    """A content stream that cannot be read as one."""


@dataclass
class Budget:
    operators: int = MAX_OPERATORS
    forms: int = MAX_FORMS

    def operator(self) -> None:
        self.operators -= 1
        if self.operators < 0:
            raise OverBudget(f"more than {MAX_OPERATORS:,} content operators")

    def form(self) -> None:
        self.forms -= 1
        if self.forms < 0:
            raise OverBudget(f"more than {MAX_FORMS:,} forms and patterns drawn (forms drawing each other?)")


def _pieces(stream: pikepdf.Object) -> Iterator[bytes]:
    """The decoded bytes of ``stream``, a megabyte at a time when it is plain Flate."""
    filters = stream.get("/Filter")
    if filters == Name.FlateDecode and "/DecodeParms" not in stream:
        raw = stream.read_raw_bytes()
        inflate = zlib.decompressobj()
        at = 0
        while at < len(raw) or inflate.unconsumed_tail:
            data = inflate.unconsumed_tail or raw[at : at + _CHUNK]
            if not inflate.unconsumed_tail:
                at += _CHUNK
            try:
                out = inflate.decompress(data, _CHUNK)
            except zlib.error as error:
                raise Malformed(f"its Flate data is damaged ({error})") from None
            if out:
                yield out
            if inflate.eof:
                break
        return
    try:
        yield stream.read_bytes()
    except pikepdf.PdfError as error:
        raise Malformed(f"it cannot be decoded ({error})") from None


_DELIMITED = rb"[^\x00\t\n\x0c\r ()<>\[\]{}/%]"
_TOKEN = re.compile(
    rb"(?:[\x00\t\n\x0c\r ]+|%[^\r\n]*)"
    rb"|(?P<number>[+-]?(?:\d+\.?\d*|\.\d+))(?!" + _DELIMITED + rb")"
    rb"|(?P<name>/" + _DELIMITED + rb"*)"
    rb"|(?P<string>\((?:[^()\\]|\\.)*\))"
    rb"|(?P<dict><<|>>)"
    rb"|(?P<hex><[0-9A-Fa-f\x00\t\n\x0c\r ]*>)"
    rb"|(?P<bracket>[\[\]{}])"
    rb"|(?P<keyword>" + _DELIMITED + rb"+)"
    rb"|(?P<nested>\()",
    re.S,
)
_INLINE = re.compile(rb"[\x00\t\n\x0c\r ]ID[\x00\t\n\x0c\r ](.*?)[\x00\t\n\x0c\r ]EI(?=[\x00\t\n\x0c\r ]|$)", re.S)
_MARGIN = 4096  # bytes kept visible ahead of a token, so that no ordinary token is cut at a piece's end


def _tokens(streams: list[pikepdf.Object]) -> Iterator[tuple[str, bytes]]:
    """(kind, text) of each token, read through the streams' pieces; an inline image as ("inline", parameters)."""
    pieces = (piece for stream in streams for piece in [*_pieces(stream), b"\n"])
    buffer, at, final = b"", 0, False

    def refill(keep: int) -> bool:
        nonlocal buffer, at, final
        piece = next(pieces, None)
        if piece is None:
            final = True
            return False
        buffer, at = buffer[keep:] + piece, at - keep
        return True

    while True:
        if not final and len(buffer) - at < _MARGIN:
            refill(at)
            continue
        match = _TOKEN.match(buffer, at)
        if match is None:
            if at >= len(buffer) and final:
                return
            raise Malformed(f"unexpected {buffer[at : at + 1]!r}")
        kind = match.lastgroup
        if kind == "nested" or (kind == "keyword" and match.group() == b"BI"):
            text, end = _nested(buffer, at) if kind == "nested" else _inline(buffer, match.end())
            if end < 0:  # it goes on past the window
                if final or len(buffer) - at > MAX_TOKEN:
                    raise Malformed("a string that never ends" if kind == "nested" else "an inline image without ID/EI")
                refill(at)
                continue
            at = end
            yield ("string" if kind == "nested" else "inline"), text
            continue
        if match.end() == len(buffer) and not final:  # perhaps cut at the window's end
            refill(at)
            continue
        at = match.end()
        if kind is not None:
            yield kind, match.group()


def _nested(buffer: bytes, start: int) -> tuple[bytes, int]:
    """A string with nested parentheses at ``buffer[start]``: (its text, the index after it), or end -1."""
    depth, index = 0, start
    while index < len(buffer):
        byte = buffer[index]
        if byte == 0x5C:  # a backslash: the next byte is escaped
            index += 2
            continue
        if byte == 0x28:
            depth += 1
        elif byte == 0x29:
            depth -= 1
            if depth == 0:
                return buffer[start : index + 1], index + 1
        index += 1
    return b"", -1


def _inline(buffer: bytes, start: int) -> tuple[bytes, int]:
    """An inline image after its ``BI``: (its parameters' text, the index after its ``EI``), or end -1."""
    match = _INLINE.search(buffer, start - 1 if start else 0)
    if match is None:
        return b"", -1
    parameters = buffer[start : match.start()]
    return parameters, match.end()


def instructions(streams: pikepdf.Object | list[pikepdf.Object], budget: Budget) -> Iterator[Instruction]:
    """The instructions of a content stream (or of the streams of a page's /Contents array), one at a time."""
    operands: list[Operand] = []
    for operand, operator in _read(_tokens(streams if isinstance(streams, list) else [streams])):
        if operator is None:
            operands.append(operand)
            continue
        budget.operator()
        if operator == "BI":
            yield [operand], "BI"
        else:
            yield operands, operator
        operands = []


def _read(tokens: Iterator[tuple[str, bytes]]) -> Iterator[tuple[Operand, str | None]]:
    """(operand, None) for each operand, (parameters or None, operator) for each operator."""
    stack: list[list[Operand]] = []
    keys: list[bool] = []  # per open container: True for a dictionary
    for kind, text in tokens:
        value: Operand
        if kind == "number":
            value = float(text)
        elif kind == "name":
            value = text.decode("latin-1")
        elif kind == "string":
            value = text[1:-1] if text[:1] == b"(" else text
        elif kind == "hex":
            digits = re.sub(rb"[^0-9A-Fa-f]", b"", text)
            value = bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode())
        elif kind in ("bracket", "dict"):
            if text in (b"[", b"<<"):
                stack.append([])
                keys.append(text == b"<<")
                continue
            if text in (b"{", b"}"):
                continue
            if not stack:
                raise Malformed(f"a {text.decode()} that closes nothing")
            items, is_dict = stack.pop(), keys.pop()
            value = dict(zip(map(str, items[::2]), items[1::2], strict=False)) if is_dict else items
        elif kind == "inline":
            parameters = [value for value, operator in _read(_tokens_of(text)) if operator is None]
            yield dict(zip(map(str, parameters[::2]), parameters[1::2], strict=False)), "BI"
            continue
        else:
            word = text.decode("latin-1")
            if word in ("true", "false", "null"):
                value = {"true": True, "false": False, "null": None}[word]
            elif stack:
                raise Malformed(f"operator {word} inside an array or dictionary")
            else:
                yield None, word
                continue
        if stack:
            stack[-1].append(value)
        else:
            yield value, None


def _tokens_of(data: bytes) -> Iterator[tuple[str, bytes]]:
    """The tokens of a short piece of content (an inline image's parameters)."""
    at = 0
    while at < len(data):
        match = _TOKEN.match(data, at)
        if match is None or match.lastgroup == "nested":
            raise Malformed("an inline image's parameters cannot be read")
        at = match.end()
        if match.lastgroup is not None:
            yield match.lastgroup, match.group()
