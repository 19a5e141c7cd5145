"""Setting verse: beyts of two hemistichs, of one width, each filling it, never past the margin.

The rules (README, "Verse"):

- A poem (one ``::: verse``, or the verse header) is set to the width of its
  widest hemistich, measured with HarfBuzz in the fonts the PDF embeds (each
  run of a word in the face that draws it: typeset.typography.measure); a
  stanza whose widest hemistich is narrower than ``STANZA_SHARE`` (80%) of
  that is set to its own widest one (more stretch than a quarter shows).
- A beyt is set side by side (the first hemistich on the start side) when its
  hemistichs fit their half of the column: two boxes and the ``GAP`` between
  them. A hemistich too wide for that sets no width for the others.
- A beyt that does not fit is set broken: the first hemistich on its own line
  at the start side, the second on the next line at the end side, so that it
  stands in from the start by at least ``MIN_INDENT``; the two are set to one
  width when the shorter is at least 80% of the wider (they are not stretched
  further than that).
- A beyt too wide even for that is set as two lines that wrap as text does.
- A shorter hemistich is brought to its width with kashida (typeset.typography.kashida:
  one or two words) and the rest by its spaces, widened by a ``word-spacing``
  computed here. Not by the engine's ``text-align: justify``: WeasyPrint 70
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
import math
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
MIN_INDENT = 2.0  # em: the least a broken beyt's second hemistich stands in from the start side
INDENT = 4.0  # em: how far it stands in when the column has room
STANZA_SHARE = 0.8  # a stanza (or a broken beyt's shorter hemistich) narrower than this share keeps its own width
INSET_PT = 30.0  # pt of the column a quote or a list around the verse takes (its padding and rule)

#: How a beyt is set: side by side; broken (two lines, the second standing in); two lines that wrap;
#: a lone hemistich; an ornament.
KINDS = ("beyt", "broken", "lines", "single", "ornament")


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


@dataclass(frozen=True)
class Beyt:
    kind: str  # one of KINDS
    hemistichs: tuple[Hemistich, ...]
    width: float = 0.0  # em of a broken beyt's box (0 for the others)

    @property
    def widest(self) -> int:
        """The index of its widest hemistich (the one a warning names)."""
        return max(range(len(self.hemistichs)), key=lambda i: self.hemistichs[i].natural)


@dataclass(frozen=True)
class Poem:
    width: float  # em of a side-by-side hemistich's box in the widest stanza; 0 when nothing measured
    stanzas: tuple[tuple[Beyt, ...], ...] = ()
    column: Column | None = None

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


def set_poem(
    stanzas: Sequence[Sequence[Sequence[str]]],
    font: Path | VerseFaces,
    use_kashida: bool = True,
    measure: Column | None = None,
    keep_typed: bool = True,
) -> Poem:
    """Measure a poem (stanzas of beyts, each one or two lines) and set each beyt in ``measure``.

    ``font``: the faces verse is drawn from (typeset.typography.fonts.verse_faces), or one face.
    ``measure`` None: a column wide enough for anything (every beyt side by side).
    ``keep_typed`` False: an author's tatweels are removed first (typography.typed_kashida: remove).
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
    wide = [measure.width_pt, measure.size_pt] if measure else None
    key = hashlib.sha256(
        json.dumps([*drawn, *code, use_kashida, keep_typed, wide, shape], ensure_ascii=False).encode()
    ).hexdigest()[:32]
    stored = cache.load_json("poems", key, lambda value: _poem_of(value, shape) is not None)
    if stored is not None:
        poem = _poem_of(stored, shape)
        assert poem is not None
        return poem
    poem = _measure(shape, faces, use_kashida, measure, keep_typed)
    cache.store_json("poems", key, asdict(poem))
    return poem


def _poem_of(value: object, shape: list[list[list[str]]]) -> Poem | None:
    """A cached value as the Poem of these stanzas, or None when it has not their shape."""
    if not isinstance(value, dict) or set(value) != {"width", "stanzas", "column"}:
        return None
    width, stanzas, measure = value["width"], value["stanzas"], value["column"]
    if not _number(width) or not isinstance(stanzas, list) or len(stanzas) != len(shape):
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
    return Poem(width, tuple(out), Column(**measure) if measure else None)


def _hemistich_of(value: object) -> Hemistich | None:
    fields = {"source", "text", "width", "spacing", "natural"}
    if not isinstance(value, dict) or set(value) != fields:
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
    stanzas: list[list[list[str]]], font: VerseFaces, use_kashida: bool, measure: Column | None, keep_typed: bool
) -> Poem:
    from typeset.typography import kashida  # HarfBuzz and the joining data, only when a poem is new
    from typeset.typography.measure import has_glyph, text_width, word_width

    def as_set(line: str) -> str:
        if keep_typed or is_ornament(line):
            return line
        return " ".join(word.replace(TATWEEL, "") or word for word in words(line))

    natural = {line: text_width(as_set(line), font) for stanza in stanzas for beyt in stanza for line in beyt}
    room = measure.em if measure else float("inf")
    half = (room - GAP) / 2

    def ornament(beyt: list[str]) -> bool:  # alone (a header's beyt may pair a rule with a hemistich)
        return len(beyt) == 1 and is_ornament(beyt[0])

    def fits(beyt: list[str]) -> bool:
        return not ornament(beyt) and box(max(natural[line] for line in beyt)) <= half

    widths = [
        max((natural[line] for beyt in s if fits(beyt) for line in beyt if not is_ornament(line)), default=0.0)
        for s in stanzas
    ]
    poem_width = max(widths, default=0.0)
    stretch = use_kashida and has_glyph(kashida.TATWEEL, font.main)

    def hemistich(line: str, width: float, fill: bool = True) -> Hemistich:
        text = as_set(line)
        if fill and stretch and width and natural[line] < width:
            # No tatweel (the verse face's) beside a letter the body face draws: measured, but two designs' strokes.
            text = kashida.fill(text, width, lambda word: word_width(word, font), font.chars)
        gaps = len(words(text)) - 1
        spacing = max(box(width) - text_width(text, font), 0.0) / gaps if fill and width and gaps > 0 else None
        return Hemistich(line, text, box(width), spacing, natural[line])

    out: list[tuple[Beyt, ...]] = []
    for stanza, own in zip(stanzas, widths, strict=True):
        width = own if own < STANZA_SHARE * poem_width else poem_width
        beyts: list[Beyt] = []
        for beyt in stanza:
            wide = max(natural[line] for line in beyt)
            if ornament(beyt):
                beyts.append(Beyt("ornament", (Hemistich(beyt[0], as_set(beyt[0]), 0.0, None, wide),)))
            elif len(beyt) == 1:  # centred as written: stretching it would only show it is alone
                single = hemistich(beyt[0], width if fits(beyt) else 0.0, fill=False)
                beyts.append(Beyt("single", (single,)))
            elif fits(beyt):
                beyts.append(Beyt("beyt", tuple(hemistich(line, width) for line in beyt)))
            elif box(wide) + MIN_INDENT <= room:
                narrow = min(natural[line] for line in beyt)
                common = narrow >= STANZA_SHARE * wide
                lines = tuple(hemistich(line, wide if common else natural[line]) for line in beyt)
                beyts.append(Beyt("broken", lines, min(box(wide) + INDENT, room)))
            else:
                beyts.append(Beyt("lines", tuple(hemistich(line, 0.0, fill=False) for line in beyt)))
        out.append(tuple(beyts))
    return Poem(box(poem_width), tuple(out), measure)


def problem(beyt: Beyt, measure: Column) -> str | None:
    """What a reader should be told about how ``beyt`` was set (None: it was set side by side)."""
    if beyt.kind not in ("broken", "lines"):
        return None
    wide = geometry.mm(box(beyt.hemistichs[beyt.widest].natural) * measure.size_pt)  # with its hair of room
    if beyt.kind == "broken":
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
    if hemistich.width:
        style.append(f"width: {hemistich.width:.3f}em")
    if hemistich.spacing is not None:
        style.append(f"word-spacing: {hemistich.spacing:.4f}em")
    attr = f' style="{"; ".join(style)}"' if style else ""
    return Markup(f'<span class="hemistich"{attr}>{escape(" ".join(words(hemistich.text)))}</span>')


def _beyt_html(beyt: Beyt) -> Markup:
    if beyt.kind == "broken":
        # A box of the beyt's width, centred as a side-by-side beyt is; the second hemistich at its end
        # side by a margin (WeasyPrint 70 places a block with auto margins wrongly in right-to-left text).
        first, second = beyt.hemistichs
        indent = beyt.width - (second.width or second.natural)
        pair = hemistich_html(first) + hemistich_html(second, indent)
        return Markup(
            f'<div class="beyt broken"><span class="pair" style="width: {beyt.width:.3f}em">{pair}</span></div>'
        )
    inner = "".join(hemistich_html(h) for h in beyt.hemistichs)
    if beyt.kind == "beyt":
        return Markup(f'<div class="beyt">{inner}</div>')
    kind = "single ornament" if beyt.kind == "ornament" else beyt.kind
    return Markup(f'<div class="beyt {kind}">{inner}</div>')


def beyt_html(hemistichs: Sequence[str], poem: Poem) -> Markup:
    """A beyt of ``poem`` as the templates call it (``beyt(pair, verse_header)``): the first hemistich
    on the start side. A beyt the poem was not measured with is set side by side, as written."""
    beyt = poem.find([" ".join(words(h)) for h in hemistichs])
    if beyt is None:
        kind = "beyt" if len(hemistichs) == 2 else "single"
        beyt = Beyt(kind, tuple(Hemistich(h, h, 0.0, None, 0.0) for h in hemistichs))
    return _beyt_html(beyt)


def stanza_html(poem: Poem, index: int) -> Markup:
    """The ``index``-th stanza of ``poem``, beyt by beyt."""
    stanza = poem.stanzas[index] if index < len(poem.stanzas) else ()
    return Markup("".join(_beyt_html(beyt) for beyt in stanza))


def unmeasured(stanzas: Sequence[Sequence[Sequence[str]]]) -> Poem:
    """A poem set as written, without widths: what a body parsed without a font shows."""

    def beyt(lines: Sequence[str]) -> Beyt:
        kind = "ornament" if is_ornament(lines[0]) else "beyt" if len(lines) == 2 else "single"
        return Beyt(kind, tuple(Hemistich(line, line, 0.0, None, 0.0) for line in lines))

    return Poem(0.0, tuple(tuple(beyt(lines) for lines in stanza) for stanza in stanzas))


def set_header(publication: Publication, font: Path | VerseFaces) -> Poem:
    """The publication's verse header, set in the page's column at the header's size, or smaller
    (down to ``HEADER_MIN_SIZE``, in quarter points) where a beyt would not stand side by side at
    it: a couplet over the masthead is a beyt, and an A5 page is narrow for 14 pt. A beyt that would
    not fit even then is set broken at the header's size (and typeset says so: header_warnings).
    The size it is set at is its column's (``poem.column.size_pt``: templates/partials/masthead.html)."""
    beyts = [[tuple(beyt) for beyt in publication.verse_header]]
    measure = column(publication, HEADER_SIZE)
    poem = set_poem(beyts, font, publication.kashida, measure, publication.keep_typed_kashida)
    unpaired = [
        hemistich.natural
        for stanza in poem.stanzas
        for beyt in stanza
        if beyt.kind in ("broken", "lines")
        for hemistich in beyt.hemistichs
    ]
    if not unpaired:
        return poem
    # Side by side when box(widest) <= (width / size - GAP) / 2: the largest such size.
    size = math.floor(measure.width_pt / (2 * box(max(unpaired)) + GAP) * 4) / 4
    if size < HEADER_MIN_SIZE:
        return poem
    smaller = Column(measure.width_pt, min(size, HEADER_SIZE))
    return set_poem(beyts, font, publication.kashida, smaller, publication.keep_typed_kashida)


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
