"""The output variants typeset writes, in one table: what a PDF/A-3u or a PDF/X-4 file must carry.

As WeasyPrint's ``pdf/pdfa.py`` keeps its ``VARIANTS``: each variant's PDF version, the XMP
properties and /Info entries that identify it, and its output intent (the condition the colours
are meant for, with its ICC profile). :mod:`typeset.pdf.pdfa` (the archive) and
:mod:`typeset.pdf.pdfx` (the print edition) read their variant here; validators' rules for
each are in ``tests/validators.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name, String


@dataclass(frozen=True)
class Intent:
    """An output intent (ISO 32000-1, 14.11.5): the printing condition a file's colours are for."""

    subtype: str  # /S: GTS_PDFA1 (PDF/A, also parts 2 and 3) or GTS_PDFX
    identifier: str  # OutputConditionIdentifier: the characterisation's name in ICC's registry
    info: str  # Info: the profile, for a person
    components: int  # N of the profile: 3 (RGB) or 4 (CMYK)
    condition: str = ""  # OutputCondition: the condition in words (written when given)
    registry: str = "http://www.color.org"


@dataclass(frozen=True)
class Variant:
    """What a file of one standard carries besides its pages."""

    name: str
    version: str  # the PDF version in the header (and the catalog, where one is written)
    xmp: Mapping[str, str]  # identification in XMP (besides typeset.pdf.metadata.describe's own)
    info: Mapping[str, str]  # the same in /Info: a "/Name" value is written as a name, anything else as a string
    intent: Intent


FOGRA39_CONDITION = (
    "Offset printing, according to ISO 12647-2:2004/Amd 1, OFCOM, paper type 1 or 2 = coated art, "
    "115 g/m2, tone value increase curves A (CMY) and B (K)"
)

#: PDF/A-3 level U (ISO 19005-3): an archived article or edition, in sRGB; PDF/X-4 (ISO 15930-7): a
#: print edition or booklet, for coated offset (FOGRA39). The XMP properties are in the order written.
VARIANTS = {
    "pdf/a-3u": Variant(
        name="PDF/A-3u",
        version="1.7",
        xmp={"pdfaid:part": "3", "pdfaid:conformance": "U"},
        info={},
        intent=Intent("GTS_PDFA1", "sRGB IEC61966-2.1", "sRGB2014.icc", 3),
    ),
    "pdf/x-4": Variant(
        name="PDF/X-4",
        version="1.6",
        xmp={
            "pdf:Trapped": "False",
            "pdfxid:GTS_PDFXVersion": "PDF/X-4",
            "xmpMM:VersionID": "1",
            "xmpMM:RenditionClass": "default",
        },
        info={"Trapped": "/False", "GTS_PDFXVersion": "PDF/X-4"},
        intent=Intent("GTS_PDFX", "FOGRA39", "Coated FOGRA39 (ISO 12647-2:2004)", 4, FOGRA39_CONDITION),
    ),
}


def add_output_intent(pdf: pikepdf.Pdf, variant: Variant, profile: bytes) -> None:
    """Give ``pdf`` the variant's output intent (its only one), with ``profile`` (ICC) as its destination."""
    intent = variant.intent
    icc = pdf.make_stream(profile)
    icc.N = intent.components
    entries = Dictionary(
        Type=Name.OutputIntent,
        S=Name("/" + intent.subtype),
        OutputConditionIdentifier=String(intent.identifier),
        RegistryName=String(intent.registry),
        Info=String(intent.info),
        DestOutputProfile=icc,
    )
    if intent.condition:
        entries.OutputCondition = String(intent.condition)
    pdf.Root.OutputIntents = Array([pdf.make_indirect(entries)])


def add_info(pdf: pikepdf.Pdf, variant: Variant) -> None:
    """The variant's identification in /Info (after :func:`typeset.pdf.metadata.describe` wrote it)."""
    for key, value in variant.info.items():
        pdf.docinfo[Name("/" + key)] = Name(value) if value.startswith("/") else String(value)
