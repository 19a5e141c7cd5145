"""Every kind of output, read by validators nobody on this project wrote, and held to the standards it claims.

One project (the shipped input/, an English article with an image, a template of its own, an
edition of all four articles) is
built once as a user builds it: articles, the screen edition, the print edition and its booklet,
the archive. Then:

- every file passes qpdf --check, Ghostscript's strict run and MuPDF without a warning, and holds
  no empty or undecodable stream;
- what claims PDF/X-4 (the print edition, the booklet) holds the ISO 15930-7 rules and passes
  ``typeset preflight``; what claims PDF/A-3u (the archived article and edition) passes PDFBox's
  preflight (its PDF/A-1-only findings aside: tests.validators.PDFA1_ONLY) and the ISO 19005-3
  rules, the font rules (6.2.11) with them;
- a screen file claims nothing;
- the same project built in another folder is the same bytes, and its archive verifies from a copy
  elsewhere.
"""

from __future__ import annotations

import os
import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest

from tests import validators
from tests.conftest import INPUT, run_typeset
from typeset.edition.preflight import preflight

DOT = Path(__file__).parent / "data" / "dot.png"
IMAGE_ARTICLE = """\
---
title: A Map of the Valley
author: Tester
date: 2025-06-11
lang: en
section: european-languages
---

The valley, as the survey drew it:

![The valley](images/dot.png "The survey's map")

Its rivers run north.
"""
EDITION = """\
title: Standards issue
number: 1
date: 2025-06-14
language: en
trim: A5
sections:
  - section: dari
    articles: [../2025-06-10-digital-libraries-dari.md]
  - section: pashto
    articles: [../2025-06-12-pashto-digital-future.md]
  - section: european-languages
    articles: [../2025-06-03-pakistan-diplomatic-reawakening.md, ../a-map.md]
"""

KINDS = (
    "article",
    "image article",
    "screen edition",
    "screen booklet",
    "print edition",
    "booklet",
    "archived article",
    "archived edition",
)
PRINT = ("print edition", "booklet")
ARCHIVED = ("archived article", "archived edition")

_missing = validators.missing_tools()
pytestmark = [
    pytest.mark.slow,  # renders PDFs
    pytest.mark.skipif(
        bool(_missing) and not os.environ.get("CI"), reason=f"validators missing ({', '.join(_missing)}): run .ci/setup"
    ),
]


def make_project(root: Path) -> Path:
    """The shipped sources, an article with an image, a template of the publication's own and an edition
    of the articles, in ``root``/input."""
    sources = root / "input"
    shutil.copytree(INPUT, sources, ignore=shutil.ignore_patterns("editions"))
    (sources / "images").mkdir()
    shutil.copy(DOT, sources / "images" / "dot.png")
    (sources / "a-map.md").write_text(IMAGE_ARTICLE, encoding="utf-8")
    (sources / "templates").mkdir()  # a publication's own template, over the theme's
    (sources / "templates" / "article.html").write_text('{% extends "!base/article.html" %}\n', encoding="utf-8")
    (sources / "editions").mkdir()
    (sources / "editions" / "standards.yaml").write_text(textwrap.dedent(EDITION), encoding="utf-8")
    return root


def build_all(root: Path) -> dict[str, Path]:
    """Every kind of output of the project at ``root``, made by the CLI as a user makes it."""
    for args in (
        ("build",),
        ("edition", "--impose", "booklet", "-o", "out-screen"),
        ("edition", "--profile", "print", "--impose", "booklet", "-o", "out-print"),
        ("archive",),
    ):
        result = run_typeset(*args, cwd=root)
        assert result.returncode == 0, (args, result.stderr)
        assert "internal error" not in result.stderr
    archive = root / "archive"
    return {
        "article": root / "output" / "2025-06-10-digital-libraries-dari.pdf",
        "image article": root / "output" / "a-map.pdf",
        "screen edition": root / "out-screen" / "standards.pdf",
        "screen booklet": root / "out-screen" / "standards.booklet.pdf",
        "print edition": root / "out-print" / "standards.print.pdf",
        "booklet": root / "out-print" / "standards.print.booklet.pdf",
        "archived article": next(archive.glob("articles/*/*/a-map/v1.pdf")),
        "archived edition": next(archive.glob("editions/*/*/standards/v1.pdf")),
    }


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build_all(make_project(tmp_path_factory.mktemp("standards")))


@pytest.fixture(scope="module")
def elsewhere(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The same project built in a folder of another depth and name."""
    root = tmp_path_factory.mktemp("another") / "deeper" / "publication folder"
    root.mkdir(parents=True)
    return build_all(make_project(root))


def _each(check: Callable[[Path], list[str]], kinds: tuple[str, ...] = KINDS) -> list[object]:
    return [pytest.param(kind, check, id=f"{kind}-{check.__name__}") for kind in kinds]


@pytest.mark.parametrize(
    ("kind", "check"), _each(validators.qpdf_check) + _each(validators.ghostscript) + _each(validators.mupdf)
)
def test_outside_readers_read_it_without_a_complaint(outputs: dict[str, Path], kind: str, check: Callable) -> None:
    assert check(outputs[kind]) == []


@pytest.mark.parametrize("kind", KINDS)
def test_no_empty_or_undecodable_stream(outputs: dict[str, Path], kind: str) -> None:
    with pikepdf.open(outputs[kind]) as pdf:
        assert validators.streams(pdf) == []


@pytest.mark.parametrize("kind", KINDS)
def test_each_file_claims_what_it_is_and_no_more(outputs: dict[str, Path], kind: str) -> None:
    expected = {"PDF/X", "PDF/X intent"} if kind in PRINT else {"PDF/A", "PDF/A intent"} if kind in ARCHIVED else set()
    with pikepdf.open(outputs[kind]) as pdf:
        assert validators.claims(pdf) == expected


@pytest.mark.parametrize("kind", PRINT)
def test_pdfx4_rules_hold(outputs: dict[str, Path], kind: str) -> None:
    with pikepdf.open(outputs[kind]) as pdf:
        assert validators.pdfx4(pdf) == []
        assert validators.fonts_embedded(pdf) == []


@pytest.mark.parametrize("kind", PRINT)
def test_typeset_preflight_passes_what_the_print_profile_writes(outputs: dict[str, Path], kind: str) -> None:
    findings = preflight(outputs[kind])
    assert [finding for finding in findings if finding.severity == "error"] == []
    # The map is a 10-pixel test image: the one thing a shop would ask about.
    assert {finding.message.split(" is ")[0] for finding in findings} <= {"image /Im1"}


@pytest.mark.parametrize("kind", ARCHIVED)
def test_pdfbox_preflight_finds_nothing_pdfa3_shares_with_pdfa1(outputs: dict[str, Path], kind: str) -> None:
    assert validators.pdfbox_pdfa(outputs[kind]) == []


@pytest.mark.parametrize("kind", ARCHIVED)
def test_pdfa3_rules_hold(outputs: dict[str, Path], kind: str) -> None:
    with pikepdf.open(outputs[kind]) as pdf:
        assert validators.pdfa3(pdf) == []
        assert validators.fonts_embedded(pdf) == []


@pytest.mark.parametrize("kind", ARCHIVED + PRINT)
def test_font_widths_are_the_font_programs(outputs: dict[str, Path], kind: str) -> None:
    with pikepdf.open(outputs[kind]) as pdf:
        assert validators.font_widths(pdf) == []


@pytest.mark.parametrize("kind", ARCHIVED)
def test_every_code_maps_to_unicode(outputs: dict[str, Path], kind: str) -> None:
    with pikepdf.open(outputs[kind]) as pdf:
        assert validators.to_unicode(pdf) == []


def test_pdfbox_is_asked_and_answers(outputs: dict[str, Path]) -> None:
    """The PDF/A-1-only findings are filtered, not the run: a screen file (no PDF/A claim) has real ones."""
    findings = validators.pdfbox_pdfa(outputs["screen edition"])
    assert any(finding.startswith("7.") or finding.startswith("2.4") for finding in findings), findings


@pytest.mark.parametrize("kind", KINDS)
def test_the_same_bytes_from_another_folder(outputs: dict[str, Path], elsewhere: dict[str, Path], kind: str) -> None:
    assert outputs[kind].read_bytes() == elsewhere[kind].read_bytes()


def test_an_archive_with_an_image_verifies_from_a_copy_in_another_folder(
    outputs: dict[str, Path], tmp_path: Path
) -> None:
    root = outputs["article"].parent.parent
    copy = tmp_path / "a copy" / "of the project"
    shutil.copytree(root, copy, symlinks=True)
    for cwd in (root, copy):
        result = run_typeset("archive", "verify", cwd=cwd)
        assert result.returncode == 0, result.stderr
        assert "a-map/v1.pdf" in result.stdout


def _raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF of ``objects`` (object 1 the catalog), written byte by byte: nothing repairs it on the way."""
    out = bytearray(b"%PDF-1.7\n%\xbf\xf7\xa2\xfe\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_the_readers_see_a_zero_byte_flate_stream(tmp_path: Path) -> None:
    """What the screen edition's blank versos were (issue 19): Ghostscript stops, MuPDF warns, qpdf says nothing."""
    path = tmp_path / "blank.pdf"
    path.write_bytes(
        _raw_pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] /Contents 4 0 R /Resources << >> >>",
                b"<< /Length 0 /Filter /FlateDecode >>\nstream\n\nendstream",
            ]
        )
    )
    assert "/ioerror" in "".join(validators.ghostscript(path))
    assert validators.mupdf(path) == ["warning: premature end of data in flate filter"]
    assert validators.qpdf_check(path) == []
    with pikepdf.open(path) as pdf:
        assert validators.streams(pdf) == ["(4, 0): a /FlateDecode stream of 0 bytes"]
