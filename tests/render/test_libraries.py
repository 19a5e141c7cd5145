"""The engine's libraries are found without a compiler: no gcc or ld on every start."""

from __future__ import annotations

import ctypes.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from typeset.render.libraries import find_library

ENGINE_LIBRARIES = ["gobject-2.0", "pango-1.0", "harfbuzz", "harfbuzz-subset", "fontconfig", "pangoft2-1.0"]


@pytest.mark.parametrize("name", [*ENGINE_LIBRARIES, "no-such-library-anywhere", "c"])
def test_the_quick_lookup_finds_what_ctypes_finds(name: str) -> None:
    assert find_library(name) == ctypes.util.find_library(name)


def test_importing_the_engine_runs_no_compiler(tmp_path: Path) -> None:
    log = tmp_path / "calls"
    for tool in ("gcc", "cc", "ld"):
        fake = tmp_path / tool
        fake.write_text(f'#!/bin/sh\necho {tool} "$@" >> {log}\nexit 1\n')
        fake.chmod(0o755)
    code = (
        "from typeset.jobs.batch import load_engine; load_engine(); from weasyprint.text import ffi; print(ffi.pango)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PATH": f"{tmp_path}:{os.environ['PATH']}"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert not log.exists(), log.read_text()
