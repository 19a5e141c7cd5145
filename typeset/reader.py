"""Read an article source (YAML front matter + Markdown) into the model."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from typeset import localize, yamldoc
from typeset.errors import Location, TypesetError, collect
from typeset.model import LANGUAGES, Article, Origin, Publication, Text

SOURCE_SUFFIXES = (".md", ".markdown")
_REQUIRED = ("title", "author", "date", "lang", "section")
_OPTIONAL = ("subtitle", "bio", "source", "date_style", "digits")
_FENCE = re.compile(r"---[ \t]*")
_END_FENCE = re.compile(r"(?:---|\.\.\.)[ \t]*")


def read_text(path: Path) -> str:
    """A source's text: UTF-8 (a BOM is dropped), line ends made ``\\n``."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise TypesetError(f"cannot read file: {error.strerror}", Location(path)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise TypesetError(
            f"file is not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start})",
            Location(path, line),
            hint="save the file as UTF-8",
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise TypesetError("file contains a NUL byte", Location(path, line), hint="is this a text file?")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def slug_of(path: Path) -> str:
    slug = re.sub(r"[^\w.-]+", "-", path.stem, flags=re.ASCII).strip("-.")
    return slug or "article"


def read_article(path: Path, publication: Publication) -> Article:
    text = read_text(path)
    lines = text.split("\n")
    if not lines or not _FENCE.fullmatch(lines[0]):
        raise TypesetError(
            "missing front matter: a source starts with a '---' line",
            Location(path, 1),
            hint="begin with ---, then title, author, date, lang, section, then ---",
        )
    end = next((i for i in range(1, len(lines)) if _END_FENCE.fullmatch(lines[i])), None)
    if end is None:
        raise TypesetError("front matter is not closed: no '---' line after it", Location(path, 1))
    doc = yamldoc.load("\n".join(lines[1:end]), path, line_offset=1, what="front matter")
    data = doc.data if doc.data is not None else {}
    if not isinstance(data, dict):
        raise TypesetError("front matter must be a mapping of fields to values", Location(path, 2))

    errors: list[TypesetError] = []
    texts: list[Text] = []
    fields: dict[str, Any] = {}
    front_end = Location(path, end + 1)
    for key in data:
        if key not in _REQUIRED + _OPTIONAL:
            errors.append(
                TypesetError(
                    f"unknown front matter field '{key}'",
                    doc.key_loc(key),
                    hint="fields: " + ", ".join(_REQUIRED + _OPTIONAL),
                )
            )
    for key in _REQUIRED:
        if data.get(key) in (None, ""):
            errors.append(TypesetError(f"missing front matter field '{key}'", front_end))
    for key in ("title", "author", "subtitle", "bio"):
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            errors.append(TypesetError(f"front matter field '{key}' must be text", doc.loc(key)))
            continue
        fields[key] = str(value).strip()
        texts.append(Text(fields[key], doc.loc(key)))

    article_date = _date(data.get("date"), doc, ("date",), errors)
    lang = data.get("lang")
    if lang is not None and lang not in LANGUAGES:
        errors.append(
            TypesetError(
                f"unknown language '{lang}'",
                doc.loc("lang"),
                hint="languages: " + ", ".join(f"{tag} ({name})" for tag, name in LANGUAGES.items()),
            )
        )
    section = None
    key = data.get("section")
    if key is not None:
        section = publication.sections.get(str(key))
        if section is None:
            where = publication.path or "the built-in publication"
            errors.append(
                TypesetError(
                    f"unknown section '{key}'",
                    doc.loc("section"),
                    hint=f"sections of {where}: " + ", ".join(publication.sections),
                )
            )
    source = _origin(data.get("source"), doc, errors, texts)
    date_style = data.get("date_style")
    if date_style is not None and lang in LANGUAGES:
        problem = localize.check_date_style(str(date_style), str(lang))
        if problem:
            errors.append(TypesetError(f"date_style: {problem}", doc.loc("date_style")))
    digits = data.get("digits")
    if digits is not None and digits not in localize.DIGIT_MODES:
        errors.append(
            TypesetError(
                f"digits '{digits}' is not one of " + ", ".join(localize.DIGIT_MODES),
                doc.loc("digits"),
                hint="as-written keeps the digits as the author typed them",
            )
        )

    collect(errors)
    assert article_date is not None and section is not None
    return Article(
        path=path,
        slug=slug_of(path),
        title=fields["title"],
        author=fields["author"],
        date=article_date,
        lang=str(lang),
        section=section,
        subtitle=fields.get("subtitle"),
        bio=fields.get("bio"),
        source=source,
        date_style=None if date_style is None else str(date_style),
        digits=None if digits is None else str(digits),
        body="\n".join(lines[end + 1 :]),
        body_line=end + 2,
        texts=tuple(texts),
    )


def _date(value: Any, doc: yamldoc.YamlDoc, keys: tuple[str, ...], errors: list[TypesetError]) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        errors.append(
            TypesetError(f"invalid date '{value}'", doc.loc(*keys), hint="write dates as YYYY-MM-DD, e.g. 2025-06-03")
        )
        return None


def _origin(value: Any, doc: yamldoc.YamlDoc, errors: list[TypesetError], texts: list[Text]) -> Origin | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = {"name": value}
    if not isinstance(value, dict) or not isinstance(value.get("name"), str) or set(value) - {"name", "url", "date"}:
        errors.append(
            TypesetError(
                "'source' takes name, and optionally url and date",
                doc.loc("source"),
                hint="source: {name: Taut Bataut, url: https://example.org/article, date: 2025-06-02}",
            )
        )
        return None
    texts.append(Text(value["name"], doc.loc("source", "name")))
    url = value.get("url")
    if url is not None and not (isinstance(url, str) and re.match(r"https?://[^\s]+$", url)):
        errors.append(
            TypesetError(f"source url '{url}' is not a web address (http:// or https://)", doc.loc("source", "url"))
        )
        url = None
    return Origin(value["name"].strip(), url, _date(value.get("date"), doc, ("source", "date"), errors))
