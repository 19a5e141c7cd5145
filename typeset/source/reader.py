"""Read an article source (YAML front matter + Markdown) into the model.

What a source may hold, and what is refused (each with its line):

- at most :data:`MAX_SOURCE_BYTES` (2 MB): a larger file is refused without
  being read whole; only regular files are read (not a FIFO or a device);
- UTF-8 text (a BOM is dropped); UTF-16 and UTF-32 are recognised by their
  BOM and refused with a hint, like any other invalid UTF-8;
- no control characters other than tab and line ends: NUL, the vertical tab
  and form feed of word processors, ESC, DEL, C1 controls, and the Unicode line
  and paragraph separators (U+2028, U+2029) have no glyph and would be drawn
  as boxes (or reach the terminal raw, in a message that quotes them);
- bidi overrides (U+202D LRO, U+202E RLO) are turned into embeddings of the
  same direction (U+202A LRE, U+202B RLE): they would draw letters in reverse,
  so the PDF's text would no longer be the source's (copy, search) and a name
  could be spoofed. Embeddings and isolates are kept; in the front matter's
  texts, one left open is closed at the end of its field and an unmatched
  closer is dropped, so it cannot reorder the text set beside it (the byline).
"""

from __future__ import annotations

import calendar as calendar_module
import errno
import os
import re
import stat
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

from typeset.errors import Location, TypesetError, collect, in_file_order
from typeset.model import LANGUAGES, Article, Origin, Publication, Section, Text
from typeset.source import yamldoc
from typeset.typography import localize
from typeset.typography.direction import OVERRIDES_TO_EMBEDDINGS
from typeset.typography.punctuation import MODES as PUNCTUATION_MODES
from typeset.typography.words import longest_word

SOURCE_SUFFIXES = (".md", ".markdown")
#: The largest source read (a long article is some 100 kB; a book is not one source).
MAX_SOURCE_BYTES = 2 * 1024 * 1024
#: The longest each text of the front matter may be, in characters: the title is set again in the
#: running header of every page, so a long one costs its length times the pages.
MAX_FIELD_CHARS = {"title": 300, "author": 300, "subtitle": 1000, "bio": 3000, "source": 300}
#: The longest word (a run without a space) of a front matter text: the engine breaks a longer one at
#: a cost that grows with the square of its length (a bio of one 3000-letter word took 12 s).
MAX_FIELD_WORD = 300
#: The body's text, in characters other than spaces and line ends, counted before it is parsed: what
#: the Markdown parser's time (up to 40 µs a character, for runs of ``![``) and the engine's (some
#: 30 µs a character of prose) grow with. About 16 000 English words, 45 pages of Dari.
MAX_BODY_CHARS = 100_000
#: The years a date may have (the calendars typeset writes dates in, Solar Hijri among them, have limits).
DATE_YEARS = (1000, 2999)
#: A date's year before this is a Solar Hijri year (1404 is 2025): an editor may write the date in
#: the calendar of the country the article is read in, converted to the Gregorian date it stands for.
SOLAR_HIJRI_BEFORE = 1700
DATE_HINT = "write dates as YYYY-MM-DD, Gregorian (2025-06-03) or Solar Hijri (1404-03-13, a year before 1700)"
_DATE_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_REQUIRED = ("title", "author", "date", "lang", "section")
#: A scalar written as a word or a number (``1:30``, ``yes`` stay as typed: the text is read as written).
SCALAR = (str, int, float, bool)
_LANGUAGES_HINT = "languages: " + ", ".join(f"{tag} ({name})" for tag, name in LANGUAGES.items())


def language_field(name: str) -> yamldoc.Field:
    """The required field that names a text's language (front matter ``lang``, an edition's ``language``)."""
    return yamldoc.Field(
        name, SCALAR, "must be text", required=True, choices=LANGUAGES, noun="language", hint=_LANGUAGES_HINT
    )


FRONT_MATTER = yamldoc.Schema(
    (
        yamldoc.Field("title", SCALAR, "must be text", required=True, hint="write the article's title"),
        yamldoc.Field("author", SCALAR, "must be text", required=True, hint="write the author's name"),
        yamldoc.Field(
            "date",
            required=True,
            hint="write the date it was first published, as YYYY-MM-DD (2025-06-03, or Solar Hijri 1404-03-13)",
        ),
        language_field("lang"),
        yamldoc.Field("section", SCALAR, "must be text", required=True, hint="a key of the publication's sections"),
        yamldoc.Field("subtitle", SCALAR, "must be text"),
        yamldoc.Field("bio", SCALAR, "must be text"),
        yamldoc.Field("source"),  # a name, or name, url and date: _origin reads it
        yamldoc.Field("date_style", SCALAR, "must be text"),
        yamldoc.Field(
            "digits",
            SCALAR,
            "must be text",
            choices=localize.DIGIT_MODES,
            hint="as-written keeps the digits as the author typed them",
        ),
        yamldoc.Field(
            "punctuation",
            SCALAR,
            "must be text",
            choices=PUNCTUATION_MODES,
            hint="as-written keeps the punctuation and letters as the author typed them",
        ),
    ),
    unknown="unknown front matter field '{}'",
    listing="fields: {}",
    label="front matter field '{}'",
    missing="missing front matter field '{}'",
)
_SOURCE = yamldoc.Schema(
    (yamldoc.Field("name"), yamldoc.Field("url"), yamldoc.Field("date")),
    unknown="unknown key '{}' in 'source'",
    listing="'source' takes name, and optionally url and date",
)
_FENCE = re.compile(r"---[ \t]*")
_END_FENCE = re.compile(r"(?:---|\.\.\.)[ \t]*")
_BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)
#: Characters a source may not hold (after line ends are made ``\n``).
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL_NAMES = {
    0x00: "NUL",
    0x07: "BELL",
    0x08: "BACKSPACE",
    0x0B: "LINE TABULATION",
    0x0C: "FORM FEED",
    0x1B: "ESCAPE",
    0x7F: "DELETE",
    0x85: "NEXT LINE",
}
_BIDI_CLOSER = {"\u202a": "\u202c", "\u202b": "\u202c", "\u2066": "\u2069", "\u2067": "\u2069", "\u2068": "\u2069"}


def _size(count: int) -> str:
    mb = 1024 * 1024
    return f"{count / mb:.1f} MB" if count >= mb else f"{count / 1024:.1f} kB"


def read_text(path: Path, limit: int = MAX_SOURCE_BYTES, what: str = "source") -> str:
    """A source's text: UTF-8 (a BOM is dropped), line ends made ``\\n``, overrides made embeddings.

    Refused (with a located error): a file that is not a regular file, one over
    ``limit`` bytes (never read whole), one that is not UTF-8, one holding a
    control character.
    """
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise TypesetError(
                "not a regular file", Location(path), hint="a source is a text file (not a pipe, device or folder)"
            )
        if info.st_size > limit:
            raise _too_large(path, info.st_size, limit, what)
        with path.open("rb") as file:
            data = file.read(limit + 1)
    except OSError as error:
        raise TypesetError(f"cannot read file: {_why_unreadable(path, error)}", Location(path)) from None
    if len(data) > limit:  # it grew, or it does not tell its size
        raise _too_large(path, len(data), limit, what)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            raise TypesetError(f"file is {encoding} text, not UTF-8", Location(path, 1), hint="save it as UTF-8")
    if b"\x00" in data[:4096] and _looks_like_utf16(data):
        raise TypesetError(
            "file is UTF-16 text (without a byte order mark), not UTF-8", Location(path, 1), hint="save it as UTF-8"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise TypesetError(
            f"file is not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start})",
            Location(path, line),
            hint="save the file as UTF-8",
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    _check_controls(text, path)
    return text.translate(OVERRIDES_TO_EMBEDDINGS)


def _why_unreadable(path: Path, error: OSError) -> str:
    """What keeps ``path`` from being read, in words (a dangling or looping link says so)."""
    if error.errno == errno.ELOOP:
        return "a loop of symbolic links"
    if error.errno == errno.ENOENT and path.is_symlink():
        return f"a symbolic link to {os.readlink(path)}, which does not exist"
    return error.strerror or str(error)


def _too_large(path: Path, size: int, limit: int, what: str) -> TypesetError:
    return TypesetError(
        f"{what} is too large ({_size(size)}; the limit is {_size(limit).replace('.0 ', ' ')})",
        Location(path),
        hint="is this one article? split a long text into several sources" if what == "source" else None,
    )


def _looks_like_utf16(data: bytes) -> bool:
    """Text whose every other byte is NUL (ASCII in UTF-16 without a BOM)."""
    head = data[:512]
    return len(head) >= 4 and (head[0::2].count(0) >= len(head) // 4 or head[1::2].count(0) >= len(head) // 4)


def control_name(char: str) -> str:
    """``U+000B (LINE TABULATION)``: how a message names an invisible character."""
    name = _CONTROL_NAMES.get(ord(char)) or unicodedata.name(char, "")
    return f"U+{ord(char):04X} ({name})" if name else f"U+{ord(char):04X}"


def _check_controls(text: str, path: Path) -> None:
    """One error for the first of each control character in ``text``."""
    errors: list[TypesetError] = []
    seen: set[str] = set()
    for match in CONTROL.finditer(text):
        char = match.group()
        if char in seen:
            continue
        seen.add(char)
        start = match.start()
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        where = Location(path, line, column)
        if char == "\x00":
            errors.append(TypesetError("file contains a NUL byte", where, hint="is this a text file?"))
        elif char in "\u2028\u2029":
            errors.append(
                TypesetError(
                    f"character {control_name(char)} in the text",
                    where,
                    hint="replace it with a line break (an empty line between paragraphs)",
                )
            )
        else:
            errors.append(
                TypesetError(
                    f"control character {control_name(char)} in the text",
                    where,
                    hint="delete it, or replace it with a space or a line break (it has no glyph)",
                )
            )
        if len(errors) >= 5:
            break
    collect(errors)


def tidy_bidi(text: str) -> str:
    """``text`` with overrides made embeddings, each embedding or isolate left open closed at its end,
    and each closer that closes nothing dropped: a field cannot reorder the text set beside it."""
    text = text.translate(OVERRIDES_TO_EMBEDDINGS)
    if not any(char in text for char in "\u202a\u202b\u202c\u2066\u2067\u2068\u2069"):
        return text
    out: list[str] = []
    open_: list[str] = []  # the closer each open embedding or isolate waits for
    for char in text:
        if char in _BIDI_CLOSER:
            open_.append(_BIDI_CLOSER[char])
        elif char == "\u202c":  # PDF: closes the last embedding, not across an isolate
            if not open_ or open_[-1] != "\u202c":
                continue
            open_.pop()
        elif char == "\u2069":  # PDI: closes the last isolate and the embeddings inside it
            if "\u2069" not in open_:
                continue
            while open_.pop() != "\u2069":
                out.append("\u202c")
        out.append(char)
    return "".join(out) + "".join(reversed(open_))


#: What a slug keeps besides letters, marks and digits of any script: ZWNJ (نیم‌فاصله, part of a
#: Persian word), '.', '-' and '_'.
_SLUG_KEEP = frozenset("\u200c.-_")
_SLUG_BYTES = 200  # a file name is at most 255 bytes: room for ".pdf" and a temporary's suffix


def slug_of(path: Path) -> str:
    """The name of a source's PDF (and the article's id): its file name's stem, in its own script.

    A Unicode slug, as Hugo and MkDocs make them, not a transliteration: Dari and Pashto editors
    name their files in their own script, and a transliteration of a script written without its
    short vowels is a guess that can give two names one slug. Letters, marks and digits of every
    script are kept (NFC), runs of anything else become one '-'; bytes that are not UTF-8 in the
    file name are dropped.
    """
    stem = unicodedata.normalize("NFC", path.stem.encode("utf-8", "surrogateescape").decode("utf-8", "ignore"))
    slug = "".join(char if char in _SLUG_KEEP or unicodedata.category(char)[0] in "LMN" else " " for char in stem)
    slug = re.sub(r"\s+", "-", slug.strip()).strip("-.\u200c")
    slug = slug.encode("utf-8")[:_SLUG_BYTES].decode("utf-8", "ignore").rstrip("-.\u200c")
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
    values = FRONT_MATTER.read(doc, (), errors, missing_at=Location(path, end + 1))

    def written(key: str) -> str | None:
        """The field's value as written (``1:30`` stays ``1:30``, not 90); None if absent or wrong."""
        return (doc.text(key) or str(values[key])).strip() if key in values else None

    for key in ("title", "author", "subtitle", "bio"):
        field_text = _text_field(written(key), doc, key, errors)
        if field_text is None:
            continue
        fields[key] = field_text
        texts.append(Text(field_text, doc.loc(key)))

    article_date = parse_date(values.get("date"), doc, ("date",), errors)
    lang = written("lang")
    section = None
    section_key = written("section")
    if section_key:
        section = find_section(publication, section_key)
        if section is None:
            where = publication.path or "the built-in publication"
            errors.append(
                TypesetError(
                    f"unknown section '{yamldoc.shown(section_key)}'",
                    doc.loc("section"),
                    hint=yamldoc.did_you_mean(
                        section_key,
                        section_names(publication),
                        f"sections of {where}: " + ", ".join(publication.sections),
                    ),
                )
            )
    source = _origin(values.get("source"), doc, errors, texts)
    date_style = written("date_style")
    if date_style is not None and lang in LANGUAGES:
        problem = localize.check_date_style(date_style, str(lang))
        if problem:
            styles = localize.DATE_STYLES
            hint = None if date_style in styles else yamldoc.did_you_mean(date_style, styles, None)
            errors.append(TypesetError(f"date_style: {yamldoc.shown(problem, 200)}", doc.loc("date_style"), hint))
    digits = written("digits")
    punctuation = written("punctuation")

    body_error = _body_too_long(path, lines, end + 1)
    if body_error:
        errors.append(body_error)
    collect(sorted(errors, key=in_file_order))  # in the order of the file
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
        date_style=date_style,
        digits=digits,
        punctuation=punctuation,
        body="\n".join(lines[end + 1 :]),
        body_line=end + 2,
        texts=tuple(texts),
    )


def find_section(publication: Publication, name: str) -> Section | None:
    """The section ``name`` names: its key, or its label in any language (``فرهنگ`` as well as ``culture``)."""
    found = publication.sections.get(name)
    if found is None:
        wanted = unicodedata.normalize("NFC", name).casefold()
        found = next(
            (
                section
                for section in publication.sections.values()
                if any(unicodedata.normalize("NFC", label).casefold() == wanted for label in section.labels.values())
            ),
            None,
        )
    return found


def section_names(publication: Publication) -> tuple[str, ...]:
    """Every name a section may be called by (its keys, then its labels): what "did you mean" looks in."""
    labels = (label for section in publication.sections.values() for label in section.labels.values())
    return tuple(dict.fromkeys((*publication.sections, *labels)))


def _body_too_long(path: Path, lines: list[str], first: int) -> TypesetError | None:
    """An error at the character that takes the body past :data:`MAX_BODY_CHARS`, if one does."""
    count = 0
    for number in range(first, len(lines)):
        line = lines[number]
        within = len(line) - line.count(" ") - line.count("\t")
        if count + within > MAX_BODY_CHARS:
            left = MAX_BODY_CHARS - count  # characters of this line still within the budget
            column = next(i for i, char in enumerate(line) if char not in " \t" and (left := left - 1) < 0) + 1
            return TypesetError(
                f"the article is too long to set: more than {MAX_BODY_CHARS} characters of text",
                Location(path, number + 1, column),
                hint="is this one article? split a long text into several sources",
            )
        count += within
    return None


def parse_date(value: Any, doc: yamldoc.YamlDoc, keys: tuple[str, ...], errors: list[TypesetError]) -> date | None:
    """The date at ``keys`` (YYYY-MM-DD, in Latin or Persian digits; a year before
    :data:`SOLAR_HIJRI_BEFORE` is Solar Hijri and converted), as a Gregorian date in
    :data:`DATE_YEARS`; else an error in ``errors`` and None."""
    if value is None:
        return None
    text = (doc.text(*keys) or (str(value) if isinstance(value, str | int | float) else "")).strip()
    match = re.fullmatch(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", text.translate(_DATE_DIGITS))
    if not match:
        shown = text or f"<{type(value).__name__}>"
        errors.append(TypesetError(f"invalid date '{yamldoc.shown(shown)}'", doc.loc(*keys), hint=DATE_HINT))
        return None
    year, month, day = (int(part) for part in match.groups())
    first, last = DATE_YEARS
    if not first <= year <= last:
        errors.append(TypesetError(f"date '{text}' is out of range (years {first} to {last})", doc.loc(*keys)))
        return None
    solar = year < SOLAR_HIJRI_BEFORE
    try:
        if solar:
            import jdatetime  # lazily: only Solar Hijri dates need it

            return jdatetime.date(year, month, day).togregorian()  # type: ignore[no-any-return]
        return date(year, month, day)
    except ValueError:
        errors.append(
            TypesetError(f"invalid date '{yamldoc.shown(text)}'", doc.loc(*keys), hint=_day_hint(year, month, solar))
        )
        return None


def _day_hint(year: int, month: int, solar: bool) -> str:
    """Why a YYYY-MM-DD date is not a day of its calendar: the month's days, or the months."""
    calendar = "Solar Hijri (its year is before 1700)" if solar else "Gregorian"
    if not 1 <= month <= 12:
        return f"it is read as {calendar}, which has months 01 to 12"
    if solar:
        import jdatetime

        days = 31 if month <= 6 else 30 if month <= 11 else 30 if jdatetime.date(year, 1, 1).isleap() else 29
    else:
        days = calendar_module.monthrange(year, month)[1]
    return f"it is read as {calendar}, and month {month:02} of {year} has {days} days"


def _text_field(text: str | None, doc: yamldoc.YamlDoc, key: str, errors: list[TypesetError]) -> str | None:
    """A field that is set as text: its words as written (a number or yes stays as typed), bidi tidied."""
    if text is None or not _short_enough(text, key, doc.loc(key), errors):
        return None
    text = tidy_bidi(text)
    if not visible(text):  # only bidi controls, joiners, spaces
        if key in _REQUIRED:
            errors.append(TypesetError(f"front matter field '{key}' has no visible text", doc.loc(key)))
        return None
    return text


def visible(text: str) -> bool:
    """Whether ``text`` has something to set (not only spaces, joiners and bidi controls)."""
    return any(not char.isspace() and unicodedata.category(char) not in ("Cf", "Cc", "Zs") for char in text)


def _short_enough(text: str, key: str, location: Location, errors: list[TypesetError]) -> bool:
    if len(text) <= MAX_FIELD_CHARS[key]:
        word = longest_word(text)
        if len(word) <= MAX_FIELD_WORD:
            return True
        errors.append(
            TypesetError(
                f"front matter field '{key}' has a word of {len(word)} characters without a space; "
                f"the limit is {MAX_FIELD_WORD}",
                location,
                hint="put spaces in it",
            )
        )
        return False
    errors.append(
        TypesetError(
            f"front matter field '{key}' is too long ({len(text)} characters; the limit is {MAX_FIELD_CHARS[key]})",
            location,
            hint="the body is the place for long text" if key != "title" else "a subtitle can say the rest",
        )
    )
    return False


def _origin(value: Any, doc: yamldoc.YamlDoc, errors: list[TypesetError], texts: list[Text]) -> Origin | None:
    if value is None:
        return None
    keys: tuple[str, ...] = ("source", "name") if isinstance(value, dict) else ("source",)
    if isinstance(value, dict):
        known = len(errors)
        _SOURCE.read(doc, ("source",), errors)
        if len(errors) > known:  # an unknown key (with the one it was meant to be)
            return None
    else:
        value = {"name": value}
    name = value.get("name")
    if isinstance(name, str | int | float):  # as written: a number or yes stays as typed
        name = tidy_bidi((doc.text(*keys) or str(name)).strip())
    if isinstance(name, str) and not _short_enough(name, "source", doc.loc(*keys), errors):
        return None
    if not isinstance(name, str) or not visible(name):
        errors.append(
            TypesetError(
                "'source' takes name, and optionally url and date",
                doc.loc("source"),
                hint="source: {name: Taut Bataut, url: https://example.org/article, date: 2025-06-02}",
            )
        )
        return None
    texts.append(Text(name, doc.loc(*keys)))
    url = value.get("url")
    if url is not None and not (isinstance(url, str) and re.match(r"https?://[^\s]+$", url)):
        errors.append(
            TypesetError(
                f"source url '{yamldoc.shown(url)}' is not a web address (http:// or https://)",
                doc.loc("source", "url"),
            )
        )
        url = None
    return Origin(name, url, parse_date(value.get("date"), doc, ("source", "date"), errors))
