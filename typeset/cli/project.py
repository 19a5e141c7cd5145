"""The project a command runs in: found from any folder below its root (part of the CLI).

A project is a folder with ``input/`` (the sources, ``input/editions/``) and a ``publication.yaml``
in ``input/`` or beside it; what typeset writes goes to the root's ``output/`` and ``archive/``.
Run in ``input/`` or deeper, a command finds that root as git finds its repository: it walks up.
The folders are given relative to the working folder (``input``, or ``../input`` from a folder
below), so that messages name files as the user sees them.
"""

from __future__ import annotations

import os
from pathlib import Path

INPUT = "input"
OUTPUT = "output"
ARCHIVE = "archive"


def find_root(start: Path | None = None) -> Path | None:
    """The project's root at or above ``start`` (default: the working folder), or None.

    The working folder itself is a root if it has an ``input/`` folder (as before, with or without a
    ``publication.yaml``); a folder above it only if its ``input/`` goes with a ``publication.yaml``
    (in it or beside it), so that a stray ``input/`` higher up is not taken for a project.
    """
    from typeset.source.config import CONFIG_NAME  # (not at the start of every command: it reads YAML)

    try:
        here = (start or Path.cwd()).absolute()
    except OSError:  # the working folder was removed
        return None
    for candidate in (here, *here.parents):
        if not (candidate / INPUT).is_dir():
            continue
        if candidate == here or (candidate / INPUT / CONFIG_NAME).is_file() or (candidate / CONFIG_NAME).is_file():
            return candidate
    return None


def folder(name: str) -> Path:
    """The project's folder ``name`` (``input``, ``output``, ``archive``), as seen from the working
    folder: ``name`` itself in the root or outside any project, ``../name`` from a folder below."""
    root = find_root()
    if root is None:
        return Path(name)
    try:
        return Path(os.path.relpath(root / name))
    except ValueError:  # another drive (Windows)
        return root / name


def input_dir() -> Path:
    return folder(INPUT)


def output_dir() -> Path:
    return folder(OUTPUT)


def editions_dir() -> Path:
    return folder(INPUT) / "editions"


def archive_dir() -> Path:
    return folder(ARCHIVE)
