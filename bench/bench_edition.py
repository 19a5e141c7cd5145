"""An edition of many articles: typeset's builds and rebuilds beside raw WeasyPrint rendering it as one document.

    .venv/bin/python bench/bench_edition.py [--articles 100] [--jobs 2] [--runs 3] [--markdown docs/benchmarks.md]

In one run, on the same synthetic edition (bench/make_edition.py: five languages, ~300 pages):
- ``typeset edition`` in a fresh process (as an editor runs it): the full build (an empty output folder,
  a cache folder with no part of any edition in it, only what typeset keeps for the machine: MACHINE_KINDS)
  with ``--jobs 1`` and with ``--jobs``, and with ``--jobs 1`` a machine's first build (no cache at all);
  the no-change rebuild, one article edited keeping its page count, one article made a page longer; each
  with its CPU-seconds (user + system, of the command and every process it started) beside its wall time;
- the same two edits rebuilt inside one warm process (build_edition called again), and under
  ``typeset watch`` itself: from the save to the edition's PDF written (the watch's look for
  changes, the article's own PDF built beside it, included);
- raw WeasyPrint rendering the whole edition as one HTML document (every article's page, as typeset
  sets it for the edition, in one ``<body>``) in a fresh process;
- Typst on the same articles (bench/typst_edition.py, when the ``typst`` package is installed: the
  ``bench`` extra), a fresh compile and its memoized recompile after the same two edits: the issue's
  rebuild targets came from Typst, and on the same machine in the same run the ratio holds.
Each pair of edits is made to the article as it was (a word added, then a page), so every run
measures the same edit; the word is new each time (``neu1``, ``neu2`` …), so that no edit finds its part
in the cache of parts (which keeps every part it was given: an edit made twice would be rendered once).
Typst's fresh compile is run in the same loop as typeset's builds and raw WeasyPrint, interleaved.
Each figure is the median of ``--runs`` runs, typeset, raw and Typst interleaved;
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
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

import docpage  # noqa: E402
from make_edition import make_edition  # noqa: E402

MEASURE = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, capture_output=True)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(usage.ru_utime + usage.ru_stime, usage.ru_maxrss)
"""


def timed(command: list[str]) -> tuple[float, float, int]:
    """Wall seconds, CPU-seconds (user + system, of the command and every process it started and waited
    for) and the peak resident memory (KiB) of the largest of them (measured by a fresh intermediate
    process, so that each command is measured alone)."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", MEASURE, *command], check=True, capture_output=True, text=True)
    cpu, peak = result.stdout.split()[-2:]
    return time.perf_counter() - start, float(cpu), int(peak)


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


_EDITS = iter(range(1, 1_000_000))


def edit(source: Path, longer: bool) -> None:
    """A last-minute edit in the body: a word added (same pages), or a page's worth of paragraphs; each
    edit new (a numbered word), so that the cache of parts has not seen it."""
    text = source.read_text(encoding="utf-8")
    mark = next(_EDITS)
    body = text.index("\n---\n", 4) + 5  # after the front matter
    start = text.index("\n\n", body) + 2  # the body's first paragraph
    if longer:
        paragraph = "Ein Absatz mehr, in letzter Minute eingefügt, damit die Seite voller wird. " * 8
        text = text[:start] + f"neu{mark} " + (paragraph + "\n\n") * 4 + text[start:]
    else:
        text = text[:start] + f"neu{mark} " + text[start:]
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
        typst_fresh = typst_compiler(folder)
        seed = seeded_cache(folder, edition_file)
        names = ("first1", "cold1", "first", "nochange", "same", "longer", "raw", "typst")
        wall: dict[str, list[float]] = {k: [] for k in names}
        cpu: dict[str, list[float]] = {k: [] for k in names}
        memory: dict[str, int] = {}

        def measure(name: str, command: list[str]) -> None:
            seconds, used, peak = timed(command)
            wall[name].append(seconds)
            cpu[name].append(used)
            memory[name] = max(memory.get(name, 0), peak)

        original = middle.read_text(encoding="utf-8")
        for run in range(args.runs):
            middle.write_text(original, encoding="utf-8")  # each run's edits made to the same article

            def typeset(out: Path, jobs: int) -> list[str]:
                return [sys.executable, "-m", "typeset", "edition", "-q", "--jobs", str(jobs), "-o", str(out)]

            os.environ["TYPESET_CACHE_DIR"] = str(folder / f"cache{run}-0")  # a machine's first build: no cache
            measure("cold1", [*typeset(folder / f"out{run}-0", 1), str(edition_file)])
            shutil.rmtree(folder / f"out{run}-0")
            os.environ["TYPESET_CACHE_DIR"] = str(seed(f"cache{run}-1"))  # a full build, one job
            measure("first1", [*typeset(folder / f"out{run}-1", 1), str(edition_file)])
            shutil.rmtree(folder / f"out{run}-1")
            measure("raw", [sys.executable, "-c", RAW, str(html), str(folder / "raw.pdf")])
            if typst_fresh is not None:
                measure("typst", typst_fresh)
            out = folder / f"out{run}"
            os.environ["TYPESET_CACHE_DIR"] = str(seed(f"cache{run}"))
            steps = [
                ("first", None),
                ("nochange", None),
                ("same", lambda: edit(middle, False)),
                ("longer", lambda: edit(middle, True)),
            ]
            for name, before in steps:
                if before:
                    before()
                measure(name, [*typeset(out, args.jobs), str(edition_file)])
            count = pages(out / f"{edition_file.stem}.pdf")
            if run < args.runs - 1:
                shutil.rmtree(out)
        middle.write_text(original, encoding="utf-8")
        assert subprocess.run([*typeset(out, args.jobs), str(edition_file)], capture_output=True).returncode == 0
        warm = warm_rebuilds(edition_file, out, middle, args.runs)
        watching = watch_rebuilds(edition_file, out, middle, args.runs)
        raw_pages = pages(folder / "raw.pdf")
        typst = typst_reference(folder, args.runs)

    median = {name: statistics.median(values) for name, values in wall.items() if values}
    cpus = {name: statistics.median(values) for name, values in cpu.items() if values}
    print(f"edition of {args.articles} articles ({count} pages; raw single document {raw_pages} pages),")
    print(f"median of {args.runs} runs, {args.jobs} jobs unless said:         wall      CPU")
    for name, label in (
        ("cold1", "typeset edition, a machine's first, 1 job"),
        ("first1", "typeset edition, full build, 1 job"),
        ("first", f"typeset edition, full build, {args.jobs} jobs"),
        ("nochange", "typeset edition, no change"),
        ("same", "one article edited, same pages"),
        ("longer", "one article a page longer"),
        ("raw", "raw WeasyPrint, one document"),
        ("typst", "Typst, a fresh compile"),
    ):
        if name in median:
            print(f"  {label:42s} {median[name]:7.2f} s {cpus[name]:7.2f} s")
    print(
        f"  full build vs raw single document: wall {median['first1'] / median['raw']:.2f}x (1 job),"
        f" {median['first'] / median['raw']:.2f}x ({args.jobs} jobs); CPU {cpus['first1'] / cpus['raw']:.2f}x (1 job),"
        f" {cpus['first'] / cpus['raw']:.2f}x ({args.jobs} jobs) (target: CPU <= 1.2x);"
        f" a machine's first build {cpus['cold1'] / cpus['raw']:.2f}x"
    )
    print(f"  inside one warm process: word edited {warm[0]:.3f} s, page added {warm[1]:.3f} s")
    print(f"  typeset watch, save to edition written: word edited {watching[0]:.3f} s, page added {watching[1]:.3f} s")
    print("  peak memory of one process (MiB): " + ", ".join(f"{k} {v / 1024:.0f}" for k, v in memory.items()))
    if typst is None:
        print("  Typst beside it: not installed (pip install -e '.[bench]')")
        return
    word, page, before, after = typst
    fresh = median["typst"]
    print(f"Typst, the same articles ({before} pages; {after} after the edits), median of {args.runs}:")
    print(f"  fresh compile                      {fresh:7.2f} s  {before / fresh:7.1f} pages/s")
    print(f"  memoized recompile (typst watch): word edited {word:.3f} s, page added {page:.3f} s")
    print(
        f"  typeset / Typst: edit from the command line {median['same'] / fresh:.2f}x, {median['longer'] / fresh:.2f}x"
        f" a fresh compile (target <= 1.0); watch {watching[0] / word:.2f}x, {watching[1] / page:.2f}x its"
        " recompile (target <= 2)"
    )


#: What typeset keeps in its cache folder for the machine, not for an edition: the hyphenation dictionaries
#: parsed, the fonts' hashes, cmaps and faces, the templates compiled. A full build finds them there on any
#: machine that has run typeset once (a build with no cache at all is measured too: a machine's first).
MACHINE_KINDS = ("cmaps", "faces", "hyphenation", "jinja", "trees")


def seeded_cache(folder: Path, edition_file: Path) -> Callable[[str], Path]:
    """A function that makes a cache folder holding only what typeset keeps for the machine (MACHINE_KINDS,
    taken from one unmeasured build of the edition): no part of any edition, no measured verse."""
    os.environ["TYPESET_CACHE_DIR"] = str(folder / "seed")
    command = [sys.executable, "-m", "typeset", "edition", "-q", "--jobs", "1", "-o", str(folder / "seed-out")]
    subprocess.run([*command, str(edition_file)], check=True, capture_output=True)
    shutil.rmtree(folder / "seed-out")

    def seeded(name: str) -> Path:
        cache = folder / name
        for kind in (folder / "seed").iterdir():
            if kind.name.split(".")[0] in MACHINE_KINDS:
                shutil.copytree(kind, cache / kind.name)
        return cache

    return seeded


def typst_compiler(folder: Path) -> list[str] | None:
    """The command of Typst's fresh compile of a copy of the same edition (bench/typst_edition.py), or
    None when the typst package is not installed."""
    try:
        import typst  # noqa: F401
    except ImportError:
        return None
    import typst_edition

    shutil.copytree(folder / "in", folder / "typst-in")
    edition_file = next((folder / "typst-in" / "editions").glob("*.yaml"))
    main, _ = typst_edition.write_typst(edition_file, folder / "typst")
    return [sys.executable, "-c", typst_edition.FRESH, str(main), str(folder / "typst.pdf"), str(typst_edition.FONTS)]


def typst_reference(folder: Path, runs: int) -> tuple[float, float, int, int] | None:
    """Typst's memoized recompiles after the same two edits, on the copy typst_compiler wrote; None when
    the typst package is not installed."""
    try:
        import typst  # noqa: F401
    except ImportError:
        return None
    import typst_edition

    edition_file = next((folder / "typst-in" / "editions").glob("*.yaml"))
    main, files = typst_edition.write_typst(edition_file, folder / "typst")
    source = sorted(files)[len(files) // 2]
    original = source.read_text(encoding="utf-8")

    def edited(longer: bool) -> None:
        edit(source, longer)
        typst_edition.convert(source, files[source])

    def restore() -> None:
        source.write_text(original, encoding="utf-8")
        typst_edition.convert(source, files[source])

    return typst_edition.memoized_recompiles(main, edited, restore, runs)


if __name__ == "__main__":
    main()
