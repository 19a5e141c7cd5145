"""Preflight: passes on what finish_for_print writes, fails with the right findings (and pages) elsewhere."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pikepdf
import pytest

from tests.conftest import run_typeset
from tests.printdocs import open_pdf, render
from typeset.edition.preflight import Finding, preflight
from typeset.pdf.pdfx import finish_for_print, save_for_print

pytestmark = pytest.mark.slow  # renders PDFs


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("preflight")
    plain = folder / "plain.pdf"
    plain.write_bytes(render(pages=2, bleed=False, image_px=60))  # a plain WeasyPrint PDF, a 51 dpi image
    finished = folder / "finished.pdf"
    pdf = open_pdf(render(pages=2, image_px=600))  # 508 dpi
    finish_for_print(pdf, title="T", lang="en", date=datetime.date(2025, 6, 3))
    out = io.BytesIO()
    save_for_print(pdf, out)
    finished.write_bytes(out.getvalue())
    mixed = folder / "mixed.pdf"
    merged = open_pdf(out.getvalue())
    merged.pages.extend(open_pdf(render(pages=1, size="148mm 200mm")).pages)
    merged.save(mixed)
    return {"plain": plain, "finished": finished, "mixed": mixed, "folder": folder}


def test_a_finished_file_passes(files: dict[str, Path]) -> None:
    assert preflight(files["finished"]) == []


def test_a_plain_weasyprint_pdf_fails_with_findings_naming_pages(files: dict[str, Path]) -> None:
    findings = preflight(files["plain"])
    errors = {(f.page, f.message.split(" (")[0].split(":")[0]) for f in findings if f.severity == "error"}
    assert errors == {
        (None, "no PDF/X output intent"),
        (1, "bleed too small"),
        (2, "bleed too small"),
        (1, "text in RGB"),
        (2, "text in RGB"),
        (1, "RGB content"),
        (2, "RGB content"),
    }
    assert Finding(2, "error", next(f.message for f in findings if f.page == 2 and "text" in f.message)).message == (
        "text in RGB (DeviceRGB, 2 text runs, black as 0 0 0 rg): print text in DeviceCMYK, black as 0 0 0 1 k"
    )
    (bleed,) = [f for f in findings if f.page == 1 and f.message.startswith("bleed")]
    assert bleed.message == (
        "bleed too small (0.000 pt left, 0.000 pt bottom, 0.000 pt right, 0.000 pt top): "
        "at least 8.504 pt (3 mm) on each side"
    )
    (image,) = [f for f in findings if f.severity == "warning"]
    assert image.page == 1 and image.message.endswith("is 51 dpi at its placed size (300 wanted)")


def test_pages_of_another_trim_size_are_named(files: dict[str, Path]) -> None:
    findings = [f for f in preflight(files["mixed"]) if "trim size" in f.message]
    assert findings == [Finding(3, "error", "trim size 148.0 × 200.0 mm differs from page 1's 148.0 × 210.0 mm")]


def test_a_font_not_embedded_is_found(tmp_path: Path) -> None:
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(100, 100))
    page.Resources = pikepdf.Dictionary(
        Font=pikepdf.Dictionary(
            F1=pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
        )
    )
    page.Contents = pdf.make_stream(b"BT /F1 12 Tf 10 10 Td (x) Tj ET")
    pdf.save(tmp_path / "font.pdf")
    findings = preflight(tmp_path / "font.pdf", for_print=False)
    assert findings == [
        Finding(1, "error", "no TrimBox"),
        Finding(1, "error", "no BleedBox"),
        Finding(1, "error", "font Helvetica is not embedded"),
    ]


def test_cli_exit_status_and_report(files: dict[str, Path]) -> None:
    folder = files["folder"]
    ok = run_typeset("preflight", "finished.pdf", cwd=folder)
    assert (ok.returncode, ok.stdout, ok.stderr) == (0, "finished.pdf: ok\n", "")
    bad = run_typeset("preflight", "finished.pdf", "plain.pdf", cwd=folder)
    assert bad.returncode == 1
    assert bad.stdout == "finished.pdf: ok\nplain.pdf: 7 errors, 1 warning\n"
    assert "plain.pdf: page 2: error: text in RGB (DeviceRGB, 2 text runs" in bad.stderr
    assert "plain.pdf: error: no PDF/X output intent" in bad.stderr


def test_cli_missing_and_non_pdf_files_are_located_errors(files: dict[str, Path]) -> None:
    folder = files["folder"]
    (folder / "notes.pdf").write_text("not a pdf at all\n")
    result = run_typeset("preflight", "missing.pdf", "notes.pdf", "finished.pdf", cwd=folder)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "missing.pdf: error: no such file",
        "notes.pdf: error: not a PDF, or damaged beyond reading",
    ]
    assert result.stdout == "finished.pdf: ok\n"
    assert "Traceback" not in result.stderr


def test_cli_without_files_is_a_usage_error(files: dict[str, Path]) -> None:
    assert run_typeset("preflight", cwd=files["folder"]).returncode == 2
