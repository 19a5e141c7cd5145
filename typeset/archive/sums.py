"""``archive/SHA256SUMS``: the SHA-256 of every archived file, as ``sha256sum`` writes it.

An archivist checks it without typeset (``cd archive && sha256sum -c SHA256SUMS``).
Lines are ``<64 hex digits>  <path>``, the paths relative to the archive folder
with "/" separators, sorted; it is written atomically (a temporary file, fsync,
rename), always after the files it names, so it never names a file that is not
whole. A manifest that cannot be read is never written over: archiving stops
and says where (the lines it would drop are the archive's memory).
"""

from __future__ import annotations

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
        self.problems: list[TypesetError] = []  # lines that are not sha256sum's
        if self.path.is_file():
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
    """Every file below the archived trees, relative to ``archive`` with "/" (links are files too)."""
    found: list[str] = []
    for tree in TREES:
        folder = archive / tree
        if folder.is_dir():
            found.extend(
                path.relative_to(archive).as_posix()
                for path in sorted(folder.rglob("*"))
                if path.is_symlink() or not path.is_dir()
            )
    return found
