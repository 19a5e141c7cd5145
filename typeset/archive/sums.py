"""``archive/SHA256SUMS``: the SHA-256 of every archived file, as ``sha256sum`` writes it.

An archivist checks it without typeset (``cd archive && sha256sum -c SHA256SUMS``).
Lines are ``<64 hex digits>  <path>``, the paths relative to the archive folder
with "/" separators, sorted; it is written atomically (a temporary file, fsync,
rename), always after the files it names, so it never names a file that is not
whole. A manifest that cannot be read is never written over: archiving stops
and says where (the lines it would drop are the archive's memory).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from typeset.errors import Location, TypesetError
from typeset.files import write_atomic

NAME = "SHA256SUMS"
#: The folders that hold archived files; anything else in the archive folder (the catalog) is not archived.
TREES = ("articles", "editions")
_LINE = re.compile(r"^([0-9a-f]{64}) [ *](.+)$")


class Sums:
    def __init__(self, archive: Path):
        self.path = archive / NAME
        self.entries: dict[str, str] = {}  # path → SHA-256
        self.problems: list[TypesetError] = []  # lines that are not sha256sum's; a link in its place
        if self.path.is_symlink():
            self.problems.append(link_error(self.path))
        elif self.path.is_file():
            self._read()

    def _read(self) -> None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            self.problems.append(TypesetError(f"cannot read: {error}", Location(self.path)))
            return
        for number, line in enumerate(text.splitlines(), 1):
            match = _LINE.match(line)
            if match is None:
                self.problems.append(TypesetError("not a line of sha256sum's format", Location(self.path, number)))
            elif match.group(2) in self.entries:
                self.problems.append(TypesetError(f"{match.group(2)} is listed twice", Location(self.path, number)))
            else:
                self.entries[match.group(2)] = match.group(1)

    def check_readable(self) -> None:
        """Raise the manifest's first problem: archiving never writes over a manifest it cannot read."""
        if self.problems:
            error = self.problems[0]
            raise TypesetError(error.message, error.location, hint="repair or restore it; nothing was archived")

    def add(self, path: str, digest: str) -> None:
        self.entries[path] = digest

    def save(self) -> None:
        text = "".join(f"{digest}  {path}\n" for path, digest in sorted(self.entries.items()))
        write_atomic(self.path, text.encode("utf-8"))


def archived_files(archive: Path) -> list[str]:
    """Every file below the archived trees, relative to ``archive`` with "/"; no link is followed
    (a link is no archived file: see :func:`links`)."""
    return survey(archive)[0]


def links(archive: Path) -> list[str]:
    """Every symbolic link in the archive (below its trees, and its trees and own files themselves):
    typeset reads and writes nothing through one."""
    return survey(archive)[1]


#: The archive's own files beside the trees (the catalog, the verify log: typeset.archive.catalog, .log).
OWN_FILES = (NAME, "catalog.sqlite", "verify-log.jsonl")


def survey(archive: Path) -> tuple[list[str], list[str]]:
    """(files, links) of the archive, relative to it with "/", sorted: the files below the trees
    (anything that is not a folder or a link), and every symbolic link met; none is followed."""
    files: list[str] = []
    found_links = [name for name in (*TREES, *OWN_FILES) if (archive / name).is_symlink()]

    def walk(folder: Path, prefix: str) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            return
        for entry in entries:
            name = f"{prefix}/{entry.name}"
            if entry.is_symlink():
                found_links.append(name)
            elif entry.is_dir(follow_symlinks=False):
                walk(Path(entry.path), name)
            else:
                files.append(name)

    for tree in TREES:
        folder = archive / tree
        if not folder.is_symlink() and folder.is_dir():
            walk(folder, tree)
    return files, sorted(found_links)


def link_on_the_way(archive: Path, name: str) -> str | None:
    """The first symbolic link from ``archive`` down to ``name`` (itself included), or None."""
    parts = name.split("/")
    for count in range(1, len(parts) + 1):
        partial = "/".join(parts[:count])
        if (archive / partial).is_symlink():
            return partial
    return None


def link_error(path: Path, below: Path | None = None) -> TypesetError:
    """The error of a symbolic link met in the archive (at ``below``'s path when it is below it)."""
    if below is not None:
        return TypesetError(
            f"below the symbolic link {below}: not read (typeset follows no link in the archive)",
            Location(path),
            hint=_LINK_HINT,
        )
    return TypesetError(
        "a symbolic link in the archive: typeset follows none (nothing is read or written through it)",
        Location(path),
        hint=_LINK_HINT,
    )


_LINK_HINT = "put the file or folder itself in its place (or remove the link); an archive holds no links"


def make_folder(archive: Path, name: str) -> Path:
    """``archive/name`` made a folder, one part at a time, never through a link (TypesetError then)."""
    path = archive
    for part in name.split("/"):
        path = path / part
        if path.is_symlink():
            raise link_error(path)
        try:
            path.mkdir()
        except FileExistsError:
            if not path.is_dir():
                raise TypesetError("in the archive, a file where a folder must be", Location(path)) from None
    return path
