"""The theme's CSS parsed once per process (typeset.render.stylesheets): the same bytes, no parse the
second time, a changed stylesheet seen at once, and what a parse does to a document (its page rules,
its warnings) done again for each document."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest
import tinycss2

from typeset.errors import Diagnostic
from typeset.jobs.engine import engine_warnings
from typeset.render.pdf import render_pdf
from typeset.resources import FONTS_DIR

pytestmark = pytest.mark.slow  # renders PDFs


def page(size: str, extra: str = "") -> str:
    return (
        "<!DOCTYPE html><html lang='en'><head><style>"
        f"@page {{ size: {size}; margin: 20mm; }} body {{ font-family: 'Noto Serif'; {extra} }}"
        "</style></head><body><p>A paragraph.</p></body></html>"
    )


def render(html: str, folder: Path, warnings: list[Diagnostic] | None = None) -> bytes:
    with engine_warnings(folder / "a.md", warnings if warnings is not None else []):
        return render_pdf(html, folder / "a.md", [FONTS_DIR, folder], "ltr")


def width(data: bytes) -> float:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return round(float(pdf.pages[0].mediabox[2]))


def test_a_stylesheet_is_parsed_once_and_gives_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    html = page("A6")
    first = render(html, tmp_path)
    parsed: list[str] = []
    real = tinycss2.parse_stylesheet

    def spy(css: str, *args: object, **kwargs: object) -> object:
        parsed.append(css)
        return real(css, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(tinycss2, "parse_stylesheet", spy)
    second = render(html, tmp_path)
    assert not [css for css in parsed if "size: A6" in css], "the page's stylesheet was parsed again"
    assert second == first
    assert width(second) == 298  # A6: its @page rule applied to the second document too


def test_a_changed_stylesheet_is_seen_by_the_same_process(tmp_path: Path) -> None:
    assert width(render(page("A5"), tmp_path)) == 420
    assert width(render(page("A4"), tmp_path)) == 595
    assert width(render(page("A5"), tmp_path)) == 420


def test_its_warnings_are_given_for_every_document(tmp_path: Path) -> None:
    html = page("A5", "text-justify: auto;")
    for _ in range(2):
        warnings: list[Diagnostic] = []
        render(html, tmp_path, warnings)
        assert any("text-justify" in warning.message for warning in warnings), warnings
