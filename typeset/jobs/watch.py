"""Watching the sources, the publications and the templates, and building again on a change.

Polling (a stat call per file, twenty times a second: about 1 % of a core for a
hundred sources) keeps it dependable on every file system and free of another
dependency; the build manifest decides what a change actually affects.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from stat import S_ISREG

from typeset.files import real_path
from typeset.resources import THEME_DIR
from typeset.source.config import CONFIG_NAME

Snapshot = dict[str, tuple[int, int]]


def watched(roots: Iterable[Path], ignore: Path | None = None) -> list[Path]:
    """The folders and files whose changes matter: the roots (their sources and images),
    the publications above them (``publication.yaml`` and its ``templates/``), the theme."""
    places: list[Path] = [THEME_DIR]
    for root in roots:
        places.append(root)
        folder = real_path(root) if root.is_dir() else real_path(root).parent
        for candidate in (folder, *folder.parents):
            if (candidate / CONFIG_NAME).is_file():
                places += [candidate / CONFIG_NAME, candidate / "templates"]
                break
    ignored = _ignored(places, ignore)
    return [place for place in dict.fromkeys(places) if ignored is None or not real_path(place).is_relative_to(ignored)]


def _ignored(places: Iterable[Path], out_dir: Path | None) -> Path | None:
    """The output folder, to leave out of the snapshot, unless the sources are inside it (``-o .``):
    then only what typeset writes there is left out (PDFs and dot files, see :func:`snapshot`)."""
    if out_dir is None:
        return None
    out = real_path(out_dir)
    return None if any(real_path(place).is_relative_to(out) for place in places if place != THEME_DIR) else out


def snapshot(places: Iterable[Path], ignore: Path | None = None) -> Snapshot:
    """Modification time and size of every file that may decide a PDF: not the PDFs typeset writes
    (no source pulls a PDF in), nor dot files (the manifest, temporaries). Folders are walked with
    ``os.scandir`` (a look costs half a millisecond for a hundred sources: it runs twenty times a
    second); linked folders are not followed (a loop would never end)."""
    places = list(places)
    state: Snapshot = {}
    ignored = _ignored(places, ignore)
    for place in places:
        if place.is_dir():
            _walk(str(place), ignored, state)
        else:
            _look(str(place), ignored, state)
    return dict(sorted(state.items()))


def _walk(folder: str, ignored: Path | None, state: Snapshot) -> None:
    if ignored is not None and real_path(Path(folder)).is_relative_to(ignored):
        return
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return  # the folder went away while it was read: the next look sees what is there
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                _walk(entry.path, ignored, state)
                continue
        except OSError:
            continue
        if entry.name.lower().endswith(".pdf"):
            continue
        if entry.is_symlink():
            _look(entry.path, ignored, state)  # where it leads decides
        else:
            _add(entry.path, entry, state)


def _look(path: str, ignored: Path | None, state: Snapshot) -> None:
    name = os.path.basename(path)
    if name.startswith(".") or name.lower().endswith(".pdf"):
        return
    if ignored is not None and real_path(Path(path)).is_relative_to(ignored):
        return
    _add(path, None, state)


def _add(path: str, entry: os.DirEntry[str] | None, state: Snapshot) -> None:
    try:
        stat = entry.stat() if entry is not None else os.stat(path)
    except OSError:
        return  # a dangling link, a loop: the build reports it
    if S_ISREG(stat.st_mode):
        state[path] = (stat.st_mtime_ns, stat.st_size)


def watch(
    roots: list[Path],
    build: Callable[[], None],
    ignore: Path | None = None,
    interval: float = 0.05,  # a save is seen 25 ms after it, on average
    stop: Callable[[], bool] = lambda: False,
) -> None:
    """Build, then build again after every change, until ``stop()`` (or Ctrl-C)."""
    last = snapshot(watched(roots, ignore), ignore)  # taken before building: a save during a build is seen next
    build()
    while not stop():
        time.sleep(interval)
        now = snapshot(watched(roots, ignore), ignore)
        if now != last:
            last = now
            build()
