"""``typeset edition`` and ``typeset preflight``: editions bound, checked as a print shop would (part of the CLI)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from typeset.cli import jsonout, project
from typeset.cli.common import (
    DEFAULT_EDITIONS,
    batch_reporter,
    debug_option,
    echo,
    fail,
    guard,
    output_option,
    quiet_option,
    remove_orphans,
    say,
    verbose_option,
)
from typeset.errors import Diagnostic, InternalError, Location, TypesetError
from typeset.jobs.options import Options

if TYPE_CHECKING:
    from typeset.jobs.workers import Workers


@click.command("edition")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@output_option
@click.option(
    "--profile",
    type=click.Choice(["screen", "print"]),
    default=None,
    help="screen (RGB, live links) or print (PDF/X-4, bleed, crop marks); default: the edition file's, else screen.",
)
@click.option(
    "--impose",
    type=click.Choice(["booklet"]),
    default=None,
    help="Also write <edition>.booklet.pdf (<edition>.print.booklet.pdf for print): sheets for saddle stitching.",
)
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Render in this many processes.")
@click.option("--force", is_flag=True, help="Render every part again, even those that are up to date.")
@jsonout.json_option
@verbose_option
@quiet_option
@debug_option
def edition_command(
    paths: tuple[Path, ...],
    out_dir: Path | None,
    profile: str | None,
    impose: str | None,
    jobs: int | None,
    force: bool,
    as_json: bool,
    verbose: int,
    quiet: int,
    debug: bool,
) -> None:
    """Bind the articles of edition files (PATHS: files or folders; default: input/editions/) into one PDF each.

    Only the articles that changed are rendered again; the binding (contents,
    folios, bookmarks) is made anew from the parts.

    \b
    Examples:
      nashr edition                      # every file in input/editions/
      nashr edition input/editions/weekly.yaml --profile print --impose booklet
      nashr edition --json
    """
    out = out_dir or project.output_dir()
    options = Options(out, jobs, force, profile, impose, verbose=verbose - quiet, debug=debug)
    with jsonout.reporting(as_json, "edition"), guard(debug):
        from typeset.jobs.workers import Workers  # (the pipeline, imported by the commands that run it)

        with Workers(options.workers) as workers:
            if _may_edit(options):
                workers.start_early()  # the engine imported on another core while the articles are read
            sys.exit(build_editions(paths, options, workers))


def _may_edit(options: Options) -> bool:
    """Whether the build may be a last-minute edit, which the early worker renders: not with ``--force``,
    nor into a folder that holds no edition's parts yet (every part is rendered, by a pool: an early
    worker would only be started and killed, its import of the engine a wasted 0.3-0.6 CPU-s)."""
    from typeset.edition import PARTS_DIR

    return not options.force and (options.out_dir / PARTS_DIR).is_dir()


def build_editions(
    paths: tuple[Path, ...], options: Options, workers: Workers, before_write: Callable[[], object] = lambda: None
) -> int:
    """Build edition files as ``options`` say, in ``workers``: the exit status (0 all built, 1 an edition
    failed, 3 a bug in typeset met). ``before_write``: typeset.edition.build.build_edition's."""
    from typeset.edition.build import build_edition, find_editions

    if not paths and not project.editions_dir().is_dir():
        raise click.UsageError(f"no {DEFAULT_EDITIONS}/ folder here or above: name the edition files to build")
    files = find_editions(list(paths or (project.editions_dir(),)))
    if not files:
        where = ", ".join(map(str, paths or (project.editions_dir(),)))
        raise click.UsageError(f"no edition files (*.yaml) found in {where}")
    remove_orphans(options.out_dir, options.verbose)
    for key in ("built", "up_to_date", "failed"):
        jsonout.count(key, 0)  # (with --json: each count in the summary, none left out)
    status = 0
    for path in files:
        with batch_reporter(
            0, options.verbose - 1, "set", bar=False, debug=options.debug, resolved=True, parts=True
        ) as reporter:
            result = build_edition(
                path, options, workers, on_start=reporter.start, on_done=reporter.finish, before_write=before_write
            )
        say(result.warnings)
        for error in result.errors:
            fail(error, options.debug)
        if not result.ok:
            internal = reporter.internal or any(isinstance(error, InternalError) for error in result.errors)
            status = max(status, 3 if internal else 1)
            failed = f" ({reporter.failed} of {len(result.articles)} articles failed)" if reporter.failed else ""
            echo(f"{path}: not built{failed}", err=True)
            jsonout.output("failed", path, None)
            jsonout.count("failed")
            continue
        jsonout.output("up to date" if result.skipped else "built", path, result.output)
        jsonout.count("up_to_date" if result.skipped else "built")
        if options.verbose >= 0:
            written = [result.output] + ([result.booklet] if result.booklet else [])
            if result.skipped:
                echo(f"up to date {path} -> {', '.join(map(str, written))}")
            else:
                kept = len(result.articles) - len(result.rendered)
                echo(
                    f"built {path} -> {', '.join(map(str, written))} ({result.pages} pages;"
                    f" {len(result.rendered)} articles set, {kept} unchanged)"
                )
    return status


@click.command("preflight")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@quiet_option
@debug_option
def preflight_command(files: tuple[Path, ...], quiet: int, debug: bool) -> None:
    """Check FILES (PDFs) as a print shop would: fonts embedded, trim and bleed boxes, 3 mm bleed,
    one trim size, the output intent, RGB text and content, images under 300 dpi.

    Each finding names its page. Exit status 0 if no file has an error (warnings allowed), 1 otherwise.

    \b
    Example:
      nashr preflight output/weekly.print.pdf
    """
    from typeset.edition.preflight import preflight, report

    with guard(debug):
        failed = False
        for path in files:
            try:
                findings = preflight(path)
            except TypesetError as error:
                fail(error, debug)
                failed = True
                continue
            failed = failed or any(finding.severity == "error" for finding in findings)
            for finding in findings:
                say(Diagnostic(finding.severity, finding.message, Location(path)), place=finding.place(path))
            summary = report(path, findings).splitlines()[-1]
            if quiet <= 0 or findings:
                echo(summary)
        sys.exit(1 if failed else 0)
