"""Building an edition: its parts rendered (only those that changed), then bound into one PDF.

1. Read the edition file (typeset.source.edition) and decide, for each article,
   whether its part (the article set for this edition, in
   ``<output>/.typeset-parts/<edition>/``) is still good: the parts have a manifest
   of their own, with the article's fingerprint and what the edition changes in
   it (trim, profile, binding). A good part is not even read: what the contents
   need of it (title, author, pages) is kept beside it.
2. Prepare the changed articles and render their parts (typeset.build.batch:
   workers, a dying worker contained), recorded in the parts' manifest.
3. Paginate: every part opens on a recto (typeset.edition.bind.paginate); the
   contents name those pages, and are set again if their own length moved them.
   The cover, the contents and the folio sheet are cached by their HTML.
4. Bind, finish for print, impose; write ``<output>/<edition>.pdf`` atomically.
   Nothing is written when anything failed (every problem is reported first).

So an edit to one article costs its render and a binding, whatever it does to
the page numbers after it: an article opens on a recto, so its pages' sides and
running heads do not depend on where it sits; only the folios do, and those are
stamped by the binder.
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
from typeset.typography.verse import header_warnings

#: Where the parts of ``<output>/<edition>.pdf`` are kept (safe to delete: they are rendered again).
if TYPE_CHECKING:
    import pikepdf

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
    skipped: bool = False  # the edition's PDF was up to date
    pages: int = 0
    counts: list[int] = field(default_factory=list)  # pages of the front, the contents, each article

    @property
    def ok(self) -> bool:
        return not self.errors and all(job.ok for job in self.articles)


@dataclass
class _Info:
    """What the binder and the contents need of an article's part, kept beside it."""

    fingerprint: str
    title: str
    author: str
    lang: str
    pages: int

    @classmethod
    def read(cls, path: Path) -> _Info | None:
        try:
            value = json.loads(path.read_bytes())
            info = cls(**value)
        except (OSError, ValueError, TypeError):
            return None
        fields = (info.fingerprint, info.title, info.author, info.lang)
        if not all(isinstance(v, str) for v in fields) or not isinstance(info.pages, int) or info.pages < 1:
            return None
        return info


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
) -> EditionJob:
    """Build one edition file into ``out_dir``: the job, with its errors if it failed."""
    result = EditionJob(path)
    try:
        _build(result, out_dir, profile, impose, workers, force, on_start, on_done)
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
        info = _Info.read(part.with_suffix(".json"))
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
    from typeset.build.batch import claim

    outputs = Manifest(out_dir)
    for output, key in ((result.output, edition.path), (result.booklet, _booklet_key(edition.path))):
        problem = claim(output, key, outputs, "rename the edition file") if output is not None else None
        if problem is not None:
            raise problem
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

    # 2. The changed articles' parts.
    from typeset.build import batch
    from typeset.edition import parts as part_html

    parts_dir.mkdir(parents=True, exist_ok=True)
    batch.run(result.articles, parts, workers, on_start, on_done)  # (it loads the engine when there is work)
    result.errors.extend(_failed(edition, result.articles))
    for index, job in enumerate(result.articles):
        if not job.ok or job.skipped:  # (its warnings are the batch's to report, with the article's errors)
            continue
        assert job.article is not None and job.output is not None and job.fingerprint is not None
        result.rendered.append(job.source)
        article = job.article
        info = _Info(job.fingerprint, article.title, article.author, article.lang, _page_count(job.output.read_bytes()))
        write_atomic(job.output.with_suffix(".json"), json.dumps(vars(info)).encode(), durable=False)
        infos[index] = info
    if result.errors:
        return

    # 3. The cover, the contents (set until the pages they name stay put), the folios.
    header = part_html.cover_header(edition)
    result.warnings.extend(header_warnings(edition.publication, header))
    front = _cached_part(part_html.front_html(edition, header), edition, masthead=True)
    # The contents' length as last built: the pages it names depend on it, so a wrong guess sets
    # the contents twice (0.6-0.8 s each for 100 articles).
    guess = parts_dir / "contents-pages"
    try:
        known = int(guess.read_text(encoding="ascii"))
    except (OSError, ValueError):
        known = 1
    counts = [_page_count(front), max(known, 1), *(info.pages for info in infos if info is not None)]
    toc = b""
    for _ in range(4):
        starts = _paginate(counts)
        rows = [
            part_html.TocRow(index, info.title, info.author, info.lang, entry.section, starts[2 + index])
            for index, (entry, info) in enumerate(zip(edition.entries, infos, strict=True))
            if info is not None
        ]
        toc = _cached_part(part_html.toc_html(edition, rows), edition)
        pages = _page_count(toc)
        if pages == counts[1]:
            break
        counts[1] = pages
    if counts[1] != known:
        write_atomic(guess, str(counts[1]).encode("ascii"), durable=False)
    result.counts = counts
    starts = _paginate(counts)
    total = starts[-1] + counts[-1] - 1
    folios = _cached_part(part_html.folios_html(edition, -(-total // 32) * 32), edition)

    # 4. Bound, finished, written.
    from typeset.edition import bind

    pieces = [
        bind.Piece(front, "front", folios=False),
        bind.Piece(toc, "toc", title=part_html.CONTENTS.get(edition.lang, part_html.CONTENTS["en"])),
        *(
            bind.Piece(job.output, "article", title=info.title)
            for job, info in zip(result.articles, infos, strict=True)
            if job.output is not None and info is not None
        ),
    ]
    identifier = document_id(edition.publication.name, f"edition\0{edition.name}")
    pdf = bind.bind(
        pieces,
        folios,
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

        booklet = save(imposition.booklet(pdf, right_bound=edition.direction == "rtl"))
    write_atomic(result.output, data)
    outputs.record(edition.path, whole, result.output, [])
    if result.booklet is not None and booklet is not None:
        write_atomic(result.booklet, booklet)
        outputs.record(_booklet_key(edition.path), whole, result.booklet, [])
    outputs.save()


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


def _cached_part(html: str, edition: Edition, masthead: bool = False) -> bytes:
    """The PDF of a part that is one HTML document (cover, contents, folios), from the cache when it can."""
    from typeset.edition.parts import render_part

    key = hashlib.sha256(f"{edition.path}\0{masthead}\0{html}".encode("utf-8", "surrogateescape")).hexdigest()
    data = cache.load("edition-part", key)
    if data is None:
        from typeset.build.batch import load_engine

        load_engine()  # here only: after one edit, the engine may not be needed in this process at all
        data = render_part(html, edition, edition.path, masthead=masthead)
        cache.store("edition-part", key, data)
    return data


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
