"""An embedded font of the PDF as the text layer sees it: glyph → text, glyph → width, and carriers.

Every reader of a PDF's text (poppler's pdftotext, pdfminer, pypdf, Acrobat) has
one thing in common: a glyph's text is its font's ``/ToUnicode`` entry, placed
where the glyph is drawn. Marked content's ``/ActualText`` is not common ground
(pdfminer and pypdf ignore it; poppler spreads it left to right over the glyphs
and then reverses a right-to-left line, so it reads backwards). So the text
layer is mended in the fonts: where what a glyph draws is not the text it
stands for, a glyph of its own is added to the embedded font program
(typeset.render.fontprogram) and drawn in its place: the same outlines (or
none: a *carrier*), its own advance, its own ``/ToUnicode`` entry. Every glyph
drawn then reads as something, and its ``/W`` width is its program's advance
(PDF/A: ISO 19005-3 6.2.11.5 and 6.2.11.7.2).

Works on the pydyf objects WeasyPrint hands its ``finisher``: Type0 fonts with
Identity-H, an identity CIDToGIDMap, one ``/W`` array of the ``first [w …]``
form, a TrueType FontFile2. Nothing is written into them before :meth:`save`.
"""

from __future__ import annotations

import re

import pydyf

from typeset.render.fontprogram import Component, FontProgram, NotTrueType

_ENTRY = re.compile(rb"<([0-9a-fA-F]{4})>\s*<([0-9a-fA-F]*)>")
_BLOCK = re.compile(rb"^\d+ beginbfchar$")


def reference(value: object) -> int:
    """The object number of an indirect reference as pydyf holds it (``b"8 0 R"`` or ``"8 0 R"``)."""
    return int((value if isinstance(value, bytes) else str(value).encode()).split()[0])


def lines(stream: pydyf.Stream) -> list[bytes]:
    return [item if isinstance(item, bytes) else str(item).encode() for item in stream.stream]


def objects_of(pdf: pydyf.PDF) -> dict[int, object]:
    return {obj.number: obj for obj in pdf.objects if hasattr(obj, "number")}


class EmbeddedFont:
    """One Type0 font of the PDF: its subset tag (the name content streams select it by), its family,
    its glyphs' text and widths; changes are written back by :meth:`save`."""

    def __init__(self, font: pydyf.Dictionary, objects: dict[int, object]):
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
        self._program: FontProgram | None = None
        self._file: pydyf.Stream | None = None
        self._glyphs: dict[tuple[tuple[Component, ...], int, str], int] = {}  # (drawing, advance, text) → code
        self._changed = "" in self.text.values()  # an entry for nothing is dropped as the font is saved

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
        return isinstance(self._cmap, pydyf.Stream) and bool(self.widths) and self._identity()

    def _identity(self) -> bool:
        """Codes are glyph ids (Identity-H, and no CIDToGIDMap but the identity): a new glyph's id is its code."""
        if self._descendant is None:
            return False
        mapping = self._descendant.get("CIDToGIDMap", "/Identity")
        return str(mapping if not isinstance(mapping, bytes) else mapping.decode()) == "/Identity"

    def say(self, gid: int, text: str) -> None:
        """Make glyph ``gid`` read as ``text`` (never empty: PDF/A 6.2.11.7.2)."""
        if not text:
            raise ValueError(f"glyph {gid} would read as nothing")
        if self.text.get(gid) != text:
            self.text[gid] = text
            self._changed = True

    def program(self) -> FontProgram:
        """The embedded font program, read once (NotTrueType when it cannot take new glyphs)."""
        if self._program is None:
            descriptor = self._descriptor()
            file = self._objects.get(reference(descriptor.get("FontFile2", b"0 0 R"))) if descriptor else None
            if not isinstance(file, pydyf.Stream):
                raise NotTrueType("no FontFile2")
            self._file = file
            self._program = FontProgram(b"".join(lines(file)))
        return self._program

    @property
    def units(self) -> float:
        """Font units a thousandth of an em: what turns the PDF's widths into the program's."""
        return self.program().units_per_em / 1000

    def glyph(self, components: tuple[Component, ...], width: float, text: str) -> tuple[int, float]:
        """A new glyph drawing ``components`` (font units), ``width`` thousandths of an em wide (as near as the
        font's units go), reading as ``text``: its code and its width in the PDF. The same drawing, width
        and text give the same glyph."""
        program = self.program()
        units = round(width * program.units_per_em / 1000)
        key = (components, units, text)
        code = self._glyphs.get(key)
        if code is None:
            code = program.add(list(components), units)
            self._glyphs[key] = code
            self.widths[code] = units * 1000 / program.units_per_em
            if self.widths[code].is_integer():
                self.widths[code] = int(self.widths[code])
            self.say(code, text)
        return code, self.widths[code]

    def shipped_texts(self) -> dict[int, frozenset[str]]:
        """What each glyph of the font file this one was cut from stands for (typeset.render.glyphtext);
        nothing for a font typeset does not ship."""
        from typeset.render.glyphtext import font_file, glyph_texts

        name = self.program().postscript_name()
        path = font_file(name) if name else None
        return glyph_texts(path) if path else {}

    def _descriptor(self) -> pydyf.Dictionary | None:
        if self._descendant is None:
            return None
        descriptor = self._objects.get(reference(self._descendant.get("FontDescriptor", b"0 0 R")))
        return descriptor if isinstance(descriptor, pydyf.Dictionary) else None

    def save(self) -> None:
        """Write the glyphs' text and widths, and the font program with its new glyphs, into the PDF's objects
        (and a PDF/A-1 CIDSet)."""
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
        entries = [  # an entry for nothing maps no glyph drawn (the engine's, for glyphs mended or not drawn)
            f"<{gid:04x}> <{text.encode('utf-16-be').hex()}>".encode()
            for gid, text in sorted(self.text.items())
            if text
        ]
        block: list[bytes] = []
        for at in range(0, len(entries), 100):  # at most 100 entries a block (PDF 9.10.3, CMap syntax)
            chunk = entries[at : at + 100]
            block += [f"{len(chunk)} beginbfchar".encode(), *chunk, b"endbfchar"]
        self._cmap.stream = old[:start] + block + old[end:]
        if self._glyphs and self._program is not None and self._file is not None:
            data = self._program.data()
            self._file.stream = [data]
            if "Length1" in self._file.extra:
                self._file.extra["Length1"] = len(data)
            self._mark_cids()

    def _mark_cids(self) -> None:
        """A CIDSet (PDF/A-1 asks for it) must list every glyph added."""
        descriptor = self._descriptor()
        if descriptor is None or "CIDSet" not in descriptor:
            return
        stream = self._objects.get(reference(descriptor["CIDSet"]))
        if not isinstance(stream, pydyf.Stream):
            return
        bits = bytearray(b"".join(lines(stream)))
        for gid in self._glyphs.values():
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
            font = EmbeddedFont(obj, objects)
            if font.usable:
                found[font.tag] = font
    return found
