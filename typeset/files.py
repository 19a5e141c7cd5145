"""Writing files so that a reader never sees half of one: a temporary file beside it, then a rename.

Used for the PDFs, the build manifest and the cache; imports nothing heavy
(a no-change build writes the manifest without loading the engine).
"""

from __future__ import annotations

import contextlib
import os
import re
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
    (Python 3.11), never an exception for a loop of links."""
    return Path(os.path.realpath(path))


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
