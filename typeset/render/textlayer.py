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
it; poppler reverses it): the fonts are mended instead (typeset.render.pdffont).
The masthead's glyphs read as nothing and carriers, drawn under them from its
left edge to its right, read as its letters in visual order; every tatweel of
a verse font reads as nothing; ZWNJ gets a zero-width carrier where the engine
left its mark (see :func:`_zwnj`); a raised mark reads as nothing and a
zero-width carrier on the baseline, just before it, carries it; a ligature keeps
the first of its letters in visual order and each other letter is a carrier
drawn after it, sharing its advance. Nothing on the page moves. This runs as
WeasyPrint's ``finisher``, on the pydyf objects before they are written, so the
output stays byte-identical from build to build.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

import pydyf

from typeset.render.pdffont import EmbeddedFont, fonts_of, lines

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
    tatweel is typeset's kashida."""
    fonts = fonts_of(pdf)
    heading = {tag for tag, f in fonts.items() if masthead and masthead_fonts and f.family.startswith(masthead_fonts)}
    kashida: dict[bytes, set[int]] = {}  # verse font → its glyphs that are tatweels only
    for tag, font in fonts.items():
        if verse_fonts and font.family.startswith(verse_fonts):
            for gid, text in list(font.text.items()):
                if TATWEEL in text:
                    font.say(gid, text.replace(TATWEEL, ""))
                    if not text.strip(TATWEEL):
                        kashida.setdefault(tag, set()).add(gid)
    followers = {tag: _split_ligatures(font) for tag, font in fonts.items() if tag not in heading}
    streams = [(obj, lines(obj)) for obj in _text_streams(pdf)]
    raised = _raised_marks(streams, fonts, heading)
    for obj, content in streams:
        rebuilt = _rebuild(content, fonts, followers, raised, kashida)
        if heading:
            rebuilt = _carry_masthead(rebuilt, {tag: fonts[tag] for tag in heading}, masthead)
        obj.stream = rebuilt
    for tag, marks in raised.items():
        for gid in marks:
            fonts[tag].say(gid, "")
    for font in fonts.values():
        font.save()


def _text_streams(pdf: pydyf.PDF) -> Iterator[pydyf.Stream]:
    for obj in pdf.objects:
        if isinstance(obj, pydyf.Stream) and obj.stream and b"BT" in lines(obj):
            yield obj


def _split_ligatures(font: EmbeddedFont) -> dict[int, list[int]]:
    """Each right-to-left ligature of ``font`` → the carriers drawn after it (one per letter but the first)."""
    followers: dict[int, list[int]] = {}
    for gid, text in sorted(font.text.items()):
        if len(text) < 2 or not _reads_right_to_left(text) or gid not in font.widths:
            continue
        letters = text[::-1]  # in visual order: the ligature's left part is its last letter
        width = font.widths[gid]
        share = width / len(letters)
        share = int(share) if float(width).is_integer() and share.is_integer() else round(share, 3)
        carriers = [font.carrier(letter, share) for letter in letters[1:]]
        if None in carriers:
            continue
        font.widths[gid] = width - share * len(carriers)
        font.say(gid, letters[0])
        followers[gid] = [c for c in carriers if c is not None]
    return followers


def _raised_marks(streams: list, fonts: dict[bytes, EmbeddedFont], heading: set[bytes]) -> dict[bytes, dict[int, str]]:
    """Per font, the mark glyphs drawn with a text rise somewhere, with their text (it goes to baseline
    carriers, and the marks themselves read as nothing once every stream is rebuilt)."""
    raised: dict[bytes, set[int]] = {}
    for _, content in streams:
        font, rise = b"", False
        for line in content:
            if selected := _FONT_SELECT.match(line):
                font = selected.group(1)
            elif moved := _RISE.match(line):
                rise = float(moved.group(1)) != 0
            elif rise and line.endswith(b"TJ") and font in fonts and font not in heading:
                texts = fonts[font].text
                for gid in _items(line):
                    if isinstance(gid, int) and _is_mark(texts.get(gid, "")):
                        raised.setdefault(font, set()).add(gid)
    return {
        tag: {g: fonts[tag].text[g] for g in gids if fonts[tag].carrier(fonts[tag].text[g]) is not None}
        for tag, gids in raised.items()
    }


def _rebuild(
    content: list[bytes],
    fonts: dict[bytes, EmbeddedFont],
    followers: dict[bytes, dict[int, list[int]]],
    raised: dict[bytes, dict[int, str]],
    kashida: dict[bytes, set[int]],
) -> list[bytes]:
    """The content stream's lines with carriers for ligatures, ZWNJ and raised marks, and kashida closed up."""
    out: list[bytes] = []
    tag, rise_at = b"", -1
    for line in content:
        if selected := _FONT_SELECT.match(line):
            tag = selected.group(1)
        elif moved := _RISE.match(line):
            rise_at = len(out) if float(moved.group(1)) != 0 else -1
        elif (
            line.endswith(b"TJ")
            and tag in fonts
            and (followers.get(tag) or tag in raised or tag in kashida or b">0.0<" in line or b">-0.0<" in line)
        ):
            font, marks = fonts[tag], raised.get(tag, {})
            items, changed = _zwnj(_items(line), font)
            rebuilt: list[Item] = []
            for item in items:
                if isinstance(item, int) and item in marks:
                    changed = True
                    if rise_at >= 0:
                        # Before the rise, on the baseline: from the mark's pen to where the mark is drawn
                        # (pdfminer cuts a line between two glyphs of no width that do not touch).
                        reach = max(round(-float(items[0])), 0) if isinstance(items[0], str) else 0
                        carrier = font.carrier(marks[item], reach)
                        if carrier is not None:
                            out.insert(rise_at, _tj([carrier, str(reach)] if reach else [carrier]))
                    elif (carrier := font.carrier(marks[item])) is not None:
                        rebuilt.append(carrier)
                rebuilt.append(item)
                if isinstance(item, int) and item in followers.get(tag, {}):
                    rebuilt.extend(followers[tag][item])
                    changed = True
            if tag in kashida:
                rebuilt, stretched = _close_kashida(rebuilt, font, kashida[tag])
                changed = changed or stretched
            if changed:
                line = _tj(rebuilt)
        out.append(line)
    return out


def _close_kashida(items: list[Item], font: EmbeddedFont, tatweels: set[int]) -> tuple[list[Item], bool]:
    """Tatweels read as nothing, and a reader that sees a gap there splits the word (poppler does): the
    letter drawn just left of a run of them is given, here only, an advance that reaches over the run
    (a clone of its glyph, see EmbeddedFont.clone), and the pen goes back before the tatweels are drawn."""
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
        width = sum(font.widths.get(item, 0) if isinstance(item, int) else -float(item) for item in run)
        reach = round(font.widths.get(value, 0) + width, 3)
        out += [font.clone(value, reach), f"{round(width, 3):.3f}", *run]
        changed = True
        index = run_end
    return out, changed


def _zwnj(items: list[Item], font: EmbeddedFont) -> tuple[list[Item], bool]:
    """``items`` with each empty glyph the engine left between two Arabic letters (a ZWNJ: the only
    character of Persian text Pango draws as nothing; the bidi isolates typeset writes sit beside spaces,
    Latin, or at the end of a run) replaced by a zero-width carrier that reads as ZWNJ."""
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
            carrier = font.carrier(ZWNJ)
            if carrier is not None:
                out[index] = carrier
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
        if selected := _FONT_SELECT.match(line):
            font = selected.group(1)
        elif line.endswith(b"TJ") and font in tags:
            current.append(index)
        elif (line == b"ET" or line.endswith(b" Tm")) and current:  # a masthead that wraps: one span a line
            spans.append((current[0], current[-1]))
            current = []
    return spans


def _carry_masthead(content: list[bytes], fonts: dict[bytes, EmbeddedFont], text: str) -> list[bytes]:
    """The masthead's glyphs (in ``fonts``) read as nothing; before the first of each span, carriers read as
    its text (its words shared among the spans by their widths), spread evenly from the span's left edge to
    its right, and the pen goes back: nothing drawn moves."""
    spans = _masthead_spans(content, set(fonts))
    if not spans:
        return content
    measured = [_advance(content, span, fonts) for span in spans]
    words = text.split(" ")
    total = sum(width for _, width in measured) or 1.0
    parts: list[str] = []
    taken = 0
    for number, (_, width) in enumerate(measured):
        share = round(len(words) * width / total) if number < len(measured) - 1 else len(words) - taken
        share = max(min(share, len(words) - taken), 0)
        parts.append(" ".join(words[taken : taken + share]))
        taken += share
    inserts: dict[int, bytes] = {}
    for (start, _), (font, width), part in zip(spans, measured, parts, strict=True):
        visual = _visual(part)
        if not visual or width <= 0:
            continue
        step = round(width / len(visual), 3)
        carriers = [font.carrier(char, step) for char in visual]
        if None in carriers:
            continue
        inserts[start] = _tj([*(c for c in carriers if c is not None), f"{step * len(visual):.3f}"])
    out: list[bytes] = []
    for index, line in enumerate(content):
        if index in inserts:
            out += [b"0 Ts", inserts[index]]
        out.append(line)
    return out


def _font_at(content: list[bytes], index: int) -> bytes:
    for line in reversed(content[:index]):
        if selected := _FONT_SELECT.match(line):
            return selected.group(1)
    return b""


def _advance(
    content: list[bytes], span: tuple[int, int], fonts: dict[bytes, EmbeddedFont]
) -> tuple[EmbeddedFont, float]:
    """The masthead font of a span and how far its glyphs advance (thousandths of an em); its glyphs are
    made to read as nothing."""
    font = fonts[_font_at(content, span[0])]
    width = 0.0
    for line in content[span[0] : span[1] + 1]:
        if line.endswith(b"TJ"):
            for value in _items(line):
                if isinstance(value, int):
                    width += font.widths.get(value, 0)
                    font.say(value, "")
                else:
                    width -= float(value)
    return font, width
