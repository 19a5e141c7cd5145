"""``typeset archive``: articles and editions written into the archive, append-only.

Layout (relative to the archive folder; ``record.pdf`` holds it)::

    articles/<yyyy>/<mm>/<slug>/v1.pdf, v2.pdf …     by the article's date and slug
    editions/<yyyy>/<mm>/<name>/v1.pdf …             by the edition's date and file name
    SHA256SUMS                                       every archived file's SHA-256 (typeset.archive.sums)

A source is "unchanged" when what would be embedded (source, config, templates,
images) has the SHA-256 sums that the record of its latest archived version
lists: nothing is rendered or written. Otherwise the next version is written
beside the others. Archived files are never written over nor deleted: each is
written to a temporary file, synced, and linked to its name (which fails if
the name is taken), read-only; the manifest is written after it.

A folder of versions belongs to one source (each record names the source that made it): another
source of the same date and name is refused, in one run as in later ones, and so is a folder
with a version the catalog lists that is gone (a rolled-back version: its number is never given
again). Nothing is read or written through a symbolic link: the archive holding one stops the run
before anything is written, and folders are made one part at a time, none through a link.

A run killed between a PDF and the manifest leaves a whole PDF that the
manifest does not name. The next run adopts it when it is a whole entry (a PDF
whose record names its own path and whose attachments have the sums that the
record lists: what this module writes, nothing else is) and reports it; any
other file there is left as it is, reported here and by ``verify``. Adopting
does not rebuild it: ``typeset archive verify`` does.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Callable, Collection
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING

from typeset.archive.entry import Entry, article_entry, article_pdf, edition_entry, edition_pdf, prepare_edition
from typeset.archive.record import RECORD_NAME, Record
from typeset.archive.sums import Sums, link_error, link_on_the_way, make_folder, survey
from typeset.errors import Diagnostic, ErrorList, InternalError, Location, TypesetError, warning
from typeset.files import remove_stale_temporaries
from typeset.jobs.job import Job, prepare

if TYPE_CHECKING:
    from typeset.jobs.cluster import ClusterBackend, Rendered, Shipment
    from typeset.pdf.pdfa import Embedded, Identity

Report = Callable[[Job], None]
#: Called for each file archived (not for unchanged ones), after the manifest names it: the catalog's hook.
OnArchived = Callable[[Record, str], None]
_VERSION = re.compile(r"^v([1-9][0-9]*)\.pdf$")


@dataclass
class ArchiveJob(Job):
    """An article or an edition on its way into the archive."""

    kind: str = "article"
    entry: Entry | None = None
    record: Record | None = None  # the version to write (or, unchanged, the latest one)
    digest: str = ""  # the SHA-256 of the file written
    archive_dir: Path | None = None  # the archive it is written into (nothing through a link in it)


def archive(
    articles: list[Path],
    editions: list[Path],
    archive_dir: Path,
    workers: int = 1,
    on_start: Report = lambda job: None,
    on_done: Report = lambda job: None,
    on_archived: OnArchived | None = None,
    say: Callable[[str | Diagnostic], None] = lambda said: None,
    known: Collection[str] = (),
    backend: ClusterBackend | None = None,
) -> list[ArchiveJob]:
    """Archive ``articles`` and ``editions`` into ``archive_dir``: one job each, with its errors.
    ``known``: the archive paths the catalog lists (a version there, gone from the manifest and the
    folder, is a rolled-back version: that source's error, and its number is never given again).
    With a ``backend``, the articles are rendered on its workers (typeset.jobs.cluster), and written
    here; editions are bound here.

    Raises TypesetError (nothing written) when the manifest cannot be read, or when the archive
    holds a symbolic link (each is reported: typeset reads and writes nothing through one).
    """
    archive_dir.mkdir(parents=True, exist_ok=True)
    sums = Sums(archive_dir)
    sums.check_readable()
    files, found = survey(archive_dir)  # the tree walked once: every later question is asked of this
    if found:
        raise ErrorList([link_error(archive_dir / name) for name in found])
    files = _sweep(archive_dir, files)
    changed = _adopt(archive_dir, sums, files, say)

    index = Versions(sums.entries, files, known)
    claimed: dict[str, Path] = {}
    archived: list[ArchiveJob] = []
    jobs: list[ArchiveJob] = []

    def finished(job: Job) -> None:
        assert isinstance(job, ArchiveJob)
        if job.ok and job.record is not None:
            sums.add(job.record.pdf, job.digest)
            archived.append(job)
            if on_archived is not None and job.entry is not None:
                on_archived(job.record, job.entry.source_text)
        on_done(job)
        _lighten(job)

    try:
        # The articles a chunk at a time (planned, placed, written, then let go of their HTML and
        # attachments): the run's memory does not grow with the number of sources.
        for first in range(0, len(articles), CHUNK):
            chunk = [_plan_article(source) for source in articles[first : first + CHUNK]]
            _run(chunk, archive_dir, sums, claimed, index, workers, on_start, on_done, finished, backend)
            jobs += chunk
        chunk = [_plan_edition(path) for path in editions]
        _run(chunk, archive_dir, sums, claimed, index, workers, on_start, on_done, finished, backend)
        jobs += chunk
    finally:  # written once, with what landed: also when the run stops on an error or Ctrl-C
        if changed or archived:
            _save(sums, archived)
    return jobs


#: How many articles are planned and written at a time (their prepared HTML and attachments in memory).
CHUNK = 256


def _run(
    chunk: list[ArchiveJob],
    archive_dir: Path,
    sums: Sums,
    claimed: dict[str, Path],
    index: Versions,
    workers: int,
    on_start: Report,
    on_done: Report,
    finished: Report,
    backend: ClusterBackend | None,
) -> None:
    """Place the planned jobs of ``chunk`` and write those that changed (each reported when done); the
    articles rendered on ``backend``'s cluster, if any."""
    for job in chunk:
        if job.ok and job.entry is not None:
            _place(job, job.entry, archive_dir, sums, claimed, index)
    todo = [job for job in chunk if job.ok and not job.skipped]
    for job in chunk:
        if not (job.ok and not job.skipped):  # (not "job not in todo": a scan of the list for each job)
            on_done(job)
            _lighten(job)
    if not todo:
        return
    from typeset.jobs import batch

    batch.load_engine()
    renders: list[Job] = [job for job in todo if job.kind == "article"]
    if backend is not None:
        from typeset.jobs.cluster import run_each

        run_each(backend, renders, on_start, finished, _pdfa_sent, _pack_article, _land_article)
    else:
        batch.run_each(renders, workers, on_start, finished, _write_article)
    for job in todo:
        if job.kind == "edition":
            on_start(job)
            finished(_write_edition(job, workers))
    for job in todo:
        _lighten(job)  # (the jobs back from the workers are copies: these are let go of here)


def _lighten(job: ArchiveJob) -> None:
    """Let go of what only writing the job needed: its prepared article, publication, HTML and attachments."""
    job.article, job.publication, job.html = None, None, None
    if job.entry is not None:
        job.entry = replace(job.entry, attachments=[])


def _save(sums: Sums, archived: list[ArchiveJob]) -> None:
    """``SHA256SUMS`` written once for the run. Every file it names is whole (written and synced before);
    a run killed before this leaves whole files it does not name, which the next run adopts."""
    try:
        sums.save()
    except OSError as error:
        problem = f"cannot write {sums.path}: {error.strerror or error}"
        for job in archived:
            job.errors.append(TypesetError(problem, Location(job.source), hint="the next run adopts the file"))
        if not archived:
            raise TypesetError(problem, Location(sums.path)) from None


def _as_archive_job(job: Job, kind: str = "article") -> ArchiveJob:
    return ArchiveJob(**{field.name: getattr(job, field.name) for field in fields(Job)}, kind=kind)


def _plan_article(source: Path) -> ArchiveJob:
    job = _as_archive_job(prepare(source))
    if job.ok:
        try:
            job.entry = article_entry(job)
        except (OSError, UnicodeDecodeError) as error:
            job.errors.append(TypesetError(f"cannot read: {error}", Location(source)))
        except TypesetError as error:
            job.errors.append(error)
    return job


def _plan_edition(path: Path) -> ArchiveJob:
    job = ArchiveJob(path, kind="edition")
    try:
        edition, articles = prepare_edition(path)
        job.entry = edition_entry(edition, articles)
    except ErrorList as errors:
        job.errors.extend(errors.errors)
    except TypesetError as error:
        job.errors.append(error)
    except (OSError, UnicodeDecodeError) as error:
        job.errors.append(TypesetError(f"cannot read: {error}", Location(path)))
    except Exception as error:  # a bug met on this edition: its error; the others go on
        job.errors.append(InternalError.of(error, Location(path)))
    return job


class Versions:
    """The archive's versions by folder, read once for a run (``_place`` asks it for each source: no
    walk of the tree per source): those ``SHA256SUMS`` lists, those present in the tree, those the
    catalog knows; each a map of version number to archive path."""

    def __init__(self, listed: Collection[str], present: Collection[str], known: Collection[str]):
        self.listed = _by_folder(listed)
        self.present = _by_folder(present)
        self.known = _by_folder(known)

    def of(self, folder: str) -> tuple[dict[int, str], dict[int, str], dict[int, str]]:
        """(listed, present, known) of ``folder``."""
        return self.listed.get(folder, {}), self.present.get(folder, {}), self.known.get(folder, {})


def _by_folder(names: Collection[str]) -> dict[str, dict[int, str]]:
    """Folder → version number → path, of the ``names`` (archive paths) that are versions."""
    found: dict[str, dict[int, str]] = {}
    for name in names:
        head, _, tail = name.rpartition("/")
        match = _VERSION.match(tail)
        if match:
            found.setdefault(head, {})[int(match.group(1))] = name
    return found


def _place(
    job: ArchiveJob,
    entry: Entry,
    archive_dir: Path,
    sums: Sums,
    claimed: dict[str, Path],
    index: Versions,
) -> None:
    """Decide the job's version: unchanged (skipped), or the next number in its folder."""
    if entry.folder in claimed:
        job.errors.append(
            TypesetError(
                f"{entry.folder} is archived from {claimed[entry.folder]} in this run too",
                Location(job.source),
                hint="two sources of one date and name: rename one",
            )
        )
        return
    claimed[entry.folder] = job.source
    job.archive_dir = archive_dir
    listed, present, known = index.of(entry.folder)
    gone = sorted(set(known) - set(listed) - set(present))
    if gone:
        job.errors.append(
            TypesetError(
                f"{archive_dir / entry.folder}/v{gone[0]}.pdf is gone: the catalog lists it, but it is neither "
                f"there nor in {sums.path.name} (a version rolled back?)",
                Location(job.source),
                hint="restore it from a copy of the archive (typeset archive verify lists what is missing); "
                "its number is never given to another file",
            )
        )
        return
    if listed:
        latest = listed[max(listed)]
        record = read_record(archive_dir / latest)
        if record is None:
            job.errors.append(
                TypesetError(
                    f"the record of {archive_dir / latest}, the latest version, cannot be read: "
                    "whose versions these are is not known",
                    Location(job.source),
                    hint="typeset archive verify says what is wrong with it",
                )
            )
            return
        if record.origin() != entry.record.source:
            job.errors.append(
                TypesetError(
                    f"{archive_dir / entry.folder} holds the versions of another {entry.kind}, "
                    f"{record.origin() or 'a source not named'} (the same date and name): "
                    f"{entry.record.source} would become a version of it",
                    Location(job.source),
                    hint=f"rename this {'source' if entry.kind == 'article' else 'edition file'} "
                    "(its file name makes its name in the archive)",
                )
            )
            return
        if record.attachments == entry.sums():
            job.skipped, job.record, job.output = True, record, archive_dir / latest
            return
    number = max([*listed, *present, 0]) + 1
    job.record = entry.placed(number)
    job.output = archive_dir / job.record.pdf


def read_record(path: Path) -> Record | None:
    """The record an archived PDF carries; None when it is no archived PDF (or not whole), or a link."""
    import pikepdf

    if path.is_symlink():
        return None
    try:
        with pikepdf.open(path) as pdf:
            spec = pdf.attachments.get(RECORD_NAME)
            return Record.from_json(spec.get_file().read_bytes()) if spec is not None else None
    except (OSError, ValueError, pikepdf.PdfError):
        return None


def whole_entry(archive_dir: Path, name: str) -> bool:
    """Whether ``name`` is a PDF this module wrote whole: its record names its path, its attachments
    have the sums the record lists."""
    import pikepdf

    from typeset.pdf.pdfa import attachments_of

    try:
        with pikepdf.open(archive_dir / name) as pdf:
            files = attachments_of(pdf)
        record = Record.from_json(files.pop(RECORD_NAME))
    except (OSError, ValueError, KeyError, pikepdf.PdfError):
        return False
    sums = {file: hashlib.sha256(data).hexdigest() for file, data in files.items()}
    return record.pdf == name and sums == record.attachments


def _adopt(archive_dir: Path, sums: Sums, files: list[str], say: Callable[[str | Diagnostic], None]) -> bool:
    """Add to ``sums`` (in memory: the run saves it once) each whole entry of ``files`` it does not list;
    whether there was one."""
    adopted = False
    for name in files:
        if name in sums.entries:
            continue
        path = archive_dir / name
        if name.endswith(".pdf") and not path.is_symlink() and whole_entry(archive_dir, name):
            sums.add(name, file_sha256(path))
            adopted = True
            say(f"adopted {path}: whole, but not yet in {sums.path.name} (an interrupted run wrote it)")
        else:
            say(warning(f"{path} is not in {sums.path.name} and is no archived file: left as it is"))
    return adopted


def _sweep(archive_dir: Path, files: list[str]) -> list[str]:
    """Remove the temporaries a killed typeset left (only its own, of processes no longer running):
    ``files`` without them. Only the folders that hold one are looked into again."""
    remove_stale_temporaries(archive_dir)
    maybe = [name for name in files if ".typeset-" in name and name.endswith(".tmp")]
    for folder in sorted({name.rpartition("/")[0] for name in maybe}):
        remove_stale_temporaries(archive_dir / folder)
    gone = {name for name in maybe if not (archive_dir / name).exists()}
    return [name for name in files if name not in gone] if gone else files


def file_sha256(path: Path) -> str:
    from typeset.jobs.manifest import file_hash

    return file_hash(path)


def write_new(path: Path, data: bytes, archive_dir: Path) -> None:
    """Write ``data`` to ``path`` (in ``archive_dir``), which must not exist: a synced temporary file
    linked to its name (the link fails if the name is taken: never over an archived file), read-only.
    Its folders are made one by one, and none may be a symbolic link (TypesetError)."""
    name = path.parent.relative_to(archive_dir).as_posix()
    make_folder(archive_dir, name)
    link = link_on_the_way(archive_dir, f"{name}/{path.name}")
    if link is not None:
        raise link_error(archive_dir / link)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.typeset-{os.getpid()}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o444)
        os.link(temporary, path)
    except FileExistsError:
        raise TypesetError(f"{path} exists: the archive never writes over a file") from None
    finally:
        Path(temporary).unlink(missing_ok=True)
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def _written(job: ArchiveJob, make: Callable[[], bytes]) -> ArchiveJob:
    assert job.output is not None and job.archive_dir is not None
    try:
        data = make()
        write_new(job.output, data, job.archive_dir)
        job.digest = hashlib.sha256(data).hexdigest()
    except ErrorList as errors:
        job.errors.extend(errors.errors)
    except TypesetError as error:
        job.errors.append(error)
    except OSError as error:
        job.errors.append(TypesetError(f"cannot write {job.output}: {error.strerror or error}", Location(job.source)))
    except Exception as error:  # a bug met on this source: its error; the others go on
        job.errors.append(InternalError.of(error, Location(job.source)))
    return job


def _write_article(job: Job) -> Job:
    """Render one article as PDF/A and write it (in a worker): the job back, with its digest or errors."""
    assert isinstance(job, ArchiveJob) and job.entry is not None and job.record is not None
    entry, record = job.entry, job.record
    return _written(job, lambda: article_pdf(job, entry, record))


def _pack_article(job: Job) -> tuple[Shipment, Identity, list[Embedded], bytes]:
    """What a cluster worker is sent to make an article's archived PDF (typeset.jobs.cluster)."""
    from typeset.jobs.cluster import shipment

    assert isinstance(job, ArchiveJob) and job.entry is not None and job.record is not None
    return shipment(job), job.entry.identity, job.entry.embedded(job.record), job.record.to_json()


def _pdfa_sent(parcel: Shipment, identity: Identity, attachments: list[Embedded], instance: bytes) -> Rendered:
    """On a cluster worker: :func:`article_pdf` of what :func:`_pack_article` sent."""
    from typeset.jobs.cluster import render_shipped
    from typeset.pdf.pdfa import make_pdfa

    rendered = render_shipped(parcel)
    if rendered.data is None:
        return rendered
    try:
        return rendered._replace(data=make_pdfa(rendered.data, identity, attachments, instance))
    except TypesetError as error:
        return rendered._replace(data=None, errors=[error])
    except Exception as error:  # a bug met on this source: its error; the others go on
        return rendered._replace(data=None, errors=[InternalError.of(error, Location(parcel.request.source))])


def _land_article(job: Job, rendered: Rendered) -> None:
    """Here: the archived PDF a worker made written into the archive, as :func:`_write_article` writes it."""
    assert isinstance(job, ArchiveJob)
    job.warnings.extend(rendered.warnings)
    job.errors.extend(rendered.errors)
    data = rendered.data
    if data is not None:
        _written(job, lambda: data)


def _write_edition(job: ArchiveJob, workers: int) -> ArchiveJob:
    assert job.entry is not None and job.record is not None
    entry, record = job.entry, job.record
    return _written(job, lambda: edition_pdf(job.source, entry, record, workers))
