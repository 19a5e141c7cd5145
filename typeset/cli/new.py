"""``nashr new DIR``: a starter publication that builds at once (part of the CLI).

It copies ``typeset/starter/`` — ``input/publication.yaml`` with every key explained, a Dari, a
Pashto and an English article (each with a verse, a note and an image) and an edition — into a
new or empty folder, each file written atomically. A folder that holds anything is left alone.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from typeset.cli.common import debug_option, echo, fail, guard
from typeset.errors import Location, TypesetError
from typeset.files import write_atomic

STARTER = Path(__file__).resolve().parents[1] / "starter"


def starter_files() -> list[Path]:
    """The starter's files, relative to it, in a stable order."""
    return sorted(path.relative_to(STARTER) for path in STARTER.rglob("*") if path.is_file())


def write_starter(folder: Path) -> list[Path]:
    """Write the starter publication into ``folder`` (made if missing; it must be empty): the files written.

    A TypesetError, located at ``folder``, if it is not a folder or not empty, or cannot be written."""
    if folder.exists() or folder.is_symlink():
        if not folder.is_dir():
            raise TypesetError("is not a folder", Location(folder), hint="name a new folder: nashr new my-publication")
        entries = sorted(entry.name for entry in folder.iterdir())
        if entries:
            shown = ", ".join(entries[:3]) + (", …" if len(entries) > 3 else "")
            raise TypesetError(
                f"folder is not empty ({shown}): a new publication is written only into a new or empty folder",
                Location(folder),
                hint="name a new folder (nashr new my-publication); nothing was written",
            )
    written = []
    try:
        for name in starter_files():
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, (STARTER / name).read_bytes())
            written.append(target)
    except OSError as error:
        where = Path(error.filename) if getattr(error, "filename", None) else folder
        raise TypesetError(f"cannot write: {error.strerror or error}", Location(where)) from None
    return written


@click.command("new")
@click.argument("folder", type=click.Path(path_type=Path))
@debug_option
def new_command(folder: Path, debug: bool) -> None:
    """Start a publication in FOLDER (new or empty): publication.yaml with every key explained,
    a Dari, a Pashto and an English article, an image and an edition, ready to build.

    \b
    Example:
      nashr new herat-voice && cd herat-voice && nashr build && nashr edition
    """
    program = click.get_current_context().find_root().info_name or "nashr"
    with guard(debug):
        try:
            written = write_starter(folder)
        except TypesetError as error:
            fail(error, debug)
            sys.exit(2 if folder.exists() else 1)
        articles = sum(1 for path in written if path.suffix == ".md")
        echo(f"wrote {folder}/: input/publication.yaml, {articles} articles, an image and an edition")
        echo(f"next: cd {folder} && {program} build && {program} edition   (or {program} serve: a live preview)")
