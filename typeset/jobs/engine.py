"""The engine: imported once per process, and early, on the second core, by a worker forked as a command starts.

Importing the engine (WeasyPrint, cffi, Pango: a quarter to a third of a second)
was the longest step of a rebuild after one edit, and it waited for the parent to
read, fingerprint and prepare. ``typeset build`` and ``typeset edition`` fork one
worker before reading anything (:class:`Early`, started by the command's
typeset.jobs.workers.Workers); it imports the engine (and nothing of the pipeline:
what it renders comes as plain data, a :class:`Request`) while the parent reads,
then waits. How much there is to render decides what becomes of it
(typeset.jobs.workers.Workers.take_early):

- one job (the last-minute edit): the worker renders and writes it, and the parent
  never imports the engine for it;
- none (a no-change rebuild): it is killed, at once (never waited for);
- many (a full build): it is killed too, and the pool renders them as before
  (forked from the parent once it has imported the engine, so that they share it).

A worker that dies (killed, out of memory) loses nothing: its job is rendered the
usual way. It ignores Ctrl-C (the parent's to handle, which kills it), and what it
leaves goes where the parent removes it: its temporary files (the engine's font
copies) in a folder of its own, a half-written PDF's temporary beside the PDF.
Not started with ``--jobs 1`` (one process asked for, and a crash seen in it), nor
in a process that has the engine already (``typeset watch``).
"""

from __future__ import annotations

import gc
import logging
import shutil
import signal
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from typeset.errors import Diagnostic, InternalError, Location, TypesetError, warning
from typeset.files import remove_stale_temporaries, write_atomic

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

_LOADED = False


def load_engine() -> None:
    """Import the engine, once per process (before workers fork, so that they share it).

    What is imported lives as long as the process: it is kept out of the garbage
    collector's reach (gc.freeze), which otherwise walks it again and again while
    the engine is imported and lays out pages (60-80 ms of a one-article build;
    forked workers also keep those pages shared). Once only: a later freeze would
    keep an earlier build's garbage (no collection first: it would cost what the
    freeze saves, for a few import-time cycles).
    """
    global _LOADED
    if not _LOADED:
        from typeset.render.libraries import quick_lookup

        gc.freeze()
        with quick_lookup():  # the engine's libraries found without a compiler (a quarter of a second)
            import typeset.render.pdf  # noqa: F401

        gc.freeze()
        _LOADED = True


class Request(NamedTuple):
    """What rendering one prepared article takes (typeset.jobs.job.render_request): the arguments of
    typeset.render.pdf.render_pdf, plain data, so that a process without the pipeline can render it."""

    html: str
    source: Path
    roots: list[Path]
    direction: str
    masthead: tuple[tuple[str, ...], str]
    verse_fonts: tuple[str, ...]
    identifier: bytes


def render(request: Request, warnings: list[Diagnostic]) -> bytes:
    """The PDF of ``request``; what the engine warns about is added to ``warnings``, with the source's path."""
    from typeset.render.pdf import render_pdf  # the engine is imported only when a PDF is made

    with engine_warnings(request.source, warnings):
        return render_pdf(*request)


def write(output: Path, request: Request) -> tuple[list[Diagnostic], list[TypesetError]]:
    """Render ``request`` and write it to ``output`` atomically: the warnings, and the errors
    (the batch goes on: a bug met on this source is its error)."""
    warnings: list[Diagnostic] = []
    try:
        write_atomic(output, render(request, warnings))
    except TypesetError as error:
        return warnings, [error]
    except OSError as error:
        return warnings, [TypesetError(f"cannot write {output}: {error.strerror or error}")]
    except Exception as error:
        return warnings, [InternalError.of(error, Location(request.source))]
    return warnings, []


@contextmanager
def engine_warnings(source: Path, warnings: list[Diagnostic]) -> Iterator[None]:
    """Collect what WeasyPrint warns about into ``warnings``, to report it with ``source``'s path."""

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            warnings.append(warning(record.getMessage(), Location(source)))

    logger = logging.getLogger("weasyprint")
    handler = Collect(logging.WARNING)
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def worker_init(folder: str) -> None:
    """In a worker process: Ctrl-C left to the parent, temporary files put in ``folder`` (the parent's to remove)."""
    # Ctrl-C is the parent's to handle: it stops the workers and reports once.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # The engine's font copies (a folder of 5 MB per font configuration) go where the parent
    # removes them, even when a worker is killed before it can.
    tempfile.tempdir = folder


_SIGNALS = {signal.SIGINT, signal.SIGTERM}


class Early:
    """The early worker, seen from the parent (forked by :meth:`fork`)."""

    def __init__(self) -> None:
        self.folder: str | None = None  # its temporary folder
        self.outputs: set[Path] = set()  # folders it wrote in: where a killed worker may leave a temporary
        self.missing_subset: bool | None = None  # its engine found no libharfbuzz-subset (None: not known yet)
        self.connection: Connection | None = None  # the parent's end of the pipe to it
        self.started = self.stopped = False

    def fork(self) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self.folder = tempfile.mkdtemp(prefix="typeset-early-")
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, self.connection, self.folder), daemon=True)
        # Ctrl-C and SIGTERM wait until the worker has its own handlers (it ignores one, dies of the
        # other), and until it is started here: one that came meanwhile is raised at the end, and stop() ends it.
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
        try:
            self.process.start()
            self.started = True
        finally:
            child.close()
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)

    def ready(self) -> bool | None:
        """Wait for its engine: whether it lacks libharfbuzz-subset; None if the worker died."""
        if self.missing_subset is None and not self.stopped:
            assert self.connection is not None
            try:
                self.missing_subset = bool(self.connection.recv())
            except (EOFError, OSError):
                self.stop()
        return None if self.stopped else self.missing_subset

    def write(
        self, output: Path, request: Request, meanwhile: Callable[[], None] = lambda: None
    ) -> tuple[list[Diagnostic], list[TypesetError]] | None:
        """:func:`write`, in the worker, while this process does ``meanwhile`` (which is done in any
        case); None if the worker died (killed, out of memory) or ``request`` could not travel:
        nothing is lost, render it another way."""
        if self.ready() is None:
            meanwhile()
            return None
        self.outputs.add(output.parent)
        assert self.connection is not None
        try:
            self.connection.send((output, request))
        except (EOFError, OSError):
            self.stop()
            meanwhile()
            return None
        except Exception:  # it could not be pickled: the worker is still in step
            meanwhile()
            return None
        meanwhile()
        try:
            result: tuple[list[Diagnostic], list[TypesetError]] = self.connection.recv()
        except (EOFError, OSError):
            self.stop()
            return None
        except Exception:  # its answer could not be unpickled: the worker is still in step
            return None
        return result

    def stop(self) -> None:
        """Kill the worker, at once (never a wait for its import to end), and remove what it leaves
        (a Ctrl-C meanwhile waits until that is done)."""
        if self.stopped:
            return
        self.stopped = True
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
        try:
            if self.started:
                self.process.kill()
                self.process.join()
                self.process.close()
            if self.connection is not None:
                self.connection.close()
            if self.folder is not None:
                shutil.rmtree(self.folder, ignore_errors=True)
            for folder in self.outputs:
                remove_stale_temporaries(folder)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def _serve(connection: Connection, parent: Connection, folder: str) -> None:
    """The worker: import the engine, say whether it lacks libharfbuzz-subset, then write each request it is sent."""
    parent.close()  # so that the parent's end closing (its exit, even killed) ends the wait below
    worker_init(folder)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _SIGNALS)
    try:
        load_engine()
        from weasyprint.text import ffi

        connection.send(ffi.harfbuzz_subset is None)
        while True:
            output, request = connection.recv()
            connection.send(write(output, request))  # (write keeps every failure in its answer)
    except Exception:  # the parent gone (EOF), or the engine would not load: the parent renders, and says why
        pass
    finally:
        shutil.rmtree(folder, ignore_errors=True)
