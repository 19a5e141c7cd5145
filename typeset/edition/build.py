"""Building an edition: its parts rendered (only those that changed), then bound into one PDF.

1. Read the edition file (typeset.source.edition) and decide, for each article,
   whether its part (the article set for this edition, in
   ``<output>/.typeset-parts/<edition>/``) is still good: the parts have a manifest
   of their own, with the article's fingerprint and what the edition changes in
   it (trim, profile, binding). A good part is not even read: what the contents
   need of it (title, author, pages) is kept beside it.
2. Prepare the changed articles and render their parts (typeset.build.batch:
   workers, a dying worker contained), recorded in the parts' manifest.
3. Paginate: every part opens on a recto (typeset.edition.bind.paginate). The
   cover, the contents, the folio sheet and the number sheet (the contents' page
   numbers, stamped by the binder) are cached by their HTML, none of which
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
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from typeset import cache
from typeset.build.job import Job, prepare
from typeset.build.manifest import (
    Manifest,
    document_id,
    engine_fingerprint,
    file_hash,
    fingerprint,
    publication_fingerprint,
)
from typeset.errors import ErrorList, InternalError, Location, TypesetError
from typeset.files import real_path, write_atomic
from typeset.model import Edition
from typeset.source.config import find_config
from typeset.source.edition import read_edition
from typeset.typography.verse import Poem, header_warnings

if TYPE_CHECKING:
    import pikepdf

    from typeset.edition import bind

#: Where the parts of ``<output>/<edition>.pdf`` are kept (safe to delete: they are rendered again).
PARTS_DIR = ".typeset-parts"

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
    warnings: list[str] = field(default_factory=list)
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
class _Meanwhile:
    """What an edition's build makes while its changed articles are rendered: the cover's verse
    header, the cover and the contents, the pages of the parts before the first changed article
    copied into the edition; or the error met making them."""

    header: Poem | None = None
    front: bytes = b""
    toc: bytes = b""
    gathering: bind.Gathering | None = None  # the parts before the first changed article, copied
    error: Exception | None = None


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
    out_dir: Path,
    *,
    profile: str | None = None,
    impose: str | None = None,
    workers: int = 1,
    force: bool = False,
    on_start: Report = lambda job: None,
    on_done: Report = lambda job: None,
    before_write: Callable[[], None] = lambda: None,
    reuse: bool = True,
) -> EditionJob:
    """Build one edition file into ``out_dir``: the job, with its errors if it failed.

    ``before_write`` is called before the edition is written and recorded in the folder's
    manifest: ``typeset watch`` waits there for the articles' own batch, which it runs beside
    the editions in another process and which writes that manifest too. ``reuse``: an article's
    part may come from the cache of parts (:func:`_reuse_parts`); ``archive verify`` renders all."""
    result = EditionJob(path)
    try:
        _build(result, out_dir, profile, impose, workers, force, on_start, on_done, before_write, reuse)
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


def _build(
    result: EditionJob,
    out_dir: Path,
    profile: str | None,
    impose: str | None,
    workers: int,
    force: bool,
    on_start: Report,
    on_done: Report,
    before_write: Callable[[], None],
    reuse: bool = True,
) -> None:
    edition = read_edition(result.path)
    if profile is not None or impose is not None:
        edition = replace(edition, profile=profile or edition.profile, impose=impose or edition.impose)
    result.edition = edition
    result.output = out_dir / f"{edition.name}.pdf"
    result.booklet = out_dir / f"{edition.name}-booklet.pdf" if edition.impose == "booklet" else None
    parts_dir = out_dir / PARTS_DIR / edition.name
    engine = engine_fingerprint()
    publication = publication_fingerprint(find_config(edition.path))
    settings = json.dumps([edition.trim, edition.profile, edition.direction, edition.publication.name])

    # 1. Which parts are good; the others prepared (all problems found before anything is written).
    parts = Manifest(parts_dir)
    infos: list[_Info | None] = []
    for entry in edition.entries:
        try:
            print_ = _digest(fingerprint(entry.source, publication, engine), settings)
        except OSError:
            print_ = ""  # unreadable: prepare() says why
        part = parts_dir / _part_name(entry.source)
        info, problem = _Info.read(part.with_suffix(".json"))
        if problem is not None and not force:
            result.warnings.append(
                f"{part.with_suffix('.json')}: warning: ignored an edition part's side file ({problem}): "
                "the part is rendered again"
            )
        good = info is not None and info.fingerprint == print_
        if print_ and not force and good and parts.up_to_date(entry.source, print_, part):
            result.articles.append(Job(entry.source, output=part, skipped=True, fingerprint=print_))
            infos.append(info)
            continue
        job = _prepare(entry.source, edition)
        job.output, job.fingerprint = part, print_
        result.articles.append(job)
        infos.append(None)
    result.errors.extend(_failed(edition, result.articles))
    whole = _digest(
        file_hash(edition.path),
        publication,
        engine,
        edition.profile,
        edition.impose or "",
        *(job.fingerprint or "" for job in result.articles),
    )
    if result.errors:
        for job in result.articles:
            on_done(job)  # each article's own errors, reported as a batch reports them
        return
    outputs = _claimed(result, edition, out_dir)
    if (
        not force
        and all(job.skipped for job in result.articles)
        and outputs.up_to_date(edition.path, whole, result.output)
        and (result.booklet is None or outputs.up_to_date(_booklet_key(edition.path), whole, result.booklet))
    ):
        result.skipped = True
        for job in result.articles:
            on_done(job)
        return

    # 2. The changed articles' parts; meanwhile (while a worker renders) what needs no new part:
    # the good parts opened, the cover and the contents (their entries are the prepared articles'),
    # and the parts before the first changed article copied into the edition (bind.Gathering).
    from typeset.build import batch
    from typeset.edition import bind
    from typeset.edition import parts as part_html

    early = _Meanwhile()

    def meanwhile() -> None:
        try:
            for job in result.articles:
                if job.skipped and job.output is not None:
                    _PARTS.open(job.output)
            header = part_html.cover_header(edition)
            rows = [
                part_html.TocRow(index, *_entry_of(job, info), entry.section)
                for index, (entry, job, info) in enumerate(zip(edition.entries, result.articles, infos, strict=True))
            ]
            front_html, toc_html = part_html.front_html(edition, header), part_html.toc_html(edition, rows)
            early.header = header
            early.front, early.toc = _cached_parts([(front_html, True), (toc_html, False)], edition, workers)
            gathering = bind.Gathering()
            gathering.add(early.front)
            gathering.add(early.toc)
            for job in result.articles:
                if not job.skipped or job.output is None:
                    break
                gathering.add(_PARTS.open(job.output))
            early.gathering = gathering
        except Exception as error:  # raised below, once the renders are done (a bad cover is the edition's error)
            early.error = error

    parts_dir.mkdir(parents=True, exist_ok=True)
    reused = _reuse_parts(result.articles, parts) if reuse and not force else []
    for job in reused:
        job.skipped = True  # (for the batch: written, nothing to render)
    batch.run(result.articles, parts, workers, on_start, on_done, meanwhile)  # (it loads the engine when there is work)
    for job in reused:
        job.skipped = False  # (its side file is written below, as a rendered part's)
    taken = {id(job) for job in reused}
    result.errors.extend(_failed(edition, result.articles))
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
        infos[index] = info
    if result.errors:
        return
    if early.error is not None:
        raise early.error

    # 3. The cover, the contents, the folios and the contents' page numbers: each cached by its HTML,
    # which does not depend on where the articles fall (the binder stamps the numbers), so an
    # article a page longer costs no part but its own. Those not cached are set on every core.
    assert early.header is not None
    front, toc = early.front, early.toc
    result.warnings.extend(header_warnings(edition.publication, early.header))
    counts = [_page_count(front), _page_count(toc), *(info.pages for info in infos if info is not None)]
    result.counts = counts
    starts = _paginate(counts)
    total = starts[-1] + counts[-1] - 1
    # The sheets, in chunks cached on their own: folios to the last page, odd numbers to the last opening.
    chunk = part_html.SHEET_CHUNK
    folio_chunks = [part_html.folios_html(edition, first) for first in range(1, total + 1, chunk)]
    number_chunks = [
        part_html.numbers_html(edition, first) for first in range(1, max(starts[2:], default=1) + 1, 2 * chunk)
    ]
    sheets = _cached_parts([(html, False) for html in folio_chunks + number_chunks], edition, workers)
    folios, numbers = sheets[: len(folio_chunks)], sheets[len(folio_chunks) :]

    # 4. Bound, finished, written.
    pieces = [
        bind.Piece(front, "front", folios=False),
        bind.Piece(toc, "toc", title=part_html.CONTENTS.get(edition.lang, part_html.CONTENTS["en"])),
        *(
            bind.Piece(_PARTS.open(job.output), "article", title=info.title)
            for job, info in zip(result.articles, infos, strict=True)
            if job.output is not None and info is not None
        ),
    ]
    _PARTS.keep_only(parts_dir, [job.output for job in result.articles if job.output is not None])
    identifier = document_id(edition.publication.name, f"edition\0{edition.name}")
    pdf = bind.bind(
        pieces,
        folios,
        numbers=numbers,
        gathered=early.gathering,
        direction=edition.direction,
        title=edition.title,
        lang=edition.lang,
        date=edition.date,
        identifier=identifier,
    )
    result.pages = len(pdf.pages)
    save: Callable[[pikepdf.Pdf], bytes] = bind.save
    if edition.profile == "print":
        from typeset.edition import printing

        try:
            printing.finish_for_print(pdf, title=edition.title, lang=edition.lang, date=edition.date)
        except TypesetError as error:
            raise TypesetError(error.message, Location(edition.path), error.hint) from None
        save = _print_saver(printing.save_for_print)
    data = save(pdf)
    booklet = None
    if result.booklet is not None:
        from typeset.edition import impose as imposition

        imposed = imposition.booklet(pdf, right_bound=edition.direction == "rtl")
        if edition.profile == "print":  # PDF/X-4 as the edition is: boxes with its bleed, marks, XMP, Trapped
            printing.finish_for_print(
                imposed, title=edition.title, lang=edition.lang, date=edition.date, kind="booklet", convert=False
            )
        booklet = save(imposed)
    before_write()
    outputs = _claimed(result, edition, out_dir)  # as the folder's manifest is now: another batch may have written it
    write_atomic(result.output, data)
    outputs.record(edition.path, whole, result.output, [])
    if result.booklet is not None and booklet is not None:
        write_atomic(result.booklet, booklet)
        outputs.record(_booklet_key(edition.path), whole, result.booklet, [])
    outputs.save()


class _OpenParts:
    """The article parts this process has bound, kept open for its next binding (``typeset watch``
    binds again after every save: opening 100 parts is a third of a binding). Each is read from
    its bytes, so no file stays open; one whose file changed (typeset writes a part by renaming a
    new file over it) is read again."""

    def __init__(self) -> None:
        self.kept: dict[Path, tuple[tuple[int, int, int], pikepdf.Pdf]] = {}

    def open(self, path: Path) -> pikepdf.Pdf:
        import pikepdf

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
    another source's PDF, nor over a file typeset did not write (typeset.build.batch.claim)."""
    from typeset.build.batch import claim

    outputs = Manifest(out_dir)
    for output, key in ((result.output, edition.path), (result.booklet, _booklet_key(edition.path))):
        problem = claim(output, key, outputs, "rename the edition file") if output is not None else None
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
    from typeset.edition.parts import article_html

    job = prepare(source, edition)
    if job.ok:
        try:
            job.html = article_html(job, edition)
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
    from typeset.build.batch import dependencies

    if job.html is None or job.fingerprint is None:
        return None
    try:
        images = [f"{image}\0{file_hash(image)}" for image in dependencies(job)]
    except OSError:
        return None
    return _digest(engine_fingerprint(), job.fingerprint, job.html, *images)


def _reuse_parts(jobs: list[Job], parts: Manifest) -> list[Job]:
    """The articles to render whose part the cache holds (checked as every entry is), written to their
    place and recorded in the parts' manifest as a render would: those jobs (not rendered again)."""
    from typeset.build.batch import dependencies, pending

    found = []
    for job in pending(jobs):
        key = _part_key(job)
        data = cache.load(_ARTICLE_PARTS, key) if key is not None else None
        if data is None or job.output is None:
            continue
        write_atomic(job.output, data, durable=False)
        parts.record(job.source, job.fingerprint or "", job.output, dependencies(job))
        found.append(job)
    return found


def _keep_part(job: Job) -> None:
    """A part just rendered, kept in the cache (under :func:`_part_key`) for the next build that needs it."""
    key = _part_key(job)
    if key is not None and job.output is not None:
        cache.store(_ARTICLE_PARTS, key, job.output.read_bytes())


def _cached_parts(parts: list[tuple[str, bool]], edition: Edition, workers: int) -> list[bytes]:
    """The PDFs of parts that are one HTML document each (the cover, the contents, the sheets' chunks),
    given as (HTML, whether it shows the masthead): from the cache when it can, the others rendered, in
    ``workers`` processes when more than one is missing (the engine is loaded only then)."""
    # The engine's fingerprint (typeset's code, the fonts, the theme, WeasyPrint): a part set by another
    # typeset is not this one's (an archive bound a cover cached by an older text layer, and verify,
    # setting it anew, found other bytes).
    engine = engine_fingerprint()
    keys = [
        hashlib.sha256(f"{engine}\0{edition.path}\0{masthead}\0{html}".encode("utf-8", "surrogateescape")).hexdigest()
        for html, masthead in parts
    ]
    found = [cache.load("edition-part", key) for key in keys]
    missing = [index for index, data in enumerate(found) if data is None]
    if not missing:
        return [data for data in found if data is not None]
    from typeset.build.engine import load_engine

    load_engine()  # here only: after one edit, the engine may not be needed in this process at all
    work = {index: (parts[index][0], edition, parts[index][1]) for index in missing}
    rendered = _render_in_workers(work, workers) if workers > 1 and len(missing) > 1 else {}
    for index in missing:
        data = rendered.get(index)
        if data is None:  # not rendered by a worker (or there were none): here, where its error is raised
            data = _render_part(work[index])
        cache.store("edition-part", keys[index], data)
        found[index] = data
    return [data for data in found if data is not None]


def _render_part(work: tuple[str, Edition, bool]) -> bytes:
    from typeset.edition.parts import render_part

    html, edition, masthead = work
    return render_part(html, edition, edition.path, masthead=masthead)


def _render_in_workers(work: dict[int, tuple[str, Edition, bool]], workers: int) -> dict[int, bytes]:
    """Render ``work`` in worker processes (forked: the engine is loaded): what they rendered, by its keys.
    A part that failed there, or a pool that broke, is left to the caller, which renders it again in
    this process (where its error, if it is one, is raised and reported as any other)."""
    import multiprocessing
    import tempfile
    from concurrent.futures import ProcessPoolExecutor

    from typeset.build.engine import worker_init

    if "fork" not in multiprocessing.get_all_start_methods():
        return {}
    done: dict[int, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="typeset-workers-") as folder:
        context = multiprocessing.get_context("fork")
        size = min(workers, len(work))
        pool = ProcessPoolExecutor(size, mp_context=context, initializer=worker_init, initargs=(folder,))
        try:
            futures = {index: pool.submit(_render_part, item) for index, item in work.items()}
            for index, future in futures.items():
                try:
                    done[index] = future.result()
                except Exception:  # rendered again here, which says what is wrong
                    continue
        finally:
            pool.shutdown(wait=True, cancel_futures=True)  # Ctrl-C: what has not started, does not
    return done


def _paginate(counts: list[int]) -> list[int]:
    from typeset.edition.bind import paginate

    return paginate(counts)


def _page_count(data: bytes) -> int:
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def _failed(edition: Edition, articles: list[Job]) -> list[TypesetError]:
    """The edition's own error for each article that did not build, at the line that names it."""
    return [
        TypesetError(f"article {_shown(entry.source, edition.path)} did not build", entry.location)
        for entry, job in zip(edition.entries, articles, strict=True)
        if not job.ok
    ]


def _booklet_key(path: Path) -> Path:
    return path.with_name(path.name + "#booklet")


def _part_name(source: Path) -> str:
    """The part's file name: the source's stem and a short hash of its path (two folders may share a name)."""
    key = hashlib.sha256(Manifest.key(source).encode("utf-8", "surrogateescape")).hexdigest()[:12]
    return f"{real_path(source).stem[:80]}-{key}.pdf"


def _shown(source: Path, edition: Path) -> str:
    """``source`` as the edition file names it (relative to it), for messages."""
    try:
        return str(real_path(source).relative_to(real_path(edition).parent))
    except ValueError:
        import os

        return os.path.relpath(real_path(source), real_path(edition).parent)


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()
