"""Preflight on files made to fool it or stop it (small PDFs made here with pikepdf): each is a finding at
its page, never an ok, a hang, an exhausted memory or an internal error."""

from __future__ import annotations

import datetime
import io
import resource
import subprocess
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name

from tests.printdocs import open_pdf, render
from typeset.edition.content import MAX_FORMS, MAX_OPERATORS
from typeset.edition.preflight import preflight
from typeset.pdf.colour import srgb_profile
from typeset.pdf.pdfx import finish_for_print, save_for_print

pytestmark = pytest.mark.slow  # renders PDFs


@pytest.fixture(scope="module")
def finished() -> bytes:
    """One page finished for print: preflight finds nothing in it (tests.edition.test_preflight)."""
    pdf = open_pdf(render(pages=1, image_px=600))
    finish_for_print(pdf, title="T", lang="en", date=datetime.date(2025, 6, 3))
    out = io.BytesIO()
    save_for_print(pdf, out)
    return out.getvalue()


def _made(finished: bytes, tmp_path: Path, change: Callable[[pikepdf.Pdf], None], **save: object) -> Path:
    pdf = open_pdf(finished)
    change(pdf)
    path = tmp_path / "hostile.pdf"
    pdf.save(path, **save)  # type: ignore[arg-type]
    return path


def _draw(pdf: pikepdf.Pdf, content: bytes) -> None:
    """Add ``content`` to page 1's drawing."""
    page = pdf.pages[0]
    page.obj.Contents = pdf.make_stream(page.obj.Contents.read_bytes() + b"\n" + content)


def _errors(path: Path) -> list[tuple[int | None, str]]:
    return [(f.page, f.message) for f in preflight(path) if f.severity == "error"]


def test_the_base_file_passes(finished: bytes, tmp_path: Path) -> None:
    assert preflight(_made(finished, tmp_path, lambda pdf: None)) == []


def test_an_rgb_shading_pattern(finished: bytes, tmp_path: Path) -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        function = Dictionary(FunctionType=2, Domain=[0, 1], C0=[1, 0, 0], C1=[0, 0, 1], N=1)
        shading = Dictionary(ShadingType=2, ColorSpace=Name.DeviceRGB, Coords=[0, 0, 100, 0], Function=function)
        resources = pdf.pages[0].obj.Resources
        resources.Pattern = Dictionary(P9=pdf.make_indirect(Dictionary(PatternType=2, Shading=shading)))
        _draw(pdf, b"/Pattern cs /P9 scn 0 0 100 100 re f")

    assert _errors(_made(finished, tmp_path, change)) == [
        (1, "RGB content (DeviceRGB) in a print file: 1 shading pattern")
    ]


def test_a_soft_mask_group_in_device_rgb(finished: bytes, tmp_path: Path) -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        mask = pdf.make_stream(b"0 0 0 1 k 0 0 50 50 re f")
        mask.Type, mask.Subtype, mask.BBox = Name.XObject, Name.Form, [0, 0, 100, 100]
        mask.Group = Dictionary(S=Name.Transparency, CS=Name.DeviceRGB)
        pdf.pages[0].obj.Resources.ExtGState = Dictionary(GS9=Dictionary(SMask=Dictionary(S=Name.Luminosity, G=mask)))
        _draw(pdf, b"q /GS9 gs 0 0 0 1 k 0 0 100 100 re f Q")

    assert _errors(_made(finished, tmp_path, change)) == [
        (1, "RGB content (DeviceRGB) in a print file: 1 soft mask group")
    ]


def test_an_srgb_profile_as_the_pdfx_output_intent(finished: bytes, tmp_path: Path) -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        profile = pdf.make_stream(srgb_profile())
        profile.N = 3
        pdf.Root.OutputIntents[0].DestOutputProfile = profile

    ((page, message),) = _errors(_made(finished, tmp_path, change))
    assert page is None
    assert message.startswith("the PDF/X output intent's profile is a RGB mntr profile")


def test_encryption_even_with_an_empty_user_password(finished: bytes, tmp_path: Path) -> None:
    path = _made(finished, tmp_path, lambda pdf: None, encryption=pikepdf.Encryption(owner="shop", user=""))
    assert _errors(path) == [(None, "encrypted (even with an empty password): a print file is not (PDF/X)")]


def test_a_pdf_with_no_pages(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    pikepdf.new().save(path)
    assert (None, "the file has no pages") in _errors(path)


def test_a_fan_of_forms_stops_at_the_budget(finished: bytes, tmp_path: Path) -> None:
    """Ten forms, each drawing all ten: 10¹² drawings twelve deep, in a file of a few kilobytes."""

    def change(pdf: pikepdf.Pdf) -> None:
        names = [Name(f"/F{i}") for i in range(10)]
        forms = []
        for _ in names:
            form = pdf.make_stream(b" ".join(name.unparse() + b" Do" for name in names))
            form.Type, form.Subtype, form.BBox = Name.XObject, Name.Form, [0, 0, 10, 10]
            forms.append(form)
        for form in forms:
            form.Resources = Dictionary(XObject=Dictionary(dict(zip(map(str, names), forms, strict=True))))
        pdf.pages[0].obj.Resources.XObject[str(names[0])] = forms[0]
        _draw(pdf, b"/F0 Do")

    path = _made(finished, tmp_path, change)
    assert path.stat().st_size < len(finished) + 10_000  # a few kilobytes more than the base
    assert _errors(path) == [
        (
            1,
            f"more than {MAX_FORMS:,} forms and patterns drawn (forms drawing each other?): "
            "not checked past this page; a file this complex is not print-ready as it is",
        )
    ]


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1536 * 2**20, 1536 * 2**20))


def test_a_60_mb_content_stream_is_read_in_pieces(finished: bytes, tmp_path: Path) -> None:
    """Read whole (pikepdf.parse_content_stream), its six million instructions are gigabytes; the command
    runs here under a 1.5 GB address-space limit and ends with the budget's finding."""
    operation = b"0 0 0 1 k 0 0 10 10 re f\n"
    content = operation * (60_000_000 // len(operation))

    def change(pdf: pikepdf.Pdf) -> None:
        page = pdf.pages[0]
        big = pdf.make_stream(b"")
        big.write(zlib.compress(content, 1), filter=Name.FlateDecode)
        page.obj.Contents = Array([page.obj.Contents, big])

    path = _made(finished, tmp_path, change, compress_streams=False)
    assert path.stat().st_size < 2_000_000
    result = subprocess.run(
        [sys.executable, "-m", "typeset", "preflight", str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=_limit_memory,
    )
    assert result.returncode == 1, result.stderr
    assert "internal error" not in result.stderr and "MemoryError" not in result.stderr
    assert f"{path}: page 1: error: more than {MAX_OPERATORS:,} content operators" in result.stderr


def test_a_trimbox_of_the_wrong_type(finished: bytes, tmp_path: Path) -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        pdf.pages[0].obj.TrimBox = pikepdf.String("all of it")

    errors = _errors(_made(finished, tmp_path, change))
    assert (1, "the TrimBox is not a rectangle (an array of four numbers)") in errors


def test_a_type0_font_without_descendants(finished: bytes, tmp_path: Path) -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        for font in pdf.pages[0].obj.Resources.Font.values():
            if font.get("/Subtype") == Name.Type0:
                del font["/DescendantFonts"]

    errors = _errors(_made(finished, tmp_path, change))
    assert errors and all(page == 1 and "Type0 font without its descendant font" in message for page, message in errors)


def test_damaged_content_is_a_finding(finished: bytes, tmp_path: Path) -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        page = pdf.pages[0]
        page.obj.Contents = pdf.make_stream(b"x\x9c not zlib at all", Filter=Name.FlateDecode)

    errors = _errors(_made(finished, tmp_path, change, compress_streams=False))
    assert len(errors) == 1 and errors[0][0] == 1
    assert errors[0][1].startswith("a content stream cannot be read: its Flate data is damaged")


def test_the_cli_reports_a_hostile_file_with_its_location(finished: bytes, tmp_path: Path) -> None:
    path = _made(finished, tmp_path, lambda pdf: None, encryption=pikepdf.Encryption(owner="shop", user=""))
    result = subprocess.run(
        [sys.executable, "-m", "typeset", "preflight", str(path)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1
    assert f"{path}: error: encrypted" in result.stderr
    assert "Traceback" not in result.stderr
