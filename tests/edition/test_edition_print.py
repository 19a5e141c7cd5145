"""An edition for the print shop, read back from the files `typeset edition --profile print --impose booklet`
writes: PDF/X-4 boxes and output intent on every page, black text in DeviceCMYK, preflight clean, booklet
sheets in the binding's order, byte-identical rebuilds; and the same edition left-bound (English)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from tests.conftest import INPUT, run_typeset
from typeset.edition.build import build_edition
from typeset.edition.preflight import preflight
from typeset.jobs.options import Options

pytestmark = pytest.mark.slow  # renders PDFs

BLEED = 8.504  # 3 mm in points
PERSIAN_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")


def _edition(root: Path, language: str) -> Path:
    shutil.copytree(INPUT, root / "input")
    path = root / "input" / "editions" / "weekly.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("language: fa-AF", f"language: {language}"), "utf-8")
    return path


@pytest.fixture(scope="module", params=["fa-AF", "en"])
def printed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The shipped edition in the print profile with a booklet: right-bound (Dari) and left-bound (English)."""
    root = tmp_path_factory.mktemp(f"print-{request.param}")
    edition = _edition(root, request.param)
    result = build_edition(edition, Options(root / "out", profile="print", impose="booklet"))
    assert result.ok, [e.format() for e in result.errors] + [e.format() for j in result.articles for e in j.errors]
    return {"edition": edition, "root": root, "result": result, "rtl": request.param == "fa-AF"}


def _box(page: pikepdf.Page, key: str) -> list[float]:
    return [float(v) for v in page.obj[key]]


def test_every_page_has_trim_bleed_and_media_boxes_with_3mm_bleed(printed: dict) -> None:
    with pikepdf.open(printed["result"].output) as pdf:
        trims = set()
        for page in pdf.pages:
            trim, bleed, media = _box(page, "/TrimBox"), _box(page, "/BleedBox"), _box(page, "/MediaBox")
            assert [round(b - t, 3) for b, t in zip(bleed, trim, strict=True)] == [-BLEED, -BLEED, BLEED, BLEED]
            assert media[0] < bleed[0] and media[1] < bleed[1] and media[2] > bleed[2] and media[3] > bleed[3]
            trims.add(tuple(round(v, 2) for v in (trim[2] - trim[0], trim[3] - trim[1])))
        assert trims == {(419.53, 595.28)}  # A5, every page


def test_pdfx4_with_an_output_intent(printed: dict) -> None:
    with pikepdf.open(printed["result"].output) as pdf:
        intent = pdf.Root.OutputIntents[0]
        assert intent.S == "/GTS_PDFX" and "/DestOutputProfile" in intent
        with pdf.open_metadata() as meta:
            assert meta["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
        assert pdf.trailer.Info.Trapped == "/False"


def test_text_is_black_in_devicecmyk_and_no_rgb_is_left(printed: dict) -> None:
    with pdfplumber.open(printed["result"].output) as pdf:
        colours = {tuple(char["non_stroking_color"] or ()) for page in pdf.pages for char in page.chars}
    assert colours and all(len(colour) == 4 for colour in colours)
    assert (0, 0, 0, 1) in colours
    findings = preflight(printed["result"].output)
    assert [f for f in findings if f.severity == "error"] == []


def test_preflight_from_the_command_line(printed: dict) -> None:
    result = run_typeset("preflight", str(printed["result"].output), cwd=printed["root"])
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{printed['result'].output}: ok"


def test_right_bound_only_when_right_to_left(printed: dict) -> None:
    with pikepdf.open(printed["result"].output) as pdf:
        direction = pdf.Root.ViewerPreferences.get("/Direction")
        assert direction == ("/R2L" if printed["rtl"] else None)
        assert pdf.Root.PageLayout == "/TwoPageRight"


def _folio(page: pdfplumber.page.Page, left: bool) -> int | None:
    """The folio of one half of a booklet sheet: the lowest word of digits alone on it."""
    x0, top, x1, bottom = page.bbox  # the sheet's MediaBox: its trim, bleed and marks
    middle = (x0 + x1) / 2
    half = page.crop((x0 if left else middle, top + (bottom - top) * 0.8, middle if left else x1, bottom))
    numbers = [w for w in half.extract_words() if w["text"].translate(PERSIAN_DIGITS).isdigit()]
    if not numbers:
        return None
    return int(max(numbers, key=lambda word: word["top"])["text"].translate(PERSIAN_DIGITS))


def test_booklet_pages_in_the_bindings_printing_order(printed: dict) -> None:
    result = printed["result"]
    pages = -(-result.pages // 4) * 4
    with pdfplumber.open(result.booklet) as booklet, pikepdf.open(result.booklet) as sheets:
        assert len(booklet.pages) == pages // 2
        width = float(sheets.pages[0].TrimBox[2]) - float(sheets.pages[0].TrimBox[0])
        assert round(width, 1) == round(2 * 419.53, 1)  # two trimmed pages side by side
        # The outer sheet's inside: pages 2 and n-1; page 3 and n-2 on the next sheet's front.
        # Left-bound: front (n, 1), back (2, n-1); right-bound, the mirror: front (1, n), back (n-1, 2).
        seen = 0
        for index in range(len(booklet.pages)):
            left, right = _folio(booklet.pages[index], True), _folio(booklet.pages[index], False)
            sheet, back = divmod(index, 2)
            low, high = (2 * sheet + 2, pages - 2 * sheet - 1) if back else (2 * sheet + 1, pages - 2 * sheet)
            expected = (low, high) if printed["rtl"] != bool(back) else (high, low)
            for found, number in zip((left, right), expected, strict=True):
                assert found in (None, number)  # a blank page, the cover and the note carry no folio
                seen += found is not None
        assert seen >= pages // 2  # most halves carry their folio: the order above was read, not assumed


def test_print_rebuilds_are_byte_identical(printed: dict) -> None:
    result = printed["result"]
    before, booklet = result.output.read_bytes(), result.booklet.read_bytes()
    again = build_edition(
        printed["edition"], Options(result.output.parent, force=True, profile="print", impose="booklet")
    )
    assert again.ok and again.rendered  # every part set again
    assert result.output.read_bytes() == before and result.booklet.read_bytes() == booklet


def test_a_plain_screen_edition_fails_preflight(tmp_path: Path) -> None:
    edition = _edition(tmp_path, "fa-AF")
    result = build_edition(edition, Options(tmp_path / "out"))
    assert result.ok
    findings = preflight(result.output)
    messages = [f.message for f in findings if f.severity == "error"]
    assert any("output intent" in m for m in messages)
    assert any("bleed" in m for m in messages) and all(f.page is None or f.page >= 1 for f in findings)
