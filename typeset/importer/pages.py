"""The furniture of a PDF's pages in its extracted text: page numbers and running heads, left out.

``pdftotext`` ends each page with a form feed. Each page's last line, when it is
only a number (in any digits), is its folio; the lines a page after the first
begins with, when they are the publication's name or a line of the first page's
top (the article's title; or two of them, a title that wrapped), are its running head. Neither is the article's text:
both are blanked (so every other line keeps its number), and the page break
becomes a blank line, which the paragraph joiner reads as one.
"""

from __future__ import annotations

from itertools import pairwise

from typeset.importer.header import letters
from typeset.model import Publication

#: How many lines a running head takes at most (the publication's name and the article's title).
HEAD_LINES = 3
#: The lines of the first page's top a running head may repeat.
TOP_LINES = 40
PAGE_BREAK = "\x0c"

Notes = list[tuple[int, str]]


def _is_folio(line: str) -> bool:
    text = line.strip()
    return bool(text) and len(text) <= 4 and text.isdigit()


def remove_furniture(text: str, publication: Publication) -> tuple[str, Notes]:
    """``text`` without its page numbers and running heads, each page break a blank line; notes on them."""
    if PAGE_BREAK not in text:
        return text, []
    pages = [page.split("\n") for page in text.split(PAGE_BREAK)]
    names = {letters(name) for name in (publication.name, publication.name_rtl) if letters(name)}
    first = [letters(line) for line in pages[0] if line.strip()][:TOP_LINES]
    top = {line for line in first if line} | {a + b for a, b in pairwise(first) if a and b}
    heads = folios = 0
    first_folio = first_head = 0
    offset = 0  # the 0-based line where the page starts in the text the importer numbers
    for number, page in enumerate(pages):
        filled = [i for i, line in enumerate(page) if line.strip()]
        if number < len(pages) - 1 and filled and _is_folio(page[filled[-1]]):
            page[filled[-1]] = ""
            folios += 1
            first_folio = first_folio or offset + filled[-1] + 1
        if number > 0:
            for i in filled[:HEAD_LINES]:
                own = letters(page[i])
                if not own or not (own in names or own in top):
                    break
                page[i] = ""
                heads += 1
                first_head = first_head or offset + i + 1
        offset += len(page) + 1  # the page break is two line ends: a blank line
    notes: Notes = []
    if folios:
        notes.append((first_folio, f"left out {folios} page number{'s' * (folios > 1)} (a PDF's folios)"))
    if heads:
        notes.append((first_head, f"left out {heads} line{'s' * (heads > 1)} of running heads (a PDF's pages)"))
    return "\n\n".join("\n".join(page) for page in pages), notes
