"""The PDF's text layer: what copy, search and screen readers get, word for word the source.

What the engine draws is not always the text it stands for:

- the masthead's Noto Nastaliq Urdu draws letters as dotless skeletons plus
  dots, so its glyphs map back to the wrong letters (ف reads as ن);
- a verse elongated with kashida holds the tatweels (U+0640) typeset inserted;
- a ZWNJ (می‌شود) is drawn as no glyph at all, so the text loses it (میشود);
- a mark the font raises over its letter (the hamza of نسخهٔ) is drawn on its
  own baseline, where poppler takes it for a line of its own;
- a right-to-left ligature (the لله of عبدالله، اسدالله، الله) is one glyph for
  several letters: its ToUnicode entry holds them in logical order, but poppler
  (pdftotext) and pdfminer put a glyph's letters in the line's visual order and
  then reverse the line, so they read عبداهلل.

``/ActualText`` mends none of these for every reader (pdfminer and pypdf ignore
it; poppler reverses it): the fonts are mended instead (typeset.render.pdffont),
with glyphs added to their programs, so that every glyph drawn reads as its own
text and is as wide as its program says. The masthead is cut into one glyph a
letter (in visual order), each drawing the Nastaliq outlines that stand over
its share of the masthead's width; a letter and the kashida that follows it are
one glyph that reads as the letter; a ZWNJ where the engine left its mark is
read with the letter drawn right of it (see :func:`_zwnj`); a raised mark is drawn as a
glyph on the baseline with the rise inside it; a ligature is drawn as its first
letter in visual order, with a glyph of no outline for each other letter after
it, sharing its advance. Nothing on the page moves (by less than a thousandth
of an em). This runs as WeasyPrint's ``finisher``, on the pydyf objects before
they are written, so the output stays byte-identical from build to build; a
PDF it cannot mend (a font program it cannot add to, an operator it does not
expect) is left as the engine wrote it, with a warning.
"""

from __future__ import annotations

import binascii
import logging
import math
import re
import struct
import unicodedata
from collections.abc import Iterator

import pydyf

from typeset.render.fontprogram import Component, NotTrueType
from typeset.render.pdffont import EmbeddedFont, fonts_of, lines

LOGGER = logging.getLogger("typeset.render")

_FONT_SELECT = re.compile(rb"^/(\w+) ([\d.]+) Tf$")
_RISE = re.compile(rb"^(-?[\d.]+) Ts$")
_TJ_ITEM = re.compile(rb"<([0-9a-fA-F]*)>|([-+]?[0-9.]+(?:[eE][-+]?[0-9]+)?)")  # a number is kept whole
TATWEEL = "\u0640"
ZWNJ = "\u200c"
#: What WeasyPrint writes into a TJ array for a glyph Pango left empty (a default-ignorable character
#: such as ZWNJ): ``>{-width / size}<`` with a width of 0. Kerning is written as an integer, offsets only
#: when they are not 0, so this float zero is the empty glyph's own mark.
_EMPTY = {"0.0", "-0.0"}

Item = int | str  # a glyph id, or an adjustment as written


def _items(line: bytes) -> list[Item]:
    items: list[Item] = []
    for glyphs, number in _TJ_ITEM.findall(line[line.index(b"[") + 1 : line.rindex(b"]")]):
        if number:
            items.append(number.decode())
        elif len(glyphs) % 4 == 0:  # two bytes a glyph id, read in one go (half the time of a number each)
            items.extend(struct.unpack(f">{len(glyphs) // 4}H", binascii.unhexlify(glyphs)))
        else:
            items.extend(int(glyphs[i : i + 4], 16) for i in range(0, len(glyphs), 4))
    return items


def _tj(items: list[Item]) -> bytes:
    out: list[str] = []
    glyphs: list[str] = []
    for value in items:
        if isinstance(value, int):
            glyphs.append(f"{value:04x}")
            continue
        if glyphs:
            out.append("<" + "".join(glyphs) + ">")
            glyphs = []
        elif out and not out[-1].endswith(">"):
            out.append(" ")  # two adjustments side by side must stay two numbers
        out.append(str(value))
    if glyphs:
        out.append("<" + "".join(glyphs) + ">")
    return ("[" + "".join(out) + "] TJ").encode()


def _arabic(text: str) -> bool:
    return any(unicodedata.bidirectional(c) == "AL" and unicodedata.category(c)[0] == "L" for c in text)


def _reads_right_to_left(text: str) -> bool:
    kinds = {unicodedata.bidirectional(char) for char in text}
    return bool(kinds & {"R", "AL"}) and kinds <= {"R", "AL", "NSM"}


def _is_mark(text: str) -> bool:
    return bool(text) and all(unicodedata.category(c) in ("Mn", "Mc") for c in text)


def _visual(text: str) -> str:
    """``text`` in the order its letters stand on a right-to-left line, left to right (no mirroring:
    a reader mirrors nothing when it turns the line back)."""
    if not any(unicodedata.bidirectional(c) in ("L", "EN", "AN") for c in text):
        return text[::-1]
    from bidi import get_display  # mixed scripts: the Unicode bidi algorithm decides

    return str(get_display(text, base_dir="R"))


def mark_text_layer(
    pdf: pydyf.PDF, masthead_fonts: tuple[str, ...] = (), masthead: str = "", verse_fonts: tuple[str, ...] = ()
) -> None:
    """Make the text layer say the source's text: see the module's docstring. ``masthead_fonts`` set the
    masthead (``masthead``, its text) and nothing else; ``verse_fonts`` set only verse, where every
    tatweel that follows a letter is typeset's kashida (or the author's, which reads the same)."""
    fonts = fonts_of(pdf)
    heading = {tag for tag, f in fonts.items() if masthead and masthead_fonts and f.family.startswith(masthead_fonts)}
    try:
        kashida = _verse_tatweels(fonts, verse_fonts)
        for tag, font in fonts.items():
            if tag not in heading and (joins := _agree_with_font(font, kashida.get(tag, set()))):
                kashida.setdefault(tag, set()).update(joins)
        mending = _Mending(fonts, kashida)
        rebuilt = []
        for obj in _text_streams(pdf):
            content = mending.rebuild(lines(obj))
            if heading:
                content = _carry_masthead(content, {tag: fonts[tag] for tag in heading}, masthead)
            rebuilt.append((obj, content))
    except (NotTrueType, ValueError, KeyError, IndexError) as error:
        # Nothing was written yet: the PDF stays as the engine made it, readable but not mended.
        LOGGER.warning("the PDF's text layer is left as the engine wrote it (%s)", error)
        return
    for obj, content in rebuilt:
        obj.stream = content
    for font in fonts.values():
        font.save()


def _text_streams(pdf: pydyf.PDF) -> Iterator[pydyf.Stream]:
    for obj in pdf.objects:
        if isinstance(obj, pydyf.Stream) and obj.stream and b"BT" in lines(obj):
            yield obj


def _verse_tatweels(fonts: dict[bytes, EmbeddedFont], verse_fonts: tuple[str, ...]) -> dict[bytes, set[int]]:
    """Per verse font, its glyphs that are tatweels only; a glyph that draws a tatweel with letters reads
    as its letters."""
    kashida: dict[bytes, set[int]] = {}
    for tag, font in fonts.items():
        if verse_fonts and font.family.startswith(verse_fonts):
            for gid, text in list(font.text.items()):
                if TATWEEL in text:
                    if text.strip(TATWEEL):
                        font.say(gid, text.replace(TATWEEL, ""))
                    else:
                        kashida.setdefault(tag, set()).add(gid)
    return kashida


def _agree_with_font(font: EmbeddedFont, tatweels: set[int]) -> set[int]:
    """Each right-to-left glyph reads as what its font says it stands for (typeset.render.glyphtext) where
    the engine's text (that of the first cluster it was drawn in) is not among it: one glyph stands for one
    text wherever it is drawn. A glyph the font draws as a tatweel where the text has none (Amiri's joins
    between kaf and lam) is returned: it is drawn with the letter on its left, as kashida is."""
    texts: dict[int, frozenset[str]] | None = None
    joins: set[int] = set()
    for gid, engine in sorted(font.text.items()):
        if gid in tatweels or (engine and not _reads_right_to_left(engine)):
            continue
        texts = font.shipped_texts() if texts is None else texts
        drawn = {c for c in texts.get(gid, ()) if _reads_right_to_left(c)}
        if TATWEEL not in engine:  # a letter's glyph that draws its join (Amiri's ـا) stands for the letter
            drawn = {c.replace(TATWEEL, "") or TATWEEL for c in drawn}
        candidates = sorted(drawn, key=lambda c: (len(c), c))
        if not candidates or engine in candidates:
            continue
        if candidates == [TATWEEL]:
            font.say(gid, TATWEEL)
            joins.add(gid)
            continue
        within = [c for c in candidates if c in engine]  # the kaf of «لك»: the letter the glyph draws
        font.say(gid, (within or candidates)[0])
    return joins


class _TextState:
    """The font, size and rise in force at a line of a content stream (the rise is graphics state: q saves
    it, Q restores it)."""

    def __init__(self) -> None:
        self.tag, self.size, self.rise = b"", 0.0, 0.0
        self._saved: list[float] = []

    def read(self, line: bytes) -> bool:
        """Take ``line`` into the state: True when it was a line of state (q, Q, Tf, Ts)."""
        if line == b"q":
            self._saved.append(self.rise)
        elif line == b"Q":
            self.rise = self._saved.pop() if self._saved else self.rise
        elif selected := _FONT_SELECT.match(line):
            self.tag, self.size = selected.group(1), float(selected.group(2))
        elif moved := _RISE.match(line):
            self.rise = float(moved.group(1))
        else:
            return False
        return True


class _Mending:
    """The glyphs each font's lines are mended with: ligatures split, ZWNJ carried, raised marks put on the
    baseline, kashida joined to its letter. Each is made once a font and reused."""

    def __init__(self, fonts: dict[bytes, EmbeddedFont], kashida: dict[bytes, set[int]]):
        self.fonts = fonts
        self.kashida = kashida
        self._ligatures: dict[tuple[bytes, int], list[Item] | None] = {}

    def ligature(self, tag: bytes, gid: int) -> list[Item] | None:
        """What a right-to-left ligature is drawn as: itself, reading as its first letter in visual order,
        then a glyph of no outline for each other letter, all sharing its advance (None: not a ligature)."""
        key = (tag, gid)
        if key not in self._ligatures:
            font = self.fonts[tag]
            text = font.text.get(gid, "")
            split: list[Item] | None = None
            kashida = gid in self.kashida.get(tag, ())  # a verse font's run of tatweels: joined to its letter
            if len(text) >= 2 and _reads_right_to_left(text) and gid in font.widths and not kashida:
                letters = text[::-1]  # in visual order: the ligature's left part is its last letter
                units = font.units
                base, extra = divmod(round(font.widths[gid] * units), len(letters))
                first, drawn = font.glyph((Component(gid, 0, 0),), (base + extra) / units, letters[0])
                split = [first]
                for letter in letters[1:]:
                    code, width = font.glyph((), base / units, letter)
                    split.append(code)
                    drawn += width
                if abs(drawn - font.widths[gid]) > 1e-6:
                    split.append(_number(drawn - font.widths[gid]))
            self._ligatures[key] = split
        return self._ligatures[key]

    def rebuild(self, content: list[bytes]) -> list[bytes]:
        """The content stream's lines, mended."""
        out: list[bytes] = []
        state = _TextState()
        for line in content:
            tag, size, rise = state.tag, state.size, state.rise
            if state.read(line):
                pass
            elif line.endswith(b"TJ") and tag in self.fonts:
                font = self.fonts[tag]
                items = _items(line)
                if rise and size and _all_marks(items, font):
                    out += [b"0 Ts", _tj(self._lowered(items, font, rise / size * 1000)), _rise_line(rise)]
                    continue
                items, changed = _zwnj(items, font)
                mended: list[Item] = []
                for item in items:
                    split = self.ligature(tag, item) if isinstance(item, int) else None
                    mended += split or [item]
                    changed = changed or bool(split)
                mended, shared = _share_advances(mended, font)
                changed = changed or shared
                if tag in self.kashida:
                    mended, stretched = _close_kashida(mended, font, self.kashida[tag])
                    changed = changed or stretched
                if changed:
                    line = _tj(mended)
            out.append(line)
        return out

    @staticmethod
    def _lowered(items: list[Item], font: EmbeddedFont, rise: float) -> list[Item]:
        """Marks drawn ``rise`` thousandths of an em up, as glyphs on the baseline that hold the rise."""
        units = font.units
        out: list[Item] = []
        for item in items:
            if isinstance(item, int):
                wide = font.widths.get(item, 0)
                code, width = font.glyph((Component(item, 0, round(rise * units)),), wide, font.text[item])
                out.append(code)
                if width != wide:
                    out.append(_number(width - wide))
            else:
                out.append(item)
        return out


def _rise_line(rise: float) -> bytes:
    return f"{rise:g} Ts".encode()


def _number(value: float) -> str:
    return f"{round(value, 3):g}"


def _all_marks(items: list[Item], font: EmbeddedFont) -> bool:
    glyphs = [item for item in items if isinstance(item, int)]
    return bool(glyphs) and all(_is_mark(font.text.get(g, "")) for g in glyphs)


def _share_advances(items: list[Item], font: EmbeddedFont) -> tuple[list[Item], bool]:
    """A letter drawn with no advance over the next (Noto Naskh's lam-alef is an alef of no width over its
    lam) takes the first half of the next glyph's advance, and the next glyph the rest, each drawn where
    it was: poppler's raw reading takes two glyphs that start together for one drawn twice, and cuts
    the word there."""
    out = list(items)
    changed = False
    for index, value in enumerate(items[:-1]):
        if not isinstance(value, int) or font.widths.get(value, 0) != 0 or not _arabic(font.text.get(value, "")):
            continue
        after = next((i for i in range(index + 1, len(items)) if items[i] not in ("0", "-0")), None)
        nxt = items[after] if after is not None else None
        if after is None or not isinstance(nxt, int) or font.widths.get(nxt, 0) <= 0 or not font.text.get(nxt):
            continue
        units = font.units
        half = (round(font.widths[nxt] * units) // 2) / units
        first, taken = font.glyph((Component(value, 0, 0),), half, font.text[value])
        second, rest = font.glyph((Component(nxt, -round(taken * units), 0),), font.widths[nxt] - taken, font.text[nxt])
        if abs(taken + rest - font.widths[nxt]) > 1e-6:
            continue
        out[index], out[after] = first, second
        changed = True
    return out, changed


def _close_kashida(items: list[Item], font: EmbeddedFont, tatweels: set[int]) -> tuple[list[Item], bool]:
    """Tatweels a reader reads as letters of their own (and where they stand between letters, as a gap that
    splits the word): each run of them is drawn with the letter just left of it, as one glyph that reads as
    that letter and reaches over the run."""
    out: list[Item] = []
    changed = False
    index = 0
    while index < len(items):
        value = items[index]
        run_end = index + 1
        if isinstance(value, int) and value not in tatweels and font.text.get(value):
            while run_end < len(items) and (isinstance(items[run_end], str) or items[run_end] in tatweels):
                run_end += 1
            while run_end > index + 1 and isinstance(items[run_end - 1], str):
                run_end -= 1  # the spacing after the run stays where it was
        run = items[index + 1 : run_end]
        if not isinstance(value, int) or not any(isinstance(item, int) for item in run):
            out.append(value)
            index += 1
            continue
        pen = font.widths.get(value, 0)
        parts = [Component(value, 0, 0)]
        for item in run:
            if isinstance(item, int):
                parts.append(Component(item, round(pen * font.units), 0))
                pen += font.widths.get(item, 0)
            else:
                pen -= float(item)
        code, width = font.glyph(tuple(parts), pen, font.text[value])
        out.append(code)
        if abs(pen - width) > 1e-6:
            out.append(_number(width - pen))
        changed = True
        index = run_end
    return out, changed


def _zwnj(items: list[Item], font: EmbeddedFont) -> tuple[list[Item], bool]:
    """``items`` with each empty glyph the engine left between two Arabic letters (a ZWNJ: the only
    character of Persian text Pango draws as nothing; the bidi isolates typeset writes sit beside spaces,
    Latin, or at the end of a run) read with the letter on its right: see below."""
    if not any(value in _EMPTY for value in items):
        return items, False

    def neighbour(start: int, step: int) -> str | None:
        index = start + step
        while 0 <= index < len(items):
            value = items[index]
            if isinstance(value, int) and font.text.get(value, ""):
                return font.text[value]
            index += step
        return None

    out, changed = list(items), False
    for index, value in enumerate(items):
        if value not in _EMPTY:
            continue
        left, right = neighbour(index, -1), neighbour(index, 1)
        if left is not None and right is not None and _arabic(left) and _arabic(right):
            # The letter right of it (before it in reading) reads as itself and the ZWNJ, in the order they
            # stand on the line: a glyph of its own with no width would start where the next one starts, and
            # poppler's raw reading takes two glyphs that start together for one drawn twice and cuts the word.
            at = next(i for i, v in enumerate(out) if i > index and isinstance(v, int) and font.text.get(v, ""))
            letter = out[at]
            if isinstance(letter, int):
                drawn = (Component(letter, 0, 0),)
                out[at] = font.glyph(drawn, font.widths.get(letter, 0), ZWNJ + font.text[letter])[0]
                changed = True
    return out, changed


def _masthead_spans(content: list[bytes], tags: set[bytes]) -> list[tuple[int, int]]:
    """Line ranges (first TJ, last TJ) inside each text object that draw with the masthead's font.

    WeasyPrint may draw the masthead and the next line (the monogram) in one
    text object, so a span is cut at the glyphs, not at BT/ET.
    """
    spans: list[tuple[int, int]] = []
    font = b""
    current: list[int] = []
    for index, line in enumerate(content):
        selected = _FONT_SELECT.match(line)
        if selected:
            font = selected.group(1)
        if line.endswith(b"TJ") and font in tags:
            current.append(index)
        elif current and (line == b"ET" or line.endswith(b" Tm") or (selected and font not in tags)):
            # a masthead that wraps: one span a line; a run in another face (a Latin word) stands apart
            spans.append((current[0], current[-1]))
            current = []
    return spans


def _carry_masthead(content: list[bytes], fonts: dict[bytes, EmbeddedFont], text: str) -> list[bytes]:
    """Each span of the masthead drawn again as one glyph a letter of its text (its words shared among the
    spans by their widths), left to right in visual order, each as wide as an equal share of the span and
    drawing the Nastaliq outlines whose pen stands in its share: the same drawing, read as the text."""
    spans = _masthead_spans(content, set(fonts))
    if not spans:
        return content
    placed = [_placements(content, span, fonts) for span in spans]
    words = text.split(" ")
    total = sum(width for _, width, _, _ in placed) or 1.0
    parts: list[str] = []
    taken = 0
    for number, (_, width, _, _) in enumerate(placed):
        share = round(len(words) * width / total) if number < len(placed) - 1 else len(words) - taken
        share = max(min(share, len(words) - taken), 0)
        parts.append(" ".join(words[taken : taken + share]))
        taken += share
    replaced: dict[int, tuple[int, list[bytes]]] = {}
    for (start, end), (font, width, glyphs, rise_after), part in zip(spans, placed, parts, strict=True):
        visual = _visual(part)
        if not visual or width <= 0:
            continue  # a span the words did not reach (a mark the masthead's last word left): as drawn
        units = font.units
        step = width / len(visual)
        slots: list[list[Component]] = [[] for _ in visual]
        for gid, x, y in glyphs:
            slot = min(max(math.floor(x / step), 0), len(visual) - 1)
            slots[slot].append(Component(gid, round((x - slot * step) * units), round(y * units)))
        items: list[Item] = []
        pen = 0.0
        for number, (char, parts_) in enumerate(zip(visual, slots, strict=True)):
            # Each slot starts where the equal shares put it: its width absorbs what the units round off.
            code, advance = font.glyph(tuple(parts_), (number + 1) * step - pen, char)
            items.append(code)
            pen += advance
        if abs(width - pen) > 1e-6:
            items.append(_number(pen - width))
        replaced[start] = (end, [b"0 Ts", _tj(items), _rise_line(rise_after)])
    out: list[bytes] = []
    index = 0
    while index < len(content):
        if index in replaced:
            end, lines_ = replaced[index]
            out += lines_
            index = end + 1
            continue
        out.append(content[index])
        index += 1
    return out


def _placements(
    content: list[bytes], span: tuple[int, int], fonts: dict[bytes, EmbeddedFont]
) -> tuple[EmbeddedFont, float, list[tuple[int, float, float]], float]:
    """The masthead font of a span, how far its glyphs advance (thousandths of an em), each glyph with the
    pen's place where it is drawn (x, y in thousandths of an em from the span's start), and the text rise
    in force after it."""
    state = _TextState()
    for line in content[: span[0]]:
        state.read(line)
    tag, size, rise = state.tag, state.size, state.rise
    font = fonts[tag]
    if not size:
        raise ValueError("a masthead drawn at size 0")
    x = 0.0
    glyphs: list[tuple[int, float, float]] = []
    for line in content[span[0] : span[1] + 1]:
        if moved := _RISE.match(line):
            rise = float(moved.group(1))
        elif line.endswith(b"TJ"):
            for value in _items(line):
                if isinstance(value, int):
                    glyphs.append((value, x, rise / size * 1000))
                    x += font.widths.get(value, 0)
                else:
                    x -= float(value)
        else:
            raise ValueError(f"the masthead's text holds an operator typeset does not expect ({line[:24]!r})")
    return font, x, glyphs, rise
