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
from typing import Any

import pydyf
from weasyprint import HTML, URLFetcher
from weasyprint.text.ffi import ffi
from weasyprint.text.fonts import FontConfiguration

from typeset.errors import Location, TypesetError
from typeset.render import hyphenation, stylesheets
from typeset.render.fetcher import FolderFetcher, RefusedURL
from typeset.render.textlayer import mark_text_layer

LOGGER = logging.getLogger("typeset")
_FONT_CONFIG: FontConfiguration | None = None
hyphenation.install()  # the engine's hyphenation dictionaries, parsed once per machine
stylesheets.install()  # the theme's CSS, parsed once per process
#: A type name (an identifier, or a primitive of several words: "unsigned int"), pointers, an array.
_SIMPLE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*(?: [A-Za-z_][A-Za-z0-9_]*)*) ?((?:\* ?)*)(?:\[([1-9][0-9]{0,8})?\])?")


class _ParsedTypes(dict):  # type: ignore[type-arg]  # cffi's: C declaration -> (ctype, is a function)
    """cffi's cache of the C types an FFI has parsed (``FFI._parsed_types``), where simple
    declarations are made without a parse.

    The engine asks for C types by their declaration (``ffi.new("PangoRectangle *")``,
    ``ffi.new(f"hb_codepoint_t[{len(glyphs)}]", ...)``); each new one is parsed by pycparser, with
    every typedef of the engine's declarations read again: 2-3 ms each, ten of them (20-30 ms) in a
    process's first render, and a subset's array of a new length in every later article. A
    declaration that is a type name (a typedef of the engine's or a primitive), pointers to it, or
    an array of those (``T``, ``T *``, ``T **``, ``T[]``, ``T[N]``, ``T *[N]``) is made here from
    the type cffi declared for that name, as cffi's parse makes it (the same model type, so the same
    cached C type). Any other declaration (qualifiers, structs, functions, C's octal lengths), or a
    failure, goes to cffi as before.
    """

    def __missing__(self, cdecl: object) -> object:
        match = _SIMPLE.fullmatch(cdecl.strip()) if isinstance(cdecl, str) else None
        if match is None:
            raise KeyError(cdecl)
        name, pointers, length = match.groups()
        try:
            from cffi import model

            if name in model.PrimitiveType.ALL_PRIMITIVE_TYPES:
                kind: Any = model.PrimitiveType(name)
            else:
                kind, quals = ffi._parser._declarations["typedef " + name]
                if quals or kind.is_raw_function:
                    raise KeyError(cdecl)
            for _ in range(pointers.count("*")):
                kind = model.PointerType(kind)
            if match.group(0).endswith("]"):
                kind = model.ArrayType(kind, int(length) if length else None)
            with ffi._lock:
                btype = ffi._get_cached_btype(kind)
        except Exception:  # cffi's own parse says what is wrong
            raise KeyError(cdecl) from None
        self[cdecl] = result = (btype, False)
        return result


def _quick_types() -> None:
    """Install ``_ParsedTypes`` in the engine's FFI, once, when it is the cffi this was written for."""
    parsed = getattr(ffi, "_parsed_types", None)
    declarations = getattr(getattr(ffi, "_parser", None), "_declarations", None)
    if type(parsed) is dict and isinstance(declarations, dict) and hasattr(ffi, "_get_cached_btype"):
        ffi._parsed_types = _ParsedTypes(parsed)


_quick_types()


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
    fetcher: URLFetcher | None = None,
) -> bytes:
    """The PDF of ``html``; ``roots`` are the only folders it may read from.

    ``masthead`` is (its font families, its text): the text the PDF's text
    layer gives for it (its glyphs do not map back to its letters);
    ``verse_fonts`` the families in which typeset may have inserted kashida;
    ``identifier`` the permanent part of the PDF's ``/ID`` (typeset.jobs.manifest.document_id);
    ``fetcher`` what reads for the engine (default: a FolderFetcher of ``roots``).
    """

    def finish(document: object, pdf: pydyf.PDF) -> None:
        if direction == "rtl":
            # Right-to-left reading: viewers show spreads and bind on the right.
            pdf.catalog["ViewerPreferences"] = pydyf.Dictionary({"Direction": "/R2L"})
        mark_text_layer(pdf, *masthead, verse_fonts)
        name_images(pdf)

    try:
        fetcher = fetcher or FolderFetcher(roots)
        document = HTML(string=html, base_url=source.parent.resolve().as_uri() + "/", url_fetcher=fetcher)
        data: bytes = document.write_pdf(font_config=font_configuration(), finisher=finish, uncompressed_pdf=False)
    except RefusedURL as error:
        raise TypesetError(str(error), Location(source)) from None
    return with_identifier(data, identifier) if identifier else data


#: The engine's name for a raster image: ``i`` + the MD5 of its URL (an absolute file: URL, so of the
#: folder the project is in) + 0/1 (interpolated).
_ENGINE_IMAGE = re.compile(rb"/(i[0-9a-f]{32}[01])(?=[\s/\[\]<>()]|$)")


def name_images(pdf: pydyf.PDF) -> None:
    """Rename the images the engine named after their absolute path: ``/Im1``, ``/Im2`` … in the order
    the document first draws them, so a project gives the same bytes in any folder on any machine.

    The names are keys of resource dictionaries (the document's, and its forms' and patterns') and
    operands of ``Do`` in the content streams, which are still lists of operations here."""
    renamed: dict[str, str] = {}
    dictionaries = []
    for obj in pdf.objects:
        extra = getattr(obj, "extra", obj)
        for holder in (extra, extra.get("Resources") if isinstance(extra, dict) else None):
            xobjects = holder.get("XObject") if isinstance(holder, dict) else None
            if isinstance(xobjects, dict):
                dictionaries.append(xobjects)
                for key in xobjects:
                    if _ENGINE_IMAGE.fullmatch(b"/" + str(key).encode()) and key not in renamed:
                        renamed[key] = f"Im{len(renamed) + 1}"
    if not renamed:
        return
    for xobjects in dictionaries:
        for key in [key for key in xobjects if key in renamed]:
            xobjects[renamed[key]] = xobjects.pop(key)
    names = {old.encode(): new.encode() for old, new in renamed.items()}

    def rename(match: re.Match[bytes]) -> bytes:
        return b"/" + names.get(match.group(1), match.group(1))

    for obj in pdf.objects:
        operations = getattr(obj, "stream", None)
        if isinstance(obj, pydyf.Stream) and isinstance(operations, list):
            for index, operation in enumerate(operations):
                if isinstance(operation, bytes) and b"/i" in operation:
                    operations[index] = _ENGINE_IMAGE.sub(rename, operation)


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
