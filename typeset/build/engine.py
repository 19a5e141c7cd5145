"""The engine: imported once per process, and what rendering one article takes, as plain data.

A :class:`Request` is all that rendering a prepared article needs (the arguments
of typeset.render.pdf.render_pdf), so that a process that has imported the engine
but not the pipeline can render it.
"""

from __future__ import annotations

import gc
import logging
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from typeset.errors import InternalError, Location, TypesetError
from typeset.files import write_atomic

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
    """What rendering one prepared article takes (typeset.build.job.render_request): the arguments of
    typeset.render.pdf.render_pdf, plain data, so that a process without the pipeline can render it."""

    html: str
    source: Path
    roots: list[Path]
    direction: str
    masthead: tuple[tuple[str, ...], str]
    verse_fonts: tuple[str, ...]
    identifier: bytes


def render(request: Request, warnings: list[str]) -> bytes:
    """The PDF of ``request``; what the engine warns about is added to ``warnings``, with the source's path."""
    from typeset.render.pdf import render_pdf  # the engine is imported only when a PDF is made

    with engine_warnings(request.source, warnings):
        return render_pdf(*request)


def write(output: Path, request: Request) -> tuple[list[str], list[TypesetError]]:
    """Render ``request`` and write it to ``output`` atomically: the warnings, and the errors
    (the batch goes on: a bug met on this source is its error)."""
    warnings: list[str] = []
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
def engine_warnings(source: Path, warnings: list[str]) -> Iterator[None]:
    """Collect what WeasyPrint warns about into ``warnings``, to report it with ``source``'s path."""

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            warnings.append(f"{source}: warning: {record.getMessage()}")

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
