"""Import of a folder of 100 old texts: the whole command, as a user runs it (process start included).

The texts are the four samples of tests/data/import (the seed, a Dari article with
one-line couplets, a Pashto one, an English web paste) in turn, 100 files in all.
The issue asks for under 5 s on this machine.

    .venv/bin/python bench/bench_import.py [--texts 100]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = [ROOT / "tests" / "data" / "seed.txt", *sorted((ROOT / "tests" / "data" / "import").glob("*.txt"))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-import-") as folder:
        root = Path(folder)
        shutil.copy(ROOT / "input" / "publication.yaml", root / "publication.yaml")
        texts = root / "texts"
        texts.mkdir()
        for number in range(args.texts):
            sample = SAMPLES[number % len(SAMPLES)]
            shutil.copy(sample, texts / f"{number:03d}-{sample.stem}.txt")
        size = sum(path.stat().st_size for path in texts.iterdir())
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "typeset", "import", "-q", str(texts), "-o", str(root / "imported")],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        elapsed = time.perf_counter() - start
        if result.returncode != 0:
            sys.exit(result.stderr)
        written = len(list((root / "imported").glob("*.md")))
        print(
            f"{args.texts} texts ({size / 1024:.0f} kB) -> {written} sources: {elapsed:.2f} s (process start included)"
        )
        print(f"  {1000 * elapsed / args.texts:.1f} ms a text; the issue's budget is 5 s for 100")


if __name__ == "__main__":
    main()
