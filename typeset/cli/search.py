"""``typeset search`` and ``typeset archive reindex``: the archive's catalog (part of the CLI)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from typeset.cli import jsonout, project
from typeset.cli.archive import _archive, archive_group
from typeset.cli.common import (
    debug_option,
    echo,
    fail,
    guard,
    shaped,
)
from typeset.errors import TypesetError

if TYPE_CHECKING:
    from typeset.archive.catalog import Hit

_BOLD = ("\x1b[1m", "\x1b[0m")


@click.command("search")
@click.argument("query", nargs=-1, required=True)
@_archive
@click.option("--lang", default=None, help="Only articles in this language (fa also finds fa-AF).")
@click.option("--author", default=None, help="Only articles whose author's name holds this.")
@click.option("--from", "date_from", default=None, help="From this date (YYYY-MM-DD; Solar Hijri before 1700).")
@click.option("--to", "date_to", default=None, help="Up to this date (a year or a month: its last day).")
@click.option("--section", default=None, help="Only this section (its key or either label).")
@click.option("-n", "--limit", type=click.IntRange(min=1), default=20, help="At most this many matches.")
@click.option("--all-versions", is_flag=True, help="Every version that matches (default: each at its latest).")
@jsonout.json_option
@debug_option
def search_command(
    query: tuple[str, ...],
    archive_dir: Path | None,
    lang: str | None,
    author: str | None,
    date_from: str | None,
    date_to: str | None,
    section: str | None,
    limit: int,
    all_versions: bool,
    as_json: bool,
    debug: bool,
) -> None:
    """Search the archive's catalog for QUERY (every word; word* a prefix; a date in it, a day).

    Forgives spelling: Arabic or Persian yeh and kaf in Dari (never in Pashto), ZWNJ, tatweel,
    harakat, hamza forms, any digits, Latin case and accents. Each article or edition is shown once,
    at its latest version (--all-versions: every version). Exit status 0 with matches, 1 none,
    2 for a usage error, a damaged catalog or none.

    \b
    Examples:
      nashr search کتابخانه
      nashr search 'librar*' --lang en --from 2025-01
      nashr search کتاب --from 1404-01-01 --json
    """
    from typeset.archive.catalog import Catalog
    from typeset.archive.dates import DateError, solar_hijri
    from typeset.archive.spelling import ARABIC_FAMILIES, family

    folder = archive_dir or project.archive_dir()
    with jsonout.reporting(as_json, "search"), guard(debug):
        try:
            with Catalog(folder, create=False) as catalog:
                hits = catalog.search(" ".join(query), lang, author, date_from, date_to, section, limit, all_versions)
        except DateError as error:
            raise click.BadParameter(str(error)) from None
        except TypesetError as error:
            fail(error, debug)
            sys.exit(2)
        if as_json:
            for number, hit in enumerate(hits, 1):
                jsonout.emit(_hit(number, hit, folder))
            jsonout.count("hits", len(hits))
            sys.exit(0 if hits else 1)
        bold = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        for number, hit in enumerate(hits, 1):
            rtl = family(hit.lang) in ARABIC_FAMILIES  # the date leads its line: a terminal's bidi keeps it in order
            day = hit.date + (f" ({solar_hijri(hit.date)})" if rtl else "")
            marks = ("\x02", "\x03") if bold else ("«", "»") if rtl else ("[", "]")
            about = " · ".join(part for part in (day, hit.lang, hit.author) if part)  # an edition has no author
            lines = [f"{number}. {hit.title}", f"   {about}", f"   {_openable(folder / hit.path)}"]
            texts = [shaped(line) for line in lines]
            snippet = shaped("   " + hit.marked(*marks))
            if bold:  # the marks, wherever the terminal's order put them, open and close in turn
                pieces = snippet.replace("\x03", "\x02").split("\x02")
                snippet = "".join(
                    piece + (_BOLD[i % 2] if i < len(pieces) - 1 else "") for i, piece in enumerate(pieces)
                )
            click.echo("\n".join([*texts, snippet]) + "\n")
        if not hits:
            echo("no matches", err=True)
        sys.exit(0 if hits else 1)


def _hit(number: int, hit: Hit, folder: Path) -> dict[str, object]:
    """A match as ``--json`` writes it (typeset.cli.jsonout): the snippet's matched words as offsets."""
    return {
        "type": "hit",
        "rank": number,
        "title": hit.title,
        "author": hit.author or None,
        "date": hit.date,
        "lang": hit.lang,
        "section": hit.section or None,
        "kind": hit.kind,
        "version": hit.version,
        "path": _openable(folder / hit.path),
        "snippet": hit.snippet,
        "marks": [list(mark) for mark in hit.marks],
    }


def _openable(path: Path) -> str:
    """``path`` as the user can open it from where they stand: relative to the working folder when
    it lies below it, else absolute."""
    absolute = Path(os.path.abspath(path))
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)


@archive_group.command("reindex")
@_archive
@debug_option
def reindex_command(archive_dir: Path | None, debug: bool) -> None:
    """Rebuild the archive's catalog from the archived PDFs alone (their records and sources).

    Exit status 0, or 1 when a PDF could not be indexed (the others are).

    \b
    Example:
      nashr archive reindex --archive /srv/archive
    """
    from typeset.archive.catalog import reindex

    archive_dir = archive_dir or project.archive_dir()
    with guard(debug):
        try:
            count, problems = reindex(archive_dir)
        except TypesetError as error:
            fail(error, debug)
            sys.exit(2)
        for problem in problems:
            fail(problem, debug)
        echo(f"catalog rebuilt: {count} file{'s' if count != 1 else ''} indexed in {archive_dir}/", err=bool(problems))
        sys.exit(1 if problems else 0)
