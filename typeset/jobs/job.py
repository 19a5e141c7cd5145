"""The pipeline for one source: read and check it, and make its HTML (``prepare``); make its PDF (``render``).

A job carries a source through; its errors stay on it, so that a batch
(typeset.jobs.batch) reports every problem at once and builds the other sources.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from typeset.errors import Diagnostic, ErrorList, InternalError, Location, TypesetError
from typeset.jobs.engine import Request
from typeset.jobs.manifest import document_id
from typeset.model import Article, Edition, Publication, Text
from typeset.render.html import render_article
from typeset.resources import THEME_DIR
from typeset.source import markup
from typeset.source.config import find_config, load_publication
from typeset.source.reader import SOURCE_SUFFIXES, read_article
from typeset.typography import fonts, geometry, verse

LOGGER = logging.getLogger("typeset")


@dataclass
class Job:
    """One source on its way through the pipeline."""

    source: Path
    article: Article | None = None
    publication: Publication | None = None
    output: Path | None = None
    html: str | None = None  # the document the engine renders (typeset.render.html)
    errors: list[TypesetError] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    skipped: bool = False  # its output is up to date (typeset.jobs.batch)
    fingerprint: str | None = None  # of its inputs (typeset.jobs.manifest)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def internal(self) -> bool:
        """Whether a bug in typeset (not the source) stopped this job."""
        return any(isinstance(error, InternalError) for error in self.errors)


def find_sources(paths: Iterable[Path]) -> list[Path]:
    """The sources named by ``paths``: files as given, folders searched for ``*.md``."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.suffix in SOURCE_SUFFIXES
                and not any(part.startswith((".", "_")) for part in p.relative_to(path).parts)
                and p.relative_to(path).parts[0] != "templates"
            )
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def prepare(source: Path, edition: Edition | None = None) -> Job:
    """Read and check one source and make its HTML: the job, ready for the engine, or its errors.

    The templates run here, not in the engine's step, so that ``typeset check``
    finds a theme's errors too, and a batch reports them alike with any number of workers.

    For ``edition``, the article is read and measured for the edition's page (its trim, the bound
    page's margins: ``job.publication`` carries them) and its HTML is left to the edition
    (typeset.edition.parts.article_html): no standalone document, no verse header, which the
    edition's cover sets once.
    """

    job = Job(source)
    try:
        publication = load_publication(find_config(source))
        folders = fonts.folders_of(publication.root)  # its own fonts/ first, then typeset's
        fonts.check_families(folders, publication.fonts, Location(publication.path or source))
        if edition is not None:
            publication = bound_page(publication, edition)
        article = read_article(source, publication)
        verse_font = fonts.verse_faces(folders, publication.fonts)
        header = None
        if edition is None:
            # The verse header, measured once: its warnings here, its beyts in the HTML below.
            header = verse.set_header(publication, verse_font)
            job.warnings.extend(verse.header_warnings(publication, header))

        digits = article.lang if article.native_digits(publication) else None
        context = markup.BodyContext(
            article.direction,
            article.lang,
            digits,
            verse.PoemSetter(publication, verse_font),
            article.native_punctuation(publication),
        )
        body = markup.parse_body(article.body, source, article.body_line, context)
        article.body_html, article.headings = body.html, body.headings
        job.warnings.extend(body.warnings)
        fonts.check_coverage(folders, publication.fonts, _texts(article, body, publication), article.direction)
        html = render_article(article, publication, header) if header is not None else None
    except ErrorList as errors:
        job.errors.extend(errors.errors)
    except TypesetError as error:
        job.errors.append(error)
    except Exception as error:  # a bug met on this source: its error; the batch goes on
        job.errors.append(InternalError.of(error, Location(source)))
    else:
        job.article, job.publication, job.html = article, publication, html
    return job


def bound_page(publication: Publication, edition: Edition) -> Publication:
    """``publication`` as a page of ``edition`` is laid out: the trim size, the bound page's margins
    (a right-hand page's; typeset.typography.geometry.book_margins), which its verse is measured to."""
    return replace(publication, page_size=edition.trim, page_margin=geometry.book_margins(publication.page_margin))


def _texts(article: Article, body: markup.Body, publication: Publication) -> list[Text]:
    """Every piece of text the PDF will show, with the role (font chain) that sets it."""
    texts = list(publication.texts) + list(article.texts)
    verse = {number for start, end in body.verse_lines for number in range(start, end)}
    for number, line in enumerate(article.body.split("\n")):
        role = "verse" if number in verse else "body"
        texts.append(Text(line, Location(article.path, article.body_line + number, 1), role))
    return texts


def render(job: Job) -> bytes:
    """The PDF of a prepared job (what the engine warns about added to its warnings)."""
    from typeset.jobs.engine import render as render_engine

    return render_engine(render_request(job), job.warnings)


def render_request(job: Job) -> Request:
    """What rendering a prepared job takes, as plain data (a process that has not imported the
    pipeline, the early worker, renders it)."""
    assert job.article is not None and job.publication is not None and job.html is not None
    roots = [*fonts.folders_of(job.publication.root), THEME_DIR, job.publication.root / "templates", job.source.parent]
    masthead = (job.publication.fonts.nastaliq, job.publication.masthead)
    identifier = document_id(job.publication.name, job.article.slug)
    return Request(
        job.html, job.source, roots, job.article.direction, masthead, job.publication.fonts.verse, identifier
    )


def assign_outputs(jobs: list[Job], out_dir: Path) -> None:
    """``out_dir/<slug>.pdf`` for each good job; two sources may not claim one name (nor two names
    that a case-insensitive file system, FAT or macOS's, takes for one)."""
    taken: dict[str, Path] = {}
    for job in jobs:
        if job.skipped and job.output is not None:
            taken[_name_key(job.output)] = job.source
    for job in jobs:
        if not job.ok or job.article is None:
            continue
        output = out_dir / f"{job.article.slug}.pdf"
        if _name_key(output) in taken:
            job.errors.append(
                TypesetError(
                    f"output {output} is already built from {taken[_name_key(output)]}",
                    Location(job.source),
                    hint="rename one of the two sources",
                )
            )
            continue
        taken[_name_key(output)] = job.source
        job.output = output


def _name_key(path: Path) -> str:
    return unicodedata.normalize("NFC", str(path)).casefold()
