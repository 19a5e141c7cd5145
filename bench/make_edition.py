"""A large synthetic edition, for tests and benches: articles in all five languages, grouped by section.

    python bench/make_edition.py DEST [--articles 100]

writes ``DEST/publication.yaml`` (a copy of the house one), ``DEST/articles/NNN-LANG.md`` and
``DEST/editions/synthetic.yaml`` (a Dari edition, so right-bound, trimmed to A5), and prints the
edition's path. The articles are built from real prose: the paragraphs, headings, verse, pull
quotes and lists of the shipped articles (``input/``), of the messy pasted sources
(``tests/data/messy/``, copies of ../shared/samples/messy) and of a German and a French text
(``bench/prose/``); some get a table. Their lengths vary (4 to 24 blocks of text) so that 100
articles make about 300 A5 pages. The same arguments always give the same bytes (one seeded
random generator, no clock).

Only the standard library: tests import it (``from bench.make_edition import make_edition``).
"""

from __future__ import annotations

import argparse
import random
import shutil
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("en", "de", "fr", "fa-AF", "ps")
SECTIONS = {"en": "european-languages", "de": "european-languages", "fr": "european-languages"}
SECTIONS |= {"fa-AF": "dari", "ps": "pashto"}
#: The edition's order of sections: a Dari edition opens with Dari.
SECTION_ORDER = ("dari", "pashto", "european-languages")
_POOLS = {
    "en": [ROOT / "input" / "2025-06-03-pakistan-diplomatic-reawakening.md", ROOT / "tests/data/messy/messy-en.md"],
    "de": [ROOT / "bench" / "prose" / "de.md"],
    "fr": [ROOT / "bench" / "prose" / "fr.md"],
    "fa-AF": [
        ROOT / "input" / "2025-06-10-digital-libraries-dari.md",
        ROOT / "tests/data/messy/messy-dari.md",
        ROOT / "bench" / "prose" / "fa-AF.md",
    ],
    "ps": [ROOT / "input" / "2025-06-12-pashto-digital-future.md"],
}
_AUTHORS = {
    "en": ["Taut Bataut", "Sara Whitfield", "James Okafor", "Helen Marsh"],
    "de": ["Anna Keller", "Jonas Brandt", "Miriam Sommer"],
    "fr": ["Claire Dubois", "Julien Moreau", "Amina Benali"],
    "fa-AF": ["فریده نوری", "احمد ضیا رفعت", "مریم سادات", "عبدالله حبیبی"],
    "ps": ["نجیب الله کاکړ", "زرغونه احمدزۍ", "شاه محمود ویاړ"],
}
_PART = {"en": "part {}", "de": "Teil {}", "fr": "partie {}", "fa-AF": "بخش {}", "ps": "برخه {}"}
_TABLES = {
    "en": "| Year | Manuscripts | Scanned |\n| --- | ---: | ---: |\n| 2022 | 1,200 | 340 |\n| 2023 | 2,450 | 1,100 |\n"
    "| 2024 | 3,900 | 2,750 |",
    "de": "| Jahr | Handschriften | Digitalisiert |\n| --- | ---: | ---: |\n| 2022 | 1200 | 340 |\n"
    "| 2023 | 2450 | 1100 |",
    "fr": "| Année | Manuscrits | Numérisés |\n| --- | ---: | ---: |\n| 2022 | 1200 | 340 |\n| 2023 | 2450 | 1100 |",
    "fa-AF": "| سال | نسخه‌ها | اسکن‌شده |\n| --- | ---: | ---: |\n| 2022 | 1200 | 340 |\n| 2023 | 2450 | 1100 |",
    "ps": "| کال | لاسي نسخې | ډیجیټل شوې |\n| --- | ---: | ---: |\n| 2022 | 1200 | 340 |\n| 2023 | 2450 | 1100 |",
}
_NOTE = """خوانندگان گرامی، این شماره گزیده‌ای است از نوشته‌های یک سال: به دری، پښتو، انگلیسی،
آلمانی و فرانسوی. هر نوشته زبان و جهت خود را نگه می‌دارد.
"""


@dataclass
class Pool:
    """The blocks of one language's texts, by kind: what an article is put together from."""

    titles: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)  # verse, pull quotes, lists, quotes: a few per article


def read_pool(paths: list[Path]) -> Pool:
    """The blocks of ``paths``' bodies (paragraphs with a footnote call are left out: their note is not)."""
    pool = Pool()
    for path in paths:
        text = path.read_text(encoding="utf-8")
        front, body = text.split("---\n", 2)[1:] if text.startswith("---\n") else ("", text)
        for line in front.splitlines():
            if line.startswith("title:"):
                pool.titles.append(line.split(":", 1)[1].strip().strip('"'))
        for block in _blocks(body):
            if "[^" in block:
                continue
            if block.startswith("## "):
                pool.headings.append(block[3:])
            elif block.startswith((":::", ">", "- ", "1. ")):
                pool.extras.append(block)
            elif "\n" not in block:
                pool.paragraphs.append(block)
    return pool


def _blocks(body: str) -> list[str]:
    """The blocks of a body, split at blank lines; a container (``:::`` … ``:::``) stays whole, stanzas and all."""
    blocks: list[str] = []
    open_container = False
    for block in (b.strip() for b in body.split("\n\n")):
        if open_container:
            blocks[-1] += "\n\n" + block
        elif block:
            blocks.append(block)
        last = blocks[-1] if blocks else ""
        open_container = last.startswith(":::") and not last.endswith("\n:::")
    return blocks


class Deck:
    """Blocks drawn in a shuffled order, each once before any comes again (no paragraph twice in a row)."""

    def __init__(self, items: list[str], rng: random.Random):
        self.items, self.rng, self.left = items, rng, list[str]()

    def draw(self) -> str:
        if not self.left:
            self.left = self.rng.sample(self.items, len(self.items))
        return self.left.pop()


def article_text(lang: str, index: int, pool: Pool, rng: random.Random, day: date) -> str:
    """One article: front matter, then paragraphs under headings, with a few extras and maybe a table."""
    blocks = rng.choice([3, 4, 6, 7, 9, 10, 13, 18])  # paragraphs: one to six A5 pages, three on average
    title = f"{rng.choice(pool.titles + pool.headings)}: {_PART[lang].format(index + 1)}"
    paragraphs, headings = Deck(pool.paragraphs, rng), Deck(pool.headings, rng)
    front = [
        f"title: {_quoted(title)}",
        f"author: {_quoted(rng.choice(_AUTHORS[lang]))}",
        f"date: {day.isoformat()}",
        f"lang: {lang}",
        f"section: {SECTIONS[lang]}",
    ]
    body: list[str] = []
    extras = rng.sample(pool.extras, k=min(len(pool.extras), rng.randint(1, 3)))
    for number in range(blocks):
        if number and number % 4 == 0:
            body.append("## " + headings.draw())
        body.append(paragraphs.draw())
        if extras and number % 3 == 2:
            body.append(extras.pop())
    if index % 5 == 4:
        body.insert(len(body) // 2, _TABLES[lang])
    return "---\n" + "\n".join(front) + "\n---\n\n" + "\n\n".join(body) + "\n"


def _quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar (titles hold colons)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def make_edition(dest: Path, articles: int = 100, seed: int = 1) -> Path:
    """Write the publication, ``articles`` sources and the edition into ``dest``; return the edition's path."""
    rng = random.Random(seed)
    pools = {lang: read_pool(paths) for lang, paths in _POOLS.items()}
    (dest / "articles").mkdir(parents=True, exist_ok=True)
    (dest / "editions").mkdir(exist_ok=True)
    shutil.copy(ROOT / "input" / "publication.yaml", dest / "publication.yaml")
    grouped: dict[str, list[str]] = {section: [] for section in SECTION_ORDER}
    first = date(2025, 1, 4)
    for index in range(articles):
        lang = LANGUAGES[index % len(LANGUAGES)]
        name = f"{index + 1:03d}-{lang}.md"
        text = article_text(lang, index, pools[lang], rng, first + timedelta(days=3 * index))
        (dest / "articles" / name).write_text(text, encoding="utf-8")
        grouped[SECTIONS[lang]].append(f"../articles/{name}")
    lines = [
        "title: گزیدهٔ سال افغانستان آزاد",
        f"number: {articles}",
        "date: 2025-12-31",
        "language: fa-AF",
        "trim: A5",
        "note: |",
        *("  " + line for line in _NOTE.splitlines()),
        "sections:",
    ]
    for section, paths in grouped.items():
        if paths:
            lines += [f"  - section: {section}", "    articles:", *(f"      - {path}" for path in paths)]
    edition = dest / "editions" / "synthetic.yaml"
    edition.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return edition


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dest", type=Path, help="the folder to write into (made if missing)")
    parser.add_argument("--articles", type=int, default=100, help="how many articles (default 100)")
    args = parser.parse_args()
    if args.articles < 1:
        parser.error("--articles must be at least 1")
    print(make_edition(args.dest, args.articles))


if __name__ == "__main__":
    main()
