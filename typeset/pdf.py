"""HTML → PDF with WeasyPrint.

One FontConfiguration per process: fonts are loaded once for a whole batch. It
copies the fonts into a temporary folder that the engine removes only when the
configuration is collected, which a configuration kept for the whole process
never is: typeset removes it when the process ends.
"""

from __future__ import annotations

import atexit
import logging
import shutil
from pathlib import Path

import pydyf
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

from typeset.errors import Location, TypesetError
from typeset.fetcher import FolderFetcher, RefusedURL
from typeset.textlayer import mark_actual_text

LOGGER = logging.getLogger("typeset")
_FONT_CONFIG: FontConfiguration | None = None


def font_configuration() -> FontConfiguration:
    global _FONT_CONFIG
    if _FONT_CONFIG is None:
        _FONT_CONFIG = FontConfiguration()
        atexit.register(_remove_font_copies, _FONT_CONFIG)
    return _FONT_CONFIG


def _remove_font_copies(config: FontConfiguration) -> None:
    """Remove the folder where the engine copied the fonts (made when the first font is loaded)."""
    folder = getattr(config, "_folder", None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


def render_pdf(
    html: str,
    source: Path,
    roots: list[Path],
    direction: str,
    masthead: tuple[tuple[str, ...], str] = ((), ""),
    verse_fonts: tuple[str, ...] = (),
    identifier: bytes | None = None,
) -> bytes:
    """The PDF of ``html``; ``roots`` are the only folders it may read from.

    ``masthead`` is (its font families, its text): the text the PDF's text
    layer gives for it (its glyphs do not map back to its letters);
    ``verse_fonts`` the families in which typeset may have inserted kashida;
    ``identifier`` the permanent part of the PDF's ``/ID`` (typeset.manifest.document_id).
    """

    def finish(document: object, pdf: pydyf.PDF) -> None:
        if direction == "rtl":
            # Right-to-left reading: viewers show spreads and bind on the right.
            pdf.catalog["ViewerPreferences"] = pydyf.Dictionary({"Direction": "/R2L"})
        mark_actual_text(pdf, *masthead, verse_fonts)

    try:
        document = HTML(string=html, base_url=source.parent.resolve().as_uri() + "/", url_fetcher=FolderFetcher(roots))
        return document.write_pdf(  # type: ignore[no-any-return]
            font_config=font_configuration(), finisher=finish, uncompressed_pdf=False, pdf_identifier=identifier
        )
    except RefusedURL as error:
        raise TypesetError(str(error), Location(source)) from None
