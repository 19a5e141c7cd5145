"""The model: plain data, no I/O. Readers build it; the HTML stage reads it.

An article is one source; an edition is a list of articles sharing one
publication, bound into one book, so nothing here assumes one article per document.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from typeset import languages
from typeset.errors import Location
from typeset.languages import direction_of as direction_of

#: Languages an article may be written in (BCP 47 tag → English name), from typeset.languages' table.
LANGUAGES = {code: language.name for code, language in languages.LANGUAGES.items()}


@dataclass(frozen=True)
class Text:
    """A piece of user text and where it was written (for coverage errors)."""

    value: str
    location: Location
    role: str = "body"  # which font chain sets it: body, masthead, verse


@dataclass(frozen=True)
class Section:
    """A section of the publication, its label in each language the publication gives (en and fa always)."""

    key: str
    labels: Mapping[str, str] = field(hash=False)  # BCP 47 tag → label

    @property
    def label_en(self) -> str:
        return self.labels["en"]

    @property
    def label_fa(self) -> str:
        return self.labels["fa"]

    def label(self, lang: str) -> str:
        """The label in ``lang``: its own, else its script's (fa for a right-to-left language), else English."""
        if lang in self.labels:
            return self.labels[lang]
        return self.labels["fa" if direction_of(lang) == "rtl" else "en"]


@dataclass(frozen=True)
class Fonts:
    """Font families per script, in order of preference; each must be in ``fonts/``."""

    latin: tuple[str, ...]
    arabic: tuple[str, ...]
    nastaliq: tuple[str, ...]
    verse: tuple[str, ...]

    def chain(self, role: str, direction: str = "ltr") -> tuple[str, ...]:
        """The CSS font-family list for text of ``role`` (the coverage check uses the same)."""
        body = self.arabic + self.latin if direction == "rtl" else self.latin + self.arabic
        if role == "masthead":
            return self.nastaliq + body
        if role == "verse":
            return self.verse + body
        return body


#: ``typography.latin_scale``'s default: the Latin face's size against the Naskh body's (typeset.typography.scripts;
#: measured by bench/script_balance.py, chosen by eye between the x-height and the ascender match).
DEFAULT_LATIN_SCALE = 0.85


@dataclass(frozen=True)
class Publication:
    name: str
    masthead: str
    monogram: str
    verse_header: tuple[tuple[str, ...], ...]  # beyts: (first hemistich, second hemistich)
    website: str
    email: str
    sections: dict[str, Section]
    page_size: str
    page_margin: str
    fonts: Fonts
    root: Path  # folder of the config (its templates/ override the theme)
    kashida: bool = True  # elongate verse with tatweel (typography.kashida)
    keep_typed_kashida: bool = True  # an author's tatweels in verse stay (typography.typed_kashida: keep | remove)
    digits: str = "native"  # native | as-written: the digits of running text in RTL articles
    punctuation: str = "native"  # native | as-written: Persian marks and letters in Dari and Pashto text
    date_styles: dict[str, str] = field(default_factory=dict)  # language → date style ("*": all)
    path: Path | None = None  # None: the built-in default
    texts: tuple[Text, ...] = ()
    name_rtl: str = ""  # the name in Persian script (config ``name: {en: …, fa: …}``); "" : none given
    latin_scale: float = DEFAULT_LATIN_SCALE  # the size of Latin runs in RTL text, × the text around them
    arabic_scale: float = 1 / DEFAULT_LATIN_SCALE  # Arabic-script runs in LTR text (default: 1 / latin_scale)
    colours: Mapping[str, str] = field(default_factory=dict, hash=False)  # config ``colours:`` (typeset.source.look)
    sizes: Mapping[str, float] = field(default_factory=dict, hash=False)  # config ``sizes:``, in points

    def name_in(self, direction: str) -> str:
        """The publication's name as a page of ``direction`` shows it (running heads)."""
        return self.name_rtl if direction == "rtl" and self.name_rtl else self.name


@dataclass(frozen=True)
class Origin:
    """Where an article first appeared (its closing source line)."""

    name: str
    url: str | None = None
    date: date | None = None


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str


@dataclass
class Article:
    path: Path
    slug: str
    title: str
    author: str
    date: date
    lang: str
    section: Section
    body: str  # Markdown
    body_line: int  # line of ``path`` where the body starts (1-based)
    subtitle: str | None = None
    bio: str | None = None
    source: Origin | None = None
    digits: str | None = None  # None: the publication's
    punctuation: str | None = None  # None: the publication's
    date_style: str | None = None  # None: the publication's, else the language's default
    texts: tuple[Text, ...] = ()
    # filled by the markup stage
    body_html: str = ""
    headings: list[Heading] = field(default_factory=list)

    @property
    def direction(self) -> str:
        return direction_of(self.lang)

    @property
    def text_lang(self) -> str:
        """The language of the body's element, which the engine hyphenates by: ``en`` is American English
        (its patterns; the engine's ``en`` would be British), ``en-GB`` British."""
        row = languages.LANGUAGES.get(self.lang)
        return row.hyphenation if row is not None else self.lang

    def native_digits(self, publication: Publication) -> bool:
        """Whether running text's digits are set as the language writes them (else as typed)."""
        return (self.digits or publication.digits) == "native"

    def native_punctuation(self, publication: Publication) -> bool:
        """Whether running text's punctuation and letters are set as the language writes them (else as typed)."""
        return (self.punctuation or publication.punctuation) == "native"

    def date_style_in(self, publication: Publication) -> str | None:
        """The date style: the article's, else the publication's for its language, else None (the default)."""
        return self.date_style or publication.date_styles.get(self.lang)


#: Print profiles of an edition: ``screen`` (RGB, links live) or ``print`` (PDF/X-4, bleed, crop marks, CMYK black).
PROFILES = ("screen", "print")
#: Impositions an edition may also be written in (a second file).
IMPOSITIONS = ("booklet",)


@dataclass(frozen=True)
class EditionEntry:
    """One article of an edition: its source, the section it is grouped under, where the edition names it."""

    source: Path  # resolved, absolute
    section: Section | None  # None: the edition is not grouped by sections
    location: Location  # the line of the edition file that names it


@dataclass(frozen=True)
class Edition:
    """An issue: articles in order, bound into one PDF (``output/<name>.pdf``)."""

    path: Path  # the edition file, ``input/editions/<name>.yaml``
    name: str  # the file's stem: the output's name
    title: str
    number: str  # as the editor wrote it ("12", "2025/3"); digits localised when set
    date: date
    lang: str
    entries: tuple[EditionEntry, ...]
    publication: Publication
    trim: str  # CSS page size of the trimmed page ("A5", "170mm 240mm"); default: the publication's page size
    profile: str = "screen"  # one of PROFILES
    impose: str | None = None  # one of IMPOSITIONS, or None
    note: str | None = None  # the editor's note (Markdown)
    note_line: int = 0  # line of ``path`` where the note's text starts
    note_signature: str | None = None  # who signs the note (None: the publication, by its name)
    date_style: str | None = None
    texts: tuple[Text, ...] = ()

    @property
    def direction(self) -> str:
        """The edition's language decides its binding: right-bound when right-to-left."""
        return direction_of(self.lang)
