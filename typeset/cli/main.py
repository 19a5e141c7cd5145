"""The command line: the ``typeset`` group, ``build``, ``check``, ``watch``, and what every command shares.

The other commands live beside it (``edition`` and ``preflight`` in cli/edition.py, ``archive``
in cli/archive.py, ``search`` and ``archive reindex`` in cli/search.py, ``import`` in
cli/importer.py) and print through the helpers here. Only the CLI prints, and all it prints
passes through :func:`typeset.cli.terminal.for_terminal`:
on a terminal (or with ``--terminal-bidi``, ``TYPESET_TERMINAL_BIDI=1``) Persian and Pashto
text is shaped and ordered for display; to a pipe or a file it is written as it is.
Exit codes: 0 all built, 1 a source failed, 2 usage, 3 internal error, 130 interrupted.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from typeset import __version__
from typeset.cli.progress import Reporter
from typeset.cli.terminal import ENV, for_terminal, terminal_bidi_enabled

if TYPE_CHECKING:
    from typeset.build.cluster import ClusterBackend

DEFAULT_INPUT = Path("input")
DEFAULT_OUTPUT = Path("output")
DEFAULT_EDITIONS = DEFAULT_INPUT / "editions"
_TERMINAL_BIDI = "typeset.terminal_bidi"  # key in click's context meta: the option's value, None for auto


def _for_terminal(text: str, err: bool = False) -> str:
    """``text`` as it is to be written to stdout (or stderr): shaped and ordered there if enabled."""
    context = click.get_current_context(silent=True)
    option = context.meta.get(_TERMINAL_BIDI) if context else None
    # A file name that is not UTF-8 holds lone surrogates (os.fsdecode): shown as its bytes, \xff.
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return for_terminal(text, terminal_bidi_enabled(sys.stderr if err else sys.stdout, option))


def _from_here(text: str) -> str:
    """``text`` with a line's leading path under the working folder relative to it (an edition's
    articles: the edition file names them, and they are resolved, but their messages are to read
    ``input/x.md:12: warning: …`` as ``typeset build``'s do, not ``/home/…/input/x.md``)."""
    try:
        here = os.path.join(os.getcwd(), "")
    except OSError:  # the working folder was removed
        return text
    if here not in text:
        return text
    return "\n".join(line[len(here) :] if line.startswith(here) else line for line in text.split("\n"))


def _echo(text: str, err: bool = False) -> None:
    click.echo(_for_terminal(text, err), err=err)


def _echo_error(text: str) -> None:
    color = None if sys.stderr.isatty() and "NO_COLOR" not in os.environ else False
    for line in _for_terminal(text, err=True).splitlines():
        if ": error: " in line or line.startswith("error: "):
            place, _, message = line.partition("error: ")
            click.echo(place + click.style("error: ", fg="red", bold=True) + message, err=True, color=color)
        else:
            click.echo(line, err=True, color=color)


def _reporter(
    total: int, verbose: int, action: str, bar: bool = False, debug: bool = False, resolved: bool = False
) -> Reporter:
    """The progress and messages of a batch; ``resolved``: its sources are resolved paths (an
    edition's), shown relative to the working folder where they are under it."""
    here: Callable[[str], str] = _from_here if resolved else str

    def echo(text: str, err: bool = False) -> None:
        _echo(here(text), err)

    return Reporter(
        total,
        verbose,
        action,
        echo=echo,
        echo_error=lambda text: _echo_error(here(text)),
        shape=lambda text: _for_terminal(here(text), err=True),
        bar=bar and sys.stderr.isatty() and verbose >= 0,
        debug=debug,
    )


def _close(reporter: Reporter) -> int:
    """Print the summary: the exit status (0 all done, 1 a source failed, 3 a bug in typeset met on one)."""
    text, failed = reporter.summary()
    _echo(text, err=failed)
    return 3 if reporter.internal else 1 if failed else 0


def _build(
    sources: list[Path],
    out_dir: Path,
    workers: int,
    force: bool,
    verbose: int,
    debug: bool = False,
    backend: ClusterBackend | None = None,
) -> int:
    """Build ``sources`` into ``out_dir`` (rendered on ``backend``'s cluster, if any): the exit status
    (0 all built, 1 a failure)."""
    from typeset.build import engine
    from typeset.build.batch import pending, plan, run

    jobs, manifest = plan(sources, out_dir, force)
    count = len(pending(jobs))
    if not count:
        engine.stop()  # nothing to render: the early worker is not waited for
    elif backend is None and engine.subsetting_missing(count):  # (the engine that renders them: the early
        _warn_slow_subsetting()  # worker's, or imported here; a cluster's workers have this one's, by fingerprint)
    with _reporter(len(jobs), verbose, "built", bar=True, debug=debug) as reporter:
        run(jobs, manifest, workers, reporter.start, reporter.finish, backend=backend)
    return _close(reporter)


@contextmanager
def _cluster(address: str | None, debug: bool) -> Iterator[ClusterBackend | None]:
    """The Dask cluster whose scheduler is at ``address`` (None: none), its workers checked; an
    unreachable scheduler or a worker that differs ends the command (exit status 1) before any work."""
    if address is None:
        yield None
        return
    from typeset.build.cluster import open_cluster
    from typeset.errors import TypesetError

    try:
        backend = open_cluster(address)
    except TypesetError as error:
        _echo_error(error.format(debug))
        sys.exit(1)
    try:
        yield backend
    finally:
        backend.close()


def _sources(paths: tuple[Path, ...]) -> list[Path]:
    if not paths and not DEFAULT_INPUT.is_dir():
        raise click.UsageError(
            f"no {DEFAULT_INPUT}/ folder here: name the sources or folders to build, or run this in a project"
        )
    from typeset.build.job import find_sources  # the pipeline, imported by the commands that run it

    sources = find_sources(paths or (DEFAULT_INPUT,))
    if not sources:
        raise click.UsageError("no sources (*.md) found in " + ", ".join(map(str, paths or (DEFAULT_INPUT,))))
    return sources


def _warn_slow_subsetting() -> None:
    _echo(
        "warning: libharfbuzz-subset0 is not installed: font subsetting is about 15 times slower\n"
        "  hint: apt-get install libharfbuzz-subset0",
        err=True,
    )


_paths = click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
_output = click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help=f"Folder for the PDFs (default: {DEFAULT_OUTPUT}/).",
)
_quiet = click.option("-q", "--quiet", "quiet", count=True, help="Print only errors and warnings.")
_verbose = click.option("-v", "--verbose", count=True, help="Say more.")
_debug = click.option("--debug", is_flag=True, help="Show the full trace of internal errors.")
_scheduler = click.option(
    "--scheduler",
    metavar="ADDRESS",
    default=None,
    help="Render on the Dask distributed cluster whose scheduler is at ADDRESS (tcp://host:8786): "
    "every worker must have this typeset and its fonts (checked first).",
)


class _Group(click.Group):
    """The main group: click's usage errors (a path that does not exist, …) also pass through for_terminal."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as error:  # exit status 2, as all usage errors
            message = error.format_message()
            shaped = _for_terminal(message, err=True)
            if shaped == message:
                raise
            raise click.UsageError(shaped, error.ctx) from error


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="typeset")
@click.option(
    "--terminal-bidi/--no-terminal-bidi",
    "terminal_bidi",
    default=None,
    help=f"Shape and order Persian and Pashto text in what typeset prints, for terminals that cannot "
    f"(default: only on a terminal; {ENV}=1 or 0 forces it on or off).",
)
@click.pass_context
def main(ctx: click.Context, terminal_bidi: bool | None) -> None:
    """Typeset bilingual articles (Markdown + YAML front matter) into print-quality PDFs."""
    ctx.meta[_TERMINAL_BIDI] = terminal_bidi


@main.command("build")
@_paths
@_output
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Render in this many processes (default: one per CPU).",
)
@click.option("--force", is_flag=True, help="Render every source, even those whose PDF is up to date.")
@_scheduler
@_verbose
@_quiet
@_debug
def build_command(
    paths: tuple[Path, ...],
    out_dir: Path | None,
    jobs: int | None,
    force: bool,
    scheduler: str | None,
    verbose: int,
    quiet: int,
    debug: bool,
) -> None:
    """Build PATHS (sources or folders; default: input/) into PDFs.

    Only what changed is rendered: a PDF whose source, publication, templates,
    fonts and typeset are unchanged is kept (--force renders anyway).
    """
    from typeset.build.engine import early_engine

    workers = jobs or os.cpu_count() or 1
    # The engine imported on another core while the sources are read (a cluster renders elsewhere).
    with _guard(debug), early_engine(1 if scheduler else workers), _cluster(scheduler, debug) as backend:
        sources = _sources(paths)
        sys.exit(_build(sources, out_dir or DEFAULT_OUTPUT, workers, force, verbose - quiet, debug, backend))


@main.command("check")
@_paths
@_verbose
@_quiet
@_debug
def check_command(paths: tuple[Path, ...], verbose: int, quiet: int, debug: bool) -> None:
    """Check PATHS (sources or folders; default: input/) without writing anything, and the edition
    files in their editions/ folders."""
    with _guard(debug):
        from typeset.build.job import prepare

        jobs = [prepare(source) for source in _sources(paths)]
        with _reporter(len(jobs), verbose - quiet, "ok", debug=debug) as reporter:
            for job in jobs:
                reporter.finish(job)
        status = _close(reporter)
        folders = [root / "editions" for root in (paths or (DEFAULT_INPUT,)) if (root / "editions").is_dir()]
        sys.exit(max(status, _check_editions(folders, verbose - quiet, debug)) if folders else status)


def _check_editions(folders: list[Path], verbose: int, debug: bool) -> int:
    """Read every edition file in ``folders``, saying each problem: the exit status (0 or 1)."""
    from typeset.edition.build import find_editions
    from typeset.errors import ErrorList, TypesetError
    from typeset.source.edition import read_edition

    failed = 0
    files = find_editions(folders)
    for path in files:
        try:
            read_edition(path)
        except ErrorList as errors:
            failed += 1
            for error in errors.errors:
                _echo_error(error.format(debug))
        except TypesetError as error:
            failed += 1
            _echo_error(error.format(debug))
        else:
            if verbose >= 1:
                _echo(f"ok {path}")
    _echo(f"{len(files) - failed} editions ok" + (f", {failed} failed" if failed else ""), err=bool(failed))
    return 1 if failed else 0


@main.command("watch")
@_paths
@_output
@_verbose
@_quiet
@_debug
def watch_command(paths: tuple[Path, ...], out_dir: Path | None, verbose: int, quiet: int, debug: bool) -> None:
    """Build PATHS (and the editions in their editions/ folders), then again whatever a saved source,
    edition file, publication or template changes.

    The process stays warm (the engine and fonts loaded once); errors are printed
    and it keeps watching. Stop it with Ctrl-C.
    """
    from typeset.build.watch import watch

    roots = list(paths or (DEFAULT_INPUT,))
    out = out_dir or DEFAULT_OUTPUT

    def build_pass() -> None:
        from typeset.build.job import find_sources

        sources = find_sources(roots)
        if not sources:
            _echo("no sources (*.md) found in " + ", ".join(map(str, roots)), err=True)
            return
        editions = tuple(root / "editions" for root in roots if (root / "editions").is_dir())
        try:
            if not editions:
                _build(sources, out, 1, False, verbose - quiet, debug)
                return
            # The editions bound from these sources (only what changed is set again), while the
            # articles' own PDFs are built beside them, in a copy of this warm process: an edit costs
            # the longer of the two, not both. The editions wait for it before they write.
            from typeset.cli.edition import build_editions

            wait = _beside(lambda: _build(sources, out, 1, False, verbose - quiet, debug))
            try:
                build_editions(editions, out, None, None, 1, False, verbose - quiet, debug, before_write=wait)
            finally:
                wait()
        except click.UsageError as error:
            _echo(f"error: {error.format_message()}", err=True)
        except Exception as error:  # a bug must not end the watch: report it, and go on watching
            _internal_error(error, debug)

    with _guard(debug):
        _echo(f"watching {', '.join(map(str, roots))} (Ctrl-C stops)", err=True)
        watch(roots, build_pass, ignore=out)


def _beside(work: Callable[[], object]) -> Callable[[], None]:
    """Start ``work`` in a forked copy of this process (a watch's: the engine and fonts loaded) and
    return the wait for its end (it may be called again). Ctrl-C is this process's to handle: the
    copy ignores it, and ends with this process. Where there is no fork, ``work`` runs at once."""
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        work()
        return lambda: None
    process = multiprocessing.get_context("fork").Process(target=_run_beside, args=(work,), daemon=True)
    process.start()
    return process.join


def _run_beside(work: Callable[[], object]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        work()
    except Exception as error:  # a bug met there: reported as the watch reports it, and the watch goes on
        _internal_error(error, False)


class _Warnings(logging.Handler):
    """typeset's own warnings (a damaged cache entry, a cache that is off), each printed once."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.seen: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message not in self.seen:
            self.seen.add(message)
            _echo(f"warning: {message}", err=True)


def _terminated(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # SIGTERM ends a build as Ctrl-C does: workers stopped, temporaries removed


@contextmanager
def _guard(debug: bool) -> Iterator[None]:
    """Turn an unexpected exception into 'internal error' (full trace with --debug); exit 3."""
    logger = logging.getLogger("typeset")
    handler = _Warnings()
    logger.addHandler(handler)
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _terminated)
    try:
        yield
    except KeyboardInterrupt:
        _echo("interrupted", err=True)
        sys.exit(130)
    except (click.ClickException, click.exceptions.Exit, click.Abort):
        raise
    except Exception as error:
        _internal_error(error, debug)
        sys.exit(3)
    finally:
        logger.removeHandler(handler)


def _internal_error(error: Exception, debug: bool) -> None:
    """Report a bug in typeset: a short trace (all of it with --debug) and what to do."""
    lines = traceback.format_exception(error)
    _echo(f"internal error: {type(error).__name__}: {error}", err=True)
    _echo("".join(lines if debug else lines[-3:]).rstrip(), err=True)
    _echo("  hint: this is a bug in typeset; rerun with --debug and report it", err=True)


# The other commands register themselves on ``main`` (each module imports it).
from typeset.cli import archive, edition, importer, search  # noqa: E402,F401
