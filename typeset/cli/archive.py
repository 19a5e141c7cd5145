"""``typeset archive [PATH…]``, ``typeset archive verify`` and ``typeset archive export``: the archive's
commands (part of the CLI; ``reindex`` is with ``search``).

``archive`` is a group whose default action archives: a first argument that
names no subcommand is a path (``typeset archive ./verify`` archives a folder
of that name).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from typeset.cli import project
from typeset.cli.common import (
    DEFAULT_INPUT,
    batch_reporter,
    close,
    cluster,
    debug_option,
    echo,
    fail,
    guard,
    quiet_option,
    scheduler_option,
    tell,
    verbose_option,
)
from typeset.errors import TypesetError
from typeset.jobs.options import worker_count

if TYPE_CHECKING:  # the archive's code is imported by its commands only (typeset edition starts faster)
    from typeset.archive.store import OnArchived

DEFAULT_ARCHIVE = Path("archive")
_STORE = "store"


class _ArchiveGroup(click.Group):
    """A group with a default command: ``typeset archive a.md`` is ``typeset archive store a.md``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("-h", "--help")):
            args = [_STORE, *args]
        return super().parse_args(ctx, args)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The default action's arguments and options too (``nashr archive --help`` is where a user looks
        for ``--archive`` or ``--jobs``), then the group's own and its commands."""
        store = self.commands[_STORE]
        with click.Context(store, info_name=_STORE, parent=ctx) as inner:
            options = [
                param
                for param in store.get_params(inner)
                if isinstance(param, click.Option) and "--help" not in param.opts
            ]
            rows = [row for param in options if (row := param.get_help_record(inner))]
        with formatter.section(f"Options of the default action ({ctx.command_path} [{_STORE}] [PATHS]...)"):
            formatter.write_dl(rows)
        super().format_options(ctx, formatter)


_archive = click.option(
    "--archive",
    "archive_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help=f"The archive folder (default: {DEFAULT_ARCHIVE}/).",
)
_jobs = click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Work in this many processes.")


@click.group("archive", cls=_ArchiveGroup)
def archive_group() -> None:
    """Archive articles and editions as PDF/A-3 that carry their own sources (default action), verify
    the archive (verify), export it as a BagIt bag (export), or rebuild its catalog (reindex).

    \b
    Examples:
      nashr archive                      # input/ and its editions/ -> archive/
      nashr archive verify
      nashr archive export /media/usb/bag --from 2025
    """


def catalog_hook(archive_dir: Path) -> tuple[OnArchived, set[str]]:
    """What is called for each archived file, once it is in the manifest (the catalog's ``add``), and
    the files the catalog knows (a version it lists is never numbered again). A catalog an older
    typeset made is rebuilt from the archived files first."""
    from typeset.archive.catalog import Catalog, OlderCatalog, reindex

    try:
        catalog = Catalog(archive_dir)
    except OlderCatalog as error:
        count, _ = reindex(archive_dir)  # (files it cannot index are verify's to report)
        echo(f"{error.location}: {error.message}: rebuilt from the {count} archived files", err=True)
        catalog = Catalog(archive_dir)
    return catalog.add, {record.pdf for record in catalog.records()}


@archive_group.command(_STORE)
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@_archive
@_jobs
@scheduler_option
@verbose_option
@quiet_option
@debug_option
def store_command(
    paths: tuple[Path, ...],
    archive_dir: Path | None,
    jobs: int | None,
    scheduler: str | None,
    verbose: int,
    quiet: int,
    debug: bool,
) -> None:
    """Archive PATHS (articles, folders, edition files; default: input/ and its editions/).

    Each becomes a PDF/A-3u with its source, the publication config and a record
    attached, at articles/<yyyy>/<mm>/<slug>/v<n>.pdf (editions/… for an edition).
    A source archived before is unchanged; a changed one gets the next version.
    Nothing is ever written over or deleted.

    \b
    Examples:
      nashr archive
      nashr archive input/editions/weekly.yaml --archive /srv/archive
    """
    from typeset.archive.store import archive
    from typeset.edition.build import find_editions
    from typeset.jobs.job import find_sources

    with guard(debug):
        if not paths and not project.input_dir().is_dir():
            raise click.UsageError(
                f"no {DEFAULT_INPUT}/ folder here or above: name the sources, folders or edition files"
            )
        roots = paths or (project.input_dir(),)
        editions = find_editions([p for p in roots if p.suffix == ".yaml"])
        editions += find_editions([p / "editions" for p in roots if (p / "editions").is_dir()])
        articles = find_sources([p for p in roots if p.suffix != ".yaml"])
        if not articles and not editions:
            raise click.UsageError("nothing to archive (no *.md, no edition file) in " + ", ".join(map(str, roots)))
        folder = archive_dir or project.archive_dir()
        level = verbose - quiet
        with (
            cluster(scheduler, debug) as backend,
            batch_reporter(len(articles) + len(editions), level, "archived", bar=True, debug=debug) as reporter,
        ):
            reporter.kept, reporter.say_kept = "unchanged", True
            try:
                add, known = catalog_hook(folder)
                archive(
                    articles,
                    editions,
                    folder,
                    workers=worker_count(jobs),
                    on_start=reporter.start,
                    on_done=reporter.finish,
                    on_archived=add,
                    say=tell,
                    known=known,
                    backend=backend,
                )
            except TypesetError as error:
                fail(error, debug)
                sys.exit(1)
        sys.exit(close(reporter))


@archive_group.command("verify")
@_archive
@_jobs
@scheduler_option
@verbose_option
@quiet_option
@debug_option
def verify_command(
    archive_dir: Path | None, jobs: int | None, scheduler: str | None, verbose: int, quiet: int, debug: bool
) -> None:
    """Check every SHA-256 of the archive's manifest, and rebuild every archived PDF from its own
    attachments, byte for byte. Exit status 1 when anything is wrong (each problem names its file).

    \b
    Examples:
      nashr archive verify
      nashr archive verify --scheduler tcp://host:8786
    """
    from typeset.archive.verify import verify

    with guard(debug):
        folder = archive_dir or project.archive_dir()
        if not folder.is_dir():
            raise click.UsageError(f"no archive at {folder}/ (--archive names another)")
        from typeset.archive.sums import Sums

        total = len(Sums(folder).entries)
        with (
            cluster(scheduler, debug) as backend,
            batch_reporter(total, verbose - quiet, "verified", bar=True, debug=debug) as reporter,
        ):
            problems, _ = verify(
                folder,
                worker_count(jobs),
                reporter.start,
                reporter.finish,
                say=tell,
                backend=backend,
            )
        for problem in problems:
            fail(problem, debug)
        status = close(reporter)
        if problems:
            echo(f"{len(problems)} problems of the archive itself", err=True)
        sys.exit(max(status, 1 if problems else 0))


@archive_group.command("export")
@click.argument("dest", type=click.Path(path_type=Path))
@_archive
@click.option("--from", "date_from", default=None, help="Only files dated from this day (YYYY-MM-DD, a month, a year).")
@click.option("--to", "date_to", default=None, help="Only files dated up to this day (a month, a year: its last).")
@click.option("--edition", default=None, help="Only this edition (its file's name) and the articles it gathers.")
@_jobs
@debug_option
def export_command(
    dest: Path,
    archive_dir: Path | None,
    date_from: str | None,
    date_to: str | None,
    edition: str | None,
    jobs: int | None,
    debug: bool,
) -> None:
    """Write the archive (or the files of a date range, or one edition) to DEST as a BagIt bag
    (RFC 8493): the archived files under data/, bag-info.txt, SHA-256 and SHA-512 manifests and
    tag manifests. DEST must not exist. Exit status 0, 1 when it cannot be done (nothing written).

    \b
    Examples:
      nashr archive export /media/usb/bag
      nashr archive export bag-1404 --from 1404-01-01 --to 1404-12-29
    """
    from typeset.archive.bag import export
    from typeset.archive.dates import DateError, day_range

    folder = archive_dir or project.archive_dir()
    with guard(debug):
        try:
            first = day_range(date_from)[0] if date_from else None
            last = day_range(date_to)[1] if date_to else None
        except DateError as error:
            raise click.BadParameter(str(error)) from None
        try:
            done = export(folder, dest, first, last, edition, worker_count(jobs))
        except TypesetError as error:
            fail(error, debug)
            sys.exit(1)
        articles = sum(record.kind == "article" for record in done.records)
        echo(
            f"exported {len(done.files)} files ({articles} of articles, {len(done.files) - articles} of editions, "
            f"{done.info['Date-Start']} to {done.info['Date-End']}) to {dest}/ as a BagIt bag (SHA-256, SHA-512)"
        )
        sys.exit(0)
