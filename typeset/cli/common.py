"""What every command shares: printing (text and diagnostics), the batch reporter, the guard, the options.

Only the CLI prints, and all it prints passes through
:func:`typeset.cli.terminal.for_terminal`: on a terminal (or with
``--terminal-bidi``, ``TYPESET_TERMINAL_BIDI=1``) Persian and Pashto text is shaped and ordered
for display; to a pipe or a file it is written as it is. A message (a
:class:`~typeset.errors.Diagnostic`) is formatted here, once: its path made relative where asked,
its severity coloured on a terminal (never with ``NO_COLOR``), read left to right.

The command modules import this one; none imports ``typeset.cli.main`` (the entry point, which
gathers them).
"""

from __future__ import annotations

import dataclasses
import logging
import os
import signal
import sys
import traceback
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from typeset.cli import jsonout
from typeset.cli.progress import Reporter
from typeset.cli.terminal import for_terminal, terminal_bidi_enabled
from typeset.errors import Diagnostic, InternalError, TypesetError

if TYPE_CHECKING:
    from typeset.jobs.cluster import ClusterBackend

DEFAULT_INPUT = Path("input")
DEFAULT_OUTPUT = Path("output")
DEFAULT_EDITIONS = DEFAULT_INPUT / "editions"
TERMINAL_BIDI = "typeset.terminal_bidi"  # key in click's context meta: the option's value, None for auto
_COLOURS = {"error": "red", "warning": "yellow", "note": "cyan"}


def shaped(text: str, err: bool = False, base: str | None = None) -> str:
    """``text`` as it is to be written to stdout (or stderr): shaped and ordered there if enabled;
    ``base``: the lines' direction ('L' for a message), else each line's first letter's."""
    context = click.get_current_context(silent=True)
    option = context.meta.get(TERMINAL_BIDI) if context else None
    # A file name that is not UTF-8 holds lone surrogates (os.fsdecode): shown as its bytes, \xff.
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return for_terminal(text, terminal_bidi_enabled(sys.stderr if err else sys.stdout, option), base)


def echo(text: str, err: bool = False) -> None:
    """Print a line to stdout (``err``: stderr); with ``--json``, stdout is the objects': to stderr."""
    err = err or jsonout.summary() is not None
    click.echo(shaped(text, err), err=err)


def shown_path(path: Path) -> Path:
    """``path`` relative to the working folder where it is under it (an edition's articles are
    resolved, but their messages read ``input/x.md:12: warning: …`` as ``typeset build``'s do)."""
    try:
        here = Path.cwd()
    except OSError:  # the working folder was removed
        return path
    return path.relative_to(here) if path.is_absolute() and path.is_relative_to(here) and path != here else path


def _place(diagnostic: Diagnostic, relative: bool) -> str | None:
    """Where the diagnostic is, as printed (``relative``: its path as :func:`shown_path`)."""
    location = diagnostic.location
    if not relative or location is None:
        return None
    return str(dataclasses.replace(location, path=shown_path(location.path)))


def text_of(diagnostic: Diagnostic, relative: bool = False) -> str:
    """The diagnostic as printed, shaped for stderr where that is enabled, without colour."""
    return diagnostic.format(_place(diagnostic, relative), text=lambda text: shaped(text, True, "L"))


def say(diagnostics: Diagnostic | Iterable[Diagnostic], relative: bool = False, place: str | None = None) -> None:
    """Print diagnostics to stderr: read left to right, the severity coloured on a terminal (``place``:
    where they are, when that is no location, e.g. a page of a PDF)."""
    colour = sys.stderr.isatty() and "NO_COLOR" not in os.environ
    as_json = jsonout.summary() is not None
    for diagnostic in [diagnostics] if isinstance(diagnostics, Diagnostic) else diagnostics:
        if as_json:
            where = diagnostic.location
            shown = dataclasses.replace(where, path=shown_path(where.path)) if where and relative else where
            jsonout.emit(jsonout.diagnostic(dataclasses.replace(diagnostic, location=shown)))
            jsonout.count(f"{diagnostic.severity}s")
            continue

        def style(severity: str, fg: str = _COLOURS[diagnostic.severity]) -> str:
            return click.style(severity, fg=fg, bold=True) if colour else severity

        text = diagnostic.format(place or _place(diagnostic, relative), style, lambda t: shaped(t, True, "L"))
        click.echo(text, err=True, color=colour)


def tell(said: str | Diagnostic) -> None:
    """Print a line or a diagnostic to stderr (what a library function says as it goes)."""
    if isinstance(said, Diagnostic):
        say(said)
    else:
        echo(said, err=True)


def fail(error: TypesetError, debug: bool = False) -> None:
    """Print an error (each of an ErrorList's)."""
    say(error.diagnostics(debug))


def batch_reporter(
    total: int,
    verbose: int,
    action: str,
    bar: bool = False,
    debug: bool = False,
    resolved: bool = False,
    parts: bool = False,
) -> Reporter:
    """The progress and messages of a batch; ``resolved``: its sources are resolved paths (an
    edition's), shown relative to the working folder where they are under it; ``parts``: its jobs are
    the parts of one output (an edition's articles), not outputs of their own (not in ``--json``)."""
    return Reporter(
        total,
        verbose,
        action,
        echo=lambda text: echo(text),
        say=lambda diagnostic: say(diagnostic, resolved),
        text_of=lambda diagnostic: text_of(diagnostic, resolved),
        shape=lambda text: shaped(text, err=True),
        path=(lambda path: str(shown_path(path))) if resolved else str,
        bar=bar and sys.stderr.isatty() and verbose >= 0 and jsonout.summary() is None,
        debug=debug,
        record=(lambda status, source, output: None) if parts else jsonout.output,
    )


def close(reporter: Reporter) -> int:
    """Print the summary: the exit status (0 all done, 1 a source failed, 3 a bug in typeset met on one)."""
    text, failed = reporter.summary()
    echo(text, err=failed)
    jsonout.count(reporter.action.replace(" ", "_"), reporter.done)
    if reporter.unchanged or reporter.action == "built":
        jsonout.count(reporter.kept.replace(" ", "_"), reporter.unchanged)
    jsonout.count("failed", reporter.failed)
    return 3 if reporter.internal else 1 if failed else 0


paths_argument = click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
output_option = click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help=f"Folder for the PDFs (default: {DEFAULT_OUTPUT}/).",
)
quiet_option = click.option("-q", "--quiet", "quiet", count=True, help="Print only errors and warnings.")
verbose_option = click.option("-v", "--verbose", count=True, help="Say more.")
debug_option = click.option("--debug", is_flag=True, help="Show the full trace of internal errors.")


class _Warnings(logging.Handler):
    """typeset's own warnings (a damaged cache entry, a cache that is off), each printed once."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.seen: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message not in self.seen:
            self.seen.add(message)
            say(Diagnostic("warning", message))


def _terminated(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # SIGTERM ends a build as Ctrl-C does: workers stopped, temporaries removed


@contextmanager
def guard(debug: bool) -> Iterator[None]:
    """Turn an unexpected exception into 'internal error' (full trace with --debug); exit 3. While it
    runs, SIGTERM ends the command as Ctrl-C does; the handler it replaced is put back after."""
    logger = logging.getLogger("typeset")
    handler = _Warnings()
    logger.addHandler(handler)
    previous = signal.getsignal(signal.SIGTERM)
    if previous is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _terminated)
    try:
        yield
    except KeyboardInterrupt:
        echo("interrupted", err=True)
        sys.exit(130)
    except (click.ClickException, click.exceptions.Exit, click.Abort):
        raise
    except BrokenPipeError:  # the reader went away (``nashr search … | head``): stop as a pipe's writer does
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # (what is still buffered is dropped, not written as the
        sys.exit(141)  # interpreter closes: no second BrokenPipeError). 141: 128 + SIGPIPE, as the shell says
    except Exception as error:
        internal_error(error, debug)
        sys.exit(3)
    finally:
        logger.removeHandler(handler)
        if previous is signal.SIG_DFL:
            signal.signal(signal.SIGTERM, previous)


def internal_error(error: Exception, debug: bool) -> None:
    """Report a bug in typeset: a short trace (all of it with --debug) and what to do."""
    lines = traceback.format_exception(error)
    echo(f"internal error: {type(error).__name__}: {error}", err=True)
    echo("".join(lines if debug else lines[-3:]).rstrip(), err=True)
    echo(f"  hint: {InternalError.HINT}", err=True)


def remove_orphans(out_dir: Path, verbose: int) -> None:
    """Remove what typeset wrote in ``out_dir`` for a source or edition file that is gone, saying so."""
    from typeset.jobs.manifest import Manifest
    from typeset.jobs.manifest import remove_orphans as orphans

    manifest = Manifest(out_dir)
    recorded = len(manifest.entries)
    removed = orphans(manifest)
    if len(manifest.entries) == recorded:
        return  # nothing forgotten: each edition command and watch pass would rewrite the manifest unchanged
    try:
        manifest.save()
    except OSError as error:  # the build that follows reports it
        logging.getLogger("typeset").debug("cannot save %s: %s", manifest.path, error)
    say_removed(removed, verbose)


def say_removed(removed: list[tuple[Path, Path]], verbose: int) -> None:
    """Say each output removed because its source or edition file is gone (not with -q)."""
    for output, source in removed:
        if verbose >= 0:
            what = "edition file" if source.suffix in (".yaml", ".yml") else "source"
            echo(f"removed {_relative(output)} (its {what} {_relative(source)} is gone)")


def _relative(path: Path) -> str:
    """``path`` (a resolved one) as seen from the working folder."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive
        return str(path)


scheduler_option = click.option(
    "--scheduler",
    metavar="ADDRESS",
    default=None,
    help="Render on the Dask distributed cluster whose scheduler is at ADDRESS (tcp://host:8786): "
    "every worker must have this typeset and its fonts (checked first).",
)


@contextmanager
def cluster(address: str | None, debug: bool) -> Iterator[ClusterBackend | None]:
    """The Dask cluster whose scheduler is at ``address`` (None: none), its workers checked; an
    unreachable scheduler or a worker that differs ends the command (exit status 1) before any work."""
    if address is None:
        yield None
        return
    from typeset.jobs.cluster import open_cluster  # (Dask: imported only when a cluster is asked for)

    try:
        backend = open_cluster(address)
    except TypesetError as error:
        fail(error, debug)
        sys.exit(1)
    try:
        yield backend
    finally:
        backend.close()
