"""The record of one archived file: what the catalog indexes and what verify checks against.

It is embedded in the archived PDF as ``record.json`` (AFRelationship /Data) and
kept in the archive's catalog; the JSON is canonical (sorted keys, UTF-8, no
floats, no clock), so that two archives of the same source are the same bytes.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

#: The attachment that holds the record.
RECORD_NAME = "record.json"
KINDS = ("article", "edition")
_FORMAT = 2  # 2: the record names its source
_READABLE = (1, 2)


@dataclass(frozen=True)
class Record:
    kind: str  # one of KINDS
    slug: str  # the article's slug, or the edition's name
    version: int  # 1, 2, …: a changed source archived again is a new version beside the old
    title: str
    author: str  # "" for an edition
    date: str  # ISO date (YYYY-MM-DD): the article's or the edition's
    lang: str
    pdf: str  # the archived PDF, relative to the archive folder, with "/" separators
    section: str = ""  # the section's key ("" for an edition)
    section_labels: tuple[str, str] = ("", "")  # (English, Persian)
    articles: tuple[str, ...] = ()  # an edition: its articles' slugs, in order
    attachments: dict[str, str] = field(default_factory=dict)  # embedded file name → SHA-256 of its bytes
    typeset: str = ""  # the version of typeset that wrote it
    source: str = ""  # the source that made it (article or edition file): its path in its project, "/"

    def origin(self) -> str:
        """The source that made it: :attr:`source`, or, in a record of format 1 (which did not name
        it), the one Markdown attachment of an article, the one edition file of an edition."""
        if self.source:
            return self.source
        own = [name for name in self.attachments if not name.startswith("templates/")]
        if self.kind == "article":
            found = [name for name in own if name.endswith((".md", ".markdown"))]
        else:
            found = [name for name in own if name.endswith(".yaml") and name != "publication.yaml"]
        return found[0] if len(found) == 1 else ""

    def to_json(self) -> bytes:
        """The canonical JSON. A record that names no source is written as format 1 was (without
        ``source``): an archive written before records named their source rebuilds byte for byte."""
        value = asdict(self) | {"format": _FORMAT}
        if not self.source:
            del value["source"]
            value["format"] = 1
        return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8") + b"\n"

    @classmethod
    def from_json(cls, data: bytes) -> Record:
        """A record from its JSON; ValueError when it is not one of this format."""
        value = json.loads(data.decode("utf-8"))
        if not isinstance(value, dict) or value.pop("format", None) not in _READABLE:
            raise ValueError("not an archive record of this typeset")
        value["section_labels"] = tuple(value.get("section_labels", ("", "")))
        value["articles"] = tuple(value.get("articles", ()))
        try:
            record = cls(**value)
        except TypeError as error:
            raise ValueError(f"not an archive record: {error}") from None
        if record.kind not in KINDS or not isinstance(record.version, int) or record.version < 1:
            raise ValueError("not an archive record: bad kind or version")
        return record
