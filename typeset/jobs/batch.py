"""A batch: which sources need building, and building them on every core.

- ``plan`` reads every source and checks it (all problems are reported at
  once), but first asks the manifest: an output whose inputs are unchanged is
  not prepared, let alone rendered.
- ``run`` renders the rest in the command's workers (typeset.jobs.workers): in
  this process or in worker processes that each import the engine once (forked
  after the parent imported it) and keep one font configuration across their
  articles; a single job (a rebuild after an edit) goes to the worker a command
  forked as it started, which imported the engine meanwhile (typeset.jobs.engine). Each PDF is written atomically
  and recorded in the manifest as soon as it is done, so an interrupted batch
  loses nothing and a rerun builds only what is missing.
"""

from __future__ import annotations

import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from typeset.errors import Diagnostic, InternalError, Location, TypesetError
from typeset.files import remove_stale_temporaries
from typeset.jobs import engine
from typeset.jobs.engine import Early, load_engine
from typeset.jobs.job import Job, assign_outputs, prepare, render_request
from typeset.jobs.manifest import (
    Manifest,
    engine_fingerprint,
    fingerprint,
    publication_fingerprint,
    source_of,
    written_by_typeset,
)
from typeset.jobs.workers import Workers
from typeset.source.config import find_config
from typeset.source.reader import slug_of

if TYPE_CHECKING:
    from typeset.jobs.cluster import ClusterBackend

Report = Callable[[Job], None]
Work = Callable[[Job], Job]
_IMAGE = re.compile(r'<img src="(file:[^"]+)"')


def plan(sources: list[Path], out_dir: Path, force: bool = False) -> tuple[list[Job], Manifest]:
    """One job per source: up-to-date ones marked ``skipped``, the others prepared (or failed)."""
    manifest = Manifest(out_dir)
    engine = engine_fingerprint()
    publications: dict[Path, str] = {}
    jobs = [_plan_one(source, out_dir, force, manifest, engine, publications) for source in sources]
    assign_outputs(jobs, out_dir)
    for job in jobs:
        if job.ok and not job.skipped and job.output is not None:
            _claim(job, manifest)
    return jobs, manifest


def _claim(job: Job, manifest: Manifest) -> None:
    assert job.output is not None
    problem = claim(job.output, job.source, manifest, "rename one of the two sources")
    if problem is not None:
        job.errors.append(problem)


def claim(output: Path, source: Path, manifest: Manifest, rename: str) -> TypesetError | None:
    """Whether ``source`` may write ``output`` (None) or why not: never over another source's PDF,
    nor over a file typeset did not write (a user's own PDF in a folder given to ``-o``).
    ``rename`` is the hint's first remedy when another source owns the name."""
    owner = manifest.owner(output)
    mine = manifest.key(source)
    if owner is not None and owner != mine:
        if source_of(owner).is_file():
            return TypesetError(
                f"output {output} is built from {owner}",
                Location(source),
                hint=f"{rename}, or build them into different folders (-o)",
            )
        manifest.forget(owner)  # its source is gone: the name is free
    if (
        (output.exists() or output.is_symlink())
        and not (owner == mine and output.is_file() and not output.is_symlink())
        and not written_by_typeset(output)
    ):
        return TypesetError(
            f"{output} exists and typeset did not write it: it is left as it is",
            Location(source),
            hint="move that file away, or build into another folder (-o)",
        )
    return None


def _plan_one(
    source: Path, out_dir: Path, force: bool, manifest: Manifest, engine: str, publications: dict[Path, str]
) -> Job:
    try:
        try:
            if not stat.S_ISREG(source.stat().st_mode):
                raise OSError("not a regular file")  # a pipe or a device: never read it here; prepare() says why
            config = find_config(source)
            if config not in publications:
                publications[config] = publication_fingerprint(config)
            print_: str | None = fingerprint(source, publications[config], engine)
        except OSError:
            print_ = None  # unreadable: prepare() says why
        output = out_dir / f"{slug_of(source)}.pdf"
        if print_ and not force and manifest.up_to_date(source, print_, output):
            return Job(source, output=output, skipped=True, fingerprint=print_)
    except Exception as error:  # a bug met on this source: its error; the batch goes on
        return Job(source, errors=[InternalError.of(error, Location(source))])
    job = prepare(source)
    job.fingerprint = print_
    return job


def dependencies(job: Job) -> list[Path]:
    """The files a prepared article pulls in besides its source (its images)."""
    html = job.article.body_html if job.article else ""
    return sorted({Path(unquote(urlsplit(uri).path)) for uri in _IMAGE.findall(html)})


def pending(jobs: list[Job]) -> list[Job]:
    """The jobs ``run`` renders: prepared, not skipped."""
    return [job for job in jobs if job.ok and not job.skipped and job.output is not None]


def run(
    jobs: list[Job],
    manifest: Manifest,
    workers: Workers,
    on_start: Report,
    on_done: Report,
    meanwhile: Callable[[], None] = lambda: None,
    backend: ClusterBackend | None = None,
) -> None:
    """Render every prepared, not skipped job in ``workers``; record each in the manifest when it is written.
    With a cluster backend among the workers, the renders are its workers' (typeset.jobs.cluster), the writes
    this process's.

    One job is the early worker's when the command started one (typeset.jobs.workers): this
    process then does not import the engine for it, and does ``meanwhile`` (the caller's work
    that needs no render: an edition opens its other parts) while the worker renders.
    Otherwise the engine is imported here, and ``meanwhile`` done first."""
    todo = pending(jobs)
    remove_stale_temporaries(manifest.path.parent)
    for job in jobs:
        if job.skipped:
            on_done(job)
        elif not job.ok:
            manifest.forget(job.source)
            on_done(job)
    if not todo:
        _save(manifest, jobs[-1] if jobs else None)
        meanwhile()
        return

    def finished(job: Job) -> None:
        if job.ok and job.output is not None:
            manifest.record(job.source, job.fingerprint or "", job.output, dependencies(job))
        else:
            manifest.forget(job.source)
        _save(manifest, job)
        on_done(job)

    if workers.backend is not None:
        from typeset.jobs import cluster

        workers.stop_early()
        meanwhile()
        cluster.render_each(workers.backend, todo, on_start, finished)
        return
    early = workers.take_early(len(todo))
    if early is not None:
        job = todo[0]
        on_start(job)
        answer = _by_early_worker(job, early, meanwhile)
        if answer is not None:
            job.warnings.extend(answer[0])
            job.errors.extend(answer[1])
            finished(job)
            return
        # It died (or the job could not travel): nothing was recorded; rendered the usual way.
    else:
        meanwhile()
    load_engine()
    workers.run(todo, on_start, finished, _render)


def _by_early_worker(
    job: Job, early: Early, meanwhile: Callable[[], None]
) -> tuple[list[Diagnostic], list[TypesetError]] | None:
    """``job`` written by the early worker while ``meanwhile`` is done here (in any case): its
    warnings and errors; None if it could not be."""
    assert job.output is not None
    try:
        request = render_request(job)
    except Exception:  # a bug: rendered the usual way, which says so
        meanwhile()
        return None
    return early.write(job.output, request, meanwhile)


def run_each(todo: list[Job], workers: int, on_start: Report, finished: Report, work: Work) -> None:
    """``work`` each job of ``todo`` in ``workers`` processes, stopped and cleaned at the end
    (typeset.jobs.workers.Workers.run: a dying worker fails only its job); the engine must be loaded."""
    with Workers(workers) as pool:
        pool.run(todo, on_start, finished, work)


def _save(manifest: Manifest, job: Job | None) -> None:
    """Save the manifest; a failure (a full disk, a read-only folder) is ``job``'s error, reported once."""
    try:
        manifest.save()
    except OSError as error:
        if job is not None and not manifest.unsaved:
            job.errors.append(TypesetError(f"cannot write {manifest.path}: {error.strerror or error}"))
        manifest.unsaved = True


def _render(job: Job) -> Job:
    """Render and write one job (in this process or a worker); failures stay on the job."""
    assert job.output is not None
    try:
        request = render_request(job)
    except Exception as error:  # a bug met on this source: its error; the batch goes on
        job.errors.append(InternalError.of(error, Location(job.source)))
        return job
    warnings, errors = engine.write(job.output, request)
    job.warnings.extend(warnings)
    job.errors.extend(errors)
    return job


def build(
    sources: list[Path], out_dir: Path, workers: int = 1, force: bool = False, backend: ClusterBackend | None = None
) -> list[Job]:
    """Plan and run a batch, quietly: its jobs (for the library user, the tests and the benchmark)."""
    jobs, manifest = plan(sources, out_dir, force)
    with Workers(workers, backend) as pool:
        run(jobs, manifest, pool, lambda job: None, lambda job: None)
    return jobs
