"""Bytes that must not move when code moves: the PDFs of the shipped samples and of a generated edition.

A refactoring keeps behaviour and bytes. This module builds the shipped ``input/`` (its articles, its
edition on screen and for print with the booklet) and a small generated edition (``bench/make_edition.py``,
8 articles), and writes the SHA-256 of every PDF to ``tests/data/golden/bytes.json``.

When output changes on purpose (a typography fix, a new engine), regenerate the record with

    .venv/bin/python -m tests.golden

and say why in the commit. ``tests/test_golden_bytes.py`` compares a fresh build with it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from typeset.cache import cache_dir

ROOT = Path(__file__).resolve().parent.parent
RECORD = ROOT / "tests" / "data" / "golden" / "bytes.json"


def _run(*args: str) -> None:
    from typeset.cli.main import main

    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    if result.exit_code != 0:
        raise RuntimeError(f"typeset {' '.join(args)} exited {result.exit_code}:\n{result.output}")


def digests(work: Path) -> dict[str, str]:
    """Build everything the record covers under ``work``: name → SHA-256 of the PDF."""
    sys.path.insert(0, str(ROOT))
    from bench.make_edition import make_edition

    # An empty cache: every part is rendered by the code under test, none taken from an earlier run.
    saved = os.environ.get("TYPESET_CACHE_DIR")
    os.environ["TYPESET_CACHE_DIR"] = str(work / "cache")
    cache_dir.cache_clear()
    try:
        return _build_all(work, make_edition)
    finally:
        if saved is None:
            del os.environ["TYPESET_CACHE_DIR"]
        else:
            os.environ["TYPESET_CACHE_DIR"] = saved
        cache_dir.cache_clear()


def _build_all(work: Path, make_edition: Callable[[Path, int], Path]) -> dict[str, str]:
    shipped = work / "shipped"
    shutil.copytree(ROOT / "input", shipped / "input")
    _run("build", str(shipped / "input"), "-o", str(shipped / "output"), "--jobs", "1")
    editions = shipped / "input" / "editions"
    _run("edition", str(editions), "-o", str(shipped / "screen"), "--jobs", "1")
    _run(
        "edition",
        str(editions),
        "--profile",
        "print",
        "--impose",
        "booklet",
        "-o",
        str(shipped / "print"),
        "--jobs",
        "1",
    )
    generated = work / "generated"
    edition_file = make_edition(generated, 8)
    _run("edition", str(edition_file), "-o", str(generated / "output"), "--jobs", "1")
    found: dict[str, str] = {}
    for pdf in sorted(work.rglob("*.pdf")):
        # The cache and the parts folders are named by cache keys, which change with the code.
        if {"cache", ".typeset-parts"} & set(pdf.relative_to(work).parts):
            continue
        found[pdf.relative_to(work).as_posix()] = hashlib.sha256(pdf.read_bytes()).hexdigest()
    return found


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="typeset-golden-") as folder:
        found = digests(Path(folder))
    RECORD.parent.mkdir(parents=True, exist_ok=True)
    RECORD.write_text(json.dumps(found, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{RECORD.relative_to(ROOT)}: {len(found)} PDFs")


if __name__ == "__main__":
    main()
