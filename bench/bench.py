"""Speed of typeset beside raw WeasyPrint on the same HTML, in the same run.

    .venv/bin/python bench/bench.py [--articles 12] [--rounds 5] [--cold-runs 7] [--markdown docs/benchmarks.md]

Articles: the shipped input/ plus variants made from them (different text,
same house), in a temporary folder. For each, typeset's own HTML is saved so
that raw WeasyPrint renders exactly what typeset renders.

- cold: one process per article: ``python -m typeset build A.md`` beside
  ``python -c "weasyprint.HTML(A.html).write_pdf()"`` (median over articles
  and runs, the two interleaved so that noise hits both alike);
- warm: one process, every article rendered in turn, several rounds:
  ``typeset.jobs.job`` (read, check, HTML, PDF, atomic write) beside
  ``HTML(string=...).write_pdf()`` with one shared FontConfiguration (raw
  WeasyPrint at its best), and beside a fresh FontConfiguration per document
  (WeasyPrint as most callers use it); and typeset with its parsed stylesheets
  forgotten before each article (typeset.render.stylesheets: the theme's CSS
  parsed for each document, as before it), interleaved with the rest.

The machine is shared and noisy: the ratios are the figures that hold.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import docpage  # noqa: E402  (bench/, the script's own folder)


def make_articles(folder: Path, count: int) -> list[Path]:
    """``count`` different articles: the shipped ones, then variants with shuffled paragraphs."""
    shutil.copy(ROOT / "input" / "publication.yaml", folder)
    originals = sorted((ROOT / "input").glob("*.md"))
    rng = random.Random(1)
    articles = []
    for index in range(count):
        text = originals[index % len(originals)].read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2)
        paragraphs = body.strip().split("\n\n")
        if index >= len(originals):
            plain = [
                i
                for i, p in enumerate(paragraphs)
                if ":::" not in p and not p.startswith(("#", "[^", ">", "1.")) and "\n" not in p
            ]
            picked = [paragraphs[i] for i in plain]
            rng.shuffle(picked)
            for i, paragraph in zip(plain, picked, strict=True):
                paragraphs[i] = paragraph
        path = folder / f"article-{index:02d}.md"
        path.write_text(f"---\n{front}---\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
        articles.append(path)
    return articles


def save_html(articles: list[Path]) -> list[Path]:
    from typeset.jobs.job import prepare

    pages = []
    for article in articles:
        job = prepare(article)
        assert job.ok, job.errors
        html = article.with_suffix(".html")
        html.write_text(job.html or "", encoding="utf-8")  # the HTML typeset gives the engine
        pages.append(html)
    return pages


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def cold(articles: list[Path], pages: list[Path], runs: int, out: Path) -> tuple[list[float], list[float]]:
    ours, raw = [], []
    for _ in range(runs):
        for article, page in zip(articles, pages, strict=True):
            raw.append(
                timed(
                    [
                        sys.executable,
                        "-c",
                        "import sys, weasyprint; weasyprint.HTML(filename=sys.argv[1]).write_pdf(sys.argv[2])",
                        str(page),
                        str(out / "raw.pdf"),
                    ]
                )
            )
            ours.append(
                timed([sys.executable, "-m", "typeset", "build", "-q", "--force", str(article), "-o", str(out)])
            )
    return ours, raw


def warm(articles: list[Path], pages: list[Path], rounds: int, out: Path) -> dict[str, list[float]]:
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    from typeset.jobs.batch import build
    from typeset.render import stylesheets

    htmls = [(page.read_text(encoding="utf-8"), page.parent.as_uri() + "/") for page in pages]
    shared = FontConfiguration()
    times: dict[str, list[float]] = {"typeset": [], "typeset-css-each": [], "raw-shared-fonts": [], "raw-default": []}
    for html, base in htmls:  # warm up every path once
        HTML(string=html, base_url=base).write_pdf(font_config=shared)
    build(articles, out, force=True)
    for _ in range(rounds):
        for article, (html, base) in zip(articles, htmls, strict=True):
            start = time.perf_counter()
            (job,) = build([article], out, force=True)
            times["typeset"].append(time.perf_counter() - start)
            assert job.ok

            stylesheets._KEPT.clear()  # as before typeset.render.stylesheets: the theme's CSS parsed again
            start = time.perf_counter()
            (job,) = build([article], out, force=True)
            times["typeset-css-each"].append(time.perf_counter() - start)

            start = time.perf_counter()
            HTML(string=html, base_url=base).write_pdf(font_config=shared)
            times["raw-shared-fonts"].append(time.perf_counter() - start)

            start = time.perf_counter()
            HTML(string=html, base_url=base).write_pdf()
            times["raw-default"].append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=12)
    parser.add_argument("--rounds", type=int, default=5, help="warm: rounds over all articles")
    parser.add_argument("--cold-runs", type=int, default=3, help="cold: runs over all articles")
    parser.add_argument("--markdown", type=Path, help="also write the figures into this page's bench.py section")
    args = parser.parse_args()

    with docpage.recorded(args.markdown, "bench.py"), tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        out = folder / "out"
        articles = make_articles(folder, args.articles)
        pages = save_html(articles)

        times = warm(articles, pages, args.rounds, out)
        median = {name: statistics.median(values) for name, values in times.items()}
        print(f"warm, {args.articles} articles x {args.rounds} rounds in one process (median per article):")
        for name, value in median.items():
            print(f"  {name:18s} {value * 1000:7.1f} ms")
        print(
            f"  ratio typeset / raw-shared-fonts: {median['typeset'] / median['raw-shared-fonts']:.3f}"
            "  (target <= 1.15)"
        )
        print(f"  ratio typeset / raw-default:      {median['typeset'] / median['raw-default']:.3f}")
        each, saved = median["typeset-css-each"], 1 - median["typeset"] / median["typeset-css-each"]
        print(
            f"  the theme's CSS parsed for each document: {each / median['raw-shared-fonts']:.3f}"
            f" of raw-shared-fonts; parsed once per process saves {saved:.1%}"
        )

        ours, raw = cold(articles, pages, args.cold_runs, out)
        ours_median, raw_median = statistics.median(ours), statistics.median(raw)
        print(f"cold, one process per article, {len(ours)} runs each (median):")
        print(f"  typeset build      {ours_median * 1000:7.1f} ms")
        print(f"  raw weasyprint     {raw_median * 1000:7.1f} ms")
        print(f"  ratio typeset / raw: {ours_median / raw_median:.3f}  (target <= 1.10)")


if __name__ == "__main__":
    main()
