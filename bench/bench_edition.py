"""An edition of many articles: typeset's builds and rebuilds beside raw WeasyPrint rendering it as one document.

    .venv/bin/python bench/bench_edition.py [--articles 100] [--jobs 2] [--runs 3] [--markdown docs/benchmarks.md]

In one run, on the same synthetic edition (bench/make_edition.py: five languages, ~300 pages):
- ``typeset edition`` in a fresh process (as an editor runs it): the full build (empty output folder and
  cache), the no-change rebuild, one article edited keeping its page count, one article made a page longer;
- the same two edits rebuilt inside one warm process (build_edition called again), and under
  ``typeset watch`` itself: from the save to the edition's PDF written (the watch's look for
  changes, the article's own PDF built beside it, included);
- raw WeasyPrint rendering the whole edition as one HTML document (every article's page, as typeset
  sets it for the edition, in one ``<body>``) in a fresh process;
- Typst on the same articles (bench/typst_edition.py, when the ``typst`` package is installed: the
  ``bench`` extra), a fresh compile and its memoized recompile after the same two edits: the issue's
  rebuild targets came from Typst, and on the same machine in the same run the ratio holds.
Each pair of edits is made to the article as it was (a word added, then a page), so every run
measures the same edit. Each figure is the median of ``--runs`` runs, typeset and raw interleaved;
peak memory is the largest resident set of the processes.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
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

import docpage  # noqa: E402
from bench_batch import timed  # noqa: E402
from make_edition import make_edition  # noqa: E402

RAW = """
import pathlib, sys, weasyprint
page = pathlib.Path(sys.argv[1])
weasyprint.HTML(string=page.read_text(encoding="utf-8"), base_url=page.parent.as_uri() + "/").write_pdf(sys.argv[2])
"""


def one_document(edition_file: Path, html: Path) -> None:
    """Every article of the edition, set as typeset sets it for the edition, in one HTML document."""
    from typeset.edition.parts import article_html
    from typeset.jobs.job import prepare
    from typeset.source.edition import read_edition

    edition = read_edition(edition_file)
    documents = []
    for entry in edition.entries:
        job = prepare(entry.source, edition)
        assert job.ok, job.errors
        documents.append(article_html(job, edition))
    head = documents[0].split("<body", 1)[0]
    bodies = [re.search(r"<body[^>]*>(.*)</body>", page, re.S).group(1) for page in documents]  # type: ignore[union-attr]
    joined = "".join(f'<div style="break-before: recto">{body}</div>' for body in bodies)
    html.write_text(f"{head}<body>{joined}</body></html>", encoding="utf-8")


def pages(pdf: Path) -> int:
    import pypdf

    return len(pypdf.PdfReader(pdf).pages)


def edit(source: Path, longer: bool) -> None:
    """A last-minute edit in the body: a word added (same pages), or a page's worth of paragraphs."""
    text = source.read_text(encoding="utf-8")
    body = text.index("\n---\n", 4) + 5  # after the front matter
    start = text.index("\n\n", body) + 2  # the body's first paragraph
    if longer:
        paragraph = "Ein Absatz mehr, in letzter Minute eingefügt, damit die Seite voller wird. " * 8
        text = text[:start] + (paragraph + "\n\n") * 4 + text[start:]
    else:
        text = text[:start] + "neu " + text[start:]
    source.write_text(text, encoding="utf-8")


def warm_rebuilds(edition_file: Path, out: Path, source: Path, runs: int) -> tuple[float, float]:
    """Rebuilds inside one warm process (the engine loaded, the parts built): a word edited, a page added."""
    from typeset.edition.build import build_edition
    from typeset.jobs.options import Options

    original = source.read_text(encoding="utf-8")
    edit(source, False)  # the process warmed by one rebuild (the engine loaded, the fonts read)
    assert build_edition(edition_file, Options(out)).ok
    same, longer = [], []
    for _ in range(runs):
        source.write_text(original, encoding="utf-8")  # each pair of edits made to the same article
        assert build_edition(edition_file, Options(out)).ok
        for kind, times in ((False, same), (True, longer)):
            edit(source, kind)
            start = time.perf_counter()
            result = build_edition(edition_file, Options(out))
            times.append(time.perf_counter() - start)
            assert result.ok and len(result.rendered) == 1, result.errors
    source.write_text(original, encoding="utf-8")
    return statistics.median(same), statistics.median(longer)


def watch_rebuilds(edition_file: Path, out: Path, source: Path, runs: int) -> tuple[float, float]:
    """``typeset watch`` on the edition's folder: seconds from a save to the edition's PDF rewritten."""
    root = edition_file.parent.parent
    pdf = out / f"{edition_file.stem}.pdf"
    command = [sys.executable, "-m", "typeset", "watch", "-q", "-o", str(out), str(root)]
    watcher = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def rewritten(before: int | None, limit: float = 600.0) -> float:
        start = time.perf_counter()
        while time.perf_counter() - start < limit:
            with contextlib.suppress(FileNotFoundError):
                if pdf.stat().st_mtime_ns != before:
                    return time.perf_counter()
            time.sleep(0.002)
        raise SystemExit("typeset watch did not rewrite the edition")

    original = source.read_text(encoding="utf-8")
    try:
        same, longer = [], []
        edit(source, False)
        rewritten(pdf.stat().st_mtime_ns)  # the watch's first pass: the engine loaded, the parts built
        time.sleep(1.5)
        for _ in range(runs):
            before = pdf.stat().st_mtime_ns
            source.write_text(original, encoding="utf-8")  # each pair of edits made to the same article
            rewritten(before)
            time.sleep(1.0)
            for kind, times in ((False, same), (True, longer)):
                before = pdf.stat().st_mtime_ns
                saved = time.perf_counter()
                edit(source, kind)
                times.append(rewritten(before) - saved)
                time.sleep(1.0)  # the article's own PDF, built beside it, is done too
        return statistics.median(same), statistics.median(longer)
    finally:
        watcher.terminate()
        watcher.wait()
        source.write_text(original, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--markdown", type=Path, help="also write the figures into its section of this page")
    args = parser.parse_args()
    with docpage.recorded(args.markdown, "bench_edition.py"):
        run(args)


def run(args: argparse.Namespace) -> None:
    """The edition built, rebuilt and watched, beside raw WeasyPrint and Typst; the figures printed."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        edition_file = make_edition(folder / "in", args.articles)
        middle = sorted((folder / "in").rglob("*.md"))[args.articles // 2]
        html = folder / "edition.html"
        one_document(edition_file, html)
        results: dict[str, list[float]] = {k: [] for k in ("first", "nochange", "same", "longer", "raw")}
        memory: dict[str, int] = {}
        original = middle.read_text(encoding="utf-8")
        for run in range(args.runs):
            middle.write_text(original, encoding="utf-8")  # each run's edits made to the same article
            out = folder / f"out{run}"
            os.environ["TYPESET_CACHE_DIR"] = str(folder / f"cache{run}")
            typeset = [sys.executable, "-m", "typeset", "edition", "-q", "--jobs", str(args.jobs), "-o", str(out)]
            steps = [
                ("first", None),
                ("nochange", None),
                ("same", lambda: edit(middle, False)),
                ("longer", lambda: edit(middle, True)),
            ]
            for name, before in steps:
                if before:
                    before()
                seconds, peak = timed([*typeset, str(edition_file)])
                results[name].append(seconds)
                memory[name] = max(memory.get(name, 0), peak)
            seconds, peak = timed([sys.executable, "-c", RAW, str(html), str(folder / "raw.pdf")])
            results["raw"].append(seconds)
            memory["raw"] = max(memory.get("raw", 0), peak)
            count = pages(out / f"{edition_file.stem}.pdf")
            if run < args.runs - 1:
                shutil.rmtree(out)
        middle.write_text(original, encoding="utf-8")
        assert subprocess.run([*typeset, str(edition_file)], capture_output=True).returncode == 0
        warm = warm_rebuilds(edition_file, out, middle, args.runs)
        watching = watch_rebuilds(edition_file, out, middle, args.runs)
        raw_pages = pages(folder / "raw.pdf")
        typst = typst_reference(folder, args.runs)

    median = {name: statistics.median(values) for name, values in results.items()}
    print(f"edition of {args.articles} articles ({count} pages; raw single document {raw_pages} pages),")
    print(f"median of {args.runs} runs, {args.jobs} jobs:")
    for name, label in (
        ("first", "typeset edition, full build"),
        ("nochange", "typeset edition, no change"),
        ("same", "one article edited, same pages"),
        ("longer", "one article a page longer"),
        ("raw", "raw WeasyPrint, one document"),
    ):
        rate = f"{count / median[name]:7.1f} pages/s" if name in ("first", "raw") else ""
        print(f"  {label:34s} {median[name]:7.2f} s  {rate}")
    print(f"  full build vs raw single document: {median['raw'] / median['first']:.2f}x faster (target > 1)")
    print(f"  inside one warm process: word edited {warm[0]:.3f} s, page added {warm[1]:.3f} s (target < 0.5)")
    print(f"  typeset watch, save to edition written: word edited {watching[0]:.3f} s, page added {watching[1]:.3f} s")
    print("  peak memory of one process (MiB): " + ", ".join(f"{k} {v / 1024:.0f}" for k, v in memory.items()))
    if typst is None:
        print("  Typst beside it: not installed (pip install -e '.[bench]')")
        return
    fresh, (word, page, before, after) = typst
    print(f"Typst, the same articles ({before} pages; {after} after the edits), median of {args.runs}:")
    print(f"  fresh compile                      {fresh:7.2f} s  {before / fresh:7.1f} pages/s")
    print(f"  memoized recompile (typst watch): word edited {word:.3f} s, page added {page:.3f} s")
    print(
        f"  typeset / Typst: edit from the command line {median['same'] / fresh:.2f}x, {median['longer'] / fresh:.2f}x"
        f" a fresh compile; watch {watching[0] / word:.2f}x, {watching[1] / page:.2f}x its recompile"
    )


def typst_reference(folder: Path, runs: int) -> tuple[float, tuple[float, float, int, int]] | None:
    """Typst on a copy of the same edition (bench/typst_edition.py): a fresh compile's median, and its
    memoized recompiles after the same two edits; None when the typst package is not installed."""
    try:
        import typst  # noqa: F401
    except ImportError:
        return None
    import typst_edition

    shutil.copytree(folder / "in", folder / "typst-in")
    edition_file = next((folder / "typst-in" / "editions").glob("*.yaml"))
    main, files = typst_edition.write_typst(edition_file, folder / "typst")
    source = sorted(files)[len(files) // 2]
    fresh = statistics.median(typst_edition.fresh_compile(main, folder / "typst.pdf") for _ in range(runs))
    original = source.read_text(encoding="utf-8")

    def edited(longer: bool) -> None:
        edit(source, longer)
        typst_edition.convert(source, files[source])

    def restore() -> None:
        source.write_text(original, encoding="utf-8")
        typst_edition.convert(source, files[source])

    return fresh, typst_edition.memoized_recompiles(main, edited, restore, runs)


if __name__ == "__main__":
    main()
