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
from typeset.cli import project
from typeset.cli.progress import Reporter
from typeset.cli.terminal import ENV, for_terminal, terminal_bidi_enabled
from typeset.jobs.options import Options

if TYPE_CHECKING:
    from typeset.jobs.workers import Workers

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


def _build(sources: list[Path], options: Options, workers: Workers) -> int:
    """Build ``sources`` as ``options`` say, in ``workers``: the exit status (0 all built, 1 a failure)."""
    from typeset.jobs.batch import pending, plan, run
    from typeset.jobs.manifest import remove_orphans

    jobs, manifest = plan(sources, options.out_dir, options.force)
    _say_removed(remove_orphans(manifest), options.verbose)  # (saved with the batch's own records)
    count = len(pending(jobs))
    if not count:
        workers.stop_early()  # nothing to render: the early worker is not waited for
    elif workers.subsetting_missing(count):  # (the engine that renders them: the early worker's, or imported here)
        _warn_slow_subsetting()
    with _reporter(len(jobs), options.verbose, "built", bar=True, debug=options.debug) as reporter:
        run(jobs, manifest, workers, reporter.start, reporter.finish)
    return _close(reporter)


def _remove_orphans(out_dir: Path, verbose: int) -> None:
    """Remove what typeset wrote in ``out_dir`` for a source or edition file that is gone, saying so."""
    from typeset.jobs.manifest import Manifest, remove_orphans

    manifest = Manifest(out_dir)
    removed = remove_orphans(manifest)
    try:
        manifest.save()
    except OSError as error:  # the build that follows reports it
        logging.getLogger("typeset").debug("cannot save %s: %s", manifest.path, error)
    _say_removed(removed, verbose)


def _say_removed(removed: list[tuple[Path, Path]], verbose: int) -> None:
    for output, source in removed:
        if verbose >= 0:
            what = "edition file" if source.suffix in (".yaml", ".yml") else "source"
            _echo(f"removed {_shown(output)} (its {what} {_shown(source)} is gone)")


def _shown(path: Path) -> str:
    """``path`` (a resolved one) as seen from the working folder."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive
        return str(path)


def _sources(paths: tuple[Path, ...]) -> list[Path]:
    if not paths and not project.input_dir().is_dir():
        raise click.UsageError(
            f"no {DEFAULT_INPUT}/ folder here or above: name the sources or folders to build, run this in a project,"
            " or start one with 'nashr new DIR'"
        )
    from typeset.jobs.job import find_sources  # the pipeline, imported by the commands that run it

    roots = paths or (project.input_dir(),)
    sources = find_sources(roots)
    if not sources:
        raise click.UsageError("no sources (*.md) found in " + ", ".join(map(str, roots)))
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


@click.group("nashr", cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version")  # the program as it was called: nashr, typeset
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
@_verbose
@_quiet
@_debug
def build_command(
    paths: tuple[Path, ...], out_dir: Path | None, jobs: int | None, force: bool, verbose: int, quiet: int, debug: bool
) -> None:
    """Build PATHS (sources or folders; default: input/) into PDFs.

    Only what changed is rendered: a PDF whose source, publication, templates,
    fonts and typeset are unchanged is kept (--force renders anyway).
    """
    options = Options(out_dir or project.output_dir(), jobs=jobs, force=force, verbose=verbose - quiet, debug=debug)
    with _guard(debug):
        from typeset.jobs.workers import Workers  # (the pipeline, imported by the commands that run it)

        with Workers(options.workers) as workers:
            workers.start_early()  # the engine imported on another core while the sources are read
            sys.exit(_build(_sources(paths), options, workers))


@main.command("check")
@_paths
@_verbose
@_quiet
@_debug
def check_command(paths: tuple[Path, ...], verbose: int, quiet: int, debug: bool) -> None:
    """Check PATHS (sources or folders; default: input/) without writing anything, and the edition
    files in their editions/ folders."""
    with _guard(debug):
        from typeset.jobs.job import prepare

        jobs = [prepare(source) for source in _sources(paths)]
        with _reporter(len(jobs), verbose - quiet, "ok", debug=debug) as reporter:
            for job in jobs:
                reporter.finish(job)
        status = _close(reporter)
        folders = [root / "editions" for root in (paths or (project.input_dir(),)) if (root / "editions").is_dir()]
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
    from typeset.cli.live import Session
    from typeset.jobs.watch import watch
    from typeset.jobs.workers import Workers

    roots = list(paths or (project.input_dir(),))
    # One process: the watch stays warm (the engine and fonts loaded once).
    options = Options(out_dir or project.output_dir(), jobs=1, verbose=verbose - quiet, debug=debug)

    def build_pass(session: Session) -> None:
        try:
            session.build_pass()
        except click.UsageError as error:
            _echo(f"error: {error.format_message()}", err=True)
        except Exception as error:  # a bug must not end the watch: report it, and go on watching
            _internal_error(error, debug)

    with _guard(debug), Workers(options.workers) as workers:
        _echo(f"watching {', '.join(map(str, roots))} (Ctrl-C stops)", err=True)
        session = Session(roots, options, workers, _say, _from_here)
        watch(roots, lambda: build_pass(session), ignore=options.out_dir)


def _say(text: str, err: bool) -> None:
    """What a live session says: problems to stderr (``error:`` in colour on a terminal), builds to stdout."""
    if err:
        _echo_error(text)
    else:
        _echo(text)


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
from typeset.cli import archive, edition, importer, new, search, serve  # noqa: E402,F401
