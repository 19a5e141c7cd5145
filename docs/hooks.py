"""MkDocs hook (mkdocs.yml ``hooks:``; plain Python, no plugin): the configuration reference made from
the schemas typeset checks its files with, so the page cannot say other than the code.

A page holds ``<!-- schema reference -->`` where the tables go. ``python docs/hooks.py`` prints them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from typeset.source import config, edition, look, reader, settings
from typeset.source.yamldoc import Field, Schema

MARKER = "<!-- schema reference -->"

#: The schemas, as their files hold them: (a name for PURPOSE, the file, where in it, the schema).
SCHEMAS: tuple[tuple[str, str, str, Schema], ...] = (
    ("publication", "publication.yaml", "the top level of `publication.yaml`", config.PUBLICATION),
    ("name", "publication.yaml", "`name:` (when given in both scripts)", config._NAME),
    ("page", "publication.yaml", "`page:`", config._PAGE),
    ("fonts", "publication.yaml", "`fonts:`", config._FONTS),
    ("typography", "publication.yaml", "`typography:`", settings.TYPOGRAPHY),
    ("colours", "publication.yaml", "`colours:`", look.COLOURS_SCHEMA),
    ("sizes", "publication.yaml", "`sizes:`", look.SIZES_SCHEMA),
    ("front matter", "An article's front matter", "between the `---` lines", reader.FRONT_MATTER),
    ("source", "An article's front matter", "`source:` (when a mapping)", reader._SOURCE),
    ("edition", "An edition file (`input/editions/*.yaml`)", "the top level of an edition file", edition.EDITION),
    ("group", "An edition file (`input/editions/*.yaml`)", "each item of `sections:`", edition.GROUP),
)

#: What a key is for, where its schema does not say (the schema's own ``hint`` is shown after it).
#: Keyed by the schema's name in SCHEMAS and the key; a key a schema no longer has fails tests/test_docs.py.
PURPOSE: dict[tuple[str, str], str] = {
    ("publication", "name"): "the publication's name: the running head of pages 2…; one name, or `{en: …, fa: …}`",
    ("publication", "masthead"): "set in Nastaliq, centred, on each article's first page",
    ("publication", "monogram"): "the publication's monogram, a short text (`AA-AA`)",
    ("publication", "verse_header"): "beyts of the header, each `[first hemistich, second hemistich]`; at most 8",
    ("publication", "website"): "an http(s) address or a host name (linked with https://)",
    ("publication", "email"): "one plain address (linked with mailto:)",
    ("publication", "sections"): "section key: `{en: label, fa: label, …}`",
    ("publication", "page"): "`size` and `margin` (below)",
    ("publication", "fonts"): "font families per script (below)",
    ("publication", "typography"): "the typography settings (below)",
    ("name", "en"): "in Latin letters: left-to-right pages, metadata",
    ("name", "fa"): "in Persian script: the running head of Dari and Pashto pages",
    ("page", "size"): "A0–A7, B4, B5, letter, legal or ledger (`portrait`/`landscape`), or two lengths",
    ("page", "margin"): "one to four lengths, CSS order (top, right, bottom, left)",
    ("fonts", "latin"): "Latin text",
    ("fonts", "arabic"): "Dari and Pashto text (Naskh)",
    ("fonts", "nastaliq"): "the masthead",
    ("fonts", "verse"): "verse",
    ("typography", "kashida"): "false: verse is filled by its spaces only",
    ("typography", "typed_kashida"): "remove: an author's tatweels in verse are dropped",
    ("typography", "digits"): "native: the language's digits; as-written: as typed",
    ("typography", "punctuation"): "native: ، ؛ ؟ « » ی ک in Dari and Pashto text",
    ("typography", "date_style"): "one style, or one per language: house, long, gregorian, solar-hijri",
    ("typography", "latin_scale"): "Latin words in right-to-left text, × the text's size (0.5–1.5; default 0.85)",
    ("typography", "arabic_scale"): "Persian-script words in left-to-right text (default 1 / latin_scale)",
    ("front matter", "source"): "where it first appeared: a name, or `name`, `url`, `date` (below)",
    ("front matter", "date_style"): "house, long, gregorian or solar-hijri",
    ("front matter", "subtitle"): "set under the title",
    ("front matter", "bio"): "the closing author line",
    ("source", "name"): "the publication it first appeared in",
    ("source", "url"): "an http(s) address",
    ("source", "date"): "YYYY-MM-DD",
    ("edition", "trim"): "the trimmed page, as `page.size` is written; default: `page.size`",
    ("edition", "sections"): "the articles, grouped under the publication's sections (below)",
    ("edition", "articles"): "a flat list of article paths, instead of `sections:`",
    ("group", "section"): "a key of the publication's sections",
    ("group", "articles"): "the paths of its articles, relative to the edition file",
}


def _types(one: Field) -> str:
    """What a value may be: "—" where the schema leaves it to the reader (the last column says it)."""
    if one.choices:
        return "text"
    if {str, int}.issubset(one.types):
        return "text or number"  # a scalar read as written: 024 stays 024
    names = {bool: "true/false", str: "text", int: "number", float: "number", list: "list", dict: "mapping"}
    seen = dict.fromkeys(names.get(kind, kind.__name__) for kind in one.types)
    return ", ".join(seen) or "—"


def _choices(one: Field) -> str:
    choices: Iterable[str] = one.choices.keys() if isinstance(one.choices, Mapping) else one.choices
    return ", ".join(f"`{choice}`" for choice in choices)


def _limits(one: Field) -> str:
    if one.limits is None:
        return ""
    low, high = (int(x) if float(x).is_integer() else x for x in one.limits)
    return f"{low}–{high} characters" if str in one.types else f"{low}–{high}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table(name: str, schema: Schema) -> str:
    """One schema as a Markdown table: a row per key."""
    rows = ["| key | value | required | one of | limits | what it is |", "| --- | --- | --- | --- | --- | --- |"]
    for one in schema.fields:
        what = "; ".join(part for part in (PURPOSE.get((name, one.name), ""), one.hint or "") if part)
        cells = (
            f"`{schema.prefix}{one.name}`",
            _types(one),
            "yes" if one.required else "",
            _choices(one),
            _limits(one),
            what,
        )
        rows.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return "\n".join(rows)


def reference() -> str:
    """Every schema's table, under a heading per file."""
    parts: list[str] = []
    title = ""
    for name, file, place, schema in SCHEMAS:
        if file != title:
            parts.append(f"### {file}")
            title = file
        parts.append(f"#### {place[0].upper()}{place[1:]}")
        parts.append(table(name, schema))
    return "\n\n".join(parts) + "\n"


def on_page_markdown(markdown: str, **_: Any) -> str:
    """MkDocs' event: the marker replaced by the tables."""
    return markdown.replace(MARKER, reference()) if MARKER in markdown else markdown


if __name__ == "__main__":
    print(reference(), end="")
