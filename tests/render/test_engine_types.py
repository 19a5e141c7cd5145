"""The engine's simple C types made without a parse (typeset.render.pdf._ParsedTypes) are cffi's own."""

from __future__ import annotations

import cffi
import pytest

from typeset.render import pdf


def test_the_engine_ffi_makes_array_types_without_parsing() -> None:
    ffi = pdf.ffi
    assert isinstance(ffi._parsed_types, pdf._ParsedTypes)
    for cdecl in ("hb_codepoint_t[7]", "hb_codepoint_t[65536]", "char[4]", "hb_tag_t[100]"):
        made = ffi.typeof(cdecl)
        with ffi._lock:
            parsed = ffi._get_cached_btype(ffi._parser.parse_type(cdecl))  # what cffi's parse gives
        assert made is parsed
        assert (made.kind, made.length) == ("array", int(cdecl[cdecl.index("[") + 1 : -1]))
    array = ffi.new("hb_codepoint_t[3]", [1, 2, 0xFFFFFFFF])
    assert list(array) == [1, 2, 0xFFFFFFFF] and ffi.sizeof(array) == 12
    with pytest.raises(IndexError):
        ffi.new("hb_codepoint_t[2]", [1, 2, 3])


SIMPLE = [
    "PangoRectangle *",
    "PangoFcFontMap *",
    "PangoLogAttr[]",
    "FcChar8 **",
    "char[]",
    "unsigned int *",
    "hb_tag_t[]",
    "int",
    "double *",
    "char *[3]",
    "PangoLayout*",
    " gboolean ",
]


@pytest.mark.parametrize("cdecl", SIMPLE)
def test_type_names_and_pointers_to_them_are_made_as_cffi_parses_them(cdecl: str) -> None:
    ffi = pdf.ffi
    made = ffi.typeof(cdecl)
    with ffi._lock:
        parsed = ffi._get_cached_btype(ffi._parser.parse_type(cdecl))
    assert made is parsed
    assert ffi._parsed_types[cdecl][0] is parsed  # made by the quick path, kept as cffi keeps it


def test_qualified_struct_and_function_declarations_are_left_to_cffi() -> None:
    ffi = pdf.ffi
    for cdecl in ("const char *", "struct _PangoRectangle *", "unsigned *", "int(*)(int)"):
        with ffi._lock:
            parsed = ffi._get_cached_btype(ffi._parser.parse_type(cdecl))
        assert ffi.typeof(cdecl) is parsed
    assert ffi.sizeof("PangoRectangle") == 16


def test_other_declarations_are_cffis_to_parse() -> None:
    ffi = pdf.ffi
    assert len(ffi.new("hb_codepoint_t[010]")) == 8  # C's octal: not what the quick path reads
    assert ffi.typeof("unsigned int[3]").length == 3
    with pytest.raises(cffi.CDefError):
        ffi.typeof("no_such_type_t[3]")
    with pytest.raises(cffi.CDefError):
        ffi.new("hb_codepoint_t[3]*x")
