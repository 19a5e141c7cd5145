"""An embedded font of the PDF as the text layer sees it: glyph → text, glyph → width, and carriers.

Every reader of a PDF's text (poppler's pdftotext, pdfminer, pypdf, Acrobat) has
one thing in common: a glyph's text is its font's ``/ToUnicode`` entry, placed
where the glyph is drawn. Marked content's ``/ActualText`` is not common ground
(pdfminer and pypdf ignore it; poppler spreads it left to right over the glyphs
and then reverses a right-to-left line, so it reads backwards). So the text
layer is mended in the fonts: a glyph that says the wrong thing is mapped to
nothing, and the right letters are given to *carriers*, glyphs of the embedded
subset that draw nothing (the engine keeps glyph ids when it subsets, so the
glyphs it leaves out are empty), each with its own ``/ToUnicode`` entry and its
own advance in ``/W``, drawn where the letters belong.

Works on the pydyf objects WeasyPrint hands its ``finisher``: Type0 fonts with
Identity-H, one ``/W`` array of the ``first [w …]`` form, a FontFile2.
"""

from __future__ import annotations

import io
import re
import struct
from collections.abc import Iterator

import pydyf

_ENTRY = re.compile(rb"<([0-9a-fA-F]{4})>\s*<([0-9a-fA-F]*)>")
_BLOCK = re.compile(rb"^\d+ beginbfchar$")


def reference(value: object) -> int:
    """The object number of an indirect reference as pydyf holds it (``b"8 0 R"`` or ``"8 0 R"``)."""
    return int((value if isinstance(value, bytes) else str(value).encode()).split()[0])


def lines(stream: pydyf.Stream) -> list[bytes]:
    return [item if isinstance(item, bytes) else str(item).encode() for item in stream.stream]


def objects_of(pdf: pydyf.PDF) -> dict[int, object]:
    return {obj.number: obj for obj in pdf.objects if hasattr(obj, "number")}


def _empty_glyphs(font_file: bytes, used: set[int]) -> Iterator[int]:
    """Glyph ids of the embedded (subset) font that draw nothing and no text uses."""
    from fontTools.ttLib import TTFont  # lazily: only a page that needs a carrier pays for it

    font = TTFont(io.BytesIO(font_file), lazy=True)
    if "glyf" not in font or "loca" not in font:
        return
    # A glyph of no bytes has no outline: read off the raw 'loca' table, as far as needed, nothing decompiled.
    loca = font.reader["loca"]
    size, scale = (4, 1) if font["head"].indexToLocFormat else (2, 2)
    code = ">L" if size == 4 else ">H"
    count = len(loca) // size - 1
    for gid in range(1, count):
        if gid not in used:
            start, end = (struct.unpack_from(code, loca, (gid + k) * size)[0] * scale for k in (0, 1))
            if start == end:
                yield gid


class EmbeddedFont:
    """One Type0 font of the PDF: its subset tag (the name content streams select it by), its family,
    its glyphs' text and widths; changes are written back by :meth:`save`."""

    def __init__(self, font: pydyf.Dictionary, objects: dict[int, object], pdf: pydyf.PDF):
        self._pdf = pdf
        base = font["BaseFont"]
        tag, _, family = (base if isinstance(base, bytes) else str(base).encode()).lstrip(b"/").partition(b"+")
        self.tag = tag
        self.family = family.decode().removeprefix("ts-").replace("-", " ")
        self._objects = objects
        self._cmap = objects.get(reference(font["ToUnicode"])) if "ToUnicode" in font else None
        self.text: dict[int, str] = {}
        if isinstance(self._cmap, pydyf.Stream):
            self.text = {
                int(gid, 16): bytes.fromhex(text.decode()).decode("utf-16-be")
                for gid, text in _ENTRY.findall(b"".join(lines(self._cmap)))
            }
        descendant = objects.get(reference(font["DescendantFonts"][0])) if "DescendantFonts" in font else None
        self._descendant = descendant if isinstance(descendant, pydyf.Dictionary) else None
        self.widths = self._read_widths()
        self._free: Iterator[int] | None = None
        self._carriers: dict[tuple[str, float], int] = {}
        self._clones: dict[tuple[int, float], int] = {}  # (glyph, width) → the code that draws it so
        self._changed = False

    def _read_widths(self) -> dict[int, float]:
        """The ``/W`` array (``first [w w …] …``, as the engine writes it) as glyph → width."""
        widths: dict[int, float] = {}
        array = self._descendant.get("W") if self._descendant else None
        if not array:
            return widths
        for index in range(0, len(array) - 1, 2):
            first, values = array[index], array[index + 1]
            if not isinstance(values, list):
                return {}  # the ``first last w`` form: not the engine's, left alone
            widths.update({int(first) + offset: width for offset, width in enumerate(values)})
        return widths

    @property
    def usable(self) -> bool:
        return isinstance(self._cmap, pydyf.Stream) and bool(self.widths)

    def say(self, gid: int, text: str) -> None:
        """Make glyph ``gid`` read as ``text`` ("" : nothing)."""
        if self.text.get(gid) != text:
            self.text[gid] = text
            self._changed = True

    def carrier(self, text: str, width: float = 0) -> int | None:
        """A glyph that draws nothing, reads as ``text`` and advances ``width`` (thousandths of an em);
        None when the subset has no empty glyph left (or the font is not the engine's kind)."""
        key = (text, width)
        if key in self._carriers:
            return self._carriers[key]
        if not self.usable:
            return None
        if self._free is None:
            self._free = self._free_glyphs()
        gid = next(self._free, None)
        if gid is None:
            return None
        self._carriers[key] = gid
        self.widths[gid] = width
        self.say(gid, text)
        return gid

    def clone(self, gid: int, width: float) -> int:
        """A code that draws glyph ``gid``, reads as its text and advances ``width`` (a CID beyond the
        font's glyphs, mapped to ``gid`` by a CIDToGIDMap): one instance of a glyph given another advance."""
        key = (gid, width)
        if key not in self._clones:
            code = max([*self.widths, *self.text, *self._clones.values()]) + 1
            self._clones[key] = code
            self.widths[code] = width
            self.say(code, self.text.get(gid, ""))
        return self._clones[key]

    def _descriptor(self) -> pydyf.Dictionary | None:
        assert self._descendant is not None
        descriptor = self._objects.get(reference(self._descendant.get("FontDescriptor", b"0 0 R")))
        return descriptor if isinstance(descriptor, pydyf.Dictionary) else None

    def _free_glyphs(self) -> Iterator[int]:
        assert not self._clones, "carriers are taken before clones: a clone's code is past every glyph"
        descriptor = self._descriptor()
        if descriptor is None:
            return iter(())
        file = self._objects.get(reference(descriptor.get("FontFile2", b"0 0 R")))
        if not isinstance(file, pydyf.Stream):
            return iter(())
        return _empty_glyphs(b"".join(lines(file)), set(self.text) | set(self.widths))

    def save(self) -> None:
        """Write the glyphs' text and widths back into the PDF's objects (and a PDF/A-1 CIDSet)."""
        if not self._changed or not isinstance(self._cmap, pydyf.Stream) or self._descendant is None:
            return
        array = pydyf.Array()
        for code in sorted(self.widths):
            if code - 1 not in self.widths:
                array.extend([code, pydyf.Array()])
            array[-1].append(self.widths[code])
        self._descendant["W"] = array
        old = lines(self._cmap)
        start = next(i for i, line in enumerate(old) if _BLOCK.match(line) or line == b"endcmap")
        end = old.index(b"endcmap")
        entries = [
            f"<{gid:04x}> <{text.encode('utf-16-be').hex()}>".encode() for gid, text in sorted(self.text.items())
        ]
        block: list[bytes] = []
        for at in range(0, len(entries), 100):  # at most 100 entries a block (PDF 9.10.3, CMap syntax)
            chunk = entries[at : at + 100]
            block += [f"{len(chunk)} beginbfchar".encode(), *chunk, b"endbfchar"]
        self._cmap.stream = old[:start] + block + old[end:]
        if self._clones:
            self._map_clones()
        self._mark_cids()

    def _map_clones(self) -> None:
        """A CIDToGIDMap (two bytes a code, big-endian), the identity but for the clones."""
        from array import array

        assert self._descendant is not None
        codes = array("H", range(max(self._clones.values()) + 1))
        for (gid, _), code in self._clones.items():
            codes[code] = gid
        if struct.pack("=H", 1) != struct.pack(">H", 1):
            codes.byteswap()
        stream = pydyf.Stream([codes.tobytes()], compress=True)
        self._pdf.add_object(stream)
        self._descendant["CIDToGIDMap"] = stream.reference

    def _mark_cids(self) -> None:
        """A CIDSet (PDF/A-1 asks for it) must list every glyph the carriers added."""
        descriptor = self._descriptor()
        if descriptor is None or "CIDSet" not in descriptor:
            return
        stream = self._objects.get(reference(descriptor["CIDSet"]))
        if not isinstance(stream, pydyf.Stream):
            return
        bits = bytearray(b"".join(lines(stream)))
        for gid in [*self._carriers.values(), *self._clones.values()]:
            if gid // 8 >= len(bits):
                bits.extend(bytes(gid // 8 + 1 - len(bits)))
            bits[gid // 8] |= 0x80 >> (gid % 8)
        stream.stream = [bytes(bits)]


def fonts_of(pdf: pydyf.PDF) -> dict[bytes, EmbeddedFont]:
    """Every Type0 font with a ToUnicode, by subset tag."""
    objects = objects_of(pdf)
    found: dict[bytes, EmbeddedFont] = {}
    for obj in pdf.objects:
        if isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/Font" and "DescendantFonts" in obj:
            font = EmbeddedFont(obj, objects, pdf)
            if font.usable:
                found[font.tag] = font
    return found
