"""An imported article written as a source: YAML front matter, then the Markdown body.

What the importer changed in a field (an ISO date from ``03.06.2025``, the name
without its "By:") is written beside it as a comment, ``# as written: …``, so
that the source still holds every word of the text it came from.
"""

from __future__ import annotations

import re

import yaml

from typeset.importer.blocks import Block
from typeset.importer.structure import Field, Parts

AS_WRITTEN = "  # as written: "
_BLOCK_START = re.compile(r"^([#>+\-*=|~`]|:::|\[\^|\d{1,9}(?=[.)](?:\s|$)))")


def scalar(value: str) -> str:
    """``value`` as a one-line YAML scalar (plain when that reads back the same, else quoted)."""
    dumped = yaml.safe_dump(value, allow_unicode=True, width=1_000_000).rstrip("\n")
    return dumped.removesuffix("\n...").strip()


def _field(key: str, item: Field) -> str:
    line = f"{key}: {scalar(item.value)}"
    return line + AS_WRITTEN + item.written if item.written.strip() != item.value else line


def escape(text: str) -> str:
    """A line of text that Markdown reads back as that text, not as markup (a leading ``#``, ``1.``)."""
    text = text.replace("\\", "\\\\")
    match = _BLOCK_START.match(text)
    if not match:
        return text
    if match.group()[0].isdigit():
        return text[: match.end()] + "\\" + text[match.end() :]
    return "\\" + text


def front_matter(parts: Parts, lang: str, section: str) -> list[str]:
    assert parts.title and parts.author and parts.date
    lines = ["---", _field("title", parts.title), _field("author", parts.author)]
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
            out.append("## " + block.text.replace("\\", "\\\\"))
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
