"""Finding the engine's shared libraries without running a compiler.

WeasyPrint opens Pango, HarfBuzz, fontconfig… by trying several names for each
(``libgobject-2.0-0``, ``gobject-2.0-0``, ``gobject-2.0``, …). cffi hands every
name that does not load to ``ctypes.util.find_library``, which on Linux runs
``ldconfig -p`` and then, for a name ldconfig does not know, ``gcc`` and ``ld``
(writing a temporary file each time): some twenty processes, a quarter of a
second of every cold start, and a file left in the temporary folder when the
import is interrupted. While the engine is imported, :func:`quick_lookup` puts
in its place the lookup that finds them: ``ldconfig``'s list, read once, and
the folders of ``LD_LIBRARY_PATH``.
"""

from __future__ import annotations

import ctypes.util
import os
import re
import struct
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

_ABI = {"x86_64-64": "libc6,x86-64", "ppc64-64": "libc6,64bit", "s390x-64": "libc6,64bit", "sparc64-64": "libc6,64bit"}


@cache
def _ldconfig() -> str:
    """``ldconfig -p``: the libraries the dynamic loader knows, once per process ("" if there is none)."""
    for program in ("/sbin/ldconfig", "/usr/sbin/ldconfig"):
        try:
            return subprocess.run(
                [program, "-p"],
                capture_output=True,
                text=True,
                env={"LC_ALL": "C", "LANG": "C"},
                timeout=10,
                check=False,
            ).stdout
        except (OSError, subprocess.SubprocessError):
            continue
    return ""


def find_library(name: str) -> str | None:
    """What ``ctypes.util.find_library`` finds for ``name`` through ldconfig or LD_LIBRARY_PATH."""
    machine = f"{os.uname().machine}-{struct.calcsize('l') * 8}"
    match = re.search(rf"\s+(lib{re.escape(name)}\.[^\s]+)\s+\({re.escape(_ABI.get(machine, 'libc6'))}", _ldconfig())
    if match:
        return match.group(1)
    for folder in filter(None, os.environ.get("LD_LIBRARY_PATH", "").split(":")):
        found = sorted(Path(folder).glob(f"lib{name}.so*"))
        if found:
            return found[0].name
    return None


@contextmanager
def quick_lookup() -> Iterator[None]:
    """``ctypes.util.find_library`` without a compiler, for as long as the block runs (and only on
    Linux, where ldconfig answers; elsewhere the usual lookup)."""
    if not _ldconfig():
        yield
        return
    usual = ctypes.util.find_library
    ctypes.util.find_library = find_library
    try:
        yield
    finally:
        ctypes.util.find_library = usual
