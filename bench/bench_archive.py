"""The archive of the synthetic edition: archive, no-change archive and verify, beside raw WeasyPrint
writing the same articles as PDF/A-3u.

    .venv/bin/python bench/bench_archive.py [--articles 100] [--jobs 2] [--runs 1]

In one run, on the same synthetic edition (bench/make_edition.py: 100 articles in five languages and
the edition of them):
- ``typeset archive DEST --jobs N`` in a fresh process into an empty archive (every article and the
  edition as PDF/A-3u with their sources attached, the manifest), then again with nothing changed;
- ``typeset archive verify --jobs N``: every sum, and every file rebuilt from its own attachments;
- raw WeasyPrint: N processes, each importing WeasyPrint once and writing its share of the same
  articles (typeset's HTML, saved beforehand) with ``pdf_variant="pdf/a-3u"`` and one shared font
  configuration (its best case), no attachments;
- search: a hook, for the catalog (``typeset search``) once it lands.
Each figure is the median of ``--runs`` runs, typeset and raw interleaved.

    .venv/bin/python bench/bench_archive.py --sizes 100,1000,3000 [--jobs 2] [--verify]

The archive's growth: for each size, that many small synthetic articles (a title and a paragraph,
the five languages in turn, each on its own day) archived into an empty archive, then archived
again with nothing changed, then (``--verify``) verified: the time and the peak memory (the largest
resident set of the command and of its workers) of each, and the no-change run's share of the first.
"""

from __future__ import annotations

import argparse
import datetime
import os
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

from make_edition import make_edition  # noqa: E402

from bench import save_html  # noqa: E402

RAW = """
import sys, pathlib, weasyprint
from weasyprint.text.fonts import FontConfiguration
shared = FontConfiguration()
out = pathlib.Path(sys.argv[1])
for name in sys.argv[2:]:
    page = pathlib.Path(name)
    html = weasyprint.HTML(string=page.read_text(encoding="utf-8"), base_url=page.parent.as_uri() + "/")
    html.write_pdf(out / (page.stem + ".pdf"), font_config=shared, pdf_variant="pdf/a-3u")
"""


def typeset(*args: str, cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "typeset", *args], cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start


def measured(*args: str, cwd: Path) -> tuple[float, float, float]:
    """(seconds, CPU seconds, peak MiB) of one typeset command in a fresh process: the CPU time is the
    command's and its workers' (user and system), the peak the largest resident set among them (the
    process's rusage holds its reaped children's)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "typeset", *args], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    assert process.stderr is not None
    if process.returncode != 0:
        raise SystemExit(f"typeset {' '.join(args)} failed: {process.stderr.read().decode()[-2000:]}")
    process.stderr.close()
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


_SMALL = {
    "en": ("european-languages", "A short note", "The library opened its new reading room to the public."),
    "de": ("european-languages", "Eine kurze Notiz", "Die Bibliothek hat ihren neuen Lesesaal eröffnet."),
    "fr": ("european-languages", "Une brève note", "La bibliothèque a ouvert sa nouvelle salle de lecture."),
    "fa-AF": ("dari", "یادداشت کوتاه", "کتابخانه تالار مطالعهٔ تازهٔ خود را به روی مردم گشود."),
    "ps": ("pashto", "لنډ یادښت", "کتابتون د لوستلو نوې خونه خلکو ته پرانیسته."),
}


def small_articles(folder: Path, count: int) -> None:
    """``count`` small articles (one paragraph), the five languages in turn, each of its own day and name."""
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "input" / "publication.yaml", folder / "publication.yaml")
    first = datetime.date(2000, 1, 1)
    for index in range(count):
        lang = list(_SMALL)[index % len(_SMALL)]
        section, title, text = _SMALL[lang]
        day = first + datetime.timedelta(days=index)
        front = (
            f"title: {title} {index + 1}\nauthor: Bench\ndate: {day.isoformat()}\nlang: {lang}\nsection: {section}\n"
        )
        (folder / f"{index + 1:05d}.md").write_text(f"---\n{front}---\n\n{text} ({index + 1})\n", encoding="utf-8")


def scale(sizes: list[int], jobs: str, with_verify: bool) -> None:
    """The table of the archive's growth (see the module's docstring)."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            folder = Path(tmp) / str(size)
            small_articles(folder / "input", size)
            archive = folder / "archive"
            common = ("--archive", str(archive), "-j", jobs)
            first = measured("archive", str(folder / "input"), *common, cwd=folder)
            again = measured("archive", str(folder / "input"), *common, cwd=folder)
            checked = measured("archive", "verify", *common, cwd=folder) if with_verify else None
            rows.append((size, first, again, checked))
            shutil.rmtree(folder)
            print(f"{size} done", file=sys.stderr, flush=True)
    print(f"small articles, --jobs {jobs}: wall time (s), CPU time (s) and peak memory (MiB, the largest process)")
    print(
        "| entries | archive | CPU | peak | no change | CPU | peak | no change / archive (wall, CPU) "
        "| verify | CPU | peak |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size, first, again, checked in rows:
        verify_cells = f"{checked[0]:.1f} | {checked[1]:.1f} | {checked[2]:.0f}" if checked else "– | – | –"
        print(
            f"| {size} | {first[0]:.1f} | {first[1]:.1f} | {first[2]:.0f} | {again[0]:.2f} | {again[1]:.2f} | "
            f"{again[2]:.0f} | {100 * again[0] / first[0]:.1f}%, {100 * again[1] / first[1]:.1f}% | {verify_cells} |"
        )


def raw(pages: list[Path], out: Path, jobs: int) -> float:
    out.mkdir(exist_ok=True)
    shares = [[str(page) for page in pages[index::jobs]] for index in range(jobs)]
    start = time.perf_counter()
    processes = [subprocess.Popen([sys.executable, "-c", RAW, str(out), *share]) for share in shares if share]
    for process in processes:
        if process.wait() != 0:
            raise SystemExit("raw WeasyPrint failed")
    return time.perf_counter() - start


def search(archive: Path) -> float | None:
    """The time of one ``typeset search`` in the archive's catalog: None until the catalog lands."""
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--sizes", default=None, help="comma-separated archive sizes: the growth table instead")
    parser.add_argument("--verify", action="store_true", help="with --sizes: verify each archive too")
    args = parser.parse_args()
    jobs = str(args.jobs)
    if args.sizes:
        scale([int(size) for size in args.sizes.split(",")], jobs, args.verify)
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        project = folder / "project"
        make_edition(project, args.articles)
        html = folder / "html"
        html.mkdir()
        pages = []
        for page in save_html(sorted((project / "articles").glob("*.md"))):
            pages.append(page.rename(html / page.name))
        figures: dict[str, list[float]] = {"archive": [], "unchanged": [], "verify": [], "raw": [], "search": []}
        for run in range(args.runs):
            archive = folder / f"archive-{run}"
            figures["archive"].append(
                typeset("archive", str(project), "--archive", str(archive), "-j", jobs, cwd=folder)
            )
            figures["unchanged"].append(
                typeset("archive", str(project), "--archive", str(archive), "-j", jobs, cwd=folder)
            )
            figures["verify"].append(typeset("archive", "verify", "--archive", str(archive), "-j", jobs, cwd=folder))
            found = search(archive)
            if found is not None:
                figures["search"].append(found)
            figures["raw"].append(raw(pages, folder / f"raw-{run}", args.jobs))
        files = len(list((folder / "archive-0").rglob("*.pdf")))
        print(f"{args.articles} articles and their edition ({files} archived files), --jobs {jobs}, {args.runs} runs")
        for name, values in figures.items():
            if values:
                print(f"{name:>10}: {statistics.median(values):6.1f} s")
        ratio = statistics.median(figures["archive"]) / statistics.median(figures["raw"])
        print(f"archive / raw PDF/A-3u of the articles: {ratio:.2f}")


if __name__ == "__main__":
    main()
