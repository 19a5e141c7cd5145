"""The processes a command renders in, owned by one object it creates and passes down.

A command (``build``, ``edition``, ``watch``, ``archive``) makes one :class:`Workers`
and hands it to what it runs; nothing below the command finds a process any other
way. It owns:

- the early worker (typeset.jobs.engine.Early), forked as the command starts to
  import the engine on the second core; a single job is its, any other count
  stops it (:meth:`Workers.take_early`);
- the pool of a batch (:meth:`Workers.run`): jobs with a source each, a worker
  that dies failing only the job it had, with one message at that source
  (:func:`died`);
- the pool of an edition's own parts (:meth:`Workers.render`): the cover, the
  contents and the sheets, each rendered again in this process if its worker
  could not;
- the copy of a warm process that ``typeset watch`` builds the articles in, beside
  the editions (:meth:`Workers.beside`).

There is one way to stop them all (:meth:`Workers.stop`, also the end of a ``with``
block: after Ctrl-C, SIGTERM, an error or a normal end): every child is ended and
reaped, and the temporaries they leave (the engine's font copies in the workers'
folder, a half-written PDF's temporary beside its target) are removed.

The pools take their processes from one place, :meth:`Workers._executor`, a
``concurrent.futures.Executor`` of forked processes: another backend (a Dask
cluster's ``Client.get_executor()``, for instance) plugs in there, its lost worker
seen by :func:`_lost`.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Callable, Hashable, Mapping
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from typeset.errors import InternalError, Location, TypesetError
from typeset.files import remove_stale_temporaries
from typeset.jobs.engine import Early, load_engine, worker_init

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

    from typeset.jobs.cluster import ClusterBackend
    from typeset.jobs.job import Job

Report = Callable[["Job"], None]
Work = Callable[["Job"], "Job"]
Key = TypeVar("Key", bound=Hashable)
Item = TypeVar("Item")
Result = TypeVar("Result")
T = TypeVar("T")


def died(source: Path) -> TypesetError:
    """What a source whose worker died (killed, out of memory) reports: one message, at the source."""
    return TypesetError(
        "rendering stopped: the worker process died (killed, or out of memory)",
        Location(source),
        hint="build this source alone (--jobs 1) to see more",
    )


class Workers:
    """The processes of one command: made by the command, passed down, stopped once (see the module)."""

    def __init__(self, count: int = 1, backend: ClusterBackend | None = None) -> None:
        self.count = max(count, 1)  # processes a pool may have
        self.backend = backend  # a Dask cluster that renders a batch instead (typeset.jobs.cluster), or None
        self.early: Early | None = None
        self._beside: list[BaseProcess] = []
        self._folder: str | None = None  # where the pools' workers put their temporaries
        self._outputs: set[Path] = set()  # folders a worker wrote PDFs in (a killed one may leave a temporary)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # The early worker.

    def start_early(self) -> None:
        """Fork the early worker, if it can help: two or more processes allowed, and the engine not
        imported here already. Where no process can be had, the engine is imported here as before."""
        if self.early is not None or self.count < 2 or "weasyprint" in sys.modules:
            return
        if not hasattr(signal, "pthread_sigmask"):
            return
        self.early = Early()  # known before it forks: stop() ends it whatever happens from here
        try:
            self.early.fork()
        except OSError:  # no process to be had
            self.stop_early()

    def stop_early(self) -> None:
        """Kill the early worker, if there is one (at once: never a wait for its import)."""
        early, self.early = self.early, None
        if early is not None:
            early.stop()

    def take_early(self, count: int) -> Early | None:
        """The early worker, if it is to render a batch of ``count`` jobs: exactly one, the last-minute
        edit. Otherwise (none, or many: a pool's work) it is stopped, and None."""
        if count != 1:
            self.stop_early()
            return None
        return self.early if self.early is not None and not self.early.stopped else None

    def subsetting_missing(self, count: int) -> bool:
        """Whether the engine that renders a batch of ``count`` jobs found no libharfbuzz-subset (font
        subsetting is then 15 times slower): the early worker's when it takes them, else this process's
        (imported here)."""
        early = self.take_early(count)
        missing = early.ready() if early is not None else None
        if missing is None:
            load_engine()
            from weasyprint.text import ffi  # (the engine is loaded: no cost)

            missing = ffi.harfbuzz_subset is None
        return missing

    # Pools.

    def run(self, todo: list[Job], on_start: Report, finished: Report, work: Work) -> None:
        """``work`` each job of ``todo``, in this process or in :attr:`count` processes; ``finished``
        gets each job back, in this process. A worker that dies fails only the job it had (:func:`died`).
        ``work`` must be a module-level function (it travels to the workers); the engine must be loaded."""
        if self.count <= 1 or len(todo) == 1:
            for job in todo:
                on_start(job)
                finished(work(job))
            return
        for job in todo:
            if job.output is not None:
                self._outputs.add(job.output.parent)
        self._run_pool(todo, on_start, finished, work)

    def render(self, work: Callable[[Item], Result], items: Mapping[Key, Item]) -> dict[Key, Result]:
        """``work`` each of ``items`` in worker processes (forked: the engine is loaded), at best: what
        they did, by its keys. An item that failed there, or a pool that broke, is left to the caller,
        which does it again in this process (where its error, if it is one, is raised and reported)."""
        if self.count <= 1 or len(items) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
            return {}
        done: dict[Key, Result] = {}
        pool = self._executor(min(self.count, len(items)))
        try:
            futures = {key: pool.submit(work, item) for key, item in items.items()}
            for key, future in futures.items():
                try:
                    done[key] = future.result()
                except Exception:  # done again here, which says what is wrong
                    continue
        finally:
            pool.shutdown(wait=True, cancel_futures=True)  # Ctrl-C: what has not started, does not
        return done

    def _executor(self, size: int) -> Executor:
        """``size`` forked processes, each with Ctrl-C left to this one and its temporaries in the workers' folder."""
        # (imported here: the process pool's module costs 2.5-7 ms (measured), which the command
        # would otherwise pay before the early worker forks)
        from concurrent.futures import ProcessPoolExecutor

        if self._folder is None:
            self._folder = tempfile.mkdtemp(prefix="typeset-workers-")
        context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
        return ProcessPoolExecutor(size, mp_context=context, initializer=worker_init, initargs=(self._folder,))

    def _run_pool(self, todo: list[Job], on_start: Report, finished: Report, work: Work) -> None:
        """Render ``todo`` in worker processes.

        A worker that dies breaks its pool. Which job killed it is not known: the jobs
        it had in hand are tried again alone, each in a pool of its own, so only the job
        that kills a worker fails (saying so, once); the rest of the queue goes on in a new pool.
        """
        queue = list(todo)
        while queue:
            suspects = self._pool_pass(queue, self.count, on_start, finished, work)
            for job in suspects:
                if self._pool_pass([job], 1, lambda job: None, finished, work):
                    job.errors.append(died(job.source))
                    finished(job)

    def _pool_pass(self, queue: list[Job], size: int, on_start: Report, finished: Report, work: Work) -> list[Job]:
        """Take jobs from ``queue`` until it is empty or the pool breaks: the jobs in hand when it broke."""
        from concurrent.futures.process import BrokenProcessPool  # (loaded by _executor)

        pool = self._executor(min(size, len(queue)))
        pending: dict[Future[Job], Job] = {}
        broken: list[Job] = []
        try:
            while (queue and not broken) or pending:
                while queue and not broken and len(pending) < 2 * size:  # fed, but this process still reports
                    job = queue.pop(0)
                    try:
                        pending[pool.submit(work, job)] = job
                    except BrokenProcessPool:
                        queue.insert(0, job)
                        broken.extend(pending.values())
                        pending.clear()
                    else:
                        on_start(job)
                if not pending:
                    break
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    job = pending.pop(future)
                    try:
                        result = future.result()
                    except Exception as error:
                        if _lost(error):
                            broken.append(job)
                            continue
                        # the job could not travel to or from the worker
                        job.errors.append(InternalError.of(error, Location(job.source)))
                        result = job
                    finished(result)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        return broken

    # typeset watch: a copy of this warm process.

    def beside(self, work: Callable[[], T], on_error: Callable[[Exception], None]) -> Callable[[], T | None]:
        """Start ``work`` in a forked copy of this process (a watch's: the engine and fonts loaded) and
        return the wait for its end (it may be called again), which gives what ``work`` returned: None
        when the copy died or met a bug (which goes to ``on_error``, there). Ctrl-C is this process's to
        handle: the copy ignores it, and :meth:`stop` ends it. Where there is no fork, ``work`` runs at once."""
        if "fork" not in multiprocessing.get_all_start_methods():
            done = work()
            return lambda: done
        context = multiprocessing.get_context("fork")
        reader, writer = context.Pipe(duplex=False)
        process = context.Process(target=_run_beside, args=(work, on_error, writer), daemon=True)
        process.start()
        writer.close()
        self._beside.append(process)
        received: list[T | None] = []

        def wait() -> T | None:
            if not received:
                try:
                    received.append(reader.recv())
                except EOFError:  # the copy died
                    received.append(None)
                reader.close()
                process.join()
                if process in self._beside:
                    self._beside.remove(process)
            return received[0]

        return wait

    # The one way to stop.

    def stop(self) -> None:
        """End every process this object started (the pools end with their own calls) and remove what
        they leave: the workers' folder, a killed worker's half-written PDF. Safe to call again."""
        self.stop_early()
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        try:
            for process in self._beside:
                if process.is_alive():
                    process.kill()
                process.join()
            self._beside.clear()
            if self._folder is not None:
                shutil.rmtree(self._folder, ignore_errors=True)
                self._folder = None
            for folder in self._outputs:
                remove_stale_temporaries(folder)
            self._outputs.clear()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def _lost(error: BaseException) -> bool:
    """Whether ``error`` says the worker was lost (it died), not that its job failed."""
    from concurrent.futures.process import BrokenProcessPool  # (loaded by Workers._executor)

    return isinstance(error, BrokenProcessPool)


def _run_beside(work: Callable[[], object], on_error: Callable[[Exception], None], writer: Connection) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    done = None
    try:
        done = work()
    except Exception as error:  # a bug met there: reported as the caller reports it
        on_error(error)
    writer.send(done)
    writer.close()
