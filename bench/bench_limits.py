"""The worst source within each limit, timed: the limits the manual states (docs/articles.md) hold their cost.

    .venv/bin/python bench/bench_limits.py [--runs 3] [--only NAME ...] [--cold]

For each limit a generated source (and config, and images) at the limit, in the
shape that costs most (measured: random letters hyphenate, ``![`` is the
Markdown parser's dearest text, list items and hemistichs the engine's dearest
elements, noisy WebP its dearest image). Each is built ``--runs`` times in this
process with ``typeset.jobs.batch.build([...], out, force=True)`` (median), beside
raw WeasyPrint rendering typeset's own HTML for it (one shared
FontConfiguration; ``--raw-runs``, default 1, keeps the default run near 5 minutes). ``--cold`` adds one build in a
fresh process (``python -m typeset build``). The target: every row under 10 s
on the machine the manual was measured on; the ratio to raw WeasyPrint says
how much of it is the engine's.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from typeset.source import checks, config, reader  # noqa: E402

FRONT = {
    "en": "title: Limits\nauthor: Bench\ndate: 2025-06-03\nlang: en\nsection: european-languages\n",
    "fa-AF": "title: مرزها\nauthor: آزماینده\ndate: 2025-06-03\nlang: fa-AF\nsection: dari\n",
}
LETTERS = "abcdefghijklmnopqrstuvwxyz"
DARI_WORD = "افغانستان"
HEMISTICH = "بنی آدم اعضای یکدیگرند"


@dataclass
class Case:
    name: str  # the limit
    shape: str
    body: Callable[[], str]
    lang: str = "en"
    front: str = ""  # extra front matter lines
    config: Callable[[str], str] = lambda text: text  # the house config, changed
    images: dict[str, Callable[[Path], None]] = field(default_factory=dict)


def _random_word(rng: random.Random, length: int) -> str:
    return "".join(rng.choice(LETTERS) for _ in range(length))


def _long_word_count(cells: bool) -> int:
    """How many words of MAX_WORD characters the text budget holds; in table cells, the total budget."""
    if not cells:
        return reader.MAX_BODY_CHARS // checks.MAX_WORD
    each = checks.COSTS["long words"] * checks.MAX_WORD**2 + checks.COSTS["characters"] * checks.MAX_WORD
    return int((checks.BUDGET_SECONDS - 0.1) / each)


def _long_words(lang: str, cells: bool = False) -> str:
    """As many words of MAX_WORD characters as the budget holds, in one paragraph or one table cell each."""
    rng = random.Random(1)
    count = _long_word_count(cells)
    if lang == "en":
        words = [_random_word(rng, checks.MAX_WORD) for _ in range(count)]
    else:
        words = [(DARI_WORD * checks.MAX_WORD)[: checks.MAX_WORD]] * count
    if cells:
        return "a|b\n-|-\n" + "".join(f"{word}|x\n" for word in words)
    return " ".join(words) + "\n"


def _runs(unit: str, per_paragraph: int) -> str:
    """The text budget filled with ``unit`` (no spaces), ``per_paragraph`` units a paragraph."""
    count = reader.MAX_BODY_CHARS // len(unit.replace(" ", ""))
    paragraph = unit * per_paragraph
    return "\n\n".join([paragraph] * (count // per_paragraph)) + "\n"


def _prose(lang: str) -> str:
    """The shipped article's paragraphs, repeated up to the text budget."""
    source = (
        "2025-06-10-digital-libraries-dari.md" if lang == "fa-AF" else "2025-06-03-pakistan-diplomatic-reawakening.md"
    )
    body = (ROOT / "input" / source).read_text(encoding="utf-8").split("---\n", 2)[2]
    paragraphs = [
        re.sub(r"\[\^\d+\]", "", p)
        for p in body.split("\n\n")
        if p.strip() and not p.startswith(("[^", ":::", "#", "!", ">"))
    ]
    out: list[str] = []
    count = 0
    while True:
        for paragraph in paragraphs:
            size = len(paragraph) - paragraph.count(" ") - paragraph.count("\n")
            if count + size > reader.MAX_BODY_CHARS:
                return "\n\n".join(out) + "\n"
            out.append(paragraph)
            count += size


def _elements(kind: str) -> str:
    n = checks.MAX_ELEMENTS
    return {
        "list items": "- x\n" * (n // 2 - 1),  # the list, and each item with its paragraph
        "verse lines": "::: verse\n" + f"{HEMISTICH}\n" * (n - 1) + ":::\n",
        "headings": "## h\n\n" * n,
        "table cells": "a|b|c|d\n-|-|-|-\n" + "x|y|z|w\n" * ((n - 8) // 5),  # a row: itself and 4 cells
        "line breaks": "a\\\n" * (n - 1) + "b\n",
    }[kind]


def _noise_image(kind: str, pixels: int) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        from PIL import Image

        width = 4000
        height = pixels // width
        image = Image.frombytes("RGB", (width, height), random.Random(2).randbytes(width * height * 3))
        if kind == "WEBP":
            image.save(path, "WEBP", quality=50, method=0)
        elif kind == "PNG":
            image.save(path, "PNG", compress_level=1)
        else:
            image.save(path, "JPEG", quality=95)

    return make


def _config_field(key: str, value: str) -> Callable[[str], str]:
    return lambda text: re.sub(rf"(?m)^{key}: .*$", f"{key}: {value}", text)


def _labels(text: str) -> str:
    label = ("Language " * 40)[: config.MAX_TEXT_CHARS - 1] + "s"
    return re.sub(r"(?m)^  european-languages: .*$", f"  european-languages: {{en: {label}, fa: {label}}}", text)


def _verse_header(text: str) -> str:
    hemistich = (HEMISTICH + " ") * (config.MAX_TEXT_CHARS // (len(HEMISTICH) + 1))
    beyts = "".join(f"  - [{hemistich.strip()}, {hemistich.strip()}]\n" for _ in range(config.MAX_VERSE_HEADER_BEYTS))
    return re.sub(r"(?ms)^verse_header:\n(  - .*?\n)+", "verse_header:\n" + beyts, text)


def _fill(used: float, elements: int) -> str:
    """A poem of as many short hemistichs (the engine's dearest element) as the budget has left after
    ``used`` seconds and ``elements`` elements."""
    each = checks.COSTS["hemistichs"] + 2 * checks.COSTS["characters"]
    lines = int((checks.BUDGET_SECONDS - used - 0.2) / each)  # 0.2 s: the poem, the image bytes, the rounding
    lines = min(lines, checks.MAX_ELEMENTS - elements - 3)
    return "\n::: verse\n" + "بن\n" * lines + ":::\n"


def cases() -> list[Case]:
    rng = random.Random(3)
    field_word = _random_word(rng, reader.MAX_FIELD_WORD)
    pages = "Some text.\n\n" * 600  # ~18 pages: the running head is set on each
    big = 16_000_000
    words, cells = _long_word_count(False), _long_word_count(True)
    elements = ("list items", "verse lines", "headings", "table cells", "line breaks")
    notes = "".join(f"Note[^{n}].\n\n" for n in range(500)) + "".join(f"[^{n}]: n\n" for n in range(500))
    one_line = "One line calls 500 notes." + "".join(f"[^{n}]" for n in range(500)) + "\n\n"
    one_line += "".join(f"[^{n}]: x\n" for n in range(500))
    long_notes = "One line calls 60 notes." + "".join(f"[^{n}]" for n in range(60)) + "\n\n"
    long_notes += "".join(f"[^{n}]: {'lorem ipsum dolor sit amet ' * 37}\n" for n in range(60))
    webp = {"a.webp": _noise_image("WEBP", big)}
    costs = checks.COSTS
    return [
        Case("MAX_WORD", f"{words} words of 3000 random letters", lambda: _long_words("en")),
        Case("MAX_WORD", f"{words} Dari words of 3000 letters", lambda: _long_words("fa-AF"), "fa-AF"),
        Case("MAX_WORD", f"{cells} table cells, each a word of 3000 letters", lambda: _long_words("en", cells=True)),
        Case("MAX_BODY_CHARS", "100k characters of '![' (1000 a paragraph)", lambda: _runs("![", 1000)),
        Case("MAX_BODY_CHARS", "100k characters of '![', in words of 100", lambda: _runs("![" * 50 + " ", 20)),
        Case("MAX_BODY_CHARS", "100k characters of '[^'", lambda: _runs("[^", 1000)),
        Case(
            "MAX_BODY_CHARS",
            "100k characters: '[' then 'a_ ' x500, 20 a paragraph",
            lambda: _runs("[" + "a_ " * 500, 20),
        ),
        Case("MAX_BODY_CHARS", "100k characters of Dari prose", lambda: _prose("fa-AF"), "fa-AF"),
        Case("MAX_BODY_CHARS", "100k characters of English prose", lambda: _prose("en")),
        *(
            Case("MAX_ELEMENTS", f"2000 elements: {kind}", lambda kind=kind: _elements(kind), _lang(kind))
            for kind in elements
        ),
        Case("MAX_FOOTNOTES", "500 footnotes, each in a paragraph (another helper's limit)", lambda: notes),
        # tests/source/test_footnotes.py checks these are set as endnotes, every note printed once; the time is measured
        # here (as footnotes WeasyPrint 70 took 77 s for the first and lost 398 of its notes).
        Case("MAX_FOOTNOTES", "one line calls 500 one-letter notes (set as endnotes)", lambda: one_line),
        Case("MAX_FOOTNOTES", "one line calls 60 notes of 1000 characters (set as endnotes)", lambda: long_notes),
        Case("MAX_DECODED_PIXELS", "one 16 MP noisy WebP", lambda: "![i](a.webp)\n", images=webp),
        Case(
            "MAX_DECODED_PIXELS",
            "one 16 MP noisy PNG",
            lambda: "![i](a.png)\n",
            images={"a.png": _noise_image("PNG", big)},
        ),
        Case(
            "MAX_IMAGES_BYTES",
            "two 40 MP noisy JPEGs (90 MB)",
            lambda: "![i](a.jpg)\n\n![j](b.jpg)\n",
            images={"a.jpg": _noise_image("JPEG", 40_000_000), "b.jpg": _noise_image("JPEG", 39_000_000)},
        ),
        Case(
            "MAX_TEXT_CHARS",
            "masthead: one word of 200 letters",
            lambda: "x\n",
            config=_config_field("masthead", "آزاد" * 50),
        ),
        Case(
            "MAX_TEXT_CHARS",
            "name: one word of 200 letters, 18 pages",
            lambda: pages,
            config=_config_field("name", _random_word(rng, config.MAX_TEXT_CHARS)),
        ),
        Case("MAX_TEXT_CHARS", "section labels of 200 characters", lambda: "x\n", config=_labels),
        Case("MAX_VERSE_HEADER_BEYTS", "8 beyts of 200-character hemistichs", lambda: "x\n", config=_verse_header),
        Case(
            "MAX_FIELD_WORD",
            "title a word of 300 letters, bio 9 of them, 18 pages",
            lambda: pages,
            front=f"title: {field_word}\nbio: {' '.join([field_word] * 9)}\n",
        ),
        Case(
            "BUDGET_SECONDS",
            "16 MP noisy WebP, then hemistichs up to the budget",
            lambda: "![i](a.webp)\n" + _fill(costs["decoded pixels"] * big + 2 * costs["elements"], 2),
            "fa-AF",
            images=webp,
        ),
        Case(
            "BUDGET_SECONDS",
            "80k characters of '![', then hemistichs up to the budget",
            lambda: _runs("![", 1000)[:80_000] + "\n" + _fill(costs["characters"] * 80_000 + 0.2, 40),
            "fa-AF",
        ),
        Case(
            "BUDGET_SECONDS",
            "500 footnotes, then hemistichs up to the budget",
            lambda: notes + _fill(costs["footnotes"] * 500 + costs["elements"] * 1500 + 0.2, 1500),
            "fa-AF",
        ),
    ]


def _lang(kind: str) -> str:
    return "fa-AF" if kind == "verse lines" else "en"


def write_case(case: Case, folder: Path) -> Path:
    folder.mkdir(parents=True)
    house = (ROOT / "input" / "publication.yaml").read_text(encoding="utf-8")
    (folder / "publication.yaml").write_text(case.config(house), encoding="utf-8")
    for name, make in case.images.items():
        make(folder / name)
    front = FRONT[case.lang]
    if case.front:
        front = "".join(line + "\n" for line in front.splitlines() if line.split(":")[0] not in case.front) + case.front
    source = folder / "a.md"
    source.write_text(f"---\n{front}---\n\n{case.body()}", encoding="utf-8")
    return source


def time_case(source: Path, runs: int, raw_runs: int, cold: bool) -> tuple[float, float, float | None, int]:
    """Median seconds of typeset's build, of raw WeasyPrint on the same HTML, one cold build; pages."""
    from weasyprint import HTML

    from typeset.jobs.batch import build
    from typeset.render.pdf import font_configuration

    out = source.parent / "out"
    ours, raw = [], []
    pages = 0
    for run in range(max(runs, raw_runs)):
        start = time.perf_counter()
        (job,) = build([source], out, force=True)
        if run < runs:
            ours.append(time.perf_counter() - start)
        if not job.ok:
            raise SystemExit(f"{source}: " + "; ".join(e.format() for e in job.errors))
        assert job.article is not None and job.publication is not None
        if run >= raw_runs:
            continue
        html = job.html or ""  # the HTML typeset gives the engine
        start = time.perf_counter()
        document = HTML(string=html, base_url=source.parent.as_uri() + "/").render(font_config=font_configuration())
        document.write_pdf()
        raw.append(time.perf_counter() - start)
        pages = len(document.pages)
    cold_time = None
    if cold:
        start = time.perf_counter()
        command = [sys.executable, "-m", "typeset", "build", "-q", "--force", str(source), "-o", str(out)]
        subprocess.run(command, check=True, capture_output=True, env=os.environ | {"PYTHONPATH": str(ROOT)})
        cold_time = time.perf_counter() - start
    return statistics.median(ours), statistics.median(raw), cold_time, pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="in-process builds per case (median)")
    parser.add_argument("--raw-runs", type=int, default=1, help="raw WeasyPrint renders per case (median)")
    parser.add_argument("--only", nargs="*", default=[], help="cases whose limit or shape contains one of these")
    parser.add_argument("--cold", action="store_true", help="also one build in a fresh process")
    args = parser.parse_args()

    from typeset.jobs.batch import load_engine

    load_engine()
    chosen = [c for c in cases() if not args.only or any(w in c.name or w in c.shape for w in args.only)]
    print(f"{'limit':24s} {'worst case within it':58s} {'typeset':>8s} {'raw wp':>8s} {'cold':>7s} {'pages':>5s}")
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for index, case in enumerate(chosen):
            source = write_case(case, Path(tmp) / f"case-{index:02d}")
            ours, raw, cold_time, pages = time_case(source, args.runs, args.raw_runs, args.cold)
            worst = max(worst, ours)
            shown_cold = f"{cold_time:6.2f}s" if cold_time is not None else "      -"
            print(f"{case.name:24s} {case.shape:58s} {ours:7.2f}s {raw:7.2f}s {shown_cold} {pages:5d}", flush=True)
            shutil.rmtree(source.parent)
    print(f"slowest: {worst:.2f} s (target: under 10 s)")


if __name__ == "__main__":
    main()
