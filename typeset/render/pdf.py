"""HTML → PDF with WeasyPrint.

One FontConfiguration per process: fonts are loaded once for a whole batch. It
copies the fonts into a temporary folder that the engine removes only when the
configuration is collected, which a configuration kept for the whole process
never is: typeset removes it when the process ends.
"""

from __future__ import annotations

import atexit
import hashlib
import logging
import re
import shutil
from pathlib import Path

import pydyf
from weasyprint import HTML
from weasyprint.text.ffi import ffi
from weasyprint.text.fonts import FontConfiguration

from typeset.errors import Location, TypesetError
from typeset.render import hyphenation
from typeset.render.fetcher import FolderFetcher, RefusedURL
from typeset.render.textlayer import mark_text_layer

LOGGER = logging.getLogger("typeset")
_FONT_CONFIG: FontConfiguration | None = None
hyphenation.install()  # the engine's hyphenation dictionaries, parsed once per machine
_ARRAY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\[([1-9][0-9]{0,8})\]")


class _ParsedTypes(dict):  # type: ignore[type-arg]  # cffi's: C declaration -> (ctype, is a function)
    """cffi's cache of the C types an FFI has parsed (``FFI._parsed_types``), where ``T[N]`` is made
    from ``T`` without a parse.

    The engine subsets each font with ``ffi.new(f"hb_codepoint_t[{len(glyphs)}]", ...)``: a new
    length is a new declaration, which cffi parses with pycparser (3 ms, every typedef of the
    engine's declarations read again): 20-50 ms of a process's first render, about 15 ms of every
    later article. The array type is the one cffi would make: the C backend's (unique) array of
    ``T``, of that length, from the type cffi parsed for ``T[]``. Any other declaration, or a
    failure, goes to cffi as before.
    """

    def __missing__(self, cdecl: object) -> object:
        match = _ARRAY.fullmatch(cdecl) if isinstance(cdecl, str) else None
        if match is None:
            raise KeyError(cdecl)
        try:
            item = ffi.typeof(match.group(1) + "[]").item
            array = ffi._backend.new_array_type(ffi._backend.new_pointer_type(item), int(match.group(2)))
        except Exception:  # cffi's own parse says what is wrong
            raise KeyError(cdecl) from None
        self[cdecl] = result = (array, False)
        return result


def _quick_array_types() -> None:
    """Install ``_ParsedTypes`` in the engine's FFI, once, when it is the cffi this was written for."""
    parsed = getattr(ffi, "_parsed_types", None)
    if type(parsed) is dict and hasattr(getattr(ffi, "_backend", None), "new_array_type"):
        ffi._parsed_types = _ParsedTypes(parsed)


_quick_array_types()


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
    ``identifier`` the permanent part of the PDF's ``/ID`` (typeset.build.manifest.document_id).
    """

    def finish(document: object, pdf: pydyf.PDF) -> None:
        if direction == "rtl":
            # Right-to-left reading: viewers show spreads and bind on the right.
            pdf.catalog["ViewerPreferences"] = pydyf.Dictionary({"Direction": "/R2L"})
        mark_text_layer(pdf, *masthead, verse_fonts)

    try:
        document = HTML(string=html, base_url=source.parent.resolve().as_uri() + "/", url_fetcher=FolderFetcher(roots))
        data: bytes = document.write_pdf(font_config=font_configuration(), finisher=finish, uncompressed_pdf=False)
    except RefusedURL as error:
        raise TypesetError(str(error), Location(source)) from None
    return with_identifier(data, identifier) if identifier else data


_LAST_XREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")


def with_identifier(data: bytes, identifier: bytes) -> bytes:
    """``data`` with an ``/ID`` (``identifier``, and the MD5 of the file) in its last cross-reference
    stream's dictionary.

    Not the engine's ``pdf_identifier``: to hash the content, pydyf serialises (and compresses) every
    object a second time, 6 ms of a 20 ms PDF write. The dictionary is the file's last object: what is
    inserted there moves no offset the cross-reference table records. A file of another shape is
    returned as it is (its manifest entry still says whose it is)."""
    match = _LAST_XREF.search(data, max(len(data) - 64, 0))
    if match is None:
        return data
    start = int(match.group(1))
    opening = data.find(b"<<", start, start + 32)
    if opening < 0 or b"/Type /XRef" not in data[opening : opening + 64] or b"/ID" in data[start:]:
        return data
    digest = hashlib.md5(data, usedforsecurity=False).hexdigest().encode()
    entry = b"/ID [(" + identifier + b") (" + digest + b")]"
    return data[: opening + 2] + entry + data[opening + 2 :]
