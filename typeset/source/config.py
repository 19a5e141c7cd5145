"""Read the publication config (``publication.yaml``) into the model.

Config is data: one YAML file, every problem collected and reported with its
line; unknown keys are errors. A source uses the nearest ``publication.yaml``
at or above its folder, else the built-in default.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from typeset.errors import Location, TypesetError, collect
from typeset.model import Fonts, Publication, Section, Text
from typeset.source import yamldoc
from typeset.source.reader import read_text
from typeset.source.settings import keep_typed_kashida_setting, punctuation_setting, scale_settings, typography
from typeset.typography import geometry
from typeset.typography.hemistich import normalize

CONFIG_NAME = "publication.yaml"
DEFAULT_CONFIG = Path(__file__).with_name("default_publication.yaml")
MAX_CONFIG_BYTES = 1024 * 1024
#: The longest text of the config (name, masthead, monogram, website, email, a section label, a hemistich
#: of the verse header), in characters: each is set on every article, the name on every page, the masthead
#: in Nastaliq (its cost grew with the square of its length: 3000 characters took 13 s); and the most beyts
#: of the verse header (each article's first page holds them all).
MAX_TEXT_CHARS = 200
MAX_VERSE_HEADER_BEYTS = 8

_KEYS = {"name", "masthead", "monogram", "verse_header", "website", "email", "sections", "page", "fonts", "typography"}
_FONT_ROLES = ("latin", "arabic", "nastaliq", "verse")
#: The languages of a bilingual ``name``, and what each is.
_NAME_LANGS = {"en": "name in Latin letters", "fa": "name in Persian script"}
_NAME_HINT = "a name, or one in both scripts: name: {en: Afghanistan Azad, fa: افغانستان آزاد}"
#: ``website``: an http(s) address, or a host name (``www.afgazad.com``: the theme links it with https://).
_HOST = re.compile(r"(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,}(?::\d{1,5})?", re.UNICODE)
#: ``email``: one plain address, local@domain (the theme makes it a mailto: link).
_EMAIL = re.compile(r"[\w+-]+(?:\.[\w+-]+)*@(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,}", re.UNICODE)


def find_config(source: Path) -> Path:
    """The ``publication.yaml`` at or above ``source``'s folder, or the built-in default."""
    folder = source if source.is_dir() else source.parent
    resolved = folder.resolve()
    for candidate in (resolved, *resolved.parents):
        if (candidate / CONFIG_NAME).is_file():
            return candidate / CONFIG_NAME
    return DEFAULT_CONFIG


def load_publication(path: Path) -> Publication:
    """Read and validate one config file (cached while the file is unchanged: a batch shares it)."""
    try:
        stat = path.stat()
    except OSError as error:
        raise TypesetError(f"cannot read: {error.strerror}", Location(path)) from None
    return _load_publication(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=16)
def _load_publication(path: Path, mtime_ns: int, size: int) -> Publication:
    text = read_text(path, MAX_CONFIG_BYTES, "publication config")  # UTF-8, no controls, line ends made \n
    doc = yamldoc.load(text, path, what="publication config")
    return _build(doc, path)


def _build(doc: yamldoc.YamlDoc, path: Path) -> Publication:
    data = doc.data
    if not isinstance(data, dict):
        raise TypesetError("publication config must be a mapping of keys to values", doc.loc())
    errors: list[TypesetError] = []
    texts: list[Text] = []

    def fail(message: str, *keys: Any, hint: str | None = None) -> None:
        errors.append(TypesetError(message, doc.loc(*keys), hint))

    def string(key: str, default: str = "", role: str = "body") -> str:
        value = data.get(key, default)
        if value is None:
            return default
        if not isinstance(value, str):
            fail(f"'{key}' must be text", key)
            return default
        if value and short_enough(value, key):
            texts.append(Text(value, doc.loc(key), role))
        return value

    def short_enough(value: str, *keys: Any) -> bool:
        if len(value) <= MAX_TEXT_CHARS:
            return True
        what = ".".join(str(key) for key in keys)
        fail(f"'{what}' is too long ({len(value)} characters; the limit is {MAX_TEXT_CHARS})", *keys)
        return False

    for key in data:
        if key not in _KEYS:
            errors.append(
                TypesetError(
                    f"unknown key '{key}' in publication config",
                    doc.key_loc(key),
                    hint="known keys: " + ", ".join(sorted(_KEYS)),
                )
            )

    if isinstance(data.get("name"), dict):
        name, name_rtl = _bilingual_name(data["name"], doc, fail, short_enough, texts, errors)
    else:
        name, name_rtl = string("name"), ""
        if not name:
            fail("'name' is required: the publication's name", "name", hint=_NAME_HINT)
    masthead = string("masthead", role="masthead")
    monogram = string("monogram")
    website = string("website")
    email = string("email")
    if website and (problem := _website_problem(website)):
        fail(
            f"website '{yamldoc.shown(website)}' {problem}",
            "website",
            hint="an http(s) address or a host name: https://www.afgazad.com/ or www.afgazad.com",
        )
    if email and (problem := _email_problem(email)):
        fail(
            f"email '{yamldoc.shown(email)}' {problem}",
            "email",
            hint="one address, e.g. afgazad@gmail.com (typeset links it with mailto:)",
        )

    beyts: list[tuple[str, ...]] = []
    verse = data.get("verse_header") or []
    if not isinstance(verse, list):
        fail("'verse_header' must be a list of beyts, each a list of two hemistichs", "verse_header")
        verse = []
    for index, beyt in enumerate(verse):
        if index == MAX_VERSE_HEADER_BEYTS:
            fail(
                f"'verse_header' has too many beyts ({len(verse)}; the limit is {MAX_VERSE_HEADER_BEYTS})",
                "verse_header",
                index,
                hint="the verse header is set on every article's first page",
            )
            break
        if not isinstance(beyt, list) or not 1 <= len(beyt) <= 2 or not all(isinstance(h, str) for h in beyt):
            fail("each beyt of 'verse_header' must be a list of two hemistichs (text)", "verse_header", index)
            continue
        # A hemistich as set (typography.hemistich): one space between words; one with nothing visible is no hemistich.
        hemistichs = tuple(normalize(h) for h in beyt)
        empty = [position for position, hemistich in enumerate(hemistichs) if not hemistich]
        for position in empty:
            fail(
                "this hemistich of 'verse_header' has nothing to set (only spaces or joiners)",
                "verse_header",
                index,
                position,
                hint="write the hemistich, or remove the beyt",
            )
        if empty:
            continue
        if not all(short_enough(h, "verse_header", index, position) for position, h in enumerate(hemistichs)):
            continue
        beyts.append(hemistichs)
        for position, hemistich in enumerate(beyt):
            texts.append(Text(hemistich, doc.loc("verse_header", index, position), "verse"))

    sections: dict[str, Section] = {}
    raw_sections = data.get("sections") or {}
    if not isinstance(raw_sections, dict):
        fail("'sections' must map section keys to their labels", "sections")
        raw_sections = {}
    for key, labels in raw_sections.items():
        if (
            not isinstance(labels, dict)
            or set(labels) - {"en", "fa"}
            or not all(isinstance(labels.get(lang), str) for lang in ("en", "fa"))
        ):
            fail(
                f"section '{key}' needs its label in both languages",
                "sections",
                key,
                hint="e.g. european-languages: {en: European Languages, fa: زبانهای اروپایی}",
            )
            continue
        if not all([short_enough(labels[lang], "sections", key, lang) for lang in ("en", "fa")]):
            continue
        sections[str(key)] = Section(str(key), labels["en"], labels["fa"])
        texts.append(Text(labels["en"], doc.loc("sections", key, "en")))
        texts.append(Text(labels["fa"], doc.loc("sections", key, "fa")))

    page = data.get("page") or {}
    if not isinstance(page, dict) or set(page) - {"size", "margin"}:
        fail("'page' takes 'size' (e.g. A4) and 'margin' (e.g. 20mm 18mm)", "page")
        page = {}
    size, margin = _page(page, fail)

    fonts_data = data.get("fonts") or {}
    if not isinstance(fonts_data, dict):
        fail("'fonts' must map scripts to font family lists", "fonts")
        fonts_data = {}
    for key in fonts_data:
        if key not in _FONT_ROLES:
            errors.append(
                TypesetError(
                    f"unknown font role '{key}'", doc.key_loc("fonts", key), hint="roles: " + ", ".join(_FONT_ROLES)
                )
            )
    defaults = {
        "latin": ["Noto Serif"],
        "arabic": ["Noto Naskh Arabic"],
        "nastaliq": ["Noto Nastaliq Urdu"],
        "verse": ["Amiri"],
    }
    families: dict[str, tuple[str, ...]] = {}
    for role in _FONT_ROLES:
        value = fonts_data.get(role, defaults[role])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            fail(f"fonts.{role} must be a font family or a list of them", "fonts", role)
            value = defaults[role]
        families[role] = tuple(value)

    kashida, digits, date_styles = typography(data.get("typography"), doc, errors)
    keep_typed_kashida = keep_typed_kashida_setting(data.get("typography"), doc, errors)
    punctuation = punctuation_setting(data.get("typography"), doc, errors)
    latin_scale, arabic_scale = scale_settings(data.get("typography"), doc, errors)

    collect(errors)
    return Publication(
        name=name,
        masthead=masthead,
        monogram=monogram,
        verse_header=tuple(beyts),
        website=website,
        email=email,
        sections=sections,
        page_size=size,
        page_margin=margin,
        fonts=Fonts(**families),
        kashida=kashida,
        keep_typed_kashida=keep_typed_kashida,
        name_rtl=name_rtl,
        latin_scale=latin_scale,
        arabic_scale=arabic_scale,
        digits=digits,
        punctuation=punctuation,
        date_styles=date_styles,
        root=path.parent,
        path=None if path == DEFAULT_CONFIG else path,
        texts=tuple(texts),
    )


def _bilingual_name(
    value: dict[Any, Any],
    doc: yamldoc.YamlDoc,
    fail: Callable[..., None],
    short_enough: Callable[..., bool],
    texts: list[Text],
    errors: list[TypesetError],
) -> tuple[str, str]:
    """``name: {en: …, fa: …}``: the name in Latin letters (``en``: left-to-right pages, metadata) and in
    Persian script (``fa``: the running heads of right-to-left pages). Both are required."""
    names: dict[str, str] = {}
    for key in value:
        if key not in _NAME_LANGS:
            errors.append(TypesetError(f"unknown language '{key}' in 'name'", doc.key_loc("name", key), _NAME_HINT))
    for lang in _NAME_LANGS:
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            where: tuple[Any, ...] = ("name", lang) if lang in value else ("name",)
            fail(f"'name' needs its {_NAME_LANGS[lang]} ('{lang}') as text", *where, hint=_NAME_HINT)
            continue
        if short_enough(text, "name", lang):
            names[lang] = text
            texts.append(Text(text, doc.loc("name", lang)))
    return names.get("en", ""), names.get("fa", "")


def _page(page: dict[str, Any], fail: Callable[..., None]) -> tuple[str, str]:
    """``page:`` size and margin, as CSS will take them, checked against the paper (typeset.typography.geometry)."""
    size = str(page.get("size", "A4"))
    margin = str(page.get("margin", "20mm 18mm 22mm"))
    dimensions = geometry.page_size(size)
    if dimensions is None:
        fail(f"page size '{yamldoc.shown(size)}' is not a page size", "page", "size", hint=geometry.SIZES_HINT)
    elif problem := geometry.size_problem(*dimensions):
        fail(f"page.size '{yamldoc.shown(size)}' {problem}", "page", "size", hint=geometry.BOUNDS_HINT)
        dimensions = None
    sides = geometry.margins(margin)
    if sides is None:
        fail(
            f"page margin '{yamldoc.shown(margin)}' is not one to four lengths",
            "page",
            "margin",
            hint="e.g. 20mm 18mm 22mm (top, sides, bottom; units mm, cm, in, pt, pc, px)",
        )
    elif dimensions is not None and (problem := geometry.margin_problem(dimensions, sides)):
        fail(
            f"page.margin '{yamldoc.shown(margin)}' {problem}",
            "page",
            "margin",
            hint=f"the margins may take at most half of the page: {geometry.mm(dimensions[0] / 2)} mm of its width "
            f"and {geometry.mm(dimensions[1] / 2)} mm of its height, both sides together",
        )
    return size, margin


def _website_problem(value: str) -> str | None:
    """Why ``value`` cannot be the publication's web address (None: it can)."""
    if any(char.isspace() for char in value):
        return "has a space in it"
    if "://" not in value:
        host, _, _ = value.partition("/")
        return None if _HOST.fullmatch(host) else "is neither an http(s) address nor a host name"
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https"):
        return f"uses '{parts.scheme}:'; only http:// and https:// addresses are links a reader can follow"
    if parts.username is not None or parts.password is not None:
        return "has a user name in it (user@host), which hides the host it goes to"
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port == 0:
        return "has a port out of range"
    return None if _HOST.fullmatch(parts.netloc) else "has no host name"


def _email_problem(value: str) -> str | None:
    """Why ``value`` cannot be the publication's address (None: it can)."""
    if value.lower().startswith("mailto:"):
        return "starts with 'mailto:'; write the address alone"
    if not _EMAIL.fullmatch(value):
        return "is not one plain address (local@domain, without spaces, '?' or other parts)"
    return None
