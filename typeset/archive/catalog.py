"""The archive's catalog: every archived article and edition in SQLite, searchable in both scripts.

``archive/catalog.sqlite`` holds a plain table of records (the metadata of each
archived PDF, the plain text of its body) and an FTS5 table over their title,
author, section labels and body, in the catalog's spelling
(:mod:`typeset.archive.spelling`): each row is folded in its language's family,
and a query is folded in each family and matched against that family's rows, so
that Arabic ي/ك meet Persian ی/ک in Dari while Pashto's five yehs stay apart.

The catalog is made from the sources, never from the PDFs' text layer, and can be
rebuilt from the archived files alone (:func:`reindex`): each PDF carries its
record and its source as attachments.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from typeset.archive import dates, spelling
from typeset.archive.record import RECORD_NAME, Record
from typeset.archive.snippet import Term, make_snippet, mark
from typeset.errors import Location, TypesetError

CATALOG_NAME = "catalog.sqlite"
#: PRAGMA user_version: a catalog of another format is rebuilt, not read. 2: English, German and French
#: rows are of their own families, their words indexed with their Snowball stems (format 1: ``other``).
_FORMAT = 2
#: The most words a query may have. A query costs time linear in its words (each term is matched
#: alone or joined with a neighbour: three phrases a word); 2000 Persian words answer in well under
#: a second (bench/bench_catalog.py), this many in some seconds at most.
MAX_QUERY_WORDS = 4000
_REINDEX_HINT = "rebuild it from the archived PDFs: typeset archive reindex"
#: bm25 weights of the indexed columns: a word of the title counts most.
_WEIGHTS = (10.0, 5.0, 2.0, 1.0)
_SCHEMA = """
CREATE TABLE records (
    id INTEGER PRIMARY KEY, pdf TEXT UNIQUE NOT NULL, kind TEXT, slug TEXT, version INTEGER,
    title TEXT, author TEXT, date TEXT, lang TEXT, section TEXT, family TEXT,
    author_key TEXT, section_key TEXT, body TEXT, record TEXT);
CREATE INDEX records_date ON records(date);
CREATE INDEX records_slug ON records(slug, kind);
CREATE VIRTUAL TABLE words USING fts5(title, author, labels, body, tokenize='unicode61 remove_diacritics 2');
"""


@dataclass(frozen=True)
class Hit:
    title: str
    author: str
    date: str  # ISO, Gregorian
    lang: str
    path: str  # the PDF, relative to the archive folder
    snippet: str  # words of the body around the first match
    marks: tuple[tuple[int, int], ...]  # the matched words' offsets in ``snippet``
    rank: float  # bm25: lower is better
    section: str = ""
    kind: str = "article"
    version: int = 1

    def marked(self, before: str = "[", after: str = "]") -> str:
        return mark(self.snippet, self.marks, before, after)


class OlderCatalog(TypesetError):
    """A catalog an older typeset made (a format it no longer reads): ``typeset archive`` rebuilds it
    (:func:`reindex`), ``typeset search`` says to."""


def no_catalog(archive_dir: Path) -> TypesetError:
    return TypesetError(
        f"no catalog: the archive folder {archive_dir}/ has none",
        Location(archive_dir / CATALOG_NAME),
        hint="`typeset archive` makes one as it archives; `typeset archive reindex` rebuilds it from the PDFs",
    )


def damaged(path: Path, reason: str) -> TypesetError:
    """The error of a catalog that cannot be read (damaged, truncated, another program's database)."""
    return TypesetError(f"the catalog cannot be read: {reason}", Location(path), hint=_REINDEX_HINT)


class Catalog:
    """The catalog of ``archive_dir``; ``create``: make it when it is not there (else :func:`no_catalog`).

    Never read or written through a symbolic link. A 0-byte file is no catalog; a file that is no
    SQLite database, a damaged or truncated one, another program's database or another format's
    are each a TypesetError naming it (with the hint to reindex), never an internal error: every
    use of the database goes through :meth:`_reading`. Without ``create`` it is opened read-only.
    """

    def __init__(self, archive_dir: Path, create: bool = True, path: Path | None = None) -> None:
        from typeset.archive.sums import link_error

        self.archive_dir = archive_dir
        self.path = path or archive_dir / CATALOG_NAME
        if self.path.is_symlink():
            raise link_error(self.path)
        if not create and (not self.path.is_file() or self.path.stat().st_size == 0):
            raise no_catalog(archive_dir)
        if create:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            if create:
                self.db = sqlite3.connect(self.path)
            else:
                self.db = sqlite3.connect(Path(os.path.abspath(self.path)).as_uri() + "?mode=ro", uri=True)
        except sqlite3.Error as error:
            raise damaged(self.path, str(error)) from None
        try:
            with self._reading():
                self._check(create)
        except BaseException:
            self.db.close()
            raise

    def _check(self, create: bool) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        tables = {row[0] for row in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if version == 0 and not tables and create:
            with self.db:
                self.db.executescript(_SCHEMA)
                self.db.execute(f"PRAGMA user_version = {_FORMAT}")
        elif 0 < version < _FORMAT and {"records", "words"} <= tables:
            raise OlderCatalog(
                f"the catalog was made by an older typeset (format {version}; this one reads format {_FORMAT})",
                Location(self.path),
                _REINDEX_HINT + " (typeset archive rebuilds it by itself)",
            )
        elif version != _FORMAT:
            raise TypesetError(
                "the catalog is of another format, or another program's database", Location(self.path), _REINDEX_HINT
            )
        elif not {"records", "words"} <= tables:
            raise damaged(self.path, "its tables are missing")
        else:
            self.db.execute("SELECT count(*) FROM records").fetchone()
            self.db.execute("SELECT count(*) FROM words").fetchone()

    @contextlib.contextmanager
    def _reading(self) -> Iterator[None]:
        """SQLite's errors (a damaged file met half-way through a query) as the catalog's error."""
        try:
            yield
        except sqlite3.DatabaseError as error:
            raise damaged(self.path, str(error)) from None

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Catalog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def add(self, record: Record, body_text: str) -> None:
        """Index ``record`` with ``body_text`` (:func:`body_text` of its source); the same PDF again replaces it."""
        fam = spelling.family(record.lang)
        labels = " ".join(label for label in (record.section, *record.section_labels) if label)
        with self._reading(), self.db:
            old = self.db.execute("SELECT id FROM records WHERE pdf = ?", (record.pdf,)).fetchone()
            if old:
                self.db.execute("DELETE FROM records WHERE id = ?", old)
                self.db.execute("DELETE FROM words WHERE rowid = ?", old)
            cursor = self.db.execute(
                "INSERT INTO records (pdf, kind, slug, version, title, author, date, lang, section, family, "
                "author_key, section_key, body, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    record.pdf,
                    record.kind,
                    record.slug,
                    record.version,
                    record.title,
                    record.author,
                    record.date,
                    record.lang,
                    record.section,
                    fam,
                    _key(record.author),
                    "|" + "|".join(_key(label) for label in (record.section, *record.section_labels)) + "|",
                    body_text,
                    record.to_json().decode("utf-8"),
                ),
            )
            self.db.execute(
                "INSERT INTO words (rowid, title, author, labels, body) VALUES (?, ?, ?, ?, ?)",
                (
                    cursor.lastrowid,
                    *(spelling.index_text(text, fam) for text in (record.title, record.author, labels, body_text)),
                ),
            )

    def records(self) -> list[Record]:
        """Every record in the catalog, by path (a row whose record cannot be read: the catalog's error)."""
        with self._reading():
            rows = self.db.execute("SELECT record FROM records ORDER BY pdf").fetchall()
        try:
            return [Record.from_json(str(row[0]).encode("utf-8")) for row in rows]
        except ValueError as error:
            raise damaged(self.path, f"a record in it: {error}") from None

    def search(
        self,
        query: str,
        lang: str | None = None,
        author: str | None = None,
        date_from: str | date | None = None,
        date_to: str | date | None = None,
        section: str | None = None,
        limit: int = 20,
        all_versions: bool = False,
    ) -> list[Hit]:
        """The records matching ``query`` (every word of it; ``word*`` a prefix; a date in it a day), best first:
        each article or edition once, at its latest version (``all_versions``: every version matching).

        Dates are ISO Gregorian or Solar Hijri (:mod:`typeset.archive.dates`); raises
        :class:`~typeset.archive.dates.DateError` for one that cannot be read, and TypesetError for a
        query of more than :data:`MAX_QUERY_WORDS` words (at the first word past it) or a damaged catalog.
        """
        check_length(query)
        with self._reading():
            return self._search(query, lang, author, date_from, date_to, section, limit, all_versions)

    def _search(
        self,
        query: str,
        lang: str | None,
        author: str | None,
        date_from: str | date | None,
        date_to: str | date | None,
        section: str | None,
        limit: int,
        all_versions: bool,
    ) -> list[Hit]:
        where, params = ["1"], []
        words = []
        for word in query.split():
            if not dates.is_date(word):
                words.append(word)
                continue
            first, last = dates.day_range(word)
            where.append("r.date BETWEEN ? AND ?")
            params += [first.isoformat(), last.isoformat()]
        if not all_versions:
            where.append(_LATEST)
        if lang:
            where.append("(r.lang = ? OR r.lang LIKE ?)")
            params += [lang, lang + "-%"]
        if author:
            where.append("r.author_key LIKE ?")
            params.append("%" + _key(author) + "%")
        if section:
            where.append("r.section_key LIKE ?")
            params.append("%|" + _key(section) + "|%")
        if date_from:
            where.append("r.date >= ?")
            params.append(_bound(date_from, 0))
        if date_to:
            where.append("r.date <= ?")
            params.append(_bound(date_to, 1))
        text = " ".join(words)
        if not spelling.WORD.search(text):
            sql = (
                f"SELECT {_COLUMNS}, 0.0 FROM records r WHERE {' AND '.join(where)} ORDER BY r.date DESC, r.pdf LIMIT ?"
            )
            return [self._hit(row, [], "other") for row in self.db.execute(sql, (*params, limit))]
        hits: dict[str, Hit] = {}
        for fam, only_family in _families(text, lang, self._families()):
            terms = _terms(text, fam)
            if not terms:
                continue
            clause = " AND ".join([*where, "words MATCH ?"] + (["r.family = ?"] if only_family else []))
            sql = (
                f"SELECT {_COLUMNS}, bm25(words, {', '.join(map(str, _WEIGHTS))}) AS score "
                f"FROM words JOIN records r ON r.id = words.rowid WHERE {clause} ORDER BY score LIMIT ?"
            )
            args = (*params, _expression(terms), *([fam] if only_family else []), limit)
            for row in self.db.execute(sql, args):
                hit = self._hit(row, terms, fam)
                if hit.path not in hits or hit.rank < hits[hit.path].rank:
                    hits[hit.path] = hit
        return sorted(hits.values(), key=lambda hit: (hit.rank, hit.path))[:limit]

    def _families(self) -> list[str]:
        return [row[0] for row in self.db.execute("SELECT DISTINCT family FROM records ORDER BY family")]

    def _hit(self, row: tuple[object, ...], terms: list[Term], fam: str) -> Hit:
        pdf, kind, version, title, author, day, lang, section, _family, body, score = row
        snippet, marks = make_snippet(str(body), terms, fam)
        return Hit(
            title=str(title),
            author=str(author),
            date=str(day),
            lang=str(lang),
            path=str(pdf),
            snippet=snippet,
            marks=marks,
            rank=float(score),  # type: ignore[arg-type]
            section=str(section),
            kind=str(kind),
            version=int(version),  # type: ignore[call-overload]
        )


_COLUMNS = "r.pdf, r.kind, r.version, r.title, r.author, r.date, r.lang, r.section, r.family, r.body"
#: A row that is the latest version in its folder (``<kind>s/<yyyy>/<mm>/<slug>``: kind, slug and month).
_LATEST = (
    "r.version = (SELECT max(x.version) FROM records x WHERE x.slug = r.slug AND x.kind = r.kind "
    "AND substr(x.date, 1, 7) = substr(r.date, 1, 7))"
)


def check_length(query: str) -> None:
    """TypesetError, located at the first word past :data:`MAX_QUERY_WORDS`, for a query longer than that."""
    count = 0
    for number, match in enumerate(re.finditer(r"\S+", query), 1):
        count = number
        if number == MAX_QUERY_WORDS + 1:
            column = match.start() + 1
    if count > MAX_QUERY_WORDS:
        raise TypesetError(
            f"the query has {count} words; at most {MAX_QUERY_WORDS} are searched "
            f"(word {MAX_QUERY_WORDS + 1} starts at character {column})",
            Location(Path("query"), 1, column),
            hint="search for fewer words: a few that the text you want holds find it",
        )


def _key(text: str) -> str:
    """A name as the filters compare it: folded leniently (Dari's folds for every script), words joined by spaces."""
    return " ".join(spelling.query_words(text, "fa"))


def _bound(value: str | date, end: int) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return dates.day_range(value)[end].isoformat()


def _families(query: str, lang: str | None, present: list[str]) -> list[tuple[str, bool]]:
    """The families a query is folded in, each with whether only that family's rows are searched."""
    if lang:
        return [(spelling.family(lang), False)]  # the lang filter already keeps to one family
    guessed = spelling.guess_family(query)
    if guessed:
        return [(guessed, False)]
    return [(fam, True) for fam in present]


def _terms(text: str, fam: str) -> list[Term]:
    terms: list[Term] = []
    for raw in text.split():
        words = spelling.query_words(raw, fam)
        for i, word in enumerate(words):
            prefix = raw.endswith("*") and i == len(words) - 1
            terms.append((word if prefix else spelling.stem(word, fam), prefix))  # a prefix as typed
    return terms


def _expression(terms: list[Term]) -> str:
    """The FTS5 query: every term, each alone or, when it and a neighbour are Arabic-script words,
    joined with it (a text that wrote «میشود» is found by «می شود»): at most three phrases a term,
    so its length, and its cost, grow with the query's words, not with their square. A group asked
    twice is asked once (running text repeats its words: bm25's cost grows with the phrases)."""

    def quoted(word: str, prefix: bool) -> str:
        return '"' + word.replace('"', '""') + '"' + (" *" if prefix else "")

    arabic = [spelling.is_arabic_script(word) for word, _ in terms]
    groups = []
    for i, (word, prefix) in enumerate(terms):
        options = [quoted(word, prefix)]
        if i and arabic[i - 1] and arabic[i]:
            options.append(quoted(terms[i - 1][0] + word, prefix))
        if i + 1 < len(terms) and arabic[i] and arabic[i + 1]:
            options.append(quoted(word + terms[i + 1][0], terms[i + 1][1]))
        groups.append(options[0] if len(options) == 1 else "(" + " OR ".join(options) + ")")
    return " AND ".join(dict.fromkeys(groups))  # a word again (with the same neighbours) asks nothing more


@functools.cache
def _markdown() -> MarkdownIt:
    from mdit_py_plugins.container import container_plugin
    from mdit_py_plugins.footnote import footnote_plugin

    from typeset.source.checks import CONTAINERS

    md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    for name in CONTAINERS:
        md.use(container_plugin, name)
    return md


def _inline_text(token: Token) -> str:
    parts = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts)


def body_text(markdown: str) -> str:
    """The plain text of a Markdown body (a front matter, if any, is skipped): no markup; headings,
    verse, lists, tables, quotes and footnotes kept as text, one block a paragraph."""
    if markdown.startswith("---"):
        _, fence, rest = markdown.partition("\n---")
        if fence:
            markdown = rest.partition("\n")[2]
    blocks = []
    for token in _markdown().parse(markdown):
        if token.type == "inline":
            blocks.append(_inline_text(token))
        elif token.type in ("fence", "code_block"):
            blocks.append(token.content.rstrip("\n"))
    return "\n\n".join(block for block in blocks if block.strip())


def source_text(attachments: Mapping[str, bytes]) -> str:
    """The body text the catalog keeps for an archived PDF, from its attachments: the plain text
    of each Markdown source (by name). The archiver and :func:`reindex` both call this, so that a
    rebuilt catalog holds the same text."""
    texts = [
        body_text(data.decode("utf-8"))
        for name, data in sorted(attachments.items())
        if name.lower().endswith((".md", ".markdown"))
    ]
    return "\n\n".join(text for text in texts if text)


def read_archived(pdf_path: Path) -> tuple[Record, dict[str, bytes]]:
    """The record and the attachments of an archived PDF (ValueError when it has no record)."""
    import pikepdf

    with pikepdf.open(pdf_path) as pdf:
        files = {name: spec.get_file().read_bytes() for name, spec in pdf.attachments.items()}
    if RECORD_NAME not in files:
        raise ValueError(f"no {RECORD_NAME} attached")
    return Record.from_json(files[RECORD_NAME]), files


def archived_pdfs(archive_dir: Path) -> Iterable[Path]:
    """The PDFs below the archive's trees (none through a symbolic link; no hidden temporaries)."""
    from typeset.archive.sums import survey

    for name in survey(archive_dir)[0]:
        if name.endswith(".pdf") and not any(part.startswith(".") for part in name.split("/")):
            yield archive_dir / name


def reindex(archive_dir: Path) -> tuple[int, list[TypesetError]]:
    """Rebuild the catalog from the archived PDFs alone: (records indexed, problems with files skipped).

    The new catalog is made in a temporary file beside the old one and renamed over it, so a kill
    leaves the old catalog whole.
    """
    if not archive_dir.is_dir():
        raise TypesetError(
            f"no archive folder {archive_dir}/", Location(archive_dir), hint="`typeset archive` makes one"
        )
    fd, temporary = tempfile.mkstemp(dir=archive_dir, prefix=f".{CATALOG_NAME}.typeset-{os.getpid()}-", suffix=".tmp")
    os.close(fd)
    os.unlink(temporary)  # sqlite makes it
    from typeset.archive.sums import link_error, links

    problems: list[TypesetError] = [link_error(archive_dir / name) for name in links(archive_dir)]
    count = 0
    try:
        with Catalog(archive_dir, path=Path(temporary)) as catalog:
            for path in archived_pdfs(archive_dir):
                try:
                    record, files = read_archived(path)
                except Exception as error:  # pikepdf's errors, a bad record: that file is reported and skipped
                    problems.append(TypesetError(f"not indexed: {error}", Location(path)))
                    continue
                catalog.add(record, source_text(files))
                count += 1
        os.chmod(temporary, 0o644)
        os.replace(temporary, archive_dir / CATALOG_NAME)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return count, problems
