"""Import of legacy plain-text articles (from old PDFs and web pages) as sources.

The stages, each in its module: ``text`` reads and decodes, ``pages`` leaves out
a PDF's page numbers and running heads, ``header`` finds the
publication's header block, ``language`` tells the language by its letters,
``structure`` finds the author, date, title, closing byline and bio, ``fields``
fills what the text does not say (from the command line, the file name or the
body) or leaves it to fill,
``paragraphs`` joins page-break splits and finds verse, pull quotes and headings,
``normalise`` corrects letters, kashida and spaces (counted), ``writer`` writes
the source. Nothing here writes a file: :func:`import_text` returns the source's
text and the notes; the command line writes it (atomically).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from typeset.errors import Location, TypesetError
from typeset.importer import fields, language, pages, paragraphs, structure, writer
from typeset.importer.blocks import Block, split_blocks
from typeset.importer.fields import Defaults
from typeset.importer.header import find_header
from typeset.importer.normalise import Normaliser, Options
from typeset.importer.text import read_legacy
from typeset.languages import LANGUAGES
from typeset.model import Publication

__all__ = ["Defaults", "Imported", "Options", "import_file", "import_text"]


@dataclass
class Imported:
    path: Path
    text: str  # the source
    lang: str
    notes: list[tuple[int, str]] = field(default_factory=list)  # (line of the input, note)
    missing: list[str] = field(default_factory=list)  # the fields left empty, to fill: title, author, date
    first_line: int = 1  # the text's first line after the header block


def _section(
    header_section: str | None, lang: str, publication: Publication, defaults: Defaults, notes: list[tuple[int, str]]
) -> str:
    if header_section:
        return header_section
    if defaults.section:
        return defaults.section
    name = LANGUAGES[lang].name.casefold()
    sections = publication.sections
    for key, section in sections.items():
        if section.label_en.casefold() == name or key == name:
            return key
    if LANGUAGES[lang].script == "Latn":
        for key, section in sections.items():
            if "europ" in section.label_en.casefold() or key == lang:
                return key
    key = next(iter(sections))
    notes.append((1, f"no section label in the text: put it in section '{key}' (the first of the publication's)"))
    return key


def import_text(
    text: str, path: Path, publication: Publication, options: Options | None = None, defaults: Defaults | None = None
) -> Imported:
    """The source for the old text ``text`` (read from ``path``). Every word of it is kept; a title, author or
    date that neither the text nor ``defaults`` gives is written empty, for ``typeset check`` to name."""
    options = options or Options()
    defaults = defaults or Defaults()
    text, notes = pages.remove_furniture(text, publication)
    lines = text.split("\n")
    header = find_header(lines, publication)
    notes += header.notes
    rest = lines[header.lines :]
    if defaults.lang:
        lang = defaults.lang
        notes.append((header.lines + 1, f"language: {LANGUAGES[lang].name} ({lang}), as --lang says"))
    else:
        lang = language.detect("\n".join(rest))
        notes.append((header.lines + 1, f"language: {LANGUAGES[lang].name} ({lang}), by its letters"))
    blocks = split_blocks(rest, header.lines)
    parts = structure.Parts()
    blocks = structure.read_top(blocks, parts, notes)
    blocks = structure.read_end(blocks, parts, notes)
    missing = fields.fill(parts, lines, header.lines, path, defaults, notes)
    blocks = paragraphs.find_verse(blocks, notes)
    blocks = paragraphs.join_page_breaks(blocks, notes)
    paragraphs.find_pull_quotes(blocks, notes)
    paragraphs.find_headings(blocks, notes)
    _normalise(parts, blocks, Normaliser(lang, options), notes)
    parts.body = blocks
    section = _section(header.section, lang, publication, defaults, notes)
    notes.sort(key=lambda note: note[0])
    return Imported(path, writer.source_text(parts, lang, section), lang, notes, missing, header.lines + 1)


def _normalise(
    parts: structure.Parts, blocks: list[Block], normaliser: Normaliser, notes: list[tuple[int, str]]
) -> None:
    for item in (parts.title, parts.author, parts.subtitle, parts.bio):
        if item is not None:
            item.value = normaliser.text(structure.unlink(item.value), item.line)
    if parts.source_name and parts.source_line:
        parts.source_name = normaliser.text(parts.source_name, parts.source_line.line)
    unlinked: list[int] = []
    for block in blocks:
        if block.kind == "verse":
            block.hemistichs = [[normaliser.text(h, block.line, verse=True) for h in beyt] for beyt in block.hemistichs]
            continue
        plain = [structure.unlink(line) for line in block.lines]
        unlinked += [block.line + i for i, (a, b) in enumerate(zip(plain, block.lines, strict=True)) if a != b]
        block.lines = [normaliser.text(line.strip(), block.line + i) for i, line in enumerate(plain)]
    if unlinked:
        count = len(unlinked)
        notes.append((unlinked[0], f"dropped the empty link marks [text](#) on {count} line{'s' * (count > 1)}"))
    notes += normaliser.notes()


def import_file(
    path: Path, publication: Publication, options: Options | None = None, defaults: Defaults | None = None
) -> Imported:
    """:func:`import_text` of the file at ``path`` (UTF-8, else Windows-1256, said in a note)."""
    decoded = read_legacy(path)
    if not decoded.text.strip():
        raise TypesetError("the file has no text: nothing to import", Location(path, 1))
    imported = import_text(decoded.text, path, publication, options, defaults)
    if decoded.encoding != "UTF-8":
        imported.notes.insert(0, (1, f"not UTF-8: read as {decoded.encoding}"))
    return imported
