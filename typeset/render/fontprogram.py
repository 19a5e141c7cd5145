"""A TrueType font program (a PDF's ``FontFile2``) that new glyphs can be added to.

The text layer (typeset.render.textlayer) needs glyphs the engine's subset does not have: a letter drawn
together with the kashida that follows it, one advance wide; the masthead's Nastaliq cut into one glyph a
letter; a raised mark drawn on the baseline; a glyph that draws nothing and reads as a ZWNJ. Each is added
to the font program itself, as a composite glyph of the glyphs already there (or as an empty one), with
its own advance in ``hmtx``: so the width the PDF's ``/W`` gives each glyph is the one its font program
has (PDF/A, ISO 19005-3 6.2.11.5), and every glyph drawn reads as its own text.

Only the tables a new glyph touches are rewritten (``glyf``, ``loca``, ``hmtx``, ``hhea``, ``maxp``,
``head``'s index format), byte by byte; the others are copied as they are.
"""

from __future__ import annotations

import io
import struct
from array import array
from dataclasses import dataclass

from fontTools.ttLib.sfnt import SFNTReader, SFNTWriter

_MORE = 0x0020
_WORDS = 0x0001  # ARG_1_AND_2_ARE_WORDS
_XY = 0x0002  # ARGS_ARE_XY_VALUES


class NotTrueType(ValueError):
    """The font program is not one glyphs can be added to (no ``glyf``, or a table too short)."""


def _big_endian(values: array) -> array:
    if struct.pack("=H", 1) != struct.pack(">H", 1):
        values.byteswap()
    return values


@dataclass(frozen=True)
class Component:
    """A glyph drawn inside a new one, moved by (dx, dy) font units."""

    glyph: int
    dx: int
    dy: int


class FontProgram:
    """The font program's tables as bytes, and the glyphs added to it (each a new glyph id, in order)."""

    def __init__(self, data: bytes):
        try:
            reader = SFNTReader(io.BytesIO(data))
            self._tables = {tag: reader[tag] for tag in reader.tables}
        except Exception as error:  # fontTools raises many kinds for a damaged file
            raise NotTrueType(f"unreadable font program ({error})") from None
        self._flavor = reader.sfntVersion
        need = ("glyf", "loca", "hmtx", "hhea", "maxp", "head")
        if any(tag not in self._tables for tag in need):
            raise NotTrueType("no TrueType outlines")
        head, maxp, hhea = self._tables["head"], self._tables["maxp"], self._tables["hhea"]
        if len(head) < 54 or len(maxp) < 32 or len(hhea) < 36:
            raise NotTrueType("a table is too short")
        self.units_per_em = struct.unpack_from(">H", head, 18)[0]
        self._long = struct.unpack_from(">h", head, 50)[0] == 1
        self.glyph_count = struct.unpack_from(">H", maxp, 4)[0]
        metrics = struct.unpack_from(">H", hhea, 34)[0]
        hmtx = self._tables["hmtx"]
        loca = array("L" if self._long else "H")
        loca.frombytes(self._tables["loca"][: (self.glyph_count + 1) * loca.itemsize])
        self._loca = [v * (1 if self._long else 2) for v in _big_endian(loca)]
        if len(self._loca) != self.glyph_count + 1 or len(hmtx) < metrics * 4:
            raise NotTrueType("loca or hmtx shorter than the glyph count")
        pairs = array("h", hmtx[: metrics * 4])
        _big_endian(pairs)
        self._advances = [pairs[2 * i] & 0xFFFF for i in range(metrics)]
        self._bearings = [pairs[2 * i + 1] for i in range(metrics)]
        rest = array("h", hmtx[metrics * 4 : metrics * 4 + (self.glyph_count - metrics) * 2])
        self._bearings += list(_big_endian(rest))
        self._advances += [self._advances[-1] if self._advances else 0] * (self.glyph_count - metrics)
        self._new: list[bytes] = []
        self._components = 0  # the most components a new glyph has
        self._nested = False  # a new glyph has a composite among its components

    def postscript_name(self) -> str | None:
        """The font's PostScript name (``name`` ID 6), which a subset keeps: which font file it was cut from."""
        from fontTools.ttLib import newTable

        if "name" not in self._tables:
            return None
        table = newTable("name")
        try:
            table.decompile(self._tables["name"], None)
        except Exception:  # a damaged name table names nothing
            return None
        name = table.getDebugName(6)
        return str(name) if name else None

    def _box(self, glyph: int) -> tuple[int, int, int, int] | None:
        start, end = self._loca[glyph], self._loca[glyph + 1]
        if end - start < 10:
            return None
        return struct.unpack_from(">4h", self._tables["glyf"], start + 2)

    def _composite(self, glyph: int) -> bool:
        start, end = self._loca[glyph], self._loca[glyph + 1]
        return end - start >= 10 and struct.unpack_from(">h", self._tables["glyf"], start)[0] < 0

    def add(self, components: list[Component], advance: int) -> int:
        """A new glyph drawing ``components`` (none: a glyph that draws nothing), ``advance`` units wide."""
        if advance < 0 or advance > 0xFFFF:
            raise ValueError(f"advance {advance} out of range")
        drawn = [(c, box) for c in components if 0 <= c.glyph < self.glyph_count and (box := self._box(c.glyph))]
        boxes = []
        body = b""
        for index, (part, box) in enumerate(drawn):
            if not (-0x8000 <= part.dx <= 0x7FFF and -0x8000 <= part.dy <= 0x7FFF):
                raise ValueError("a component moved past the font's coordinate range")
            boxes.append((box[0] + part.dx, box[1] + part.dy, box[2] + part.dx, box[3] + part.dy))
            flags = _WORDS | _XY | (_MORE if index < len(drawn) - 1 else 0)
            body += struct.pack(">HHhh", flags, part.glyph, part.dx, part.dy)
            self._nested = self._nested or self._composite(part.glyph)
        if drawn:
            x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
            x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
            if min(x0, y0) < -0x8000 or max(x1, y1) > 0x7FFF:
                raise ValueError("a composite glyph past the font's coordinate range")
            data = struct.pack(">h4h", -1, x0, y0, x1, y1) + body
            data += bytes(-len(data) % 4)
            bearing = x0
        else:
            data, bearing = b"", 0
        self._new.append(data)
        self._advances.append(advance)
        self._bearings.append(bearing)
        self._components = max(self._components, len(drawn))
        return self.glyph_count + len(self._new) - 1

    def data(self) -> bytes:
        """The font program with the added glyphs."""
        if not self._new:
            raise ValueError("nothing added")
        tables = dict(self._tables)
        glyf = bytearray(tables["glyf"][: self._loca[-1]])
        glyf += bytes(-len(glyf) % 4)  # the last old glyph keeps the padding: a new glyph starts aligned
        offsets = [*self._loca[:-1], len(glyf)]
        for data in self._new:
            glyf += data
            offsets.append(len(glyf))
        count = len(offsets) - 1
        long = self._long or offsets[-1] > 0x1FFFE
        loca = array("L" if long else "H", [o if long else o // 2 for o in offsets])
        tables["loca"] = _big_endian(loca).tobytes()
        tables["glyf"] = bytes(glyf)
        head = bytearray(tables["head"])
        struct.pack_into(">h", head, 50, 1 if long else 0)
        tables["head"] = bytes(head)
        metrics = array("H")
        for advance, bearing in zip(self._advances, self._bearings, strict=True):
            metrics.extend([advance, bearing & 0xFFFF])
        tables["hmtx"] = _big_endian(metrics).tobytes()
        hhea = bytearray(tables["hhea"])
        struct.pack_into(">H", hhea, 34, count)
        widest = struct.unpack_from(">H", hhea, 10)[0]  # advanceWidthMax
        struct.pack_into(">H", hhea, 10, max(widest, *self._advances[self.glyph_count :]))
        tables["hhea"] = bytes(hhea)
        maxp = bytearray(tables["maxp"])
        struct.pack_into(">H", maxp, 4, count)
        elements, depth = struct.unpack_from(">HH", maxp, 28)
        depth = max(depth, 1, depth + 1 if self._nested else 1)
        struct.pack_into(">HH", maxp, 28, max(elements, self._components), depth)
        tables["maxp"] = bytes(maxp)
        out = io.BytesIO()
        writer = SFNTWriter(out, len(tables), self._flavor)
        for tag in sorted(tables):
            writer[tag] = tables[tag]
        writer.close()
        return out.getvalue()
