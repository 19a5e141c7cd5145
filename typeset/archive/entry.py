"""What one archived file is made of (its attachments and its record), and its PDF/A.

Archiving and verifying go through the same functions: verify extracts an
archived PDF's attachments into a folder, reads them as a project, and makes
the entry and the PDF again here, so that "the same bytes" compares the same code.

Attachments are named by their path relative to the project (the folder of the
``publication.yaml`` the source uses), with "/" separators, so that extracting
them gives a project that builds: ``publication.yaml`` (the built-in one's bytes
when the source has none), every file of its ``templates/``, the source (an
article's ``.md``; an edition's ``.yaml``, and every article it gathers), the
images each article shows, and ``record.json`` (/Data). Fonts and the theme are
typeset's own: a rebuild needs the same typeset (the record names its version).
"""

from __future__ import annotations

import datetime
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from typeset import __version__
from typeset.archive.record import RECORD_NAME, Record
from typeset.errors import ErrorList, Location, TypesetError
from typeset.files import real_path
from typeset.jobs.job import Job, prepare
from typeset.jobs.manifest import document_id
from typeset.model import Edition
from typeset.pdf.pdfa import Embedded, Identity, make_pdfa, mime_of
from typeset.source.config import CONFIG_NAME, find_config
from typeset.source.reader import slug_of

SOURCE_SUFFIXES = (".md", ".markdown")


@dataclass
class Entry:
    """An article or an edition as the archive keeps it, before it has a version."""

    kind: str  # "article" or "edition"
    identity: Identity
    attachments: list[Embedded]  # sorted by name; the record is added by :meth:`embedded`
    record: Record  # version 1 and no path yet: see :meth:`placed`

    @property
    def source_text(self) -> str:
        """The body text of its Markdown sources, for the catalog (archive.catalog.source_text): made
        only for what is archived (an unchanged source's is never needed)."""
        return _catalog_text(self.attachments)

    @property
    def folder(self) -> str:
        """``articles/2025/06/<slug>``: where its versions live, relative to the archive."""
        date = self.identity.date
        return f"{self.kind}s/{date:%Y}/{date:%m}/{self.record.slug}"

    def placed(self, version: int) -> Record:
        return replace(self.record, version=version, pdf=f"{self.folder}/v{version}.pdf")

    def sums(self) -> dict[str, str]:
        return {attachment.name: attachment.sha256 for attachment in self.attachments}

    def embedded(self, record: Record) -> list[Embedded]:
        data = Embedded(RECORD_NAME, record.to_json(), "Data", "the archive record (JSON)", "application/json")
        return [*self.attachments, data]


def project_root(source: Path) -> tuple[Path, Path]:
    """The project's folder (where ``publication.yaml`` is, or the source's own) and the config used."""
    config = find_config(source)
    if config.name == CONFIG_NAME:  # (the built-in one is default_publication.yaml)
        return real_path(config.parent), config
    return real_path(source.parent), config


def _name(path: Path, root: Path) -> str:
    try:
        return real_path(path).relative_to(root).as_posix()
    except ValueError:
        raise TypesetError(f"{path} is outside the project folder {root}", Location(path)) from None


def _config_files(root: Path, config: Path) -> list[Embedded]:
    files = [Embedded(CONFIG_NAME, config.read_bytes(), "Source", "the publication config", mime_of(CONFIG_NAME))]
    templates = root / "templates"
    if templates.is_dir():
        for path in sorted(templates.rglob("*")):
            if path.is_file() and not path.is_symlink():
                name = _name(path, root)
                files.append(
                    Embedded(name, path.read_bytes(), "Source", "a template of the publication", mime_of(name))
                )
    return files


def _article_files(job: Job, root: Path) -> list[Embedded]:
    from typeset.jobs.batch import dependencies

    name = _name(job.source, root)
    files = [Embedded(name, job.source.read_bytes(), "Source", "the article's source", mime_of(name))]
    for image in dependencies(job):
        name = _name(image, root)
        files.append(Embedded(name, image.read_bytes(), "Source", "an image the article shows", mime_of(name)))
    return files


def _sorted(files: list[Embedded]) -> list[Embedded]:
    return sorted({file.name: file for file in files}.values(), key=lambda file: file.name)


def article_entry(job: Job) -> Entry:
    """The entry of a prepared article."""
    assert job.article is not None and job.publication is not None
    article, publication = job.article, job.publication
    root, config = project_root(job.source)
    attachments = _sorted(_config_files(root, config) + _article_files(job, root))
    source = _name(job.source, root)
    record = Record(
        kind="article",
        slug=article.slug,
        version=1,
        title=article.title,
        author=article.author,
        date=article.date.isoformat(),
        lang=article.lang,
        pdf="",
        section=article.section.key,
        section_labels=(article.section.label_en, article.section.label_fa),
        attachments={file.name: file.sha256 for file in attachments},
        typeset=__version__,
        source=source,
    )
    identity = Identity(
        article.title, article.author, article.lang, article.date, document_id(publication.name, article.slug)
    )
    return Entry("article", identity, attachments, record)


def edition_entry(edition: Edition, articles: list[Job]) -> Entry:
    """The entry of an edition whose articles are prepared (for the images they show)."""
    root, config = project_root(edition.path)
    files = _config_files(root, config)
    name = _name(edition.path, root)
    files.append(Embedded(name, edition.path.read_bytes(), "Source", "the edition file", mime_of(name)))
    for job in articles:
        files.extend(_article_files(job, root))
    attachments = _sorted(files)
    record = Record(
        kind="edition",
        slug=edition.name,
        version=1,
        title=edition.title,
        author="",
        date=edition.date.isoformat(),
        lang=edition.lang,
        pdf="",
        articles=tuple(slug_of(entry.source) for entry in edition.entries),
        attachments={file.name: file.sha256 for file in attachments},
        typeset=__version__,
        source=name,
    )
    identifier = document_id(edition.publication.name, f"edition\0{edition.name}")
    identity = Identity(edition.title, "", edition.lang, edition.date, identifier)
    return Entry("edition", identity, attachments, record)


def prepare_edition(path: Path) -> tuple[Edition, list[Job]]:
    """An edition file read and its articles prepared; its errors, and each article's, raised at once."""
    from typeset.source.edition import read_edition

    edition = read_edition(path)
    jobs = [prepare(entry.source, edition) for entry in edition.entries]
    errors = [error for job in jobs for error in job.errors]
    if errors:
        raise ErrorList(errors)
    return edition, jobs


def article_pdf(job: Job, entry: Entry, record: Record) -> bytes:
    """The archived PDF of a prepared article: the build's PDF, made PDF/A-3u with its attachments."""
    from typeset.jobs.job import render

    return make_pdfa(render(job), entry.identity, entry.embedded(record), record.to_json())


def edition_pdf(path: Path, entry: Entry, record: Record, workers: int = 1, reuse: bool = True) -> bytes:
    """The archived PDF of an edition: bound by typeset.edition.build in a private folder (the screen
    profile: RGB, as PDF/A wants with its sRGB intent), then made PDF/A-3u with its attachments.
    ``reuse``: its articles' parts may come from the cache of parts (those ``typeset edition`` rendered
    for the same edition, profile and bytes); verify gives False: it renders every page."""
    from typeset.edition.build import build_edition
    from typeset.jobs.options import Options

    with tempfile.TemporaryDirectory(prefix="typeset-archive-") as folder:
        result = build_edition(path, Options(Path(folder), jobs=workers, profile="screen", reuse=reuse))
        errors = result.errors + [error for job in result.articles for error in job.errors]
        if errors or result.output is None:
            raise ErrorList(errors or [TypesetError("the edition was not built", Location(path))])
        data = result.output.read_bytes()
    return make_pdfa(data, entry.identity, entry.embedded(record), record.to_json())


def record_date(record: Record) -> datetime.date:
    return datetime.date.fromisoformat(record.date)


def safe_name(name: str) -> bool:
    """Whether an attachment's name may be written below a folder (verify extracts them)."""
    if not name or name.startswith("/") or "\\" in name or "\0" in name:
        return False
    return all(part not in ("", ".", "..") for part in name.split("/"))


def _catalog_text(attachments: list[Embedded]) -> str:
    """What the catalog indexes of an entry: the text :func:`typeset.archive.catalog.reindex` reads
    back from the archived file's attachments, so that a rebuilt catalog is the same."""
    from typeset.archive.catalog import source_text

    return source_text({attachment.name: attachment.data for attachment in attachments})
