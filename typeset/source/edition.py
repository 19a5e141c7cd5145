"""Read an edition file (``input/editions/<name>.yaml``) into the model.

An edition names its articles by path and groups them, optionally, under the
publication's sections; the articles themselves are read by the build, each on
its own (so one edited article costs one read). Here only what the edition file
says is checked, every problem collected with its line: unknown keys (with the
nearest known one), required keys, the date, language, trim, profile and
imposition, the sections, and each article path — which must name an existing
Markdown source inside the input folder (the folder of ``publication.yaml``),
once. Nothing is read outside that folder, through a link or ``..``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from typeset.errors import Location, TypesetError, collect
from typeset.model import IMPOSITIONS, PROFILES, Edition, EditionEntry, Publication, Section, Text
from typeset.source import yamldoc
from typeset.source.config import (
    CONFIG_NAME,
    DEFAULT_CONFIG,
    MAX_CONFIG_BYTES,
    MAX_TEXT_CHARS,
    find_config,
    load_publication,
)
from typeset.source.reader import (
    MAX_FIELD_WORD,
    SCALAR,
    SOURCE_SUFFIXES,
    find_section,
    language_field,
    parse_date,
    read_text,
    section_names,
    slug_of,
    tidy_bidi,
    visible,
)
from typeset.typography import geometry, localize
from typeset.typography.words import longest_word

#: The editor's note, in characters: a page or two of the edition (a longer text is an article).
MAX_NOTE_CHARS = 6000
_PROFILES_HINT = "profiles: screen (RGB, links live), print (PDF/X-4 with bleed and crop marks, for a print shop)"
_IMPOSITIONS_HINT = "impose: booklet (a second file, pages in printing order for saddle stitching)"
#: A scalar written as a word or a number (``024`` stays ``024``: the text is read as written).
EDITION = yamldoc.Schema(
    (
        yamldoc.Field(
            "title", SCALAR, "must be text", required=True, hint="title: the edition's title, set on the cover"
        ),
        yamldoc.Field(
            "number", SCALAR, "must be text or a number", required=True, hint="number: the issue's number, e.g. 24"
        ),
        yamldoc.Field("date", SCALAR, "must be text", required=True, hint="date: the date of the issue, YYYY-MM-DD"),
        language_field("language"),
        yamldoc.Field("trim", SCALAR, "must be text"),
        yamldoc.Field("profile", SCALAR, "must be text", choices=PROFILES, noun="profile", hint=_PROFILES_HINT),
        yamldoc.Field("impose", SCALAR, "must be text", choices=IMPOSITIONS, noun="imposition", hint=_IMPOSITIONS_HINT),
        yamldoc.Field("date_style", SCALAR, "must be text", choices=localize.DATE_STYLES),
        yamldoc.Field("note", (str,), "must be text (Markdown)", hint="note: |, then the note indented below it"),
        yamldoc.Field("note_signature", SCALAR, "must be text", hint="who signs the note (default: the publication)"),
        yamldoc.Field("sections"),  # a list of sections, each with its articles: _Reading.entries
        yamldoc.Field("articles"),  # a list of paths: _Reading.paths
    ),
    unknown="unknown key '{}'",
    listing="keys: {}",
)
#: One item of ``sections:``.
GROUP = yamldoc.Schema(
    (yamldoc.Field("section"), yamldoc.Field("articles")), unknown="unknown key '{}'", listing="keys: {}"
)


def read_edition(path: Path) -> Edition:
    """The edition at ``path``, with its publication (the ``publication.yaml`` at or above it).

    Raises every problem of the file at once (:class:`~typeset.errors.ErrorList`).
    """
    text = read_text(path, MAX_CONFIG_BYTES, "edition")
    doc = yamldoc.load(text, path, what="edition")
    data = doc.data
    if not isinstance(data, dict):
        raise TypesetError(
            "an edition must be a mapping of keys to values",
            doc.loc(),
            hint="begin with title:, number:, date:, language:, then sections: or articles:",
        )
    return _Reading(path, text, doc, data).edition()


class _Reading:
    """One pass over an edition file's data: each check appends its errors and texts."""

    def __init__(self, path: Path, text: str, doc: yamldoc.YamlDoc, data: dict[Any, Any]):
        self.path, self.lines, self.doc, self.data = path, text.split("\n"), doc, data
        self.errors: list[TypesetError] = []
        self.texts: list[Text] = []
        self._input_folder: Path | None = None
        self.values = EDITION.read(doc, (), self.errors, missing_at=Location(path, 1))

    def fail(self, message: str, location: Location, hint: str | None = None) -> None:
        self.errors.append(TypesetError(message, location, hint))

    def order(self, error: TypesetError) -> tuple[bool, int, int]:
        where = error.location or Location(self.path)
        return where.path == self.path, where.line or 0, where.column or 0

    def edition(self) -> Edition:
        publication = self.publication()
        title = self.text("title", MAX_TEXT_CHARS)
        number = self.text("number", MAX_TEXT_CHARS)
        day = parse_date(self.values["date"], self.doc, ("date",), self.errors) if self.scalar("date") else None
        lang = self.scalar("language") or None
        trim = self.trim(publication)
        profile = self.scalar("profile") or None
        impose = self.scalar("impose") or None
        date_style = self.date_style(lang)
        note, note_line = self.note()
        signature = self.text("note_signature", MAX_TEXT_CHARS) if "note_signature" in self.values else None
        entries = self.entries(publication)
        # In the order of the file (a broken publication.yaml, the cause of the rest, first).
        collect(sorted(self.errors, key=self.order))
        assert publication is not None and title is not None and number is not None and day is not None
        return Edition(
            path=self.path,
            name=slug_of(self.path),
            title=title,
            number=number,
            date=day,
            lang=str(lang),
            entries=tuple(entries),
            publication=publication,
            trim=trim or publication.page_size,
            profile=profile or "screen",
            impose=impose,
            note=note,
            note_line=note_line,
            note_signature=signature,
            date_style=date_style,
            texts=tuple(self.texts),
        )

    # --- the keys ----------------------------------------------------------------------------------

    def scalar(self, key: str) -> str | None:
        """The value of ``key`` as written (``024`` stays ``024``); None when absent or not what EDITION
        takes there (an error already)."""
        if key not in self.values:
            return None
        return (self.doc.text(key) or str(self.values[key])).strip()

    def text(self, key: str, limit: int) -> str | None:
        """A text set on the cover (title, number): within the config's limits, bidi tidied as front matter is."""
        value = self.scalar(key)
        if not value:
            return None
        where = self.doc.loc(key)
        if len(value) > limit:
            self.fail(f"'{key}' is too long ({len(value)} characters; the limit is {limit})", where)
            return None
        value = tidy_bidi(value)
        if not visible(value):
            self.fail(f"'{key}' has no visible text", where)
            return None
        self.texts.append(Text(value, where))
        return value

    def publication(self) -> Publication | None:
        """The publication of the edition: the ``publication.yaml`` at or above its folder."""
        try:
            return load_publication(find_config(self.path))
        except TypesetError as error:
            self.errors.extend(getattr(error, "errors", [error]))
            return None

    def trim(self, publication: Publication | None) -> str | None:
        """``trim``: a CSS page size within the paper's bounds, leaving room inside the publication's margins."""
        trim = self.scalar("trim")
        if not trim:
            return None
        where, shown = self.doc.loc("trim"), yamldoc.shown(trim)
        size = geometry.page_size(trim)
        if size is None:
            self.fail(f"trim '{shown}' is not a page size", where, hint=geometry.SIZES_HINT)
        elif problem := geometry.size_problem(*size):
            self.fail(f"trim '{shown}' {problem}", where, hint=geometry.BOUNDS_HINT)
        elif publication is not None and (problem := self.margin_problem(size, publication)):
            self.fail(
                f"trim '{shown}' with the publication's margins ({publication.page_margin}) {problem}",
                where,
                hint="a larger trim, or a smaller page.margin in " + CONFIG_NAME,
            )
        return trim

    @staticmethod
    def margin_problem(size: tuple[float, float], publication: Publication) -> str | None:
        sides = geometry.margins(publication.page_margin)
        return geometry.margin_problem(size, sides) if sides is not None else None

    def date_style(self, lang: str | None) -> str | None:
        """``date_style``: one of localize.DATE_STYLES (EDITION checks that) the edition's language is written in."""
        style = self.scalar("date_style")
        if style and lang and (problem := localize.check_date_style(style, lang)):
            self.fail(f"date_style: {yamldoc.shown(problem, 200)}", self.doc.loc("date_style"))
        return style or None

    def note(self) -> tuple[str | None, int]:
        """The editor's note (Markdown) and the line its text starts on (after a ``|`` or ``>``)."""
        value = self.values.get("note")
        if value is None:
            return None, 0
        where = self.doc.loc("note")
        word = longest_word(value)
        if len(value) > MAX_NOTE_CHARS:
            self.fail(
                f"'note' is too long ({len(value)} characters; the limit is {MAX_NOTE_CHARS})",
                where,
                hint="a longer text is an article of the edition",
            )
        elif len(word) > MAX_FIELD_WORD:
            self.fail(
                f"'note' has a word of {len(word)} characters without a space; the limit is {MAX_FIELD_WORD}", where
            )
        elif visible(value):
            assert where.line is not None and where.column is not None
            style = self.lines[where.line - 1][where.column - 1 : where.column]
            if style == "|":  # a literal block: each line of the note is a line of the file, indented
                for number, line in enumerate(value.split("\n"), where.line):
                    if not line:
                        continue
                    written = self.lines[number] if number < len(self.lines) else line
                    self.texts.append(Text(line, Location(self.path, number + 1, len(written) - len(line) + 1)))
            else:
                self.texts.append(Text(value, where))
            return value, where.line + (style in ("|", ">"))
        return None, 0

    # --- the articles ------------------------------------------------------------------------------

    def entries(self, publication: Publication | None) -> list[EditionEntry]:
        data, doc = self.data, self.doc
        if "sections" in data and "articles" in data:
            self.fail(
                "an edition lists 'sections' or 'articles', not both",
                doc.key_loc("articles"),
                hint="group every article under a section, or list them all under articles:",
            )
            return []
        key = "sections" if "sections" in data else "articles"
        listed = data.get(key)
        if not listed:
            where = doc.key_loc(key) if key in data else Location(self.path, 1)
            self.fail(
                "the edition has no articles",
                where,
                hint="list them under articles: (paths relative to the edition), or under sections:",
            )
            return []
        seen: dict[Path, int] = {}
        if key == "articles":
            return self.paths(("articles",), None, seen, "the edition")
        if not isinstance(listed, list):
            self.fail("'sections' must be a list of sections, each with its articles", doc.loc("sections"))
            return []
        entries: list[EditionEntry] = []
        groups: dict[str, int] = {}
        for index, group in enumerate(listed):
            keys = ("sections", index)
            if not isinstance(group, dict):
                self.fail(
                    "each item of 'sections' is a section and its articles",
                    doc.loc(*keys),
                    hint="- section: dari\n    articles: [../a.md, ../b.md]",
                )
                continue
            GROUP.read(self.doc, keys, self.errors)
            misspelt = GROUP.meant(group)
            section = self.section(group, keys, publication, groups) if "section" not in misspelt else None
            if "articles" not in misspelt:
                label = f"section '{yamldoc.shown(group.get('section'))}'"
                entries.extend(self.paths((*keys, "articles"), section, seen, label))
        return entries

    def section(
        self, group: dict[Any, Any], keys: tuple[Any, ...], publication: Publication | None, groups: dict[str, int]
    ) -> Section | None:
        raw = group.get("section")
        where = self.doc.loc(*keys, "section")
        value = (self.doc.text(*keys, "section") or "").strip() if isinstance(raw, str | int | float) else ""
        if not value:
            self.fail("this group has no 'section'", self.doc.loc(*keys), hint="a key of the publication's sections")
            return None
        section = find_section(publication, value) if publication is not None else None
        key = section.key if section is not None else value  # (one section, by its key or a label)
        if key in groups:
            self.fail(
                f"section '{yamldoc.shown(value)}' is listed twice (first at line {groups[key]})",
                where,
                hint="gather its articles under one entry",
            )
        groups.setdefault(key, where.line or 0)
        if publication is None:
            return None
        if section is None:
            where_from = publication.path or "the built-in publication"
            self.fail(
                f"unknown section '{yamldoc.shown(value)}'",
                where,
                hint=yamldoc.did_you_mean(
                    value, section_names(publication), f"sections of {where_from}: " + ", ".join(publication.sections)
                ),
            )
        return section

    def paths(
        self, keys: tuple[Any, ...], section: Section | None, seen: dict[Path, int], label: str
    ) -> list[EditionEntry]:
        """The article paths at ``keys``: each an existing source inside the input folder, named once."""
        value = self.doc.data
        for key in keys:  # a mapping's key or a list's index (both there: the callers checked)
            value = value.get(key) if isinstance(value, dict) else value[key]
        if not value:
            self.fail(f"{label} lists no articles", self.doc.key_loc(*keys), hint="list its articles, or remove it")
            return []
        if not isinstance(value, list):
            self.fail("'articles' must be a list of paths", self.doc.loc(*keys), hint="articles: [../a.md, ../b.md]")
            return []
        entries = []
        for index, item in enumerate(value):
            where = self.doc.loc(*keys, index)
            source = self.source(item, where)
            if source is None:
                continue
            if source in seen:
                self.fail(
                    f"duplicate article: {yamldoc.shown(item, 200)} (first listed at line {seen[source]})",
                    where,
                    hint="an article appears once in an edition",
                )
                continue
            seen[source] = where.line or 0
            entries.append(EditionEntry(source, section, where))
        return entries

    def source(self, item: Any, where: Location) -> Path | None:
        """The article ``item`` names, resolved; None (and an error) if it is not a source of the input folder."""
        if not isinstance(item, str) or not item.strip():
            self.fail("each article is a path to its source (text)", where, hint="e.g. ../2025-06-10-article.md")
            return None
        shown = yamldoc.shown(item, 200)
        root = self.input_folder()
        try:
            source = (self.path.parent / item).resolve()
        except (OSError, RuntimeError):  # a loop of links
            self.fail(f"no such article: {shown}", where)
            return None
        if not source.is_relative_to(root):
            self.fail(
                f"article {shown} is outside the input folder {root}",
                where,
                hint=f"an edition gathers sources from the folder of its {CONFIG_NAME} (nothing outside it is read)",
            )
            return None
        if not source.exists():
            self.fail(f"no such article: {shown}", where)
        elif not source.is_file() or source.suffix not in SOURCE_SUFFIXES:
            self.fail(
                f"not an article source: {shown}",
                where,
                hint="articles are Markdown sources (" + ", ".join(SOURCE_SUFFIXES) + ")",
            )
        else:
            return source
        return None

    def input_folder(self) -> Path:
        """The folder of the edition's ``publication.yaml`` (the edition's own folder without one), resolved:
        found once for this reading (not again for each of its articles: a lookup and three resolves each)."""
        if self._input_folder is None:
            config = find_config(self.path)
            self._input_folder = (self.path.parent if config == DEFAULT_CONFIG else config.parent).resolve()
        return self._input_folder
