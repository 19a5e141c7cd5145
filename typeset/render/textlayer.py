"""The PDF's text layer: what copy, search and screen readers get, word for word the source.

Three things the engine draws are not the text they stand for:

- a word elongated with kashida holds tatweels (U+0640) typeset inserted;
- Noto Nastaliq Urdu draws letters as dotless skeletons plus dots, so the
  glyphs of the masthead map back to the wrong letters (ف reads as ن);
- a right-to-left ligature (the لله of عبدالله، اسدالله، الله) is one glyph for
  several letters: its ToUnicode entry holds them in logical order, but
  poppler (pdftotext) and pdfminer put a glyph's letters in the line's visual
  order and then reverse the line, so they read عبداهلل.

The first two are wrapped in marked content with an ``/ActualText`` (PDF 1.5,
14.9.4): readers (pdftotext, Acrobat, pdf.js) then take that text instead of
the glyphs'. ActualText cannot mend the third (pdfminer ignores it, poppler
reverses it as it reverses the glyph's own text), so a ligature's letters are
given one glyph each instead: the ligature keeps the first of them in visual
order, and each other letter is mapped to a glyph that draws nothing (an empty
glyph of the embedded subset), drawn right after it; the ligature's advance is
shared among them, so nothing on the page moves and every reader gets one
letter per glyph, in order. This runs as WeasyPrint's ``finisher``, on the
pydyf objects before they are written, so the output stays byte-identical from
build to build.
"""

from __future__ import annotations

import io
import re
import struct
from collections.abc import Iterator
from functools import partial
from unicodedata import bidirectional

import pydyf

_ENTRY = re.compile(rb"<([0-9a-fA-F]{4})>\s*<([0-9a-fA-F]*)>")
_RANGE_HEAD = re.compile(rb"(\d+) beginbfchar")
_FONT_SELECT = re.compile(rb"^/(\w+) [\d.]+ Tf$")
_GLYPHS = re.compile(rb"<([0-9a-fA-F]*)>")
TATWEEL = "\u0640"


def _reference(value: object) -> int:
    """The object number of an indirect reference as pydyf holds it (``b"8 0 R"`` or ``"8 0 R"``)."""
    return int((value if isinstance(value, bytes) else str(value).encode()).split()[0])


def _lines(stream: pydyf.Stream) -> list[bytes]:
    return [item if isinstance(item, bytes) else str(item).encode() for item in stream.stream]


def _objects(pdf: pydyf.PDF) -> dict[int, object]:
    return {obj.number: obj for obj in pdf.objects if hasattr(obj, "number")}


def _to_unicode(pdf: pydyf.PDF) -> dict[bytes, tuple[str, dict[str, str]]]:
    """Font resource name (the subset tag WeasyPrint uses) → (its family, glyph id (hex) → text)."""
    objects = _objects(pdf)
    fonts: dict[bytes, tuple[str, dict[str, str]]] = {}
    for obj in pdf.objects:
        if not (isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/Font" and "ToUnicode" in obj):
            continue
        base = obj["BaseFont"]
        base = base if isinstance(base, bytes) else str(base).encode()
        reference = obj["ToUnicode"]
        number = int((reference if isinstance(reference, bytes) else str(reference).encode()).split()[0])
        cmap = objects.get(number)
        if not isinstance(cmap, pydyf.Stream):
            continue
        data = b"".join(_lines(cmap))
        tag, _, family = base.lstrip(b"/").partition(b"+")
        fonts[tag] = (
            family.decode().removeprefix("ts-").replace("-", " "),
            {
                gid.decode().lower(): bytes.fromhex(text.decode()).decode("utf-16-be")
                for gid, text in _ENTRY.findall(data)
            },
        )
    return fonts


def _text_blocks(lines: list[bytes]) -> Iterator[tuple[int, int, list[tuple[bytes, str]]]]:
    """Each ``BT … ET`` block: (index of BT, index of ET, (font tag, glyph id) in drawing order)."""
    font = b""
    start: int | None = None
    glyphs: list[tuple[bytes, str]] = []
    for index, line in enumerate(lines):
        selected = _FONT_SELECT.match(line)
        if selected:
            font = selected.group(1)
        elif line == b"BT":
            start, glyphs = index, []
        elif line.endswith(b"TJ") and start is not None:
            for run in _GLYPHS.findall(line):
                hexes = run.decode().lower()
                glyphs.extend((font, hexes[i : i + 4]) for i in range(0, len(hexes), 4))
        elif line == b"ET" and start is not None:
            yield start, index, glyphs
            start = None


def _actual_text(text: str) -> bytes:
    return b"/Span <</ActualText <" + ("\ufeff" + text).encode("utf-16-be").hex().upper().encode() + b">>> BDC"


_TJ_ITEM = re.compile(rb"<([0-9a-fA-F]*)>|([-+]?[0-9.]+(?:[eE][-+]?[0-9]+)?)")  # a number is kept whole


def _split_kashida(line: bytes, font: bytes, cmap: dict[str, str]) -> list[bytes] | None:
    """A ``[…] TJ`` line, cut so that each run of tatweel glyphs and the letter it
    elongates (the glyph drawn to its right) get one ActualText: that letter.
    Consecutive TJ operators continue where the last left off, so nothing moves."""
    items: list[tuple[str, str]] = []  # ("g", glyph id) or ("n", adjustment)
    for glyphs, number in _TJ_ITEM.findall(line[line.index(b"[") + 1 : line.rindex(b"]")]):
        if number:
            items.append(("n", number.decode()))
        else:
            hexes = glyphs.decode().lower()
            items.extend(("g", hexes[i : i + 4]) for i in range(0, len(hexes), 4))

    def text(item: tuple[str, str]) -> str:
        return cmap.get(item[1], "") if item[0] == "g" else ""

    def stretched(item: tuple[str, str]) -> bool:
        return TATWEEL in text(item)

    if not any(stretched(item) for item in items):
        return None
    out: list[bytes] = []
    run: list[tuple[str, str]] = []

    def emit(part: list[tuple[str, str]]) -> None:
        if part:
            # spaces between the items: two adjustments side by side must stay two numbers
            out.append(b"[" + b" ".join(f"<{v}>".encode() if k == "g" else v.encode() for k, v in part) + b"] TJ")

    i = 0
    while i < len(items):
        if not stretched(items[i]):
            run.append(items[i])
            i += 1
            continue
        emit(run)
        run = []
        group: list[tuple[str, str]] = []
        # tatweel-only glyphs (and the spacing between them) go with the glyph drawn to their right
        while i < len(items) and (items[i][0] == "n" or set(text(items[i])) == {TATWEEL}):
            group.append(items[i])
            i += 1
        if i < len(items):
            group.append(items[i])  # the letter (or a glyph that is tatweels and a letter: Amiri has some)
            i += 1
        letters = "".join(text(item) for item in group).replace(TATWEEL, "")
        out.append(_actual_text(letters))
        emit(group)
        out.append(b"EMC")
    emit(run)
    return out


def mark_actual_text(
    pdf: pydyf.PDF, masthead_fonts: tuple[str, ...] = (), masthead: str = "", verse_fonts: tuple[str, ...] = ()
) -> None:
    """Give the text layer the source's text for kashida-elongated words (in ``verse_fonts``,
    where typeset inserts tatweels; an author's own tatweel elsewhere stays) and for the masthead."""
    split_ligatures(pdf, masthead_fonts)
    fonts = _to_unicode(pdf)
    masthead_tags = {tag for tag, (family, _) in fonts.items() if family.startswith(masthead_fonts)}
    tatweel_fonts = {
        tag
        for tag, (family, cmap) in fonts.items()
        if family.startswith(verse_fonts) and any(TATWEEL in text for text in cmap.values())
    }
    if not masthead_tags and not tatweel_fonts:
        return
    for obj, lines in _text_streams(pdf):
        spans = _masthead_spans(lines, masthead_tags) if masthead else []
        opens = {start: _actual_text(masthead if n == 0 else "") for n, (start, _) in enumerate(spans)}
        closes = {end for _, end in spans}
        rebuilt: list[bytes] = []
        font = b""
        for index, line in enumerate(lines):
            selected = _FONT_SELECT.match(line)
            if selected:
                font = selected.group(1)
            if index in opens:
                rebuilt.append(opens[index])
            split = (
                _split_kashida(line, font, fonts[font][1]) if font in tatweel_fonts and line.endswith(b"TJ") else None
            )
            rebuilt.extend(split or [line])
            if index in closes:
                rebuilt.append(b"EMC")
        obj.stream = rebuilt


def _masthead_spans(lines: list[bytes], tags: set[bytes]) -> list[tuple[int, int]]:
    """Line ranges (first, last) inside each text object that draw with the masthead's font.

    WeasyPrint may draw the masthead and the next line (the monogram) in one
    text object, so the span is cut at the glyphs, not at BT/ET: a marked-content
    sequence may sit inside a text object.
    """
    spans: list[tuple[int, int]] = []
    font = b""
    current: list[int] = []
    for index, line in enumerate(lines):
        selected = _FONT_SELECT.match(line)
        if selected:
            font = selected.group(1)
        elif line.endswith(b"TJ") and font in tags:
            current.append(index)
        elif line == b"ET" and current:
            first = current[0]
            while first > 0 and lines[first - 1].endswith((b"Ts", b"Tf", b"Tm")):
                first -= 1  # take in the positioning that belongs to the first glyphs
            spans.append((first, current[-1]))
            current = []
    return spans


def _text_streams(pdf: pydyf.PDF) -> Iterator[tuple[pydyf.Stream, list[bytes]]]:
    """The content streams that draw text, each with its lines."""
    for obj in pdf.objects:
        if isinstance(obj, pydyf.Stream) and obj.stream:
            lines = _lines(obj)
            if b"BT" in lines:
                yield obj, lines


def _reads_right_to_left(text: str) -> bool:
    kinds = {bidirectional(char) for char in text}
    return bool(kinds & {"R", "AL"}) and kinds <= {"R", "AL", "NSM"}


def _empty_glyphs(font_file: bytes, used: set[int]) -> Iterator[int]:
    """Glyph ids of the embedded (subset) font that draw nothing and no text uses (the engine keeps
    glyph ids when it subsets, so the glyphs it leaves out are empty)."""
    from fontTools.ttLib import TTFont  # lazily: only a page with a right-to-left ligature needs it

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


def _widths(array: pydyf.Array) -> dict[int, float]:
    """A CIDFont's ``/W`` array (``first [w w …] …``, as the engine writes it) as code → width."""
    widths: dict[int, float] = {}
    for index in range(0, len(array) - 1, 2):
        first, values = array[index], array[index + 1]
        if not isinstance(values, list):
            return {}  # the ``first last w`` form: not the engine's, left alone
        widths.update({int(first) + offset: width for offset, width in enumerate(values)})
    return widths


def _split_font_ligatures(objects: dict[int, object], font: pydyf.Dictionary) -> dict[str, list[str]]:
    """Give each right-to-left ligature of ``font`` one glyph per letter (see the module's docstring):
    its ToUnicode and widths rewritten; returns ligature glyph (hex) → the empty glyphs (hex) to draw after it."""
    cmap = objects.get(_reference(font["ToUnicode"]))
    descendant = objects.get(_reference(font["DescendantFonts"][0]))
    if not isinstance(cmap, pydyf.Stream) or not isinstance(descendant, pydyf.Dictionary):
        return {}
    entries = {
        int(gid, 16): bytes.fromhex(text.decode()).decode("utf-16-be")
        for gid, text in _ENTRY.findall(b"".join(_lines(cmap)))
    }
    ligatures = {gid: text for gid, text in entries.items() if len(text) > 1 and _reads_right_to_left(text)}
    descriptor = objects.get(_reference(descendant.get("FontDescriptor", b"0 0 R")))
    if not ligatures or not isinstance(descriptor, pydyf.Dictionary) or "CIDSet" in descriptor:
        return {}  # a CIDSet (PDF/A-1) would have to list the new glyphs too
    file = objects.get(_reference(descriptor.get("FontFile2", b"0 0 R")))
    widths = _widths(descendant["W"])
    if not isinstance(file, pydyf.Stream) or not widths:
        return {}
    free = _empty_glyphs(b"".join(_lines(file)), set(entries) | set(widths))
    followers: dict[str, list[str]] = {}
    mapped: dict[int, str] = {}
    for gid, text in sorted(ligatures.items()):
        letters = text[::-1]  # in visual order: the ligature's left part is its last letter
        codes = [next(free, None) for _ in letters[1:]]
        if None in codes or gid not in widths:
            continue
        share = widths[gid] / len(letters)
        share = int(share) if float(widths[gid]).is_integer() else round(share, 3)
        widths[gid] -= share * len(codes)
        mapped[gid] = letters[0]
        for code, letter in zip(codes, letters[1:], strict=True):
            assert code is not None
            widths[code], mapped[code] = share, letter
        followers[f"{gid:04x}"] = [f"{code:04x}" for code in codes if code is not None]
    if not followers:
        return {}
    array = pydyf.Array()
    for code in sorted(widths):
        if code - 1 not in widths:
            array.extend([code, pydyf.Array()])
        array[-1].append(widths[code])
    descendant["W"] = array
    lines = [line for line in _lines(cmap) if not ((m := _ENTRY.match(line)) and int(m.group(1), 16) in mapped)]
    block = [f"{len(mapped)} beginbfchar".encode()]
    block += [f"<{code:04x}> <{letter.encode('utf-16-be').hex()}>".encode() for code, letter in sorted(mapped.items())]
    block.append(b"endbfchar")
    at = lines.index(b"endcmap")
    cmap.stream = lines[:at] + block + lines[at:]
    return followers


def split_ligatures(pdf: pydyf.PDF, masthead_fonts: tuple[str, ...] = ()) -> None:
    """One glyph per letter for the right-to-left ligatures of every font but the masthead's (which
    has an ActualText of its own): see the module's docstring."""
    objects = _objects(pdf)
    followers: dict[bytes, dict[str, list[str]]] = {}
    for obj in pdf.objects:
        if not (isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/Font" and "DescendantFonts" in obj):
            continue
        base = obj["BaseFont"]
        tag, _, family = (base if isinstance(base, bytes) else str(base).encode()).lstrip(b"/").partition(b"+")
        if masthead_fonts and family.decode().removeprefix("ts-").replace("-", " ").startswith(masthead_fonts):
            continue
        split = _split_font_ligatures(objects, obj)
        if split:
            followers[tag] = split
    if not followers:
        return

    for obj, lines in _text_streams(pdf):
        font = b""
        rebuilt = []
        for line in lines:
            selected = _FONT_SELECT.match(line)
            if selected:
                font = selected.group(1)
            elif font in followers and line.endswith(b"TJ"):
                line = _GLYPHS.sub(partial(_with_followers, followers=followers[font]), line)
            rebuilt.append(line)
        obj.stream = rebuilt


def _with_followers(run: re.Match[bytes], followers: dict[str, list[str]]) -> bytes:
    hexes = run.group(1).decode().lower()
    glyphs = [hexes[i : i + 4] for i in range(0, len(hexes), 4)]
    return ("<" + "".join(g + "".join(followers.get(g, ())) for g in glyphs) + ">").encode()
