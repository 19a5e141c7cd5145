"""The catalog's speed: 100 synthetic articles indexed, searched, and reindexed from PDFs.

    python bench/bench_catalog.py [--articles 100]

Makes the synthetic edition (bench/make_edition.py), indexes every article from its source
(records made from the front matter, as the archiver makes them), times a set of queries in
both scripts (each the median of 20 runs) and long Persian queries (200, 400 and 2000 words of
the longest Dari article's own text, from its start again when it runs out; each the median of
5: a query costs time linear in its words), then writes each article as a small PDF carrying its
record and source (pikepdf; no rendering: the PDFs' pages are not what reindex reads) and times
``reindex`` from them. Prints the figures; writes only to a temporary folder.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

LONG = (200, 400, 2000)
QUERIES = ["كتابخانه‌هاي ديجيتال", "می شود", "1200", "پښتو ژبه", "Pakistan", "Handschriften", "manuscrit*"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=100)
    args = parser.parse_args()

    import pikepdf
    import yaml
    from make_edition import make_edition

    from typeset.archive.catalog import CATALOG_NAME, Catalog, body_text, reindex
    from typeset.archive.record import RECORD_NAME, Record

    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        make_edition(folder / "project", args.articles)
        texts = {p.stem: p.read_text("utf-8") for p in sorted((folder / "project" / "articles").glob("*.md"))}
        records = {}
        for slug, text in texts.items():
            front = yaml.safe_load(text.split("---")[1])
            day = str(front["date"])
            records[slug] = Record(
                "article",
                slug,
                1,
                front["title"],
                front["author"],
                day,
                front["lang"],
                f"articles/{day[:4]}/{day[5:7]}/{slug}/v1.pdf",
                front["section"],
            )
        archive = folder / "archive"
        started = time.perf_counter()
        with Catalog(archive) as catalog:
            for slug, text in texts.items():
                catalog.add(records[slug], body_text(text))
        indexed = time.perf_counter() - started
        chars = sum(len(body_text(text)) for text in texts.values())
        print(
            f"index {len(texts)} articles ({chars / 1000:.0f} k characters of body): {indexed:.2f} s, "
            f"{(archive / CATALOG_NAME).stat().st_size / 1e6:.1f} MB"
        )
        with Catalog(archive, create=False) as catalog:
            for query in QUERIES:
                times = []
                for _ in range(20):
                    started = time.perf_counter()
                    hits = catalog.search(query)
                    times.append(time.perf_counter() - started)
                print(f"search {query!r}: {len(hits)} hits, median {statistics.median(times) * 1000:.1f} ms")
            longest = max((t for t in texts.values() if "lang: fa-AF" in t), key=len)
            dari = body_text(longest).split()  # a query whose every word is in one article: it has a hit
            for count in LONG:
                query = " ".join(dari[i % len(dari)] for i in range(count))
                times = []
                for _ in range(5):
                    started = time.perf_counter()
                    hits = catalog.search(query)
                    times.append(time.perf_counter() - started)
                print(f"search {count} Persian words: {len(hits)} hits, median {statistics.median(times):.3f} s")
        for slug, text in texts.items():
            pdf = pikepdf.new()
            pdf.add_blank_page()
            pdf.attachments[slug + ".md"] = pikepdf.AttachedFileSpec(pdf, text.encode("utf-8"))
            pdf.attachments[RECORD_NAME] = pikepdf.AttachedFileSpec(pdf, records[slug].to_json())
            path = archive / records[slug].pdf
            path.parent.mkdir(parents=True, exist_ok=True)
            pdf.save(path)
        started = time.perf_counter()
        count, problems = reindex(archive)
        print(f"reindex {count} PDFs ({len(problems)} problems): {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
