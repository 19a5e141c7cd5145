"""``typeset archive verify``: every sum checked, every archived PDF rebuilt from what it carries.

What it proves, per file listed in ``SHA256SUMS``:

1. the file is there and its SHA-256 is the manifest's (a flipped byte, a
   truncated file, a missing file are each reported with the path);
2. its attachments are the ones its record lists (by SHA-256);
3. extracted into an empty folder, they are a project that typeset builds
   again (the same code: typeset.archive.entry) into the very same bytes.

And of the archive:

4. no symbolic link anywhere in it (a file replaced by a link, even to an identical copy; a
   version folder that points elsewhere): each is reported and nothing is read through it;
5. its whole history: below a listed version, every lower number of its folder is listed
   too; every file the catalog knows and every file an earlier verify checked (the verify log)
   is present and listed (a version rolled back with its line of ``SHA256SUMS`` is reported);
6. every file below ``articles/`` and ``editions/`` is listed (a stray file is reported).

Each run is then recorded in ``verify-log.jsonl`` (typeset.archive.log): what was checked, by
which typeset, and the outcome. Rebuilding runs in worker processes (typeset.jobs.batch).
"""

from __future__ import annotations

import datetime
import hashlib
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from typeset import __version__
from typeset.archive import log
from typeset.archive.entry import (
    SOURCE_SUFFIXES,
    article_entry,
    article_pdf,
    edition_entry,
    edition_pdf,
    prepare_edition,
    safe_name,
)
from typeset.archive.record import RECORD_NAME, Record
from typeset.archive.sums import NAME, Sums, link_error, link_on_the_way, survey
from typeset.errors import Diagnostic, ErrorList, InternalError, Location, TypesetError, warning
from typeset.jobs.job import Job, prepare
from typeset.source.config import CONFIG_NAME

if TYPE_CHECKING:
    from typeset.jobs.cluster import ClusterBackend

Report = Callable[[Job], None]


@dataclass
class VerifyJob(Job):
    """One archived file being checked; ``source`` is its path."""

    name: str = ""  # its path in the archive, as SHA256SUMS lists it


def verify(
    archive_dir: Path,
    workers: int = 1,
    on_start: Report = lambda job: None,
    on_done: Report = lambda job: None,
    now: Callable[[], datetime.datetime] = lambda: datetime.datetime.now(datetime.UTC),
    say: Callable[[Diagnostic], None] = lambda diagnostic: None,
    backend: ClusterBackend | None = None,
) -> tuple[list[TypesetError], list[VerifyJob]]:
    """Check ``archive_dir``: the archive's own problems (manifest, links, history, stray files), and one
    job per listed file (returned as they came back); then the run is appended to the verify log (a log
    that cannot be written, a read-only copy of an archive, is a warning given to ``say``; a log that is
    a symbolic link is not written through, and is reported as every link is)."""
    sums = Sums(archive_dir)
    problems = list(sums.problems)
    if not sums.path.is_file() and not sums.path.is_symlink():
        problems.append(TypesetError(f"missing: the archive has no {NAME}", Location(sums.path)))
    present, links = survey(archive_dir)
    problems += [link_error(archive_dir / name) for name in links if name not in sums.entries]
    for name in present:
        if name not in sums.entries:
            problems.append(TypesetError(f"not in {NAME}", Location(archive_dir / name)))
    problems += _history(archive_dir, sums, set(present) | set(links))
    jobs = [_check_sum(archive_dir, name, digest) for name, digest in sorted(sums.entries.items())]
    done: dict[str, VerifyJob] = {}

    def finished(job: Job) -> None:
        assert isinstance(job, VerifyJob)
        done[job.name] = job
        on_done(job)

    todo = [job for job in jobs if job.ok]
    for job in jobs:
        if not job.ok:
            finished(job)
    if todo and backend is not None:
        from typeset.jobs.cluster import run_each

        run_each(backend, list(todo), on_start, finished, _rebuild_sent, _pack, _land)
    elif todo:
        from typeset.jobs import batch

        batch.load_engine()
        # The articles in the workers, then each edition here, its parts rendered on every core (an
        # edition rebuilt in one worker was a serial tail: its parts one after another, the others idle).
        editions = [job for job in todo if job.name.startswith("editions/")]
        articles: list[Job] = [job for job in todo if not job.name.startswith("editions/")]
        batch.run_each(articles, workers, on_start, finished, _rebuild)
        for job in editions:
            on_start(job)
            finished(_rebuild(job, workers))
    results = [done.get(job.name, job) for job in jobs]
    lines = [problem.format() for problem in problems] + [e.format() for job in results for e in job.errors]
    outcomes = {job.name: (sums.entries[job.name], job.ok) for job in results}
    if log.LOG_NAME not in links:
        try:
            log.append(archive_dir, log.event(outcomes, lines, __version__, now()))
        except TypesetError as error:
            say(warning(f"this run is not recorded: {error.message}", error.location))
    return problems, results


_VERSION = re.compile(r"^(.+)/v([1-9][0-9]*)\.pdf$")


def _history(archive_dir: Path, sums: Sums, present: set[str]) -> list[TypesetError]:
    """What the archive's history says must be there and is not: a version below a listed one, a file
    the catalog knows, a file an earlier verify checked; each missing one, or there but not listed."""
    from typeset.archive.catalog import CATALOG_NAME, Catalog

    known: dict[str, str] = {}  # path → who knows it
    versions: dict[str, int] = {}
    for name in sums.entries:
        match = _VERSION.match(name)
        if match:
            versions[match.group(1)] = max(versions.get(match.group(1), 0), int(match.group(2)))
    for folder, latest in versions.items():
        for number in range(1, latest):
            known.setdefault(f"{folder}/v{number}.pdf", f"version {latest} of its folder is listed")
    problems: list[TypesetError] = []
    catalog = archive_dir / CATALOG_NAME
    if catalog.is_symlink() or (catalog.is_file() and catalog.stat().st_size):
        try:
            with Catalog(archive_dir, create=False) as opened:
                for record in opened.records():
                    known.setdefault(record.pdf, f"the catalog lists it (version {record.version} of {record.slug})")
        except TypesetError as error:
            if not catalog.is_symlink():  # (a link is reported as one)
                problems.append(
                    TypesetError(
                        f"the archive's history cannot be checked against the catalog: {error.message}",
                        error.location,
                        error.hint,
                    )
                )
    checked, log_problems = log.checked(archive_dir)
    problems += log_problems
    for item in checked:
        known.setdefault(item.path, f"verified on {item.date} (verify log line {item.line})")
        listed = sums.entries.get(item.path)
        if listed is not None and listed != item.sha256:
            problems.append(
                TypesetError(
                    f"{NAME} lists another SHA-256 than when it was verified on {item.date} (verify log line "
                    f"{item.line}): an archived file never changes",
                    Location(archive_dir / item.path),
                )
            )
    for name, who in sorted(known.items()):
        if name in sums.entries:
            continue
        if not safe_name(name):
            continue
        if name in present:
            continue  # reported as not listed (or as a link)
        problems.append(
            TypesetError(
                f"missing: {who}, but it is neither here nor in {NAME} (a version rolled back?)",
                Location(archive_dir / name),
            )
        )
    return problems


def _check_sum(archive_dir: Path, name: str, digest: str) -> VerifyJob:
    path = archive_dir / name
    job = VerifyJob(path, name=name)
    if not safe_name(name) or not name.endswith(".pdf"):
        job.errors.append(TypesetError(f"{NAME} lists a path that is no archived PDF", Location(path)))
        return job
    link = link_on_the_way(archive_dir, name)
    if link == name:
        job.errors.append(
            TypesetError(
                "a symbolic link in place of the archived file: verify follows none (the file itself must be here)",
                Location(path),
                hint="put the archived file itself in its place",
            )
        )
        return job
    if link is not None:
        job.errors.append(link_error(path, archive_dir / link))
        return job
    try:
        data = path.read_bytes() if path.is_file() else None
    except OSError as error:
        job.errors.append(TypesetError(f"cannot read: {error.strerror or error}", Location(path)))
        return job
    if data is None:
        job.errors.append(TypesetError(f"missing (listed in {NAME})", Location(path)))
    elif hashlib.sha256(data).hexdigest() != digest:
        if not data.rstrip().endswith(b"%%EOF"):
            message = f"truncated ({len(data)} bytes, no %%EOF at its end): its SHA-256 is not {NAME}'s"
        else:
            message = f"changed since it was archived: its SHA-256 is not {NAME}'s"
        job.errors.append(TypesetError(message, Location(path)))
    return job


def _rebuild(job: Job, workers: int = 1) -> Job:
    """Rebuild one archived PDF from its attachments and compare the bytes (an article in a worker; an
    edition in the parent, which renders its parts in ``workers`` processes)."""
    assert isinstance(job, VerifyJob)
    try:
        problem = _compare(job.source, job.name, workers)
    except Exception as error:  # a bug met on this file: its error; the others go on
        job.errors.append(InternalError.of(error, Location(job.source)))
    else:
        if problem:
            job.errors.append(TypesetError(problem, Location(job.source)))
    return job


def _pack(job: Job) -> tuple[str, bytes]:
    """What a cluster worker is sent to rebuild an archived file: its name and its bytes (it carries its sources)."""
    assert isinstance(job, VerifyJob)
    return job.name, job.source.read_bytes()


def _rebuild_sent(name: str, data: bytes) -> TypesetError | None:
    """On a cluster worker: what is wrong with the archived file ``data`` (``name``), as :func:`_rebuild` says it."""
    with tempfile.TemporaryDirectory(prefix="typeset-verify-") as folder:
        path = Path(folder) / "archived.pdf"
        path.write_bytes(data)
        try:
            problem = _compare(path, name)
        except Exception as error:  # a bug met on this file: its error; the others go on
            return InternalError.of(error, None)
    return TypesetError(problem) if problem else None


def _land(job: Job, problem: TypesetError | None) -> None:
    if problem is not None:
        problem.location = Location(job.source)
        job.errors.append(problem)


def _compare(path: Path, name: str, workers: int = 1) -> str | None:
    """What is wrong with the archived file at ``path`` (``name`` in the archive), or None."""
    import pikepdf

    from typeset.pdf.pdfa import attachments_of

    data = path.read_bytes()
    try:
        with pikepdf.open(path) as pdf:
            files = attachments_of(pdf)
    except pikepdf.PdfError as error:
        return f"cannot be read as a PDF: {error}"
    if RECORD_NAME not in files:
        return f"carries no {RECORD_NAME}: not an archived PDF"
    try:
        record = Record.from_json(files.pop(RECORD_NAME))
    except ValueError as error:
        return f"its {RECORD_NAME} cannot be read: {error}"
    if record.pdf != name:
        return f"its record says it is {record.pdf}"
    bad = sorted(
        file for file, content in files.items() if hashlib.sha256(content).hexdigest() != record.attachments.get(file)
    )
    missing = sorted(set(record.attachments) - set(files))
    if bad or missing:
        return "its attachments are not those its record lists: " + ", ".join(bad + missing)
    if not all(safe_name(file) for file in files):
        return "an attachment's name is no path inside a folder"
    with tempfile.TemporaryDirectory(prefix="typeset-verify-") as folder:
        project = Path(folder) / "project"
        for file, content in files.items():
            (project / file).parent.mkdir(parents=True, exist_ok=True)
            (project / file).write_bytes(content)
        try:
            rebuilt = _rebuilt(project, files, record, workers)
        except ErrorList as errors:
            return "rebuilt from its own sources, it does not build: " + "; ".join(e.message for e in errors.errors)
        except TypesetError as error:
            return f"rebuilt from its own sources, it does not build: {error.message}"
    if rebuilt == data:
        return None
    pairs = enumerate(zip(rebuilt, data, strict=False))
    first = next((i for i, (a, b) in pairs if a != b), min(len(rebuilt), len(data)))
    since = (
        f"; archived with typeset {record.typeset}, rebuilt with {__version__}" if record.typeset != __version__ else ""
    )
    return f"rebuilt from its own sources, it differs (from byte {first}; {len(rebuilt)} bytes, not {len(data)}){since}"


def _rebuilt(project: Path, files: dict[str, bytes], record: Record, workers: int = 1) -> bytes:
    own = [file for file in files if not file.startswith("templates/")]  # not the templates
    if record.kind == "article":
        sources = [file for file in own if file.endswith(SOURCE_SUFFIXES)]
        if len(sources) != 1:
            raise TypesetError(f"an article carries one source, not {len(sources)}")
        job = prepare(project / sources[0])
        if not job.ok:
            raise ErrorList(job.errors)
        entry = article_entry(job)
        return article_pdf(job, entry, _as_archived(entry.placed(record.version), record))
    editions = [file for file in own if file.endswith(".yaml") and file != CONFIG_NAME]
    if len(editions) != 1:
        raise TypesetError(f"an edition carries one edition file, not {len(editions)}")
    edition, articles = prepare_edition(project / editions[0])
    entry = edition_entry(edition, articles)
    archived = _as_archived(entry.placed(record.version), record)
    return edition_pdf(project / editions[0], entry, archived, workers, reuse=False)  # every page rendered again


def _as_archived(rebuilt: Record, archived: Record) -> Record:
    """The rebuilt record in the archived one's format: one of format 1 named no source."""
    return rebuilt if archived.source else replace(rebuilt, source="")
