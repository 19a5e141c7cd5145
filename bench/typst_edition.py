"""The reference beside ``bench_edition``: the same edition's articles set by Typst, on this machine.

Issue 9 set its rebuild targets from Typst (a fresh ``typst compile`` of the edition, and its
memoized recompile after a one-article edit in ``typst watch``), measured once on another day.
Machines here differ from day to day, so the bench measures Typst again in the same run, and the
figure that holds is the ratio.

The Typst document is what Typst users write for such an issue: one file per article (so an edit
touches one file), a main file with the page (A5, mirrored margins), running heads (the
publication's name, the article's title), folios on the outer edge, an outline, every article
opening on an odd page, each in its own language and direction, set in the fonts typeset ships
(no system font). The Markdown is read with markdown-it-py, as typeset reads it; what it holds
(headings, paragraphs, lists, quotes, tables, pull quotes, verse) becomes the Typst markup for it.
Typst sets no kashida, no Persian digits and no beyts, so it does less than typeset: the figures
are a bound on what Typst costs, not a like-for-like typographic comparison.

Needs the ``typst`` package (``pip install -e '.[bench]'``, the Python binding of the Typst compiler).
"""

from __future__ import annotations

import io
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin

FONTS = Path(__file__).resolve().parent.parent / "fonts"
RTL = ("fa", "ps", "ar", "ur")

LIB = """\
#let article(title: "", author: "", date: "", lang: "en", dir: ltr, body) = {
  pagebreak(to: "odd", weak: true)
  set text(lang: lang, dir: dir, hyphenate: dir == ltr)
  set text(font: ("Noto Naskh Arabic", "Noto Serif")) if dir == rtl
  heading(level: 1, title)
  block(below: 1.5em)[#emph(author) #h(1em) #date]
  body
}
"""

MAIN = """\
#import "lib.typ": article
#let publication = "{publication}"
#set document(title: "{title}")
#set page(
  width: 148mm, height: 210mm,
  margin: (inside: 22mm, outside: 16mm, top: 20mm, bottom: 20mm),
  header: context {{
    let here-page = here().page()
    let opening = query(heading.where(level: 1)).any(h => h.location().page() == here-page)
    if not opening {{
      let before = query(heading.where(level: 1).before(here()))
      let name = if before.len() > 0 {{ before.last().body }} else {{ [] }}
      set text(size: 8pt)
      if calc.odd(here-page) {{ [#publication #h(1fr) #name] }} else {{ [#name #h(1fr) #publication] }}
    }}
  }},
  footer: context {{
    let n = counter(page).get().first()
    set text(size: 8pt)
    if calc.odd(n) {{ align(right)[#n] }} else {{ align(left)[#n] }}
  }},
)
#set text(font: ("Noto Serif", "Noto Naskh Arabic"), size: 10pt)
#set par(justify: true, leading: 0.6em)
#show heading.where(level: 1): set text(size: 16pt)
#show heading.where(level: 2): set text(size: 12pt)


#align(center + horizon)[
  #text(font: "Noto Nastaliq Urdu", size: 28pt, dir: rtl)[{masthead}]
  #v(2em)
  #text(size: 18pt, dir: {direction})[{title}]
]
#pagebreak()
#outline(target: heading.where(level: 1))
{includes}
"""


def write_typst(edition_file: Path, dest: Path) -> tuple[Path, dict[Path, Path]]:
    """The edition as a Typst project in ``dest``: its main file, and each source's article file."""
    edition = yaml.safe_load(edition_file.read_text(encoding="utf-8"))
    sources = [(edition_file.parent / path).resolve() for group in edition["sections"] for path in group["articles"]]
    publication = yaml.safe_load((edition_file.parent.parent / "publication.yaml").read_text(encoding="utf-8"))
    (dest / "articles").mkdir(parents=True, exist_ok=True)
    files = {}
    for index, source in enumerate(sources):
        files[source] = dest / "articles" / f"{index:03d}.typ"
        convert(source, files[source])
    name = publication.get("name", {})
    main = dest / "main.typ"
    (dest / "lib.typ").write_text(LIB, encoding="utf-8")
    main.write_text(
        MAIN.format(
            publication=_string(name.get("en", "") if isinstance(name, dict) else str(name)),
            masthead=_escape(str(publication.get("masthead", ""))),
            title=_string(str(edition["title"])),
            direction=_direction(str(edition.get("language", "en"))),
            includes="\n".join(f'#include "articles/{file.name}"' for file in files.values()),
        ),
        encoding="utf-8",
    )
    return main, files


def convert(source: Path, dest: Path) -> None:
    """One article's Markdown (with front matter) as a Typst ``#article[…]`` call."""
    text = source.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    meta = yaml.safe_load(front)
    lang = str(meta.get("lang", "en"))
    md = MarkdownIt("commonmark").enable("table").use(container_plugin, "pullquote").use(container_plugin, "verse")
    markup = _blocks(md.parse(body))
    dest.write_text(
        '#import "../lib.typ": article\n'
        f'#article(title: "{_string(str(meta["title"]))}", author: "{_string(str(meta.get("author", "")))}", '
        f'date: "{meta.get("date", "")}", lang: "{lang.split("-")[0]}", dir: {_direction(lang)})[\n{markup}\n]\n',
        encoding="utf-8",
    )


def _direction(lang: str) -> str:
    """Typst's direction of a language tag (``fa-AF``: rtl)."""
    return "rtl" if lang.split("-")[0] in RTL else "ltr"


#: The Typst markup that opens or closes a block of markdown-it's (quotes, pull quotes, verse).
MARKUP = {
    "blockquote_open": "#quote(block: true)[",
    "blockquote_close": "]\n\n",
    "container_pullquote_open": '#block(inset: (x: 2em), above: 1em, below: 1em)[#text(size: 13pt, style: "italic")[',
    "container_pullquote_close": "]]\n\n",
    "container_verse_open": "#align(center)[",
    "container_verse_close": "]\n\n",
}


def _blocks(tokens: list[Token]) -> str:
    out: list[str] = []
    lists: list[str] = []
    cells: list[str] | None = None  # in a table: its cells so far
    columns = 0
    for token in tokens:
        kind = token.type
        if kind == "heading_open":
            out.append("\n" + "=" * int(token.tag[1]) + " ")
        elif kind == "inline" and cells is not None:
            cells.append(f"[{_inline(token)}]")
        elif kind == "inline":
            out.append(_inline(token))
        elif kind in ("paragraph_close", "heading_close"):
            out.append("\n" if token.hidden else "\n\n")  # (a tight list's items)
        elif kind in ("bullet_list_open", "ordered_list_open"):
            lists.append("- " if kind == "bullet_list_open" else "+ ")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            out.append("  " * (len(lists) - 1) + lists[-1])
        elif kind in MARKUP:
            out.append(MARKUP[kind])
        elif kind == "table_open":
            cells, columns = [], 0
        elif kind == "tr_close" and cells is not None and not columns:
            columns = len(cells)
        elif kind == "table_close" and cells is not None:
            out.append(f"#table(columns: {columns}, {', '.join(cells)})\n\n")
            cells = None
        elif kind == "softbreak":
            out.append(" ")
    return "".join(out).replace("\n\n\n", "\n\n")


def _inline(token: Token) -> str:
    parts = []
    for child in token.children or []:
        if child.type == "text":
            parts.append(_escape(child.content))
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" \\\n" if child.type == "hardbreak" or token.level else " ")
        elif child.type == "em_open" or child.type == "em_close":
            parts.append("_")
        elif child.type == "strong_open" or child.type == "strong_close":
            parts.append("*")
        elif child.type == "code_inline":
            parts.append(_escape(child.content))
    return "".join(parts)


def _escape(text: str) -> str:
    return re.sub(r"([\\#*_`$<>@\[\]~/=+\-'\"])", r"\\\1", text)


def _string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


FRESH = """\
import sys, typst
typst.compile(sys.argv[1], output=sys.argv[2], font_paths=[sys.argv[3]], ignore_system_fonts=True)
"""


def fresh_compile(main: Path, pdf: Path) -> float:
    """Seconds of a fresh process compiling the edition (``typst compile``, through its Python binding)."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", FRESH, str(main), str(pdf), str(FONTS)], check=True)
    return time.perf_counter() - start


def memoized_recompiles(
    main: Path, edit: Callable[[bool], None], restore: Callable[[], None], runs: int
) -> tuple[float, float, int, int]:
    """Typst's recompile in one process after each edit (what ``typst watch`` does): medians for a
    word added and a page added (each pair made to the article as it was, ``restore``d and compiled
    before), and the page counts of the first compile and the last (to show the edits were seen)."""
    import pikepdf
    import typst

    compiler = typst.Compiler(str(main), font_paths=[str(FONTS)], ignore_system_fonts=True)

    def count(data: bytes) -> int:
        return len(pikepdf.open(io.BytesIO(data)).pages)

    first = count(compiler.compile())
    same, longer = [], []
    last = first
    for _ in range(runs):
        restore()
        compiler.compile()
        for kind, times in ((False, same), (True, longer)):
            edit(kind)
            start = time.perf_counter()
            data = compiler.compile()
            times.append(time.perf_counter() - start)
            last = count(data)
    return statistics.median(same), statistics.median(longer), first, last
