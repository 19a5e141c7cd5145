"""Setting verse: beyts of two hemistichs, of one width, each filling it, never past the margin.

The rules (docs/articles.md, "Verse"):

- A poem (one ``::: verse``, or the verse header) is set to the width of its
  widest hemistich, measured with HarfBuzz in the fonts the PDF embeds (each
  run of a word in the face that draws it: typeset.typography.measure); a
  stanza whose widest hemistich is narrower than ``STANZA_SHARE`` (80%) of
  that is set to its own widest one (more stretch than a quarter shows).
- One geometry per poem. When every beyt's hemistichs fit their half of the
  column (two boxes and the ``GAP`` between them), every beyt is set side by
  side (the first hemistich on the start side); if not, the poem is made
  smaller, in quarter points down to ``BODY_MIN_SIZE`` (the header's
  ``HEADER_MIN_SIZE``), then its gap narrower, down to ``MIN_GAP``.
- A poem that does not fit even then has every beyt set broken, the same way:
  the first hemistich on its own line at the start side, the second on the next
  line at the end side, in one box for the whole poem (its widest hemistich and
  ``INDENT``), so the first hemistichs share their start edge and the second
  ones their end edge. Only the beyts that were too wide are warned about. A
  beyt too wide even for a broken one is set as two lines that wrap as text does.
- Verse that is no beyt is set as lines, as written (no kashida, the font's
  spaces), their start edge common, the box of the widest centred: a pair far
  apart in letters (``LINE_SHARE``, ``LINE_APART``: a Pashto landay's 9 and 13
  syllables), or ``::: verse lines`` (typeset.source.markup hands each line alone).
- A shorter hemistich is brought to its width by its spaces first, within
  their limit, then with kashida (typeset.typography.kashida: one word; a
  second, shorter, only where the spaces would widen too far), never the same
  stretch as the line above, balanced between the hemistichs of a beyt (their
  strokes one tatweel apart at most); the spaces take the rest, widened by a
  ``word-spacing`` computed here. A hemistich narrower than ``SHORT_SHARE`` of
  its box (``ای دل``) is not spread word from word: it is centred as written;
  in a broken poem one narrower than ``STANZA_SHARE`` of it is set as written
  at the edge the poem's hemistichs share (the first's right, the second's left).
  Not the engine's ``text-align: justify``: WeasyPrint 70
  overshoots the box when it widens the spaces of some Amiri words (after «به»:
  once spaces are widened each word is shaped alone, losing the kerning across
  the space); a flex row or inline-blocks of words avoided that but cost
  20–60% of the page's layout time.

The column is the page's text width (typeset.typography.geometry, from the publication's
page size and margins), less ``INSET_PT`` for each quote or list the verse
stands in, in em of the theme's verse size (``BODY_SIZE``, ``HEADER_SIZE``;
templates/style.css takes them from here).

What a hemistich's words are (runs of spaces, joiners at word edges, lines
with nothing to set, ornaments) is typeset.typography.hemistich's: measuring, filling and
the HTML all read a line through it.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from markupsafe import Markup, escape

from typeset import cache
from typeset.errors import Diagnostic, Location, warning
from typeset.model import Publication
from typeset.typography import geometry
from typeset.typography.fonts import VerseFaces
from typeset.typography.hemistich import TATWEEL, is_ornament, normalize, words

SLACK = 1.01  # a hair of room, so that rounding never pushes the widest hemistich onto two lines
BODY_SIZE = 12.5  # pt: verse in the body (templates/style.css reads it from here)
HEADER_SIZE = 14.0  # pt: the verse header
HEADER_MIN_SIZE = 10.0  # pt: the least it is made, so that its beyts stand side by side on a narrow page
GAP = 3.0  # em between the two hemistichs of a beyt
MIN_GAP = 2.0  # em: the least it is made, after the size, so that a poem's beyts stand side by side
BODY_MIN_SIZE = 11.0  # pt: the least body verse is made (in quarter points) so that its beyts stand side by side
LINE_SHARE = 0.78  # a pair whose shorter line has fewer letters than this share of the longer's is no beyt…
LINE_APART = 4  # …and fewer by this many (two words of two and four letters are a beyt)
WORD_SHARE = 0.55  # or whose shorter line has at most this share of the longer's words (a landay: 4 and 8),…
WORD_LEAST = 6  # …the longer of at least this many words,…
LETTER_NEAR = 0.85  # …and fewer letters than this share of its (a ghazal's beyt of 6 and 10 words has as many)
MIN_INDENT = 2.0  # em: the least a broken beyt's second hemistich stands in from the start side
INDENT = 4.0  # em: how far it stands in when the column has room
STANZA_SHARE = 0.8  # a stanza narrower than this share keeps its own width
SHORT_SHARE = 0.5  # a hemistich side by side narrower than this share of its box is not spread: centred in it
INSET_PT = 30.0  # pt of the column a quote or a list around the verse takes (its padding and rule)

#: How a beyt is set: side by side; broken (two lines, the second standing in); two lines that wrap;
#: a lone hemistich; an ornament; lines of verse that is no beyt (a landay, free verse), as written.
KINDS = ("beyt", "broken", "lines", "single", "ornament", "free")


@dataclass(frozen=True)
class Column:
    """The measure verse is set in: its width in points, at the verse's font size."""

    width_pt: float
    size_pt: float

    @property
    def em(self) -> float:
        return self.width_pt / self.size_pt


def column(publication: Publication, size_pt: float = BODY_SIZE, insets: int = 0) -> Column:
    """The column of ``publication``'s page (its width less its side margins), ``insets`` quotes or lists in."""
    page = geometry.page_size(publication.page_size) or (595.0, 842.0)
    sides = geometry.margins(publication.page_margin) or (0.0, 0.0, 0.0, 0.0)
    return Column(max(page[0] - sides[1] - sides[3] - INSET_PT * insets, size_pt), size_pt)


@dataclass(frozen=True)
class Hemistich:
    source: str  # as written (typeset.typography.hemistich's words, one space apart)
    text: str  # as set (with kashida)
    width: float  # em of its box; 0: as wide as it is
    spacing: float | None  # word spacing (em) that fills the box; None: the font's own
    natural: float  # em: its width as written
    align: str = ""  # "center" or "end": too short to fill its box, set as written (not spread word from word)


@dataclass(frozen=True)
class Beyt:
    kind: str  # one of KINDS
    hemistichs: tuple[Hemistich, ...]
    width: float = 0.0  # em of a broken beyt's box, or of a free poem's lines (0 for the others)

    @property
    def widest(self) -> int:
        """The index of its widest hemistich (the one a warning names)."""
        return max(range(len(self.hemistichs)), key=lambda i: self.hemistichs[i].natural)


@dataclass(frozen=True)
class Poem:
    width: float  # em of a side-by-side hemistich's box in the widest stanza; 0 when nothing measured
    stanzas: tuple[tuple[Beyt, ...], ...] = ()
    column: Column | None = None  # the column it was set in, at the size it is set at
    gap: float = GAP  # em between the hemistichs of a side-by-side beyt
    size: float = 0.0  # pt it is set at when made smaller than asked to stand side by side (0: as asked)

    def find(self, hemistichs: Sequence[str]) -> Beyt | None:
        """The beyt of these hemistichs (the first, if a poem repeats one)."""
        wanted = tuple(hemistichs)
        for stanza in self.stanzas:
            for beyt in stanza:
                if tuple(h.source for h in beyt.hemistichs) == wanted:
                    return beyt
        return None


def pair(lines: Sequence[str]) -> list[tuple[str, ...]]:
    """A stanza's lines paired into beyts, first with second, third with fourth…

    An ornament (a line without a letter or digit: ``ـــ``, ``* * *``) stands
    alone, and the pairing starts again after it: a hemistich is never paired
    with a rule. A hemistich left without a pair stands alone.
    """
    out: list[tuple[str, ...]] = []
    run: list[str] = []
    for line in [*lines, None]:
        if line is not None and not is_ornament(line):
            run.append(line)
            continue
        out.extend(tuple(run[start : start + 2]) for start in range(0, len(run), 2))
        run.clear()
        if line is not None:
            out.append((line,))
    return out


@dataclass(frozen=True)
class PoemSetter:
    """How the poems of a body (an article's, an edition's note) are set: each beyt measured with
    ``font`` and set in ``publication``'s column, less the quotes and lists the poem stands in
    (:func:`column`), with the publication's kashida settings. Called with a poem's stanzas and
    that number of insets (typeset.source.markup.SetPoem)."""

    publication: Publication
    font: Path | VerseFaces

    def __call__(self, stanzas: Sequence[Sequence[Sequence[str]]], insets: int) -> Poem:
        publication = self.publication
        measure = column(publication, BODY_SIZE, insets)
        return set_poem(stanzas, self.font, publication.kashida, measure, publication.keep_typed_kashida)


def set_poem(
    stanzas: Sequence[Sequence[Sequence[str]]],
    font: Path | VerseFaces,
    use_kashida: bool = True,
    measure: Column | None = None,
    keep_typed: bool = True,
    least: float | None = None,
    paired: bool = False,
) -> Poem:
    """Measure a poem (stanzas of beyts, each one or two lines) and set each beyt in ``measure``.

    ``font``: the faces verse is drawn from (typeset.typography.fonts.verse_faces), or one face.
    ``measure`` None: a column wide enough for anything (every beyt side by side).
    ``keep_typed`` False: an author's tatweels are removed first (typography.typed_kashida: remove).
    ``least``: the smallest size (pt) the poem is made so that its beyts stand side by side
    (``BODY_MIN_SIZE`` unless given; the header's is ``HEADER_MIN_SIZE``). ``paired``: the beyts are
    beyts as given (the config's header pairs them), never lines of verse that is no beyt.
    A poem is measured once: the result is kept in the cache folder (the verse
    header, the same in every article, then costs neither HarfBuzz nor a shaping).
    """
    shape = [[list(beyt) for beyt in stanza] for stanza in stanzas]
    faces = font if isinstance(font, VerseFaces) else VerseFaces(font)
    code = [
        cache.file_key(Path(__file__).with_name(name))
        for name in ("verse.py", "kashida.py", "measure.py", "hemistich.py", "fonts.py")
    ]
    drawn = [cache.file_key(faces.main), faces.borrowed and cache.file_key(faces.borrowed), sorted(faces.chars)]
    if measure and least is None:
        least = min(BODY_MIN_SIZE, measure.size_pt)
    wide = [measure.width_pt, measure.size_pt, least, paired] if measure else [paired]
    key = hashlib.sha256(
        json.dumps([*drawn, *code, use_kashida, keep_typed, wide, shape], ensure_ascii=False).encode()
    ).hexdigest()[:32]
    stored = cache.load_json("poems", key, lambda value: _poem_of(value, shape) is not None)
    if stored is not None:
        poem = _poem_of(stored, shape)
        assert poem is not None
        return poem
    poem = _measure(shape, faces, use_kashida, measure, keep_typed, least or 0.0, paired)
    cache.store_json("poems", key, asdict(poem))
    return poem


def _poem_of(value: object, shape: list[list[list[str]]]) -> Poem | None:
    """A cached value as the Poem of these stanzas, or None when it has not their shape."""
    if not isinstance(value, dict) or set(value) != {"width", "stanzas", "column", "gap", "size"}:
        return None
    width, stanzas, measure = value["width"], value["stanzas"], value["column"]
    if not all(map(_number, (width, value["gap"], value["size"]))):
        return None
    if not isinstance(stanzas, list) or len(stanzas) != len(shape):
        return None
    if measure is not None and not (
        isinstance(measure, dict) and set(measure) == {"width_pt", "size_pt"} and all(map(_number, measure.values()))
    ):
        return None
    out: list[tuple[Beyt, ...]] = []
    for stanza, expected in zip(stanzas, shape, strict=True):
        if not isinstance(stanza, list) or len(stanza) != len(expected):
            return None
        beyts = []
        for beyt, lines in zip(stanza, expected, strict=True):
            if not (isinstance(beyt, dict) and set(beyt) == {"kind", "hemistichs", "width"}):
                return None
            if beyt["kind"] not in KINDS or not _number(beyt["width"]) or not isinstance(beyt["hemistichs"], list):
                return None
            hemistichs = [_hemistich_of(h) for h in beyt["hemistichs"]]
            if None in hemistichs or [h.source for h in hemistichs if h] != lines:
                return None
            beyts.append(Beyt(beyt["kind"], tuple(h for h in hemistichs if h), beyt["width"]))
        out.append(tuple(beyts))
    return Poem(width, tuple(out), Column(**measure) if measure else None, value["gap"], value["size"])


def _hemistich_of(value: object) -> Hemistich | None:
    fields = {"source", "text", "width", "spacing", "natural", "align"}
    if not isinstance(value, dict) or set(value) != fields or value["align"] not in ("", "center", "end"):
        return None
    if not (isinstance(value["source"], str) and isinstance(value["text"], str)):
        return None
    if not (_number(value["width"]) and _number(value["natural"])):
        return None
    if value["spacing"] is not None and not _number(value["spacing"]):
        return None
    return Hemistich(**value)


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def box(width: float) -> float:
    """The box (em) a hemistich of ``width`` is set in: a hair wider, so rounding never breaks it."""
    return width * SLACK + 0.05 if width else 0.0


def _measure(
    stanzas: list[list[list[str]]],
    font: VerseFaces,
    use_kashida: bool,
    measure: Column | None,
    keep_typed: bool,
    least: float,
    paired: bool = False,
) -> Poem:
    """One geometry for the whole poem: its lines as written when it is no beyt (``_is_free``); else
    every beyt side by side, at a smaller size or with a narrower gap if need be (``_fit``); else every
    beyt broken, in one box, so that the first hemistichs share their start edge."""
    from typeset.typography import kashida  # HarfBuzz and the joining data, only when a poem is new
    from typeset.typography.measure import has_glyph, text_width, word_width

    def as_set(line: str) -> str:
        if keep_typed or is_ornament(line):
            return line
        return " ".join(word.replace(TATWEEL, "") or word for word in words(line))

    lines = [line for stanza in stanzas for beyt in stanza for line in beyt]
    natural = {line: text_width(as_set(line), font) for line in lines}

    def ornament(beyt: list[str]) -> bool:  # alone (a header's beyt may pair a rule with a hemistich)
        return len(beyt) == 1 and is_ornament(beyt[0])

    if not paired and _is_free(stanzas):
        return _free_poem(stanzas, {line: as_set(line) for line in lines}, natural, measure)

    pairs = [beyt for stanza in stanzas for beyt in stanza if len(beyt) == 2]
    fitted = _fit([max(natural[line] for line in beyt) for beyt in pairs], measure, least)
    side_by_side = fitted is not None
    size, gap = fitted or ((measure.size_pt if measure else 0.0), GAP)
    setting = Column(measure.width_pt, size) if measure else None
    room = setting.em if setting else float("inf")
    half = (room - gap) / 2

    def fits(beyt: list[str]) -> bool:
        return not ornament(beyt) and box(max(natural[line] for line in beyt)) <= half

    def counted(beyt: list[str]) -> bool:  # what sets a stanza's width
        if side_by_side:
            return fits(beyt)
        return len(beyt) == 2 and box(max(natural[line] for line in beyt)) + MIN_INDENT <= room

    widths = [
        max((natural[line] for beyt in s if counted(beyt) for line in beyt if not is_ornament(line)), default=0.0)
        for s in stanzas
    ]
    poem_width = max(widths, default=0.0)
    stretch = use_kashida and has_glyph(kashida.TATWEEL, font.main)

    def hemistich(
        line: str, width: float, fill: bool = True, above: dict[str, int] | None = None, end: bool = False
    ) -> Hemistich:
        """``line`` in a box of ``width``, filled; as written when it is far too short: centred in a
        beyt side by side, at the edge the poem shares in a broken one (``end``: the second's)."""
        text = as_set(line)
        if fill and width and natural[line] < (SHORT_SHARE if side_by_side else STANZA_SHARE) * width:
            align = "center" if side_by_side else "end" if end else ""
            return Hemistich(line, text, box(width), None, natural[line], align)
        if fill and stretch and width and natural[line] < width:
            # No tatweel (the verse face's) beside a letter the body face draws: measured, but two designs' strokes.
            text = kashida.fill(text, width, lambda word: word_width(word, font), font.chars, above=above)
        return _filled(line, text, width, fill, natural[line], font)

    def balanced(first: Hemistich, second: Hemistich, width: float) -> tuple[Hemistich, Hemistich]:
        """Balanced: the strokes of a beyt's two stretched hemistichs differ by one tatweel at most, the spaces
        taking the rest within ``kashida.SPACE_MOST`` (the header's radif «مباد» is not three tatweels
        here and one there)."""
        counts = [sum(kashida.stretches(h.text).values()) for h in (first, second)]
        if min(counts) == 0 or max(counts) - min(counts) <= 1:
            return first, second
        which = counts.index(max(counts))
        line = (first, second)[which]
        text = kashida.fill(
            as_set(line.source), width, lambda word: word_width(word, font), font.chars, cap=min(counts) + 1
        )
        again = _filled(line.source, text, width, True, line.natural, font)
        if again.spacing is not None and again.spacing > kashida.SPACE_MOST:
            return first, second
        return (again, second) if which == 0 else (first, again)

    out: list[tuple[Beyt, ...]] = []
    previous: tuple[Hemistich, ...] = ()  # the beyt above, for the stretches its lines hold
    for stanza, own in zip(stanzas, widths, strict=True):
        width = own if own < STANZA_SHARE * poem_width else poem_width
        beyts: list[Beyt] = []
        for beyt in stanza:
            if ornament(beyt):
                beyts.append(Beyt("ornament", (_plain(beyt[0], as_set(beyt[0]), natural),)))
            elif len(beyt) == 1:  # centred as written: stretching it would only show it is alone
                single = hemistich(beyt[0], width if fits(beyt) else 0.0, fill=False)
                beyts.append(Beyt("single", (single,)))
            elif side_by_side or counted(beyt):
                # Never the same stretch as the line above: the same side of the beyt above, and in a
                # broken beyt the line just above too (its first hemistich's, or the beyt above's second).
                above = previous[:1] if side_by_side else previous
                first = hemistich(beyt[0], width, above=_stretches(above))
                above = previous[1:] if side_by_side else (*previous[1:], first)
                second = hemistich(beyt[1], width, above=_stretches(above), end=True)
                first, second = balanced(first, second, width)
                kind = "beyt" if side_by_side else "broken"
                beyts.append(Beyt(kind, (first, second), 0.0 if side_by_side else min(box(poem_width) + INDENT, room)))
                previous = (first, second)
            else:
                beyts.append(Beyt("lines", tuple(hemistich(line, 0.0, fill=False) for line in beyt)))
        out.append(tuple(beyts))
    shrunk = size if setting and measure and size < measure.size_pt else 0.0
    return Poem(box(poem_width), tuple(out), setting, gap, shrunk)


def _stretches(lines: Sequence[Hemistich]) -> dict[str, int]:
    """The words ``lines`` stretched (without their tatweels) and by how many tatweels."""
    from typeset.typography.kashida import stretches

    found: dict[str, int] = {}
    for line in lines:
        found.update(stretches(line.text))
    return found


def _free_poem(
    stanzas: list[list[list[str]]], texts: dict[str, str], natural: dict[str, float], measure: Column | None
) -> Poem:
    """Verse that is no beyt: each line as written (``texts``), in a box as wide as the widest line (or the
    column), so that the lines share their start edge and the box is centred."""
    widest = max((natural[line] for line in natural if not is_ornament(line)), default=0.0)
    width = min(box(widest), measure.em if measure else float("inf"))

    def beyt(lines: list[str]) -> Beyt:
        plain = tuple(_plain(line, texts[line], natural) for line in lines)
        return Beyt("ornament", plain) if len(lines) == 1 and is_ornament(lines[0]) else Beyt("free", plain, width)

    return Poem(box(widest), tuple(tuple(beyt(lines) for lines in stanza) for stanza in stanzas), measure)


def _plain(line: str, text: str, natural: dict[str, float]) -> Hemistich:
    """A line set as written: as wide as it is, its spaces the font's."""
    return Hemistich(line, text, 0.0, None, natural[line])


def _filled(line: str, text: str, width: float, fill: bool, natural: float, font: VerseFaces) -> Hemistich:
    """``text`` (a hemistich with its kashida) in a box of ``width``, its spaces widened to fill it."""
    from typeset.typography.measure import text_width

    gaps = len(words(text)) - 1
    spacing = max(box(width) - text_width(text, font), 0.0) / gaps if fill and width and gaps > 0 else None
    return Hemistich(line, text, box(width), spacing, natural)


def _is_free(stanzas: Sequence[Sequence[Sequence[str]]]) -> bool:
    """Whether a poem is lines of verse, not beyts: a pair whose lines are far apart in letters (written
    consonants and long vowels, the metre's measure: a landay's 9 and 13 syllables; ``LINE_SHARE`` and
    ``LINE_APART``), or in words and somewhat in letters (short vowels are not written: a landay's lines
    may be near in letters, never in words; ``WORD_SHARE``, ``WORD_LEAST``, ``LETTER_NEAR``), or a poem of lone
    lines only (``::: verse lines``: typeset.source.markup hands each line alone)."""
    beyts = [beyt for stanza in stanzas for beyt in stanza if not (len(beyt) == 1 and is_ornament(beyt[0]))]
    if len(beyts) > 1 and all(len(beyt) == 1 for beyt in beyts):
        return True
    for beyt in beyts:
        if len(beyt) == 2 and not any(map(is_ornament, beyt)):  # a header may pair a rule with a hemistich
            short, long = sorted(
                sum(unicodedata.category(c)[0] in "LN" and c != TATWEEL for c in line) for line in beyt
            )
            if short < LINE_SHARE * long and long - short >= LINE_APART:
                return True
            # «سپوږميه کړنگ وهه راخيژه» beside its second line: 19 letters against 24, 4 words against 8.
            few, many = sorted(len(line.split()) for line in beyt)
            if many >= WORD_LEAST and few <= WORD_SHARE * many and short < LETTER_NEAR * long:
                return True
    return False


def _fit(pairs: Sequence[float], measure: Column | None, least: float) -> tuple[float, float] | None:
    """(size in pt, gap in em) at which beyts whose wider hemistichs measure ``pairs`` (em) all stand side
    by side: the size asked, or smaller down to ``least`` in quarter points, then the gap narrower down to
    ``MIN_GAP`` in quarter em; None when even that is too wide (the poem is set broken)."""
    if measure is None or not pairs:
        return (measure.size_pt if measure else 0.0), GAP
    wide = box(max(pairs))

    def fits(size: float, gap: float) -> bool:
        return 2 * wide + gap <= measure.width_pt / size

    size = measure.size_pt
    while size >= least - 1e-9:
        if fits(size, GAP):
            return size, GAP
        size -= 0.25
    size = max(size + 0.25, least)
    gap = GAP - 0.25
    while gap >= MIN_GAP - 1e-9:
        if fits(size, gap):
            return size, gap
        gap -= 0.25
    return None


def problem(beyt: Beyt, measure: Column) -> str | None:
    """What a reader should be told about how ``beyt`` was set (None: it was set side by side, or broken
    only so that its poem has one geometry: it would have stood side by side alone)."""
    if beyt.kind not in ("broken", "lines"):
        return None
    widest = box(beyt.hemistichs[beyt.widest].natural)  # with its hair of room
    wide = geometry.mm(widest * measure.size_pt)
    if beyt.kind == "broken":
        if widest <= (measure.em - GAP) / 2:
            return None
        half = geometry.mm((measure.em - GAP) / 2 * measure.size_pt)
        return (
            f"hemistich too wide for half the column ({wide} mm wide, half the column is {half} mm): "
            "its beyt is set broken, on two lines"
        )
    return (
        f"hemistich too wide for a broken beyt ({wide} mm wide, the column is {geometry.mm(measure.width_pt)} mm): "
        "its beyt is set as two lines, wrapped"
    )


def hemistich_html(hemistich: Hemistich, indent: float = 0.0) -> Markup:
    """A hemistich box of its width; its spaces widened so that its words fill it.

    The spacing comes from the words' shaped widths (each word is shaped alone
    once spaces are widened, as HarfBuzz measured it), not from the engine's
    justification, which overshoots on some Amiri words. ``indent``: how far (em) it
    stands in from the start side (a broken beyt's second hemistich).
    """
    style = [f"margin-inline-start: {indent:.3f}em"] if indent else []
    if hemistich.align:
        style.append(f"text-align: {hemistich.align}; text-align-last: {hemistich.align}")
    if hemistich.width:
        style.append(f"width: {hemistich.width:.3f}em")
    if hemistich.spacing is not None:
        style.append(f"word-spacing: {hemistich.spacing:.4f}em")
    attr = f' style="{"; ".join(style)}"' if style else ""
    return Markup(f'<span class="hemistich"{attr}>{escape(" ".join(words(hemistich.text)))}</span>')


def _beyt_html(beyt: Beyt, poem: Poem) -> Markup:
    size = f' style="font-size: {poem.size:g}pt"' if poem.size else ""  # made smaller to stand side by side
    if beyt.kind == "free":  # lines as written, their start edge common, the widest line's box centred
        inner = "".join(hemistich_html(h) for h in beyt.hemistichs)
        wraps = " wraps" if any(box(h.natural) > beyt.width for h in beyt.hemistichs) else ""  # wider than the column
        return Markup(
            f'<div class="beyt free{wraps}"{size}><span class="pair" style="width: {beyt.width:.3f}em">'
            f"{inner}</span></div>"
        )
    if beyt.kind == "broken":
        # A box of the beyt's width, centred as a side-by-side beyt is; the second hemistich at its end
        # side by a margin (WeasyPrint 70 places a block with auto margins wrongly in right-to-left text).
        first, second = beyt.hemistichs
        indent = beyt.width - (second.width or second.natural)
        pair = hemistich_html(first) + hemistich_html(second, indent)
        return Markup(
            f'<div class="beyt broken"{size}><span class="pair" style="width: {beyt.width:.3f}em">{pair}</span></div>'
        )
    if beyt.kind == "beyt" and poem.gap != GAP:  # a narrower gap, so that the poem stands side by side
        first, second = beyt.hemistichs
        return Markup(f'<div class="beyt"{size}>{hemistich_html(first)}{hemistich_html(second, poem.gap)}</div>')
    inner = "".join(hemistich_html(h) for h in beyt.hemistichs)
    if beyt.kind == "beyt":
        return Markup(f'<div class="beyt"{size}>{inner}</div>')
    kind = "single ornament" if beyt.kind == "ornament" else beyt.kind
    return Markup(f'<div class="beyt {kind}"{size}>{inner}</div>')


def beyt_html(hemistichs: Sequence[str], poem: Poem) -> Markup:
    """A beyt of ``poem`` as the templates call it (``beyt(pair, verse_header)``): the first hemistich
    on the start side. A beyt the poem was not measured with is set side by side, as written."""
    beyt = poem.find([" ".join(words(h)) for h in hemistichs])
    if beyt is None:
        kind = "beyt" if len(hemistichs) == 2 else "single"
        beyt = Beyt(kind, tuple(Hemistich(h, h, 0.0, None, 0.0) for h in hemistichs))
    return _beyt_html(beyt, poem)


def stanza_html(poem: Poem, index: int) -> Markup:
    """The ``index``-th stanza of ``poem``, beyt by beyt."""
    stanza = poem.stanzas[index] if index < len(poem.stanzas) else ()
    return Markup("".join(_beyt_html(beyt, poem) for beyt in stanza))


def unmeasured(stanzas: Sequence[Sequence[Sequence[str]]]) -> Poem:
    """A poem set as written, without widths: what a body parsed without a font shows."""

    def beyt(lines: Sequence[str]) -> Beyt:
        kind = "ornament" if is_ornament(lines[0]) else "beyt" if len(lines) == 2 else "single"
        return Beyt(kind, tuple(Hemistich(line, line, 0.0, None, 0.0) for line in lines))

    return Poem(0.0, tuple(tuple(beyt(lines) for lines in stanza) for stanza in stanzas))


def set_header(publication: Publication, font: Path | VerseFaces) -> Poem:
    """The publication's verse header, set in the page's column at the header's size, or smaller
    (down to ``HEADER_MIN_SIZE``, in quarter points, then with a narrower gap) where its beyts would
    not stand side by side at it: a couplet over the masthead is a beyt, and an A5 page is narrow for
    14 pt. Beyts that would not fit even then are set broken at the header's size (and typeset says
    so: header_warnings). The size it is set at is its column's (``poem.column.size_pt``:
    templates/partials/masthead.html)."""
    beyts = [[tuple(beyt) for beyt in publication.verse_header]]
    measure = column(publication, HEADER_SIZE)
    kashida, typed = publication.kashida, publication.keep_typed_kashida
    return set_poem(beyts, font, kashida, measure, typed, HEADER_MIN_SIZE, paired=True)


def header_warnings(publication: Publication, poem: Poem) -> list[Diagnostic]:
    """A warning for each beyt of the verse header set on two lines, at its config line."""
    where = {normalize(text.value): text.location for text in publication.texts if text.role == "verse"}
    found = []
    for beyt in (beyt for stanza in poem.stanzas for beyt in stanza):
        message = problem(beyt, poem.column) if poem.column else None
        if message:
            location = where.get(beyt.hemistichs[beyt.widest].source)
            where_else = Location(publication.path) if publication.path else None
            found.append(warning(message, location or where_else))
    return found
