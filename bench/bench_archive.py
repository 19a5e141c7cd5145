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
"""

from __future__ import annotations

import argparse
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
    args = parser.parse_args()
    jobs = str(args.jobs)
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
