"""Watching the sources, the publications and the templates, and building again on a change.

Polling (a few stat calls every quarter second) keeps it dependable on every
file system and free of another dependency; the build manifest decides what
a change actually affects.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

from typeset.config import CONFIG_NAME
from typeset.resources import THEME_DIR

Snapshot = dict[str, tuple[int, int]]


def watched(roots: Iterable[Path], ignore: Path | None = None) -> list[Path]:
    """The folders and files whose changes matter: the roots (their sources and images),
    the publications above them (``publication.yaml`` and its ``templates/``), the theme."""
    places: list[Path] = [THEME_DIR]
    for root in roots:
        places.append(root)
        folder = root.resolve() if root.is_dir() else root.resolve().parent
        for candidate in (folder, *folder.parents):
            if (candidate / CONFIG_NAME).is_file():
                places += [candidate / CONFIG_NAME, candidate / "templates"]
                break
    ignored = ignore.resolve() if ignore else None
    return [place for place in dict.fromkeys(places) if ignored is None or not place.resolve().is_relative_to(ignored)]


def snapshot(places: Iterable[Path], ignore: Path | None = None) -> Snapshot:
    state: Snapshot = {}
    ignored = ignore.resolve() if ignore else None
    for place in places:
        files = sorted(place.rglob("*")) if place.is_dir() else [place]
        for path in files:
            if ignored is not None and path.resolve().is_relative_to(ignored):
                continue
            try:
                stat = path.stat()
            except OSError:
                continue
            if path.is_file() and not path.name.startswith("."):
                state[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return state


def watch(
    roots: list[Path],
    build: Callable[[], None],
    ignore: Path | None = None,
    interval: float = 0.25,
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
