"""The command line: ``typeset build``, ``typeset check``.

Only this module prints. Exit codes: 0 all built, 1 a source failed, 2 usage.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from typeset import __version__
from typeset.build import Job, build, find_sources, prepare

DEFAULT_INPUT = Path("input")
DEFAULT_OUTPUT = Path("output")


def _echo_error(text: str) -> None:
    color = None if sys.stderr.isatty() and "NO_COLOR" not in os.environ else False
    for line in text.splitlines():
        if ": error: " in line or line.startswith("error: "):
            place, _, message = line.partition("error: ")
            click.echo(place + click.style("error: ", fg="red", bold=True) + message, err=True, color=color)
        else:
            click.echo(line, err=True, color=color)


def _report(job: Job, verbose: int, action: str) -> None:
    for warning in job.warnings:
        click.echo(f"{job.source}: warning: {warning}", err=True)
    for error in job.errors:
        _echo_error(error.format())
    if job.ok and verbose >= 0:
        target = f" -> {job.output}" if job.output else ""
        click.echo(f"{action} {job.source}{target}")


def _summary(jobs: list[Job], action: str) -> int:
    failed = sum(not job.ok for job in jobs)
    done = len(jobs) - failed
    text = f"{done} {action}, {failed} failed" if failed else f"{done} {action}"
    click.echo(text, err=bool(failed))
    return 1 if failed else 0


def _sources(paths: tuple[Path, ...]) -> list[Path]:
    sources = find_sources(paths or (DEFAULT_INPUT,))
    if not sources:
        raise click.UsageError("no sources (*.md) found in " + ", ".join(map(str, paths or (DEFAULT_INPUT,))))
    return sources


def _warn_slow_subsetting() -> None:
    from weasyprint.text import ffi

    if ffi.harfbuzz_subset is None:
        click.echo(
            "warning: libharfbuzz-subset0 is not installed: font subsetting is about 15 times slower\n"
            "  hint: apt-get install libharfbuzz-subset0",
            err=True,
        )


_paths = click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
_quiet = click.option("-q", "--quiet", "quiet", count=True, help="Print only errors and warnings.")
_verbose = click.option("-v", "--verbose", count=True, help="Say more.")
_debug = click.option("--debug", is_flag=True, help="Show the full trace of internal errors.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="typeset")
def main() -> None:
    """Typeset bilingual articles (Markdown + YAML front matter) into print-quality PDFs."""


@main.command("build")
@_paths
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help=f"Folder for the PDFs (default: {DEFAULT_OUTPUT}/).",
)
@_verbose
@_quiet
@_debug
def build_command(paths: tuple[Path, ...], out_dir: Path | None, verbose: int, quiet: int, debug: bool) -> None:
    """Build PATHS (sources or folders; default: input/) into PDFs."""
    with _guard(debug):
        jobs = [prepare(source) for source in _sources(paths)]
        _warn_slow_subsetting()
        build(jobs, out_dir or DEFAULT_OUTPUT, on_done=lambda job: _report(job, verbose - quiet, "built"))
        sys.exit(_summary(jobs, "built"))


@main.command("check")
@_paths
@_verbose
@_quiet
@_debug
def check_command(paths: tuple[Path, ...], verbose: int, quiet: int, debug: bool) -> None:
    """Check PATHS (sources or folders; default: input/) without writing anything."""
    with _guard(debug):
        jobs = [prepare(source) for source in _sources(paths)]
        for job in jobs:
            _report(job, verbose - quiet, "ok")
        sys.exit(_summary(jobs, "ok"))


@contextmanager
def _guard(debug: bool) -> Iterator[None]:
    """Turn an unexpected exception into 'internal error' (full trace with --debug); exit 3."""
    try:
        yield
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except (click.ClickException, click.exceptions.Exit, click.Abort):
        raise
    except Exception as error:
        lines = traceback.format_exception(error)
        click.echo(f"internal error: {type(error).__name__}: {error}", err=True)
        click.echo("".join(lines if debug else lines[-3:]).rstrip(), err=True)
        click.echo("  hint: this is a bug in typeset; rerun with --debug and report it", err=True)
        sys.exit(3)
