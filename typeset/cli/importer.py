"""``typeset import``: legacy plain-text articles made sources (part of the CLI)."""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from typeset.cli import project
from typeset.cli.common import (
    DEFAULT_INPUT,
    debug_option,
    echo,
    fail,
    guard,
    quiet_option,
    say,
)
from typeset.errors import Diagnostic, InternalError, Location, TypesetError
from typeset.files import write_atomic
from typeset.importer.fields import REQUIRED
from typeset.model import LANGUAGES

if TYPE_CHECKING:
    from typeset.importer import Imported

DEFAULT_IMPORTED = DEFAULT_INPUT / "imported"


def _iso_date(context: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date written YYYY-MM-DD") from None


def _summary(results: list[tuple[Path, Imported]], total: int, failed: int, out: Path | None) -> str:
    """``22 of 23 texts imported into input/imported, 5 need a date, 2 need an author; 1 failed``."""
    line = f"{len(results)} of {total} texts " + (f"imported into {out}" if out else "read")
    for key in REQUIRED:
        count = sum(key in imported.missing for _, imported in results)
        if count:
            line += f", {count} need {'an' if key == 'author' else 'a'} {key}"
    return line + (f"; {failed} failed" if failed else "")


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help=f"Folder for the sources (default: {DEFAULT_IMPORTED}/).",
)
@click.option("--dry-run", is_flag=True, help="Print the sources instead of writing them.")
@click.option("--force", is_flag=True, help="Overwrite sources that exist.")
@click.option(
    "--arabic-letters/--no-arabic-letters",
    default=True,
    help="Make Arabic ي ك Persian ی ک in Dari texts (default: on).",
)
@click.option("--keep-kashida", is_flag=True, help="Keep hand-typed kashida (tatweel), in running text and verse.")
@click.option("--keep-spaces", is_flag=True, help="Keep spaces before punctuation and runs of spaces.")
@click.option("--author", default=None, help="The author of the texts that name none.")
@click.option(
    "--date",
    "day",
    default=None,
    callback=_iso_date,
    metavar="YYYY-MM-DD",
    help="The date of the texts whose top, byline, file name and first lines give none.",
)
@click.option("--section", default=None, help="The section of the texts without a section label.")
@click.option(
    "--lang",
    type=click.Choice(list(LANGUAGES)),
    default=None,
    help="The language of the texts (else told by their letters).",
)
@quiet_option
@debug_option
def import_command(
    files: tuple[Path, ...],
    out_dir: Path | None,
    dry_run: bool,
    force: bool,
    arabic_letters: bool,
    keep_kashida: bool,
    keep_spaces: bool,
    author: str | None,
    day: date | None,
    section: str | None,
    lang: str | None,
    quiet: int,
    debug: bool,
) -> None:
    """Import FILES (plain-text articles, or folders of *.txt) as sources in the output folder.

    The publication's header block is left out, the author, date, title, headings,
    pull quote, closing byline and bio are found, page-break splits joined and
    one-line couplets split; every guess is printed as a note. A title, author or
    date that neither the text nor an option gives is left empty in the source, for
    the editor to fill (typeset check names it). Exit status 0 if every text was
    imported, 1 if one could not be read.

    \b
    Examples:
      nashr import old/*.txt
      nashr import --dry-run --author 'N. N.' old/letter.txt
    """
    from typeset.importer import Defaults, Options, import_file
    from typeset.source.config import CONFIG_NAME, find_config, load_publication

    with guard(debug):
        out = out_dir or project.input_dir() / "imported"
        options = Options(arabic_letters=arabic_letters, remove_kashida=not keep_kashida, tidy_spaces=not keep_spaces)
        texts = [p for path in files for p in (sorted(path.glob("*.txt")) if path.is_dir() else [path])]
        if not texts:
            raise click.UsageError("no texts (*.txt) found in " + ", ".join(map(str, files)))
        failed = 0
        try:
            publication = load_publication(find_config(out))
        except TypesetError as error:
            fail(error, debug)
            sys.exit(1)
        if section is not None and section not in publication.sections:
            raise click.BadParameter(
                f"'{section}' is not a section of the publication (sections: {', '.join(publication.sections)})",
                param_hint="'--section'",
            )
        defaults = Defaults(
            author=author.strip() if author and author.strip() else None, date=day, section=section, lang=lang
        )
        if publication.path is None and quiet <= 0:
            message = f"no {CONFIG_NAME} at or above {out}: the built-in publication is used"
            say(Diagnostic("note", message + ", so no header block can be matched"))
        results = []  # read everything, then write
        taken: dict[Path, Path] = {}
        for path in texts:
            try:
                imported = import_file(path, publication, options, defaults)
                target = out / (path.stem + ".md")
                if target in taken:
                    raise TypesetError(f"{target} is also the import of {taken[target]}", Location(path))
                if target.exists() and not force and not dry_run:
                    raise TypesetError(f"{target} exists", Location(path), hint="--force overwrites it")
            except TypesetError as error:
                fail(error, debug)
                failed += 1
                continue
            except Exception as error:  # a bug met on this text: its error; the others are still imported
                fail(InternalError.of(error, Location(path)), debug)
                failed += 1
                continue
            taken[target] = path
            if quiet <= 0:
                say(Diagnostic("note", note, Location(path, line)) for line, note in imported.notes)
            for key in imported.missing:
                message = f"no {key} in the text: fill in '{key}' in {target}"
                say(Diagnostic("warning", message, Location(path, imported.first_line)))
            results.append((target, imported))
        for target, imported in results:
            if dry_run:
                echo(imported.text)
            else:
                write_atomic(target, imported.text.encode("utf-8"))
        echo(_summary(results, len(texts), failed, None if dry_run else out), err=True)
        sys.exit(1 if failed else 0)
