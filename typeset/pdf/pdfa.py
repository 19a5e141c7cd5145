"""A typeset PDF (an article's or a bound edition's) made PDF/A-3u, with what made it attached.

Both kinds pass through here, after the build's own code has made them: one
conversion (pikepdf), so an article and an edition are archived alike and the
archived article looks exactly as its build does. It adds what PDF/A-3 level U
asks of a file that already embeds its fonts with a ToUnicode map (WeasyPrint's):

- an sRGB output intent (GTS_PDFA1; WeasyPrint's ICC sRGB2014 profile);
- XMP metadata identifying PDF/A-3U, with the title, author, language and
  dates of the article or edition, and IDs derived from content
  (``xmpMM:DocumentID`` from the document's identity, the same for every
  version; ``xmpMM:InstanceID`` from its record, so each version has its own);
  the document information dictionary says the same;
- every annotation printable (``/F 4``), no image interpolated;
- the attachments: embedded files with their MIME type, size, checksum and
  dates (the article's, never the clock), each a Filespec with an
  ``/AFRelationship`` and listed in the catalog's ``/AF``.

Nothing here reads the clock or draws a random number: the same input gives
the same bytes (:func:`typeset.pdf.save.save`: deterministic ``/ID``). What the variant carries
(version, identification, output intent) is its row of :data:`typeset.pdf.variants.VARIANTS`.
Level A (tagged) is not claimed: see docs/archive.md, "PDF/A level".
"""

from __future__ import annotations

import datetime
import hashlib
import io
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Name, String

from typeset.pdf.colour import srgb_profile
from typeset.pdf.metadata import describe
from typeset.pdf.save import save
from typeset.pdf.variants import VARIANTS, add_output_intent

PDFA = VARIANTS["pdf/a-3u"]


@dataclass(frozen=True)
class Embedded:
    """One file attached to an archived PDF."""

    name: str  # its path relative to the project (the folder of publication.yaml), with "/"
    data: bytes
    relationship: str  # "Source" or "Data" (ISO 32000-2, 7.11.3: AFRelationship)
    description: str
    mime: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class Identity:
    """What the metadata says of the document."""

    title: str
    author: str
    lang: str
    date: datetime.date
    identifier: bytes  # the permanent part of the /ID (typeset.jobs.manifest.document_id)


_MIME = {
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".yaml": "application/yaml",
    ".json": "application/json",
    ".html": "text/html",
    ".css": "text/css",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
}


def mime_of(name: str) -> str:
    """The MIME type of an attachment, by its suffix (a fixed table: the same on every machine)."""
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    return _MIME.get(suffix, "application/octet-stream")


def make_pdfa(data: bytes, identity: Identity, attachments: list[Embedded], instance: bytes) -> bytes:
    """``data`` (a PDF typeset wrote) as PDF/A-3u with ``attachments``; ``instance`` decides the
    XMP InstanceID (the record's bytes)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        add_output_intent(pdf, PDFA, srgb_profile())
        _printable_annotations(pdf)
        _no_interpolation(pdf)
        _attach(pdf, attachments, identity.date)
        _metadata(pdf, identity, instance)
        pdf.Root.Version = Name("/" + PDFA.version)
        pdf.trailer.ID = Array([String(identity.identifier), String(identity.identifier)])
        return save(pdf)


def _printable_annotations(pdf: pikepdf.Pdf) -> None:
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", Array()):
            annotation.F = 4  # Print, and not Hidden, Invisible, NoView


def _no_interpolation(pdf: pikepdf.Pdf) -> None:
    """No image asks to be interpolated (ISO 19005-3, 6.2.8: ``/Interpolate`` shall be false; the engine sets true)."""
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == Name.Image and "/Interpolate" in obj:
            del obj["/Interpolate"]


def _attach(pdf: pikepdf.Pdf, attachments: list[Embedded], date: datetime.date) -> None:
    stamp = f"D:{date:%Y%m%d}000000Z"
    specs = Array()
    for attachment in sorted(attachments, key=lambda a: a.name):
        spec = pikepdf.AttachedFileSpec(
            pdf,
            attachment.data,
            description=attachment.description,
            filename=attachment.name,
            mime_type=attachment.mime,
            creation_date=stamp,
            mod_date=stamp,
            relationship=Name("/" + attachment.relationship),
        )
        pdf.attachments[attachment.name] = spec
        specs.append(spec.obj)
    pdf.Root.AF = specs


def _metadata(pdf: pikepdf.Pdf, identity: Identity, instance: bytes) -> None:
    describe(
        pdf,
        title=identity.title,
        lang=identity.lang,
        date=identity.date,
        identity=identity.identifier,
        instance=instance,
        author=identity.author,
        producer=str(pdf.docinfo.get("/Producer", "typeset")),
        extra=PDFA.xmp,
    )


def attachments_of(pdf: pikepdf.Pdf) -> dict[str, bytes]:
    """The files attached to an open PDF, by name."""
    return {name: spec.get_file().read_bytes() for name, spec in pdf.attachments.items()}
