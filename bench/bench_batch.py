"""A batch of different articles: typeset's first build and no-change rebuild beside raw WeasyPrint.

    .venv/bin/python bench/bench_batch.py [--articles 100] [--jobs 2] [--runs 3]

In one run, on the same articles:
- typeset, cold: ``typeset build --jobs N`` in a fresh process with an empty output folder
  (first build), then again with nothing changed (no-change rebuild);
- raw WeasyPrint: one process importing WeasyPrint once and rendering the same HTML (typeset's
  own, saved beforehand) in a loop, as a script would, with a fresh font configuration per document
  (WeasyPrint's default) and with one shared across documents (its best case).
Each figure is the median of ``--runs`` runs; the runs interleave typeset and raw, so that the noise
of a shared machine hits both alike. Peak memory is the largest resident set of the processes.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from bench import make_articles, save_html  # noqa: E402

RAW_LOOP = """
import sys, pathlib, weasyprint
from weasyprint.text.fonts import FontConfiguration
shared = FontConfiguration() if sys.argv[2] == "shared" else None
out = pathlib.Path(sys.argv[3])
for page in sorted(pathlib.Path(sys.argv[1]).glob("*.html")):
    html = weasyprint.HTML(string=page.read_text(encoding="utf-8"), base_url=page.parent.as_uri() + "/")
    html.write_pdf(out / (page.stem + ".pdf"), **({"font_config": shared} if shared else {}))
"""


MEASURE = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, capture_output=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def timed(command: list[str]) -> tuple[float, int]:
    """Seconds, and the peak resident memory (KiB) of the largest of the command's processes
    (measured by a fresh intermediate process, so that each command is measured alone)."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", MEASURE, *command], check=True, capture_output=True, text=True)
    return time.perf_counter() - start, int(result.stdout.split()[-1])


def pages(folder: Path) -> int:
    import pypdf

    return sum(len(pypdf.PdfReader(pdf).pages) for pdf in folder.glob("*.pdf"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sources = folder / "in"
        sources.mkdir()
        articles = make_articles(sources, args.articles)
        html_dir = folder / "html"
        html_dir.mkdir()
        for page in save_html(articles):
            page.rename(html_dir / page.name)
        typeset = [sys.executable, "-m", "typeset", "build", "-q", "--jobs", str(args.jobs), str(sources)]
        results: dict[str, list[float]] = {"first": [], "nochange": [], "raw": [], "raw-shared": []}
        memory: dict[str, int] = {}
        for run in range(args.runs):
            out = folder / f"out{run}"
            for name, command in (
                ("first", [*typeset, "-o", str(out)]),
                ("nochange", [*typeset, "-o", str(out)]),
                ("raw", [sys.executable, "-c", RAW_LOOP, str(html_dir), "default", str(folder)]),
                ("raw-shared", [sys.executable, "-c", RAW_LOOP, str(html_dir), "shared", str(folder)]),
            ):
                seconds, peak = timed(command)
                results[name].append(seconds)
                memory[name] = max(memory.get(name, 0), peak)
            count = pages(out)
            shutil.rmtree(out)

    median = {name: statistics.median(values) for name, values in results.items()}
    print(f"{args.articles} different articles ({count} pages), median of {args.runs} runs, {args.jobs} jobs:")
    for name, label in (
        ("first", "typeset build, first build"),
        ("nochange", "typeset build, no change"),
        ("raw", "raw WeasyPrint loop, one process"),
        ("raw-shared", "raw WeasyPrint loop, shared fonts"),
    ):
        print(f"  {label:36s} {median[name]:7.2f} s  {count / median[name]:7.1f} pages/s")
    print(f"  first build faster than the raw loop: {median['raw'] / median['first']:.2f}x (target >= 1.7)")
    print(f"  ... than the raw loop with shared fonts: {median['raw-shared'] / median['first']:.2f}x")
    print(f"  no-change rebuild: {median['nochange']:.3f} s (target < 0.5 s)")
    print("  peak memory of one process (MiB): " + ", ".join(f"{k} {v / 1024:.0f}" for k, v in memory.items()))


if __name__ == "__main__":
    main()
