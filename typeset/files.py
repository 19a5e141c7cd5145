"""Writing files so that a reader never sees half of one: a temporary file beside it, then a rename.

Used for the PDFs, the build manifest and the cache; imports nothing heavy
(a no-change build writes the manifest without loading the engine).
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from pathlib import Path

#: ``.<name>.typeset-<pid>-<random>.tmp``: typeset's own temporaries, and the process that wrote each.
_TEMPORARY = re.compile(r"^\..*\.typeset-(\d+)-[A-Za-z0-9_]+\.tmp$")


def write_atomic(path: Path, data: bytes, durable: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file (``.<name>.typeset-<pid>-….tmp``) and a rename.

    ``durable``: the data reaches the disk before the rename (outputs); caches
    and the manifest, which are rebuilt when lost, skip that wait.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    name = path.name.encode("utf-8", "surrogateescape")[:120].decode("utf-8", "ignore")  # room for the rest
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{name}.typeset-{os.getpid()}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            if durable:
                file.flush()
                os.fsync(file.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def real_path(path: Path) -> Path:
    """``path`` absolute, its symbolic links followed as far as they go: unlike ``Path.resolve``
    (Python 3.11), never an exception for a loop of links.

    ``os.path.realpath``'s answer. It is asked for every article of a batch, several times; a
    path most often has no link and no ``..`` in it, and then the answer is the path itself made
    absolute, its ``.`` and empty parts dropped: that is checked first (one ``lstat`` a part, as
    ``realpath`` does, without its joins: a third of its time); any link, ``..``, or part that
    cannot be looked at goes to ``realpath`` itself.
    """
    text = os.fspath(path)
    if os.name != "posix" or not isinstance(text, str):
        return Path(os.path.realpath(path))
    if not text.startswith("/"):
        text = os.getcwd() + "/" + text  # the kernel's answer: no links in it
    real = ""
    for part in text.split("/"):
        if not part or part == ".":
            continue
        if part == "..":
            return Path(os.path.realpath(path))
        real += "/" + part
        try:
            if stat.S_ISLNK(os.lstat(real).st_mode):
                return Path(os.path.realpath(path))
        except OSError:  # missing, not a folder, not ours to look at
            return Path(os.path.realpath(path))
    return Path(real or "/")


def remove_stale_temporaries(folder: Path) -> None:
    """Remove the temporaries a killed typeset left in ``folder``: only typeset's own
    (by their name) and only those of a process that is no longer running."""
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            match = _TEMPORARY.match(entry.name)
            if match and entry.is_file(follow_symlinks=False) and not _running(int(match.group(1))):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # another user's process, or not a pid at all: leave its file alone
    return pid != 0
