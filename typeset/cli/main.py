"""The command line's entry point: the ``typeset`` group, ``build``, ``check``, ``watch``.

The other commands live beside it (``edition`` and ``preflight`` in cli/edition.py, ``archive``
in cli/archive.py, ``search`` and ``archive reindex`` in cli/search.py, ``import`` in
cli/importer.py) and are added to the group here; all of them print through cli/common.py.
Nothing imports this module but the entry point (and tests that run the CLI).
Exit codes: 0 all built, 1 a source failed, 2 usage, 3 internal error, 130 interrupted.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from typeset import __version__
from typeset.cli.archive import archive_group
from typeset.cli.common import (
    DEFAULT_INPUT,
    DEFAULT_OUTPUT,
    TERMINAL_BIDI,
    batch_reporter,
    close,
    debug_option,
    echo,
    fail,
    guard,
    internal_error,
    output_option,
    paths_argument,
    quiet_option,
    say,
    shaped,
    verbose_option,
)
from typeset.cli.edition import edition_command, preflight_command
from typeset.cli.importer import import_command
from typeset.cli.search import search_command
from typeset.cli.terminal import ENV
from typeset.errors import Diagnostic


def _build(sources: list[Path], out_dir: Path, workers: int, force: bool, verbose: int, debug: bool = False) -> int:
    """Build ``sources`` into ``out_dir``: the exit status (0 all built, 1 a failure)."""
    from typeset.build import engine
    from typeset.build.batch import pending, plan, run

    jobs, manifest = plan(sources, out_dir, force)
    count = len(pending(jobs))
    if not count:
        engine.stop()  # nothing to render: the early worker is not waited for
    elif engine.subsetting_missing(count):  # (the engine that renders them: the early worker's, or imported here)
        _warn_slow_subsetting()
    with batch_reporter(len(jobs), verbose, "built", bar=True, debug=debug) as reporter:
        run(jobs, manifest, workers, reporter.start, reporter.finish)
    return close(reporter)


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
    message = "libharfbuzz-subset0 is not installed: font subsetting is about 15 times slower"
    say(Diagnostic("warning", message, hint="apt-get install libharfbuzz-subset0"))


class _Group(click.Group):
    """The main group: click's usage errors (a path that does not exist, …) also pass through for_terminal."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as error:  # exit status 2, as all usage errors
            message = error.format_message()
            text = shaped(message, err=True)
            if text == message:
                raise
            raise click.UsageError(text, error.ctx) from error


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
    ctx.meta[TERMINAL_BIDI] = terminal_bidi


@main.command("build")
@paths_argument
@output_option
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Render in this many processes (default: one per CPU).",
)
@click.option("--force", is_flag=True, help="Render every source, even those whose PDF is up to date.")
@verbose_option
@quiet_option
@debug_option
def build_command(
    paths: tuple[Path, ...], out_dir: Path | None, jobs: int | None, force: bool, verbose: int, quiet: int, debug: bool
) -> None:
    """Build PATHS (sources or folders; default: input/) into PDFs.

    Only what changed is rendered: a PDF whose source, publication, templates,
    fonts and typeset are unchanged is kept (--force renders anyway).
    """
    from typeset.build.engine import early_engine

    workers = jobs or os.cpu_count() or 1
    with guard(debug), early_engine(workers):  # the engine imported on another core while the sources are read
        sources = _sources(paths)
        sys.exit(_build(sources, out_dir or DEFAULT_OUTPUT, workers, force, verbose - quiet, debug))


@main.command("check")
@paths_argument
@verbose_option
@quiet_option
@debug_option
def check_command(paths: tuple[Path, ...], verbose: int, quiet: int, debug: bool) -> None:
    """Check PATHS (sources or folders; default: input/) without writing anything, and the edition
    files in their editions/ folders."""
    with guard(debug):
        from typeset.build.job import prepare

        jobs = [prepare(source) for source in _sources(paths)]
        with batch_reporter(len(jobs), verbose - quiet, "ok", debug=debug) as reporter:
            for job in jobs:
                reporter.finish(job)
        status = close(reporter)
        folders = [root / "editions" for root in (paths or (DEFAULT_INPUT,)) if (root / "editions").is_dir()]
        sys.exit(max(status, _check_editions(folders, verbose - quiet, debug)) if folders else status)


def _check_editions(folders: list[Path], verbose: int, debug: bool) -> int:
    """Read every edition file in ``folders``, saying each problem: the exit status (0 or 1)."""
    from typeset.edition.build import find_editions
    from typeset.errors import TypesetError
    from typeset.source.edition import read_edition

    failed = 0
    files = find_editions(folders)
    for path in files:
        try:
            read_edition(path)
        except TypesetError as error:
            failed += 1
            fail(error, debug)
        else:
            if verbose >= 1:
                echo(f"ok {path}")
    echo(f"{len(files) - failed} editions ok" + (f", {failed} failed" if failed else ""), err=bool(failed))
    return 1 if failed else 0


@main.command("watch")
@paths_argument
@output_option
@verbose_option
@quiet_option
@debug_option
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
            echo("no sources (*.md) found in " + ", ".join(map(str, roots)), err=True)
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
            say(Diagnostic("error", error.format_message()))
        except Exception as error:  # a bug must not end the watch: report it, and go on watching
            internal_error(error, debug)

    with guard(debug):
        echo(f"watching {', '.join(map(str, roots))} (Ctrl-C stops)", err=True)
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
        internal_error(error, False)


for _command in (edition_command, preflight_command, archive_group, search_command, import_command):
    main.add_command(_command)
