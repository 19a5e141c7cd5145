"""PDF/A's rules for the glyphs a page draws, checked as veraPDF checks them (it cannot be installed here).

- ISO 19005-3 6.2.11.5: the width ``/W`` gives a glyph is its font program's advance (veraPDF: within 1
  thousandth of an em; glyphs drawn in text rendering mode 3, invisible, are exempt).
- 6.2.11.7.2 (PDF/A-3u): every glyph drawn maps to Unicode in the font's ``/ToUnicode``, to something
  other than nothing, U+0000, U+FEFF or U+FFFE.
- 6.2.11.8: ``.notdef`` (glyph 0) is never drawn.

Read with pikepdf (qpdf's parser) and fontTools, on every page and every form it draws.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pikepdf
from fontTools.ttLib import TTFont

_ENTRY = re.compile(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>")
_BAD = {"", "\u0000", "\ufeff", "\ufffe"}


class _Font:
    def __init__(self, font: pikepdf.Dictionary):
        self.name = str(font.get("/BaseFont", "?"))
        self.type0 = font.get("/Subtype") == "/Type0"
        self.text: dict[int, str] = {}
        if "/ToUnicode" in font:
            cmap = font.ToUnicode.read_bytes().decode("latin-1")
            for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
                for code, text in _ENTRY.findall(block):
                    self.text[int(code, 16)] = bytes.fromhex(text).decode("utf-16-be")
        self.widths: dict[int, float] = {}
        self.advances: list[float] = []
        if self.type0:
            cid = font.DescendantFonts[0]
            array = list(cid.get("/W", []))
            index = 0
            while index < len(array):
                first = int(array[index])
                if isinstance(array[index + 1], pikepdf.Array):
                    for offset, width in enumerate(array[index + 1]):
                        self.widths[first + offset] = float(width)
                    index += 2
                else:
                    for code in range(first, int(array[index + 1]) + 1):
                        self.widths[code] = float(array[index + 2])
                    index += 3
            self.default = float(cid.get("/DW", 1000))
            program = TTFont(io.BytesIO(cid.FontDescriptor.FontFile2.read_bytes()))
            scale = 1000 / program["head"].unitsPerEm
            order = program.getGlyphOrder()
            self.advances = [program["hmtx"][name][0] * scale for name in order]
            self.identity = str(cid.get("/CIDToGIDMap", "/Identity")) == "/Identity"

    def codes(self, data: bytes) -> list[int]:
        return (
            [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data) - 1, 2)] if self.type0 else list(data)
        )


def glyph_problems(path: Path) -> list[str]:
    """Each glyph drawn against the rules above: one line per (font, code, rule), empty when all hold."""
    found: set[str] = set()
    with pikepdf.open(path) as pdf:
        fonts: dict[tuple[int, int], _Font] = {}
        for number, page in enumerate(pdf.pages, 1):
            _walk(page.obj, page.obj.get("/Resources", pikepdf.Dictionary()), number, fonts, found, set())
    return sorted(found)


def _walk(holder, resources, page: int, fonts, found: set[str], seen: set) -> None:
    font: _Font | None = None
    mode = 0
    stack: list[tuple[_Font | None, int]] = []
    for operands, operator in pikepdf.parse_content_stream(holder):
        op = str(operator)
        if op == "q":
            stack.append((font, mode))
        elif op == "Q" and stack:
            font, mode = stack.pop()
        elif op == "Tf":
            resource = resources.Font[str(operands[0])]
            key = resource.objgen
            if key not in fonts:
                fonts[key] = _Font(resource)
            font = fonts[key]
        elif op == "Tr":
            mode = int(operands[0])
        elif op in ("Tj", "TJ", "'", '"') and font is not None:
            strings = operands[0] if op == "TJ" else operands[-1:]
            for item in strings:
                if isinstance(item, pikepdf.String):
                    for code in font.codes(bytes(item)):
                        _check(font, code, mode, page, found)
        elif op == "Do":
            xobject = resources.get("/XObject", {}).get(str(operands[0]))
            if xobject is not None and xobject.get("/Subtype") == "/Form" and xobject.objgen not in seen:
                seen.add(xobject.objgen)
                _walk(xobject, xobject.get("/Resources", resources), page, fonts, found, seen)


def _check(font: _Font, code: int, mode: int, page: int, found: set[str]) -> None:
    where = f"page {page}: {font.name} code {code}"
    if font.type0 and font.identity and code == 0:
        found.add(f"{where}: .notdef drawn (6.2.11.8)")
    text = font.text.get(code)
    if text is None or text in _BAD:
        found.add(f"{where}: maps to {text!r} in ToUnicode (6.2.11.7.2)")
    if font.type0 and font.identity and mode != 3:
        width = font.widths.get(code, font.default)
        advance = font.advances[code] if code < len(font.advances) else None
        if advance is None:
            found.add(f"{where}: no such glyph in the font program")
        elif abs(width - advance) > 1:
            found.add(f"{where}: /W {width:g} but the font program's advance is {advance:g} (6.2.11.5)")
