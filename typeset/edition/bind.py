"""The binder: an edition's parts, each rendered on its own, composed into one PDF.

Every part (the front matter, the contents, each article) is a finished WeasyPrint PDF;
the folios are a PDF of their own whose page *p* carries the number of edition page *p*,
and the number sheet one whose page *i* is a contents entry's page-number box showing the *i*-th
odd number (an article opens on a recto: an odd page).
Binding copies the parts' pages as they are (content streams, fonts and ``/ActualText``
spans stay compressed and untouched), puts a blank verso before a part that would open on
a left-hand page, lays each folio over its page as a form XObject, lays into each contents
entry's ``typeset:page/N`` box the number of the page the N-th article opens on, turns the
contents' links into links to that page, and writes the bookmarks and the edition's own
metadata. It costs a few milliseconds per part, so an edit to one article costs that
article's render plus a binding, whatever it does to the page numbers after it.
"""

from __future__ import annotations

import datetime
import io
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem, String

from typeset.edition.links import (
    Bookmark,
    ContentsLink,
    carry_links,
    copied_outline,
    link_contents,
    write_outline,
)
from typeset.pdf.metadata import describe

KINDS = ("front", "toc", "article")
_BOXES = ("/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox", "/Rotate")


@dataclass(frozen=True)
class Piece:
    """One part of the edition, in binding order."""

    pdf: bytes | Path | pikepdf.Pdf  # the part's PDF (an open one is read, not changed: a watch may keep it)
    kind: str  # one of KINDS: "front" (cover + note), "toc", "article"
    title: str = ""  # the bookmark's title (articles; "Contents" when empty for the toc)
    folios: bool = True  # its pages carry folios (the front matter does not)


def paginate(page_counts: list[int]) -> list[int]:
    """The first page (1-based) of each piece: each opens on an odd page, a recto in both
    bindings (page 1 is a right-hand page of a left-bound book and a left-hand one of a
    right-bound book), after a blank verso when the piece before it ends on a recto."""
    starts = []
    page = 1
    for count in page_counts:
        if page % 2 == 0:
            page += 1
        starts.append(page)
        page += count
    return starts


PDF = bytes | Path | pikepdf.Pdf
#: A sheet of stamps (folios, the contents' numbers): one PDF, or its chunks in order (each rendered and
#: cached on its own; all but the last of the first's length): page i of the sheet is page i of them laid end to end.
Sheet = PDF | Sequence[PDF]


class Gathering:
    """The pages of an edition's first parts, copied into the edition before it is bound
    (``typeset edition`` copies the parts up to the edited article while that renders);
    :func:`bind` copies the rest and composes the edition.

    Parts are copied in binding order, always: the writer numbers the objects of an object
    stream in the order they were made, so an edition gathered in another order would be other
    bytes for the same pages, and two builds of one edition must be the same file whatever their
    cache held.
    """

    def __init__(self) -> None:
        self.out = pikepdf.new()
        self.parts: list[_Copied] = []
        self.bound = False  # bind made the edition of it (its pages are the edition's now)

    def add(self, pdf: PDF) -> None:
        """Copy the pages of the next part in binding order."""
        if self.bound:
            raise ValueError("a gathering that is bound already")
        source = _open(pdf)
        if not len(source.pages):
            raise ValueError(f"part {len(self.parts)} of 0 pages: not something to bind")
        pages = self.out.pages
        at = len(pages)
        with warnings.catch_warnings():
            # "does not preserve named destinations": carry_links makes them explicit.
            warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
            pages.extend(source.pages)
        copies = [page.obj for page in pages[at:]]
        page_map = {page.obj.objgen: copy for page, copy in zip(source.pages, copies, strict=True)}
        links = carry_links(source, copies, page_map)
        self.parts.append(_Copied(source, copies, links, copied_outline(source, page_map)))


@dataclass(frozen=True)
class _Copied:
    source: pikepdf.Pdf
    copies: list[Dictionary]  # its pages' copies in the edition
    links: list[ContentsLink]  # the contents' links among them
    outline: list[OutlineItem]  # its own outline, leading to the copies


def bind(
    pieces: list[Piece],
    folios: Sheet | None,
    *,
    numbers: Sheet | None = None,
    gathered: Gathering | None = None,
    direction: str,
    title: str,
    lang: str,
    date: datetime.date,
    identifier: bytes,
) -> pikepdf.Pdf:
    """The edition: ``pieces`` in order, blank versos where needed, folios from ``folios``
    (page *p* of it over edition page *p*), the contents' page numbers from ``numbers`` (its
    page *i* in the box of an entry whose article opens on page 2i - 1), live contents links,
    bookmarks, metadata. The first pieces, already in ``gathered``, are not copied again.
    An open ``folios`` or ``numbers`` has its pages' content streams relabelled as form XObjects."""
    gathering = gathered or Gathering()
    if gathering.bound:
        raise ValueError("a gathering that is bound already")
    if len(gathering.parts) > len(pieces):
        raise ValueError(f"{len(gathering.parts)} parts gathered for an edition of {len(pieces)}")
    for index, piece in enumerate(pieces):
        if index >= len(gathering.parts):
            gathering.add(piece.pdf)
        if piece.kind not in KINDS:
            pages = len(gathering.parts[index].copies)
            raise ValueError(f"a {piece.kind!r} part of {pages} pages: not something to bind")
    copied = gathering.parts
    gathering.bound = True
    sources = [part.source for part in copied]
    starts = paginate([len(source.pages) for source in sources])
    out = gathering.out
    # Not an empty stream: written compressed, an empty one is a 0-byte /FlateDecode stream, which is no
    # zlib data at all (Ghostscript stops on it with /ioerror, MuPDF warns of a premature end).
    blank_content = out.make_stream(b"q Q\n")
    at = 0  # where the part's first page is, in the pages so far (the parts', and the blanks before it)
    for part, start in zip(copied, starts, strict=True):
        if at + 1 < start:  # it would open on a verso: that verso is left blank
            out.pages.insert(at, _blank(out, blank_content))
            _face(out.pages[at].obj, part.copies[0])
        at = start - 1 + len(part.copies)
    contents_links = [link for part in copied for link in part.links]
    stamps = _Stamps(out)
    if folios is not None:
        numbered = [
            start + i
            for piece, source, start in zip(pieces, sources, starts, strict=True)
            if piece.folios
            for i in range(len(source.pages))
        ]
        _add_folios(stamps, _chunks(folios), numbered)
    firsts = [out.pages[start - 1].obj for start in starts]
    articles = [
        (first, start) for piece, first, start in zip(pieces, firsts, starts, strict=True) if piece.kind == "article"
    ]
    link_contents(contents_links, [first for first, _ in articles])
    boxes = [link for link in contents_links if link.number]
    if boxes:
        if numbers is None:
            raise ValueError("the contents have page-number boxes, but there is no number sheet")
        _add_numbers(stamps, _chunks(numbers), boxes, [start for _, start in articles])
    bookmarks = [
        Bookmark(piece.title, first, part.outline)
        if piece.kind == "article"
        else Bookmark(piece.title or "Contents", first)
        for piece, first, part in zip(pieces, firsts, copied, strict=True)
        if piece.kind in ("article", "toc")
    ]
    write_outline(out, bookmarks)
    _describe(out, direction=direction, title=title, lang=lang, date=date, identifier=identifier)
    out.Root.Version = Name("/" + max((source.pdf_version for source in sources), default="1.7"))
    intents = next((source.Root.OutputIntents for source in sources if "/OutputIntents" in source.Root), None)
    if intents is not None:  # parts rendered for print: the edition keeps their output intent
        out.Root.OutputIntents = _foreign(out, intents)
    return out


def _foreign(out: pikepdf.Pdf, obj: pikepdf.Object) -> pikepdf.Object:
    """``obj`` of another PDF, copied into ``out`` (``copy_foreign`` takes indirect objects only)."""
    if obj.is_indirect:
        return out.copy_foreign(obj)
    if isinstance(obj, Array):
        return Array([_foreign(out, item) for item in obj])
    if isinstance(obj, Dictionary):
        return Dictionary({key: _foreign(out, value) for key, value in obj.items()})
    return obj


def _open(pdf: bytes | Path | pikepdf.Pdf) -> pikepdf.Pdf:
    if isinstance(pdf, pikepdf.Pdf):
        return pdf
    return pikepdf.open(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf)


def _blank(out: pikepdf.Pdf, content: pikepdf.Stream) -> pikepdf.Page:
    """An empty page: nothing drawn, no folio, no running head (its boxes: ``_face``)."""
    return pikepdf.Page(out.make_indirect(Dictionary(Type=Name.Page, Resources=Dictionary(), Contents=content)))


def _face(blank: Dictionary, page: Dictionary) -> None:
    """Give ``blank`` the size and boxes of the ``page`` it faces."""
    for box in _BOXES:
        value = page.get(box)
        if value is None and box == "/MediaBox":
            value = pikepdf.Page(page).mediabox  # inherited from the page tree
        if value is not None:
            blank[box] = value


class _Stamps:
    """Form XObjects laid over the edition's pages (folios, the contents' page numbers).

    The engine gives all pages of a part one resources dictionary: its copy names the stamps
    of all of them (``/TsFolio5``, ``/TsPage12`` …), so the pages still share one. A page's own
    content is wrapped in ``q … Q`` once (the engine leaves its coordinate flip in force) and
    followed by its stamps' ``Do``: no page's content is read, let alone decompressed."""

    def __init__(self, out: pikepdf.Pdf) -> None:
        self.out = out
        self.before = out.make_stream(b"q\n")
        self.copies: dict[tuple[int, int], Dictionary] = {}  # a part's resources → its copy with the stamps
        self.own: set[tuple[int, int]] = set()  # the copies made here (the stamps may be added to them)
        self.wrapped: set[tuple[int, int]] = set()  # the pages whose content is in ``q … Q``

    def stamp(self, page: Dictionary, name: Name, form: pikepdf.Object, at: tuple[float, float] = (0, 0)) -> None:
        """Draw ``form`` on ``page``, its origin at ``at`` (in the page's default coordinates)."""
        resources = page.get("/Resources", Dictionary())
        if not (resources.is_indirect and resources.objgen in self.own):
            own = self.copies.get(resources.objgen) if resources.is_indirect else None
            if own is None:
                own = _resources_copy(self.out, resources)
                if resources.is_indirect:
                    self.copies[resources.objgen] = own
                self.own.add(own.objgen)
            page.Resources = resources = own
        resources.XObject[name] = form
        contents = page.get("/Contents", Array())
        streams = list(contents) if isinstance(contents, Array) else [contents]
        close = b""
        if page.objgen not in self.wrapped:
            self.wrapped.add(page.objgen)
            streams, close = [self.before, *streams], b"Q "
        x, y = (f"{value:.3f}".encode("ascii") for value in at)
        place = b"" if at == (0, 0) else b"1 0 0 1 " + x + b" " + y + b" cm "
        draw = close + b"q " + place + name.unparse() + b" Do Q\n"
        page.Contents = Array([*streams, self.out.make_stream(draw)])

    def forms(self, sheet: list[pikepdf.Pdf], pages: list[int]) -> list[pikepdf.Object]:
        """Pages (1-based) of ``sheet`` (its chunks) as form XObjects of the edition, copied in one go a chunk."""
        per = len(sheet[0].pages)
        length = per * (len(sheet) - 1) + len(sheet[-1].pages)
        if pages and max(pages) > length:
            raise ValueError(f"the sheet has {length} pages; page {max(pages)} is needed")
        by_page: dict[int, pikepdf.Object] = {}
        for index, chunk in enumerate(sheet):
            wanted = sorted({p for p in pages if (p - 1) // per == index})
            if wanted:
                forms = Array([_form_of(chunk.pages[(p - 1) % per]) for p in wanted])
                by_page.update(zip(wanted, self.out.copy_foreign(chunk.make_indirect(forms)), strict=True))
        return [by_page[p] for p in pages]


def _chunks(sheet: Sheet) -> list[pikepdf.Pdf]:
    listed = [sheet] if isinstance(sheet, (bytes, Path, pikepdf.Pdf)) else sheet
    chunks = [_open(chunk) for chunk in listed]
    if not chunks or any(not len(chunk.pages) for chunk in chunks):
        raise ValueError("an empty sheet")
    return chunks


def _add_folios(stamps: _Stamps, folios: list[pikepdf.Pdf], numbered: list[int]) -> None:
    """Lay page *p* of ``folios`` over edition page *p*, for every page in ``numbered``."""
    try:
        forms = stamps.forms(folios, numbered)
    except ValueError as error:
        raise ValueError(f"the folios: {error}") from None
    for p, form in zip(numbered, forms, strict=True):
        stamps.stamp(stamps.out.pages[p - 1].obj, Name(f"/TsFolio{p}"), form)


def _add_numbers(stamps: _Stamps, numbers: list[pikepdf.Pdf], boxes: list[ContentsLink], starts: list[int]) -> None:
    """Lay into each contents entry's page-number box the page of ``numbers`` showing the page its
    article opens on (an odd page n: the sheet's page (n + 1) / 2). The sheet's page is the box, the
    same size, so its top left is the box's."""
    shown = [starts[box.index] for box in boxes]
    if any(n % 2 == 0 for n in shown):
        raise ValueError(f"an article opens on page {next(n for n in shown if n % 2 == 0)}: a verso")
    pages = [(n + 1) // 2 for n in shown]
    try:
        forms = stamps.forms(numbers, pages)
    except ValueError as error:
        raise ValueError(f"the number sheet (page n shows 2n - 1): {error}") from None
    box = numbers[0].pages[0].mediabox
    height = float(box[3]) - float(box[1])
    for link, n, form in zip(boxes, shown, forms, strict=True):
        rect = [float(value) for value in link.annot.Rect]
        left, top = min(rect[0], rect[2]), max(rect[1], rect[3])
        stamps.stamp(link.page, Name(f"/TsPage{n}"), form, (left, top - height))


def _form_of(page: pikepdf.Page) -> pikepdf.Object:
    """The page as a form XObject: its content stream relabelled when it is one stream (no
    decoding), else pikepdf's own conversion."""
    contents = page.obj.get("/Contents")
    if not isinstance(contents, pikepdf.Stream) or not contents.is_indirect:
        return page.as_form_xobject()
    contents.Type = Name.XObject
    contents.Subtype = Name.Form
    contents.BBox = page.obj.get("/MediaBox", page.mediabox)
    contents.Resources = page.obj.get("/Resources", Dictionary())
    return contents


def _resources_copy(out: pikepdf.Pdf, resources: pikepdf.Object) -> Dictionary:
    """A shallow copy of ``resources`` (fonts and images stay shared references), with an
    ``/XObject`` dictionary of its own to add folios to."""
    copy = Dictionary()
    for key, value in resources.items():
        copy[key] = value
    xobjects = Dictionary()
    for key, value in resources.get("/XObject", Dictionary()).items():
        xobjects[key] = value
    copy.XObject = xobjects
    return out.make_indirect(copy)


def _describe(
    out: pikepdf.Pdf, *, direction: str, title: str, lang: str, date: datetime.date, identifier: bytes
) -> None:
    """The edition's catalog, document information and XMP, all from the edition: two
    bindings of the same parts are the same bytes."""
    root = out.Root
    root.PageLayout = Name.TwoPageRight  # page 1 alone, then spreads 2–3, 4–5 … as printed
    root.PageMode = Name.UseOutlines
    root.PageLabels = Dictionary(Nums=Array([0, Dictionary(S=Name.D)]))
    preferences = Dictionary(DisplayDocTitle=True)
    if direction == "rtl":
        preferences.Direction = Name.R2L  # a right-bound book: spreads read right to left
    root.ViewerPreferences = preferences
    describe(out, title=title, lang=lang, date=date, identity=identifier, instance=identifier + b"\0bound")
    # The first half (typeset.jobs.manifest.document_id: typeset's mark, then the edition's) is kept
    # by the writer; the second is computed from the content (save).
    out.trailer.ID = Array([String(identifier), String(identifier)])
