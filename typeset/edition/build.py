"""Building an edition: its parts rendered (only those that changed), then bound into one PDF.

1. Read the edition file (typeset.source.edition) and decide, for each article,
   whether its part (the article set for this edition, in
   ``<output>/.typeset-parts/<edition>/``) is still good: the parts have a manifest
   of their own, with the article's fingerprint and what the edition changes in
   it (trim, profile, binding). A good part is not even read: what the contents
   need of it (title, author, pages) is kept beside it.
2. Prepare the changed articles and render their parts (typeset.jobs.batch:
   workers, a dying worker contained), recorded in the parts' manifest.
3. Paginate: every part opens on a recto (typeset.edition.bind.paginate). The
   cover, the contents, the folio sheet and the number sheet (the contents' page
   numbers, stamped by the binder) are cached by what their HTML is made of
   (``_sheet_key``: found without running their templates), none of which
   depends on the pages the articles open on.
4. Bind, finish for print, impose; write ``<output>/<edition>.pdf`` atomically.
   Nothing is written when anything failed (every problem is reported first).

So an edit to one article costs its render and a binding, whatever it does to
the page numbers after it: an article opens on a recto, so its pages' sides and
running heads do not depend on where it sits; only the folios and the contents'
page numbers do, and those are stamped by the binder.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from typeset import cache
from typeset.edition import PARTS_DIR
from typeset.edition import parts as part_html
from typeset.errors import Diagnostic, ErrorList, InternalError, Location, TypesetError, warning
from typeset.files import real_path, write_atomic
from typeset.jobs import batch
from typeset.jobs.engine import load_engine
from typeset.jobs.job import Job, prepare
from typeset.jobs.manifest import (
    Manifest,
    document_id,
    engine_fingerprint,
    file_hash,
    fingerprint,
    publication_fingerprint,
    variant_key,
)
from typeset.jobs.options import Options
from typeset.jobs.workers import Workers
from typeset.languages import language
from typeset.model import Edition
from typeset.source.config import find_config
from typeset.source.edition import read_edition
from typeset.typography.verse import Poem, header_warnings

if TYPE_CHECKING:
    import pikepdf

    from typeset.edition import bind

Report = Callable[[Job], None]


@dataclass
class EditionJob:
    """One edition file on its way to a PDF; its errors (and its articles' errors) stay on it."""

    path: Path
    edition: Edition | None = None
    output: Path | None = None
    booklet: Path | None = None
    articles: list[Job] = field(default_factory=list)  # one per entry, in order
    errors: list[TypesetError] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    rendered: list[Path] = field(default_factory=list)  # sources whose part was rendered in this build
    reused: list[Path] = field(default_factory=list)  # sources whose part was taken from the cache of parts
    skipped: bool = False  # the edition's PDF was up to date
    pages: int = 0
    counts: list[int] = field(default_factory=list)  # pages of the front, the contents, each article

    @property
    def ok(self) -> bool:
        return not self.errors and all(job.ok for job in self.articles)


@dataclass
class _Info:
    """What the binder and the contents need of an article's part, kept beside it (``<part>.json``).

    Like the build manifest and the cache's entries, it is written with a format version and the
    SHA-256 of its fields: a side file that fails the check (a forged title with its fingerprint
    kept, a damaged file) is not believed: its part is rendered again, with a warning.
    """

    fingerprint: str
    title: str
    author: str
    lang: str
    pages: int

    @classmethod
    def read(cls, path: Path) -> tuple[_Info | None, str | None]:
        """The side file's info, or None with why it was not believed (None: there is none)."""
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None, None
        except OSError as error:
            return None, error.strerror or str(error)
        try:
            value = json.loads(data)
            if not isinstance(value, dict) or value.pop("format", None) != _INFO_FORMAT:
                return None, "not a side file of this typeset"
            check = value.pop("check", None)
            info = cls(**value)
        except (ValueError, TypeError, RecursionError):
            return None, "not a side file of this typeset"
        if check != info.check():
            return None, "its check does not match"
        fields = (info.fingerprint, info.title, info.author, info.lang)
        if not all(isinstance(v, str) for v in fields) or not isinstance(info.pages, int) or info.pages < 1:
            return None, "wrong shape"
        return info, None

    def check(self) -> str:
        return hashlib.sha256(json.dumps(vars(self), sort_keys=True).encode("utf-8", "surrogateescape")).hexdigest()

    def to_json(self) -> bytes:
        return json.dumps({"format": _INFO_FORMAT, "check": self.check(), **vars(self)}).encode()


_INFO_FORMAT = 1


@dataclass
class _Plan:
    """Phase 1's answer: the edition, where its parts are kept and what decides them, the side file of
    each good part (None for those rendered in this build, until they are), the edition PDF's fingerprint."""

    edition: Edition
    folder: Path  # <output>/.typeset-parts/<edition>/
    parts: Manifest  # the parts' own manifest
    publication: str  # the publication's fingerprint
    engine: str  # the engine's (typeset's code, the fonts, the theme, WeasyPrint)
    settings: str  # what the edition changes in a part: trim, profile, direction, name
    infos: list[_Info | None] = field(default_factory=list)
    whole: str = ""


@dataclass(frozen=True)
class _Reports:
    """What the caller is told: each article started and done, and the moment before the edition is written."""

    on_start: Report
    on_done: Report
    before_write: Callable[[], object]


def find_editions(paths: list[Path]) -> list[Path]:
    """Edition files named by ``paths``: files as given, folders searched for ``*.yaml``."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(p for p in sorted(path.glob("*.yaml")) if not p.name.startswith((".", "_")))
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def build_edition(
    path: Path,
    options: Options,
    workers: Workers | None = None,
    *,
    on_start: Report = lambda job: None,
    on_done: Report = lambda job: None,
    before_write: Callable[[], object] = lambda: None,
) -> EditionJob:
    """Build one edition file as ``options`` say (into ``options.out_dir``): the job, with its errors if it failed.

    ``workers``: the command's processes (typeset.jobs.workers); without them, the build makes its
    own (``options.workers`` of them) and stops them at its end. ``before_write`` is called before
    the edition is written and recorded in the folder's manifest: ``typeset watch`` waits there for
    the articles' own batch, which it runs beside the editions in another process and which writes
    that manifest too."""
    result = EditionJob(path)
    reports = _Reports(on_start, on_done, before_write)
    try:
        if workers is None:
            with Workers(options.workers) as own:
                _build(result, options, own, reports)
        else:
            _build(result, options, workers, reports)
    except ErrorList as errors:
        result.errors.extend(errors.errors)
    except TypesetError as error:
        result.errors.append(error)
    except OSError as error:
        name = getattr(error, "filename", None) or result.output or path
        result.errors.append(TypesetError(f"cannot write {name}: {error.strerror or error}", Location(path)))
    except Exception as error:  # a bug met on this edition: its error; other editions go on
        result.errors.append(InternalError.of(error, Location(path)))
    return result


def _build(result: EditionJob, options: Options, workers: Workers, reports: _Reports) -> None:
    """The phases, in order: plan; render the changed parts (the front matter begun meanwhile);
    the sheets; bind and finish; write. Nothing is written when anything failed."""
    plan = _plan(result, options)
    if plan is None:  # a failure, or the edition up to date
        for job in result.articles:
            reports.on_done(job)  # each article's own errors, reported as a batch reports them
        return
    front = _Front(plan, result.articles)
    _render_parts(result, plan, options, workers, reports, front.begin)
    if result.errors:
        return
    front.check()
    assert front.header is not None
    result.warnings.extend(header_warnings(plan.edition.publication, front.header))
    folios, numbers = _sheets(result, plan, front, workers)
    pdf = _bind(result, plan, front, folios, numbers)
    data, booklet = _finish(plan.edition, pdf, imposed=result.booklet is not None)
    reports.before_write()
    _write(result, plan, options.out_dir, data, booklet)


def _plan(result: EditionJob, options: Options) -> _Plan | None:
    """Phase 1: the edition file read, and for each article whether its part is good; the others
    prepared (every problem found before anything is written). None when there is nothing to
    bind: an article or the edition failed, or the edition's PDF is up to date."""
    edition = read_edition(result.path)
    if options.profile is not None or options.impose is not None:
        edition = replace(edition, profile=options.profile or edition.profile, impose=options.impose or edition.impose)
    result.edition = edition
    result.output, result.booklet = output_names(options.out_dir, edition.name, edition.profile, edition.impose)
    folder = options.out_dir / PARTS_DIR / (edition.name + _profile_suffix(edition.profile))
    settings = json.dumps([edition.trim, edition.profile, edition.direction, edition.publication.name])
    publication = publication_fingerprint(find_config(edition.path))
    plan = _Plan(edition, folder, Manifest(folder), publication, engine_fingerprint(), settings)
    for entry in edition.entries:
        job, info = _plan_part(entry.source, plan, options.force, result.warnings)
        result.articles.append(job)
        plan.infos.append(info)
    result.errors.extend(_failed(edition, result.articles))
    plan.whole = _digest(
        file_hash(edition.path),
        publication,
        plan.engine,
        edition.profile,
        edition.impose or "",
        *(job.fingerprint or "" for job in result.articles),
    )
    if result.errors:
        return None
    outputs = _claimed(result, edition, options.out_dir)
    if (
        not options.force
        and all(job.skipped for job in result.articles)
        and outputs.up_to_date(_key(edition), plan.whole, result.output)
        and (result.booklet is None or outputs.up_to_date(_booklet_key(edition), plan.whole, result.booklet))
    ):
        result.skipped = True
        return None
    return plan


def _plan_part(source: Path, plan: _Plan, force: bool, warnings: list[Diagnostic]) -> tuple[Job, _Info | None]:
    """An article's part: kept (a skipped job, and its side file) when it is good, else prepared."""
    try:
        print_ = _digest(fingerprint(source, plan.publication, plan.engine), plan.settings)
    except OSError:
        print_ = ""  # unreadable: prepare() says why
    part = plan.folder / _part_name(source)
    info, problem = _Info.read(part.with_suffix(".json"))
    if problem is not None and not force:
        warnings.append(
            warning(
                f"ignored an edition part's side file ({problem}): the part is rendered again",
                Location(part.with_suffix(".json")),
            )
        )
    good = info is not None and info.fingerprint == print_
    if print_ and not force and good and plan.parts.up_to_date(source, print_, part):
        return Job(source, output=part, skipped=True, fingerprint=print_), info
    job = _prepare(source, plan.edition)
    job.output, job.fingerprint = part, print_
    return job, None


def _render_parts(
    result: EditionJob,
    plan: _Plan,
    options: Options,
    workers: Workers,
    reports: _Reports,
    meanwhile: Callable[[], None],
) -> None:
    """Phase 2: the changed articles' parts rendered (typeset.jobs.batch: the early worker takes a
    single one, while this process does ``meanwhile``), recorded in the parts' manifest, and each
    given its side file (what the contents and the binder need of it). A part the cache of parts holds
    (rendered by ``typeset edition`` or ``typeset archive``) is taken from it, unless ``options`` say
    ``force`` or not ``reuse`` (``archive verify`` renders every page)."""
    plan.folder.mkdir(parents=True, exist_ok=True)
    reused = _reuse_parts(result.articles, plan.parts) if options.reuse and not options.force else []
    for job in reused:
        job.skipped = True  # (for the batch: written, nothing to render)
    batch.run(result.articles, plan.parts, workers, reports.on_start, reports.on_done, meanwhile)
    for job in reused:
        job.skipped = False  # (its side file is written below, as a rendered part's)
    taken = {id(job) for job in reused}
    result.errors.extend(_failed(plan.edition, result.articles))
    for index, job in enumerate(result.articles):
        if not job.ok or job.skipped:  # (its warnings are the batch's to report, with the article's errors)
            continue
        assert job.article is not None and job.output is not None and job.fingerprint is not None
        if id(job) in taken:
            result.reused.append(job.source)
        else:
            result.rendered.append(job.source)
            _keep_part(job)
        article = job.article
        info = _Info(job.fingerprint, article.title, article.author, article.lang, len(_PARTS.open(job.output).pages))
        write_atomic(job.output.with_suffix(".json"), info.to_json(), durable=False)
        plan.infos[index] = info


@dataclass
class _Front:
    """Phase 3, the front matter: the cover's verse header, the cover and the contents, made while the
    changed articles render (:meth:`begin`), with the parts before the first changed article copied
    into the edition meanwhile (a bind.Gathering); or the error met making them (:meth:`check`)."""

    plan: _Plan
    articles: list[Job]
    header: Poem | None = None
    cover: bytes = b""
    toc: bytes = b""
    gathering: bind.Gathering | None = None
    error: Exception | None = None

    def begin(self) -> None:
        """What needs no new part: the good parts opened, the cover and the contents (their entries are
        the prepared articles'), and the parts before the first changed article gathered."""
        from typeset.edition import bind  # (pikepdf: see _PARTS)

        edition = self.plan.edition
        try:
            for job in self.articles:
                if job.skipped and job.output is not None:
                    _PARTS.open(job.output)
            self.header = part_html.cover_header(edition)
            rows = [
                part_html.TocRow(index, *_entry_of(job, info), entry.section)
                for index, (entry, job, info) in enumerate(
                    zip(edition.entries, self.articles, self.plan.infos, strict=True)
                )
            ]
            header = self.header
            self.cover, self.toc = _cached_parts(
                [
                    _Sheet(("cover",), lambda: part_html.front_html(edition, header), masthead=True),
                    _Sheet(("toc", *map(repr, rows)), lambda: part_html.toc_html(edition, rows)),
                ],
                self.plan,
                None,  # here: see _cached_parts
            )
            gathering = bind.Gathering()
            gathering.add(self.cover)
            gathering.add(self.toc)
            for job in self.articles:
                if not job.skipped or job.output is None:
                    break
                gathering.add(_PARTS.open(job.output))
            self.gathering = gathering
        except Exception as error:  # raised by check(), once the renders are done (a bad cover is the edition's error)
            self.error = error

    def check(self) -> None:
        """Raise the error :meth:`begin` met, if it met one."""
        if self.error is not None:
            raise self.error


def _sheets(result: EditionJob, plan: _Plan, front: _Front, workers: Workers) -> tuple[list[bytes], list[bytes]]:
    """Phase 3, the sheets: the folios to the last page, and the contents' page numbers to the last
    opening, in chunks cached on their own by what their HTML is made of, which does not depend on where
    the articles fall (the binder stamps the numbers): an article a page longer costs no part but its own. Those
    not cached are set on every core."""
    from typeset.edition.bind import paginate  # (pikepdf: see _PARTS)

    edition = plan.edition
    counts = [
        _page_count(front.cover),
        _page_count(front.toc),
        *(info.pages for info in plan.infos if info is not None),
    ]
    result.counts = counts
    starts = paginate(counts)
    total = starts[-1] + counts[-1] - 1
    chunk = part_html.SHEET_CHUNK
    folio_chunks = [
        _Sheet(("folios", str(first)), partial(part_html.folios_html, edition, first))
        for first in range(1, total + 1, chunk)
    ]
    number_chunks = [
        _Sheet(("numbers", str(first)), partial(part_html.numbers_html, edition, first))
        for first in range(1, max(starts[2:], default=1) + 1, 2 * chunk)
    ]
    sheets = _cached_parts(folio_chunks + number_chunks, plan, workers)
    return sheets[: len(folio_chunks)], sheets[len(folio_chunks) :]


def _bind(result: EditionJob, plan: _Plan, front: _Front, folios: list[bytes], numbers: list[bytes]) -> pikepdf.Pdf:
    """Phase 4: the front, the contents and the articles' parts bound into one PDF, folios and the
    contents' page numbers stamped."""
    from typeset.edition import bind  # (pikepdf: see _PARTS)

    edition = plan.edition
    pieces = [
        bind.Piece(front.cover, "front", folios=False),
        bind.Piece(front.toc, "toc", title=language(edition.lang).contents),
        *(
            bind.Piece(_PARTS.open(job.output), "article", title=info.title)
            for job, info in zip(result.articles, plan.infos, strict=True)
            if job.output is not None and info is not None
        ),
    ]
    _PARTS.keep_only(plan.folder, [job.output for job in result.articles if job.output is not None])
    pdf = bind.bind(
        pieces,
        folios,
        numbers=numbers,
        gathered=front.gathering,
        direction=edition.direction,
        title=edition.title,
        lang=edition.lang,
        date=edition.date,
        identifier=document_id(edition.publication.name, f"edition\0{edition.name}"),
    )
    result.pages = len(pdf.pages)
    return pdf


def _finish(edition: Edition, pdf: pikepdf.Pdf, imposed: bool) -> tuple[bytes, bytes | None]:
    """Phase 4, finished: the edition's bytes (PDF/X-4 for the print profile), and the booklet's when
    it is ``imposed`` (finished as the edition is)."""
    from typeset.edition import impose  # (pikepdf: see _PARTS)
    from typeset.pdf import pdfx as printing  # (pikepdf)
    from typeset.pdf.save import save as deterministic_save  # (pikepdf)

    printed = edition.profile == "print"
    save: Callable[[pikepdf.Pdf], bytes] = _print_saver(printing.save_for_print) if printed else deterministic_save
    if printed:
        try:
            printing.finish_for_print(pdf, title=edition.title, lang=edition.lang, date=edition.date)
        except TypesetError as error:
            raise TypesetError(error.message, Location(edition.path), error.hint) from None
    data = save(pdf)
    if not imposed:
        return data, None
    booklet = impose.booklet(pdf, right_bound=edition.direction == "rtl")
    if printed:  # PDF/X-4 as the edition is: boxes with its bleed, marks, XMP, Trapped
        printing.finish_for_print(
            booklet, title=edition.title, lang=edition.lang, date=edition.date, kind="booklet", convert=False
        )
    return data, save(booklet)


def _write(result: EditionJob, plan: _Plan, out_dir: Path, data: bytes, booklet: bytes | None) -> None:
    """Phase 5: the edition (and its booklet) written atomically and recorded in the folder's manifest."""
    assert result.output is not None
    edition = plan.edition
    outputs = _claimed(result, edition, out_dir)  # as the folder's manifest is now: another batch may have written it
    write_atomic(result.output, data)
    outputs.record(_key(edition), plan.whole, result.output, [])
    if result.booklet is not None and booklet is not None:
        write_atomic(result.booklet, booklet)
        outputs.record(_booklet_key(edition), plan.whole, result.booklet, [])
    outputs.save()


class _OpenParts:
    """The article parts this process has bound, kept open for its next binding (``typeset watch``
    binds again after every save: opening 100 parts is a third of a binding). Each is read from
    its bytes, so no file stays open; one whose file changed (typeset writes a part by renaming a
    new file over it) is read again.

    pikepdf and the binder are imported where a part is opened or bound, not with this module: they
    cost 70-90 ms (measured), which an edition that is up to date, and ``typeset check`` (which finds
    edition files here), never need to pay."""

    def __init__(self) -> None:
        self.kept: dict[Path, tuple[tuple[int, int, int], pikepdf.Pdf]] = {}

    def open(self, path: Path) -> pikepdf.Pdf:
        import pikepdf  # (see the class)

        stat = path.stat()
        key = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        kept = self.kept.get(path)
        if kept is not None and kept[0] == key:
            return kept[1]
        pdf = pikepdf.open(io.BytesIO(path.read_bytes()))
        self.kept[path] = (key, pdf)
        return pdf

    def keep_only(self, folder: Path, paths: list[Path]) -> None:
        """Forget the parts in ``folder`` (an edition's) that are not in ``paths`` (its last binding's)."""
        wanted = set(paths)
        for path in [path for path in self.kept if path.parent == folder and path not in wanted]:
            del self.kept[path]


_PARTS = _OpenParts()


def _entry_of(job: Job, info: _Info | None) -> tuple[str, str, str]:
    """The title, author and language of an entry of the contents: its part's, or its prepared article's."""
    if info is not None:
        return info.title, info.author, info.lang
    if job.article is not None:
        return job.article.title, job.article.author, job.article.lang
    return "", "", ""  # an article that failed: the edition is not bound


def _claimed(result: EditionJob, edition: Edition, out_dir: Path) -> Manifest:
    """The folder's manifest, once the edition may write its PDF (and booklet) there: never over
    another source's PDF, nor over a file typeset did not write (typeset.jobs.batch.claim)."""
    outputs = Manifest(out_dir)
    for output, key in ((result.output, _key(edition)), (result.booklet, _booklet_key(edition))):
        problem = batch.claim(output, key, outputs, "rename the edition file") if output is not None else None
        if problem is not None:
            raise problem
    return outputs


def _print_saver(save_for_print: Callable[[pikepdf.Pdf, BinaryIO], None]) -> Callable[[pikepdf.Pdf], bytes]:
    def save(pdf: pikepdf.Pdf) -> bytes:
        buffer = io.BytesIO()
        save_for_print(pdf, buffer)
        return buffer.getvalue()

    return save


def _prepare(source: Path, edition: Edition) -> Job:
    """An article prepared for this edition: its HTML is the edition's page of it."""
    job = prepare(source, edition)
    if job.ok:
        try:
            job.html = part_html.article_html(job, edition)
        except TypesetError as error:
            job.errors.append(error)
        except ErrorList as errors:
            job.errors.extend(errors.errors)
    return job


#: The cache's kind for the articles' parts: one rendered by ``typeset edition`` is found by ``typeset archive``
#: (which binds the edition again in a folder of its own), and the other way round.
_ARTICLE_PARTS = "edition-article"


def _part_key(job: Job) -> str | None:
    """The cache key of a prepared article's part: its HTML (the edition's page of it), its fingerprint
    (its source, the publication, the engine: the fonts, the theme, typeset's code; the edition's trim,
    profile and binding) and the images it shows, by content. None when an image cannot be read."""
    if job.html is None or job.fingerprint is None:
        return None
    try:
        images = [f"{image}\0{file_hash(image)}" for image in batch.dependencies(job)]
    except OSError:
        return None
    return _digest(engine_fingerprint(), job.fingerprint, job.html, *images)


def _reuse_parts(jobs: list[Job], parts: Manifest) -> list[Job]:
    """The articles to render whose part the cache holds (checked as every entry is), written to their
    place and recorded in the parts' manifest as a render would: those jobs (not rendered again)."""
    found = []
    for job in batch.pending(jobs):
        key = _part_key(job)
        data = cache.load(_ARTICLE_PARTS, key) if key is not None else None
        if data is None or job.output is None:
            continue
        write_atomic(job.output, data, durable=False)
        parts.record(job.source, job.fingerprint or "", job.output, batch.dependencies(job))
        found.append(job)
    return found


def _keep_part(job: Job) -> None:
    """A part just rendered, kept in the cache (under :func:`_part_key`) for the next build that needs it."""
    key = _part_key(job)
    if key is not None and job.output is not None:
        cache.store(_ARTICLE_PARTS, key, job.output.read_bytes())


@dataclass(frozen=True)
class _Sheet:
    """A part that is one HTML document (the cover, the contents, a chunk of the folio or number sheet):
    what tells it from the edition's other such parts (its kind, its first page, the contents' rows),
    how to make its HTML, and whether it shows the masthead."""

    inputs: tuple[str, ...]
    html: Callable[[], str]
    masthead: bool = False


def _sheet_key(sheet: _Sheet, plan: _Plan) -> str:
    """The cache key of a :class:`_Sheet`, from what its HTML is made of, so that a build finds it without
    running the templates again (a third of the binding of an edit, measured): the engine's fingerprint
    (typeset's code, so the templates' code and the language table, the theme, the fonts, WeasyPrint: a
    part set by another typeset is not this one's; an archive bound a cover cached by an older text layer,
    and verify, setting it anew, found other bytes), the publication's (its config and templates), the
    edition file by content and by path, what the command changes in it (profile, imposition), its
    articles' sources, and the sheet's own inputs."""
    edition = plan.edition
    return _digest(
        plan.engine,
        plan.publication,
        str(edition.path),
        file_hash(edition.path),
        edition.profile,
        edition.impose or "",
        *(str(entry.source) for entry in edition.entries),
        "\1",
        *sheet.inputs,
        "masthead" if sheet.masthead else "",
    )


def _cached_parts(sheets: list[_Sheet], plan: _Plan, workers: Workers | None) -> list[bytes]:
    """The PDFs of parts that are one HTML document each: from the cache when it can (their HTML not
    even made), the others rendered, in ``workers`` when more than one is missing (the engine is
    loaded only then), or in this process when ``workers`` is None: the cover and the contents, set
    before the articles' pool starts, warm this process's engine (its fonts loaded, the theme's CSS
    parsed, the dictionaries read), which every worker forked after inherits; set in a pool of their
    own they cost two cold workers, each doing it all again (a full edition with two jobs spent 1.67
    times raw WeasyPrint's CPU, with one job 1.26 times)."""
    edition = plan.edition
    keys = [_sheet_key(sheet, plan) for sheet in sheets]
    found = [cache.load("edition-part", key) for key in keys]
    missing = [index for index, data in enumerate(found) if data is None]
    if not missing:
        return [data for data in found if data is not None]
    work = {index: (sheets[index].html(), edition, sheets[index].masthead) for index in missing}
    load_engine()  # here only: after one edit, the engine may not be needed in this process at all
    rendered = workers.render(_render_part, work) if workers is not None else {}
    for index in missing:
        data = rendered.get(index)
        if data is None:  # not rendered by a worker (or there were none): here, where its error is raised
            data = _render_part(work[index])
        cache.store("edition-part", keys[index], data)
        found[index] = data
    return [data for data in found if data is not None]


def _render_part(work: tuple[str, Edition, bool]) -> bytes:
    html, edition, masthead = work
    return part_html.render_part(html, edition, edition.path, masthead=masthead)


def _page_count(data: bytes) -> int:
    import pikepdf  # (see _OpenParts)

    with pikepdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def _failed(edition: Edition, articles: list[Job]) -> list[TypesetError]:
    """The edition's own error for each article that did not build, at the line that names it."""
    return [
        TypesetError(f"article {_shown(entry.source, edition.path)} did not build", entry.location)
        for entry, job in zip(edition.entries, articles, strict=True)
        if not job.ok
    ]


def output_names(out_dir: Path, name: str, profile: str, impose: str | None) -> tuple[Path, Path | None]:
    """The edition's PDF and its booklet (or None): one name per profile and imposition, so that no
    build writes over another's: ``weekly.pdf`` and ``weekly.booklet.pdf`` on screen,
    ``weekly.print.pdf`` and ``weekly.print.booklet.pdf`` for print."""
    stem = name + _profile_suffix(profile)
    return out_dir / f"{stem}.pdf", (out_dir / f"{stem}.booklet.pdf" if impose == "booklet" else None)


def _profile_suffix(profile: str) -> str:
    return "" if profile == "screen" else f".{profile}"


def _key(edition: Edition) -> Path:
    """The manifest's key of the edition's PDF (typeset.jobs.manifest.VARIANTS)."""
    return variant_key(edition.path, "#print" if edition.profile == "print" else "")


def _booklet_key(edition: Edition) -> Path:
    return variant_key(edition.path, ("#print" if edition.profile == "print" else "") + "#booklet")


def _part_name(source: Path) -> str:
    """The part's file name: the source's stem and a short hash of its path (two folders may share a name)."""
    key = hashlib.sha256(Manifest.key(source).encode("utf-8", "surrogateescape")).hexdigest()[:12]
    return f"{real_path(source).stem[:80]}-{key}.pdf"


def _shown(source: Path, edition: Path) -> str:
    """``source`` as the edition file names it (relative to it), for messages."""
    try:
        return str(real_path(source).relative_to(real_path(edition).parent))
    except ValueError:
        return os.path.relpath(real_path(source), real_path(edition).parent)


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()
