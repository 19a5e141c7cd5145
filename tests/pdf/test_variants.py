"""The table of output variants (typeset.pdf.variants): what each writes, read back from a saved PDF."""

from __future__ import annotations

import io

import pikepdf
import pytest

from typeset.pdf.metadata import NAMESPACES, xmp
from typeset.pdf.save import save
from typeset.pdf.variants import VARIANTS, add_info, add_output_intent

PROFILE = b"not a real profile, only its bytes"


def reopened(pdf: pikepdf.Pdf) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(save(pdf)))


@pytest.mark.parametrize("key", sorted(VARIANTS))
def test_an_output_intent_reads_back_as_the_table_says(key: str) -> None:
    variant = VARIANTS[key]
    pdf = pikepdf.new()
    pdf.add_blank_page()
    add_output_intent(pdf, variant, PROFILE)
    add_output_intent(pdf, variant, PROFILE)  # written again: still the only one
    read = reopened(pdf)
    (intent,) = read.Root.OutputIntents
    assert str(intent.S) == "/" + variant.intent.subtype
    assert str(intent.OutputConditionIdentifier) == variant.intent.identifier
    assert str(intent.RegistryName) == "http://www.color.org"
    assert intent.DestOutputProfile.read_bytes() == PROFILE
    assert int(intent.DestOutputProfile.N) == variant.intent.components
    assert ("/OutputCondition" in intent) == bool(variant.intent.condition)


def test_the_variants_are_the_two_standards_typeset_claims() -> None:
    assert {key: (v.name, v.version, v.intent.subtype) for key, v in VARIANTS.items()} == {
        "pdf/a-3u": ("PDF/A-3u", "1.7", "GTS_PDFA1"),
        "pdf/x-4": ("PDF/X-4", "1.6", "GTS_PDFX"),
    }


@pytest.mark.parametrize("key", sorted(VARIANTS))
def test_every_identification_is_written_in_a_known_schema(key: str) -> None:
    properties = dict(VARIANTS[key].xmp)
    assert {name.split(":")[0] for name in properties} <= set(NAMESPACES)
    packet = xmp(properties).decode()
    for name, value in properties.items():
        assert f"<{name}>{value}</{name}>" in packet


def test_pdfx_info_writes_trapped_as_a_name_and_the_version_as_text() -> None:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    add_info(pdf, VARIANTS["pdf/x-4"])
    read = reopened(pdf)
    info = read.docinfo
    assert info.Trapped == pikepdf.Name("/False")
    assert isinstance(info.GTS_PDFXVersion, pikepdf.String) and str(info.GTS_PDFXVersion) == "PDF/X-4"
