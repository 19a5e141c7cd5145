"""Binding an edition from parts rendered once: the cost an edit pays after its one article's render.

    .venv/bin/python bench/bench_bind.py [--articles 100] [--runs 5] [--cache /tmp/typeset-bench-bind]

The articles (bench.make_articles: the shipped ones and variants, all their languages) are built
once with ``typeset build`` into the cache folder, with a contents part and a folio PDF beside
them; later runs reuse them. Each run binds them (opening every part, blank versos, folios,
links, bookmarks) and saves the bytes, in one process; the figure is the median of ``--runs``.
"""

from __future__ import annotations

import argparse
import datetime
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from bench import make_articles  # noqa: E402


def render(html: str, size: tuple[float, float]) -> bytes:
    from weasyprint import HTML

    from typeset.render.pdf import font_configuration
    from typeset.resources import FONTS_DIR

    face = f"@font-face {{ font-family: Serif; src: url({(FONTS_DIR / 'NotoSerif-Regular.ttf').as_uri()}) }}"
    folio = "@bottom-center { content: counter(page); font-family: Serif }"
    page = f"@page {{ size: {size[0]}pt {size[1]}pt; margin: 20mm; {folio} }}"
    style = f"{face} {page} body {{ font-family: Serif }} div {{ break-after: page }}"
    return HTML(string=f"<html><style>{style}</style><body>{html}</body></html>").write_pdf(
        font_config=font_configuration()
    )


def parts(cache: Path, count: int) -> tuple[list[Path], Path, Path]:
    """The articles' PDFs, a contents part and the folios, rendered the first time only."""
    import pikepdf

    built = cache / "output"
    if not built.is_dir() or len(list(built.glob("*.pdf"))) < count:
        sources = cache / "input"
        sources.mkdir(parents=True, exist_ok=True)
        make_articles(sources, count)
        command = [sys.executable, "-m", "typeset", "build", "-q", "-o", str(built), str(sources)]
        subprocess.run(command, check=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    articles = sorted(built.glob("*.pdf"))[:count]
    toc, folios = cache / "toc.pdf", cache / "folios.pdf"
    if not folios.exists():
        with pikepdf.open(articles[0]) as first:
            box = first.pages[0].mediabox
            size = (float(box[2] - box[0]), float(box[3] - box[1]))
        links = "".join(f'<p><a href="typeset:article/{i}">Article {i}</a></p>' for i in range(count))
        toc.write_bytes(render(links, size))
        folios.write_bytes(render("<div></div>" * (4 * count + 8), size))
    return articles, toc, folios


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/typeset-bench-bind"))
    args = parser.parse_args()
    articles, toc, folios = parts(args.cache, args.articles)

    import pikepdf

    from typeset.edition.bind import Piece, bind
    from typeset.pdf.save import save

    from_files = [Piece(toc, "toc", "Contents"), *(Piece(path, "article", path.stem) for path in articles)]
    # As a watch process could hold them: the parts opened once (only an edited one reopened).
    kept_open = [Piece(pikepdf.open(piece.pdf), piece.kind, piece.title) for piece in from_files]
    for label, pieces in (("parts read from files", from_files), ("parts kept open", kept_open)):
        times, cpu, data = [], [], b""
        for _ in range(args.runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            pdf = bind(
                pieces,
                folios,
                direction="rtl",
                title="Bench",
                lang="fa-AF",
                date=datetime.date(2025, 6, 3),
                identifier=b"bench",
            )
            data = save(pdf)
            pages = len(pdf.pages)
            del pdf  # its release is part of the cost
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"bind {len(pieces)} parts, {pages} pages, {len(data) / 1e6:.1f} MB, {label}: "
            f"median {statistics.median(times):.3f} s (CPU {statistics.median(cpu):.3f} s), best {min(times):.3f} s; "
            f"peak RSS {peak:.0f} MB"
        )


if __name__ == "__main__":
    main()
