"""The pipeline for one source: read and check it, and make its HTML (``prepare``); make its PDF (``render``).

A job carries a source through; its errors stay on it, so that a batch
(typeset.batch) reports every problem at once and builds the other sources.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from typeset import fonts, markup
from typeset.config import find_config, load_publication
from typeset.errors import ErrorList, Location, TypesetError
from typeset.model import Article, Publication, Text
from typeset.reader import SOURCE_SUFFIXES, read_article
from typeset.render import render_article
from typeset.resources import FONTS_DIR, THEME_DIR
from typeset.verse import set_poem

LOGGER = logging.getLogger("typeset")


@dataclass
class Job:
    """One source on its way through the pipeline."""

    source: Path
    article: Article | None = None
    publication: Publication | None = None
    output: Path | None = None
    html: str | None = None  # the document the engine renders (typeset.render)
    errors: list[TypesetError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped: bool = False  # its output is up to date (typeset.batch)
    fingerprint: str | None = None  # of its inputs (typeset.manifest)

    @property
    def ok(self) -> bool:
        return not self.errors


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


def prepare(source: Path) -> Job:
    """Read and check one source and make its HTML: the job, ready for the engine, or its errors.

    The templates run here, not in the engine's step, so that ``typeset check``
    finds a theme's errors too, and a batch reports them alike with any number of workers.
    """

    job = Job(source)
    try:
        publication = load_publication(find_config(source))
        fonts.check_families(FONTS_DIR, publication.fonts, Location(publication.path or source))
        article = read_article(source, publication)
        verse_font = fonts.regular_face(FONTS_DIR, publication.fonts.verse[0]).path
        body = markup.parse_body(
            article.body,
            source,
            article.body_line,
            article.direction,
            lambda lines: set_poem(lines, verse_font, publication.kashida),
            article.lang if article.native_digits(publication) else None,
        )
        article.body_html, article.headings = body.html, body.headings
        fonts.check_coverage(FONTS_DIR, publication.fonts, _texts(article, body, publication), article.direction)
        html = render_article(article, publication)
    except ErrorList as errors:
        job.errors.extend(errors.errors)
    except TypesetError as error:
        job.errors.append(error)
    else:
        job.article, job.publication, job.html = article, publication, html
    return job


def _texts(article: Article, body: markup.Body, publication: Publication) -> list[Text]:
    """Every piece of text the PDF will show, with the role (font chain) that sets it."""
    texts = list(publication.texts) + list(article.texts)
    verse = {number for start, end in body.verse_lines for number in range(start, end)}
    for number, line in enumerate(article.body.split("\n")):
        role = "verse" if number in verse else "body"
        texts.append(Text(line, Location(article.path, article.body_line + number, 1), role))
    return texts


def render(job: Job) -> bytes:
    """The PDF of a prepared job."""
    from typeset.pdf import render_pdf  # the engine is imported only when a PDF is made

    assert job.article is not None and job.publication is not None and job.html is not None
    html = job.html
    roots = [FONTS_DIR, THEME_DIR, job.publication.root / "templates", job.source.parent]
    with _engine_warnings(job):
        masthead = (job.publication.fonts.nastaliq, job.publication.masthead)
        verse = job.publication.fonts.verse
        return render_pdf(html, job.source, roots, job.article.direction, masthead, verse)


@contextmanager
def _engine_warnings(job: Job) -> Iterator[None]:
    """Collect what WeasyPrint warns about, to report it with the article's path."""

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            job.warnings.append(record.getMessage())

    logger = logging.getLogger("weasyprint")
    handler = Collect(logging.WARNING)
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def assign_outputs(jobs: list[Job], out_dir: Path) -> None:
    """``out_dir/<slug>.pdf`` for each good job; two sources may not claim one name."""
    taken: dict[Path, Path] = {}
    for job in jobs:
        if job.skipped and job.output is not None:
            taken[job.output] = job.source
    for job in jobs:
        if not job.ok or job.article is None:
            continue
        output = out_dir / f"{job.article.slug}.pdf"
        if output in taken:
            job.errors.append(
                TypesetError(
                    f"output {output} is already built from {taken[output]}",
                    Location(job.source),
                    hint="rename one of the two sources",
                )
            )
            continue
        taken[output] = job.source
        job.output = output
