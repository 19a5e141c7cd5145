"""Read the publication config (``publication.yaml``) into the model.

Config is data: one YAML file, every problem collected and reported with its
line; unknown keys are errors. A source uses the nearest ``publication.yaml``
at or above its folder, else the built-in default.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from typeset.errors import Location, TypesetError, collect, in_file_order
from typeset.languages import LANGUAGES
from typeset.model import Fonts, Publication, Section, Text
from typeset.source import look, yamldoc
from typeset.source.reader import read_text
from typeset.source.settings import read_typography
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

_FONT_ROLES = ("latin", "arabic", "nastaliq", "verse")
#: The languages of a bilingual ``name``, and what each is.
_NAME_LANGS = {"en": "name in Latin letters", "fa": "name in Persian script"}
_NAME_HINT = "a name, or one in both scripts: name: {en: Afghanistan Azad, fa: افغانستان آزاد}"


def _text(name: str) -> yamldoc.Field:
    """A text of the config, set on every article (so within MAX_TEXT_CHARS)."""
    return yamldoc.Field(name, (str,), "must be text", limits=(0, MAX_TEXT_CHARS))


PUBLICATION = yamldoc.Schema(
    (
        yamldoc.Field("name"),  # text, or one in each script: _build and _bilingual_name check it
        _text("masthead"),
        _text("monogram"),
        yamldoc.Field("verse_header", (list,), "must be a list of beyts, each a list of two hemistichs"),
        _text("website"),
        _text("email"),
        yamldoc.Field("sections", (dict,), "must map section keys to their labels"),
        yamldoc.Field("page", (dict,), "takes 'size' (e.g. A4) and 'margin' (e.g. 20mm 18mm)"),
        yamldoc.Field("fonts", (dict,), "must map scripts to font family lists"),
        yamldoc.Field("typography"),  # typeset.source.settings reads it
        yamldoc.Field("colours"),  # typeset.source.look reads them
        yamldoc.Field("sizes"),
    ),
    unknown="unknown key '{}' in publication config",
    listing="known keys: {}",
)
_NAME = yamldoc.Schema(
    tuple(yamldoc.Field(lang) for lang in _NAME_LANGS), unknown="unknown language '{}' in 'name'", listing=_NAME_HINT
)
_PAGE = yamldoc.Schema(
    (yamldoc.Field("size"), yamldoc.Field("margin")),
    unknown="unknown key '{}' in 'page'",
    listing="'page' takes 'size' (e.g. A4) and 'margin' (e.g. 20mm 18mm)",
)
_FONTS = yamldoc.Schema(
    tuple(yamldoc.Field(role, (str, list), "must be a font family or a list of them") for role in _FONT_ROLES),
    unknown="unknown font role '{}'",
    listing="roles: {}",
    label="fonts.{}",
)
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


@dataclass
class _Checks:
    """What reading one config collects: its errors, and its texts (each to be checked against the fonts)."""

    doc: yamldoc.YamlDoc
    errors: list[TypesetError] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)

    def fail(self, message: str, *keys: Any, hint: str | None = None) -> None:
        self.errors.append(TypesetError(message, self.doc.loc(*keys), hint))

    def short_enough(self, value: str, *keys: Any) -> bool:
        if len(value) <= MAX_TEXT_CHARS:
            return True
        what = ".".join(str(key) for key in keys)
        self.fail(f"'{what}' is too long ({len(value)} characters; the limit is {MAX_TEXT_CHARS})", *keys)
        return False

    def text(self, value: str, *keys: Any, role: str = "body") -> str:
        """``value`` (at ``keys``), kept among the texts to be set."""
        if value:
            self.texts.append(Text(value, self.doc.loc(*keys), role))
        return value


def _build(doc: yamldoc.YamlDoc, path: Path) -> Publication:
    if not isinstance(doc.data, dict):
        raise TypesetError("publication config must be a mapping of keys to values", doc.loc())
    checks = _Checks(doc)
    values = PUBLICATION.read(doc, (), checks.errors)
    name, name_rtl = _name(checks, doc.data.get("name"))
    masthead = checks.text(values.get("masthead", ""), "masthead", role="masthead")
    monogram = checks.text(values.get("monogram", ""), "monogram")
    website = checks.text(values.get("website", ""), "website")
    email = checks.text(values.get("email", ""), "email")
    if website and (problem := _website_problem(website)):
        checks.fail(
            f"website '{yamldoc.shown(website)}' {problem}",
            "website",
            hint="an http(s) address or a host name: https://www.afgazad.com/ or www.afgazad.com",
        )
    if email and (problem := _email_problem(email)):
        checks.fail(
            f"email '{yamldoc.shown(email)}' {problem}",
            "email",
            hint="one address, e.g. afgazad@gmail.com (typeset links it with mailto:)",
        )
    beyts = _verse_header(checks, values.get("verse_header", []))
    sections = _sections(checks, values.get("sections", {}))
    size, margin = _page(_PAGE.read(doc, ("page",), checks.errors) if "page" in values else {}, checks.fail)
    families = _families(checks, _FONTS.read(doc, ("fonts",), checks.errors) if "fonts" in values else {})
    settings = read_typography(doc, checks.errors)
    colours, sizes = look.read_colours(doc, checks.errors), look.read_sizes(doc, checks.errors)
    collect(sorted(checks.errors, key=in_file_order))
    return Publication(
        name=name,
        masthead=masthead,
        monogram=monogram,
        verse_header=beyts,
        website=website,
        email=email,
        sections=sections,
        page_size=size,
        page_margin=margin,
        fonts=Fonts(**families),
        kashida=settings.kashida,
        keep_typed_kashida=settings.keep_typed_kashida,
        name_rtl=name_rtl,
        latin_scale=settings.latin_scale,
        arabic_scale=settings.arabic_scale,
        digits=settings.digits,
        punctuation=settings.punctuation,
        date_styles=settings.date_styles,
        colours=colours,
        sizes=sizes,
        root=path.parent,
        path=None if path == DEFAULT_CONFIG else path,
        texts=tuple(checks.texts),
    )


def _name(checks: _Checks, value: Any) -> tuple[str, str]:
    """``name``: the publication's name, or one in each script (:func:`_bilingual_name`); as (Latin, Persian)."""
    if isinstance(value, dict):
        return _bilingual_name(value, checks)
    if value is not None and not isinstance(value, str):
        checks.fail("'name' must be text", "name")
    elif not value:
        checks.fail("'name' is required: the publication's name", "name", hint=_NAME_HINT)
    elif checks.short_enough(value, "name"):
        return checks.text(value, "name"), ""
    else:
        return value, ""
    return "", ""


def _bilingual_name(value: dict[Any, Any], checks: _Checks) -> tuple[str, str]:
    """``name: {en: …, fa: …}``: the name in Latin letters (``en``: left-to-right pages, metadata) and in
    Persian script (``fa``: the running heads of right-to-left pages). Both are required."""
    names: dict[str, str] = {}
    _NAME.read(checks.doc, ("name",), checks.errors)  # the languages: en and fa
    for lang in _NAME_LANGS:
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            where: tuple[Any, ...] = ("name", lang) if lang in value else ("name",)
            checks.fail(f"'name' needs its {_NAME_LANGS[lang]} ('{lang}') as text", *where, hint=_NAME_HINT)
            continue
        if checks.short_enough(text, "name", lang):
            names[lang] = checks.text(text, "name", lang)
    return names.get("en", ""), names.get("fa", "")


def _verse_header(checks: _Checks, verse: list[Any]) -> tuple[tuple[str, ...], ...]:
    """``verse_header``: its beyts, each one or two hemistichs, as set (one space between words)."""
    beyts: list[tuple[str, ...]] = []
    for index, beyt in enumerate(verse):
        if index == MAX_VERSE_HEADER_BEYTS:
            checks.fail(
                f"'verse_header' has too many beyts ({len(verse)}; the limit is {MAX_VERSE_HEADER_BEYTS})",
                "verse_header",
                index,
                hint="the verse header is set on every article's first page",
            )
            break
        if not isinstance(beyt, list) or not 1 <= len(beyt) <= 2 or not all(isinstance(h, str) for h in beyt):
            checks.fail("each beyt of 'verse_header' must be a list of two hemistichs (text)", "verse_header", index)
            continue
        # A hemistich as set (typography.hemistich): one space between words; one with nothing visible is no hemistich.
        hemistichs = tuple(normalize(h) for h in beyt)
        empty = [position for position, hemistich in enumerate(hemistichs) if not hemistich]
        for position in empty:
            checks.fail(
                "this hemistich of 'verse_header' has nothing to set (only spaces or joiners)",
                "verse_header",
                index,
                position,
                hint="write the hemistich, or remove the beyt",
            )
        if empty:
            continue
        if not all(checks.short_enough(h, "verse_header", index, position) for position, h in enumerate(hemistichs)):
            continue
        beyts.append(hemistichs)
        for position, hemistich in enumerate(beyt):
            checks.text(hemistich, "verse_header", index, position, role="verse")
    return tuple(beyts)


def _sections(checks: _Checks, raw: dict[Any, Any]) -> dict[str, Section]:
    """``sections``: each key with its label in both languages."""
    sections: dict[str, Section] = {}
    for key, labels in raw.items():
        if (
            not isinstance(labels, dict)
            or set(labels) - set(LANGUAGES)
            or not all(isinstance(labels.get(lang), str) for lang in ("en", "fa"))
            or not all(isinstance(label, str) for label in labels.values())
        ):
            checks.fail(
                f"section '{key}' needs its label in both languages (en and fa)",
                "sections",
                key,
                hint="e.g. european-languages: {en: European Languages, fa: زبانهای اروپایی, de: Europäische Sprachen}"
                " (labels in " + ", ".join(LANGUAGES) + " may be given)",
            )
            continue
        if not all([checks.short_enough(labels[lang], "sections", key, lang) for lang in labels]):
            continue
        sections[str(key)] = Section(str(key), {str(lang): label for lang, label in labels.items()})
        for lang, label in labels.items():
            checks.text(label, "sections", key, lang)
    return sections


_DEFAULT_FAMILIES = {
    "latin": ["Noto Serif"],
    "arabic": ["Noto Naskh Arabic"],
    "nastaliq": ["Noto Nastaliq Urdu"],
    "verse": ["Amiri"],
}


def _families(checks: _Checks, fonts: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """``fonts``: each role's family list (a family alone is a list of one), the default where none is given."""
    families: dict[str, tuple[str, ...]] = {}
    for role in _FONT_ROLES:
        value = fonts.get(role, _DEFAULT_FAMILIES[role])
        if isinstance(value, str):
            value = [value]
        if not value or not all(isinstance(v, str) for v in value):
            checks.fail(f"fonts.{role} must be a font family or a list of them", "fonts", role)
            value = _DEFAULT_FAMILIES[role]
        families[role] = tuple(value)
    return families


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
