"""``typeset archive verify``: every sum checked, every archived PDF rebuilt from what it carries.

What it proves, per file listed in ``SHA256SUMS``:

1. the file is there and its SHA-256 is the manifest's (a flipped byte, a
   truncated file, a missing file are each reported with the path);
2. its attachments are the ones its record lists (by SHA-256);
3. extracted into an empty folder, they are a project that typeset builds
   again (the same code: typeset.archive.entry) into the very same bytes.

And of the archive: every file below ``articles/`` and ``editions/`` is listed
(a stray file is reported). Rebuilding runs in worker processes (typeset.build.batch).
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from typeset import __version__
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
from typeset.archive.sums import NAME, Sums, archived_files
from typeset.build.job import Job, prepare
from typeset.errors import ErrorList, InternalError, Location, TypesetError
from typeset.source.config import CONFIG_NAME

Report = Callable[[Job], None]


@dataclass
class VerifyJob(Job):
    """One archived file being checked; ``source`` is its path."""

    name: str = ""  # its path in the archive, as SHA256SUMS lists it


def verify(
    archive_dir: Path, workers: int = 1, on_start: Report = lambda job: None, on_done: Report = lambda job: None
) -> tuple[list[TypesetError], list[VerifyJob]]:
    """Check ``archive_dir``: the archive's own problems (manifest, stray files), and one job per listed file."""
    sums = Sums(archive_dir)
    problems = list(sums.problems)
    if not sums.path.is_file():
        problems.append(TypesetError(f"missing: the archive has no {NAME}", Location(sums.path)))
    present = archived_files(archive_dir)
    for name in present:
        if name not in sums.entries:
            problems.append(TypesetError(f"not in {NAME}", Location(archive_dir / name)))
    jobs = [_check_sum(archive_dir, name, digest) for name, digest in sorted(sums.entries.items())]
    todo = [job for job in jobs if job.ok]
    for job in jobs:
        if not job.ok:
            on_done(job)
    if todo:
        from typeset.build import batch

        batch.load_engine()
        batch.run_each(list(todo), workers, on_start, on_done, _rebuild)
    return problems, jobs


def _check_sum(archive_dir: Path, name: str, digest: str) -> VerifyJob:
    path = archive_dir / name
    job = VerifyJob(path, name=name)
    if not safe_name(name) or not name.endswith(".pdf"):
        job.errors.append(TypesetError(f"{NAME} lists a path that is no archived PDF", Location(path)))
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


def _rebuild(job: Job) -> Job:
    """Rebuild one archived PDF from its attachments and compare the bytes (in a worker)."""
    assert isinstance(job, VerifyJob)
    try:
        problem = _compare(job.source, job.name)
    except Exception as error:  # a bug met on this file: its error; the others go on
        job.errors.append(InternalError.of(error, Location(job.source)))
    else:
        if problem:
            job.errors.append(TypesetError(problem, Location(job.source)))
    return job


def _compare(path: Path, name: str) -> str | None:
    """What is wrong with the archived file at ``path`` (``name`` in the archive), or None."""
    import pikepdf

    from typeset.archive.pdfa import attachments_of

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
            rebuilt = _rebuilt(project, files, record)
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


def _rebuilt(project: Path, files: dict[str, bytes], record: Record) -> bytes:
    own = [file for file in files if not file.startswith("templates/")]  # not the templates
    if record.kind == "article":
        sources = [file for file in own if file.endswith(SOURCE_SUFFIXES)]
        if len(sources) != 1:
            raise TypesetError(f"an article carries one source, not {len(sources)}")
        job = prepare(project / sources[0])
        if not job.ok:
            raise ErrorList(job.errors)
        entry = article_entry(job)
        return article_pdf(job, entry, entry.placed(record.version))
    editions = [file for file in own if file.endswith(".yaml") and file != CONFIG_NAME]
    if len(editions) != 1:
        raise TypesetError(f"an edition carries one edition file, not {len(editions)}")
    edition, articles = prepare_edition(project / editions[0])
    entry = edition_entry(edition, articles)
    return edition_pdf(project / editions[0], entry, entry.placed(record.version))
