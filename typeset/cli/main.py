"""The command line's entry point: the ``typeset`` group, ``build``, ``check``, ``watch``.

The other commands live beside it (``edition`` and ``preflight`` in cli/edition.py, ``archive``
in cli/archive.py, ``search`` and ``archive reindex`` in cli/search.py, ``import`` in
cli/importer.py) and are added to the group here; all of them print through cli/common.py.
Nothing imports this module but the entry point (and tests that run the CLI).
Exit codes: 0 all built, 1 a source failed, 2 usage, 3 internal error, 130 interrupted.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from typeset import __version__
from typeset.cli import jsonout, project
from typeset.cli.archive import archive_group
from typeset.cli.common import (
    DEFAULT_INPUT,
    TERMINAL_BIDI,
    batch_reporter,
    close,
    cluster,
    debug_option,
    echo,
    guard,
    internal_error,
    output_option,
    paths_argument,
    quiet_option,
    say,
    say_removed,
    scheduler_option,
    shaped,
    verbose_option,
)
from typeset.cli.edition import edition_command, preflight_command
from typeset.cli.importer import import_command
from typeset.cli.jsonout import json_option, reporting
from typeset.cli.new import new_command
from typeset.cli.search import search_command
from typeset.cli.serve import serve_command
from typeset.cli.terminal import ENV
from typeset.errors import Diagnostic
from typeset.jobs.options import Options

if TYPE_CHECKING:
    from typeset.jobs.workers import Workers


def _build(sources: list[Path], options: Options, workers: Workers) -> int:
    """Build ``sources`` as ``options`` say, in ``workers``: the exit status (0 all built, 1 a failure)."""
    from typeset.jobs.batch import pending, plan, run
    from typeset.jobs.manifest import remove_orphans

    jobs, manifest = plan(sources, options.out_dir, options.force)
    say_removed(remove_orphans(manifest), options.verbose)  # (saved with the batch's own records)
    count = len(pending(jobs))
    if not count:
        workers.stop_early()  # nothing to render: the early worker is not waited for
    elif workers.backend is None and workers.subsetting_missing(count):
        # (The engine that renders them: the early worker's, or imported here; a cluster's workers have this
        # one's, by fingerprint.)
        _warn_slow_subsetting()
    with batch_reporter(len(jobs), options.verbose, "built", bar=True, debug=options.debug) as reporter:
        run(jobs, manifest, workers, reporter.start, reporter.finish)
    return close(reporter)


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
    """Typeset bilingual articles (Markdown + YAML front matter) into print-quality PDFs.

    \b
    Examples:
      nashr new herat-voice && cd herat-voice
      nashr build && nashr edition       # articles, then editions, into output/
      nashr COMMAND --help               # each command's options and examples

    \b
    Shell completion (put the line in ~/.bashrc; zsh_source, fish_source alike):
      eval "$(_NASHR_COMPLETE=bash_source nashr)"
    """
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
@scheduler_option
@json_option
@verbose_option
@quiet_option
@debug_option
def build_command(
    paths: tuple[Path, ...],
    out_dir: Path | None,
    jobs: int | None,
    force: bool,
    scheduler: str | None,
    as_json: bool,
    verbose: int,
    quiet: int,
    debug: bool,
) -> None:
    """Build PATHS (sources or folders; default: input/) into PDFs.

    Only what changed is rendered: a PDF whose source, publication, templates,
    fonts and typeset are unchanged is kept (--force renders anyway).

    \b
    Examples:
      nashr build                        # input/ -> output/, what changed
      nashr build input/a.md -o /tmp/pdfs
      nashr build --force --jobs 2
      nashr build --json > build.jsonl   # for a script: one object a line
    """
    options = Options(out_dir or project.output_dir(), jobs=jobs, force=force, verbose=verbose - quiet, debug=debug)
    with reporting(as_json, "build"), guard(debug):
        from typeset.jobs.workers import Workers  # (the pipeline, imported by the commands that run it)

        with cluster(scheduler, debug) as backend, Workers(options.workers, backend) as workers:
            if backend is None:  # (a cluster renders elsewhere)
                workers.start_early()  # the engine imported on another core while the sources are read
            sys.exit(_build(_sources(paths), options, workers))


@main.command("check")
@paths_argument
@json_option
@verbose_option
@quiet_option
@debug_option
def check_command(paths: tuple[Path, ...], as_json: bool, verbose: int, quiet: int, debug: bool) -> None:
    """Check PATHS without writing anything: sources, edition files (*.yaml), or folders (their
    sources, and the edition files in their editions/ folders; an editions/ folder: its edition
    files). Default: input/.

    \b
    Examples:
      nashr check                        # every source and edition file
      nashr check input/a.md input/editions/weekly.yaml
      nashr check --json | jq -r 'select(.type=="diagnostic") | .message'
    """
    with reporting(as_json, "check"), guard(debug):
        from typeset.jobs.job import prepare

        sources, editions = _split_checked(paths)
        status = 0
        said: set[str] = set()  # errors printed: a publication's error is said once, not again per edition
        if sources is None or sources:
            jobs = [prepare(source) for source in _sources(tuple(sources or ()))]
            with batch_reporter(len(jobs), verbose - quiet, "ok", debug=debug) as reporter:
                for job in jobs:
                    reporter.finish(job)
            status = close(reporter)
            said = reporter.said
        sys.exit(max(status, _check_editions(editions, verbose - quiet, debug, said)) if editions else status)


def _split_checked(paths: tuple[Path, ...]) -> tuple[list[Path] | None, list[Path]]:
    """The sources and folders of sources ``check`` reads (None: the default, input/), and the edition
    files and editions/ folders: a YAML file is an edition file, a folder called editions/ holds them,
    and any other folder's editions/ folder is read with it."""
    if not paths:
        folder = project.input_dir() / "editions"
        return None, [folder] if folder.is_dir() else []
    sources: list[Path] = []
    editions: list[Path] = []
    for path in paths:
        edition_file = path.is_file() and path.suffix in (".yaml", ".yml")
        if edition_file or (path.is_dir() and path.resolve().name == "editions"):
            editions.append(path)
        else:
            sources.append(path)
            if path.is_dir() and (path / "editions").is_dir():
                editions.append(path / "editions")
    return sources, editions


def _check_editions(paths: list[Path], verbose: int, debug: bool, said: set[str]) -> int:
    """Read every edition file in ``paths`` (files and folders), saying each problem not already in
    ``said`` (the publication's, told with the sources): the exit status (0 or 1)."""
    from typeset.edition.build import find_editions
    from typeset.errors import TypesetError
    from typeset.source.edition import read_edition

    failed = 0
    files = find_editions(paths)
    for path in files:
        try:
            read_edition(path)
        except TypesetError as error:
            failed += 1
            for diagnostic in error.diagnostics(debug):
                text = diagnostic.format()
                if text not in said:
                    said.add(text)
                    say(diagnostic)
            jsonout.output("failed", path, None)
        else:
            jsonout.output("ok", path, None)
            if verbose >= 1:
                echo(f"ok {path}")
    echo(f"{len(files) - failed} editions ok" + (f", {failed} failed" if failed else ""), err=bool(failed))
    jsonout.count("editions_ok", len(files) - failed)
    jsonout.count("editions_failed", failed)
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

    \b
    Examples:
      nashr watch
      nashr watch input/a.md -o /tmp/pdfs
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
            say(Diagnostic("error", error.format_message()))
        except Exception as error:  # a bug must not end the watch: report it, and go on watching
            internal_error(error, debug)

    with guard(debug), Workers(options.workers) as workers:
        echo(f"watching {', '.join(map(str, roots))} (Ctrl-C stops)", err=True)
        session = Session(roots, options, workers)
        watch(roots, lambda: build_pass(session), ignore=options.out_dir)


for _command in (
    edition_command,
    preflight_command,
    archive_group,
    search_command,
    import_command,
    new_command,
    serve_command,
):
    main.add_command(_command)
