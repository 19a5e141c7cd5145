"""Writing files so that a reader never sees half of one: a temporary file beside it, then a rename.

Used for the PDFs, the build manifest and the cache; imports nothing heavy
(a no-change build writes the manifest without loading the engine).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes, durable: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file (``.<name>.…tmp``) and a rename.

    ``durable``: the data reaches the disk before the rename (outputs); caches
    and the manifest, which are rebuilt when lost, skip that wait.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
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
