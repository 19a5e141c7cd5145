"""An imported article written as a source: YAML front matter, then the Markdown body.

What the importer changed in a field (an ISO date from ``03.06.2025``, the name
without its "By:") is written beside it as a comment, ``# as written: …``, so
that the source still holds every word of the text it came from. A field the text
does not give is written empty with ``# to fill: …`` (``typeset check`` names it at
its line), one given by an option or found elsewhere says where it came from
(``# from --author``, ``# from line 3, 9 août 2021``).

Old text stays text: every character that Markdown (with the parser's linkify), HTML
or the containers would read is escaped, so the PDF prints what the page said and
nothing in it becomes a link, an image, a heading, a list, a table or a rule.
"""

from __future__ import annotations

import re
from functools import cache

import yaml
from linkify_it import LinkifyIt

from typeset.importer.blocks import Block
from typeset.importer.structure import Field, Parts

AS_WRITTEN = "  # as written: "
FROM = "  # from "
TO_FILL = "  # to fill: "
_WHAT = {"title": "the article's title", "author": "the author's name", "date": "the date, as YYYY-MM-DD"}
#: What Markdown reads anywhere in a line: emphasis, links and images, raw HTML and entities, code,
#: strikethrough, tables, a heading's closing hashes, the escape itself.
_INLINE = re.compile(r"[\\`*_\[\]<>&~|#]")
#: What it reads at a line's start: headings, quotes, lists, rules, setext underlines, fences, containers.
_BLOCK_START = re.compile(r"^(?:[#>+\-=~`:]|\d{1,9}(?=[.)]))")
#: In a bare address or e-mail (which linkify would make a link), what breaks it into plain text.
_LINK_PUNCTUATION = re.compile(r"[.:@/]")


def scalar(value: str) -> str:
    """``value`` as a one-line YAML scalar (plain when that reads back the same, else quoted)."""
    dumped = yaml.safe_dump(value, allow_unicode=True, width=1_000_000).rstrip("\n")
    return dumped.removesuffix("\n...").strip()


def _field(key: str, item: Field) -> str:
    line = f"{key}: {scalar(item.value)}"
    if item.given:
        return line + FROM + item.given
    return line + AS_WRITTEN + item.written if item.written.strip() != item.value else line


def _missing(key: str) -> str:
    return f"{key}:{TO_FILL}{_WHAT[key]} (none in the text)"


@cache
def _linkify() -> LinkifyIt:
    return LinkifyIt()


def _unlinked(text: str) -> str:
    """``text`` with the punctuation of each address linkify would find escaped (``www\\.example\\.org``)."""
    matches = _linkify().match(text) or []
    for match in reversed(matches):
        start, end = match.index, match.last_index
        text = text[:start] + _LINK_PUNCTUATION.sub(r"\\\g<0>", text[start:end]) + text[end:]
    return text


def escape(text: str) -> str:
    """A line of old text as Markdown that reads back as exactly that text, never as markup."""
    text = _unlinked(_INLINE.sub(r"\\\g<0>", text))
    match = _BLOCK_START.match(text)
    if not match:
        return text
    if match.group()[0].isdigit():
        return text[: match.end()] + "\\" + text[match.end() :]
    return "\\" + text


def front_matter(parts: Parts, lang: str, section: str) -> list[str]:
    lines = ["---"]
    lines.append(_field("title", parts.title) if parts.title else _missing("title"))
    lines.append(_field("author", parts.author) if parts.author else _missing("author"))
    if parts.date is None:
        lines.append(_missing("date"))
    elif parts.date_from:
        lines.append(f"date: {parts.date.day.isoformat()}{FROM}{parts.date_from}")
    else:
        lines.append(f"date: {parts.date.day.isoformat()}{AS_WRITTEN}{parts.date.written}")
    lines += [f"lang: {lang}", f"section: {section}"]
    if parts.subtitle:
        lines.append(_field("subtitle", parts.subtitle))
    if parts.source_name and parts.source_line:
        lines.append(f"source:{AS_WRITTEN}{parts.source_line.written}")
        lines.append(f"  name: {scalar(parts.source_name)}")
        if parts.source_date:
            lines.append(f"  date: {parts.source_date.day.isoformat()}")
    if parts.bio:
        lines.append(_field("bio", parts.bio))
    lines.append("---")
    return lines


def body(blocks: list[Block]) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if block.kind == "heading":
            out.append("## " + escape(block.text))
        elif block.kind == "pullquote":
            out += ["::: pullquote", escape(block.text), ":::"]
        elif block.kind == "verse":
            out.append("::: verse")
            out += [escape(hemistich) for beyt in block.hemistichs for hemistich in beyt]
            out.append(":::")
        else:
            out.append(escape(block.text))
        out.append("")
    return out


def source_text(parts: Parts, lang: str, section: str) -> str:
    return "\n".join([*front_matter(parts, lang, section), "", *body(parts.body)]).rstrip("\n") + "\n"
