"""The engine's C array types made without a parse (typeset.render.pdf._ParsedTypes) are cffi's own."""

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


def test_other_declarations_are_cffis_to_parse() -> None:
    ffi = pdf.ffi
    assert len(ffi.new("hb_codepoint_t[010]")) == 8  # C's octal: not what the quick path reads
    assert ffi.typeof("unsigned int[3]").length == 3
    with pytest.raises(cffi.CDefError):
        ffi.typeof("no_such_type_t[3]")
    with pytest.raises(cffi.CDefError):
        ffi.new("hb_codepoint_t[3]*x")
