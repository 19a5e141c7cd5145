"""The metadata of a finished PDF (an edition bound, a print file, an archive file), written with pikepdf.

XMP and the document information dictionary say the same, from the document's own
date (midnight UTC), never the clock; XMP's IDs are derived from the document's
identity and content, never random: two builds of the same sources are the same bytes.
"""

from __future__ import annotations

import datetime
import hashlib
import uuid
from collections.abc import Mapping

import pikepdf
from pikepdf import Dictionary, String

from typeset import __version__

CREATOR = f"typeset {__version__}"


def content_uuid(value: bytes) -> uuid.UUID:
    """A UUID (version 5 layout) from bytes: the same bytes, the same ID."""
    return uuid.UUID(bytes=hashlib.sha256(value).digest()[:16], version=5)


def describe(
    pdf: pikepdf.Pdf,
    *,
    title: str,
    lang: str,
    date: datetime.date,
    identity: bytes,
    instance: bytes,
    author: str = "",
    producer: str = "typeset",
    extra: Mapping[str, str] = {},
) -> None:
    """Write ``pdf``'s XMP (replacing the engine's, which carries random IDs) and its /Info.

    ``identity`` names the document across versions (xmpMM:DocumentID), ``instance`` this
    rendition of it (xmpMM:InstanceID); ``extra`` adds XMP properties (PDF/A, PDF/X identification).
    """
    iso = f"{date:%Y-%m-%d}T00:00:00Z"
    pdf.Root.Lang = String(lang)
    if "/Metadata" in pdf.Root:
        del pdf.Root["/Metadata"]
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["dc:title"] = title
        if author:
            meta["dc:creator"] = [author]
        meta["dc:language"] = [lang]
        meta["xmp:CreateDate"] = iso
        meta["xmp:ModifyDate"] = iso
        meta["xmp:MetadataDate"] = iso
        meta["xmp:CreatorTool"] = CREATOR
        meta["pdf:Producer"] = producer
        meta["xmpMM:DocumentID"] = f"uuid:{content_uuid(identity)}"
        meta["xmpMM:InstanceID"] = f"uuid:{content_uuid(instance)}"
        for key, value in extra.items():
            meta[key] = value
    stamp = f"D:{date:%Y%m%d}000000Z"
    info = Dictionary(
        Title=String(title),
        Creator=String(CREATOR),
        Producer=String(producer),
        CreationDate=String(stamp),
        ModDate=String(stamp),
    )
    if author:
        info.Author = String(author)
    pdf.docinfo = pdf.make_indirect(info)
