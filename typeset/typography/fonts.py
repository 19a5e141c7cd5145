"""The fonts in ``fonts/`` (a publication's own, then typeset's): which faces there are, and which
characters they cover.

Every glyph of a PDF comes from these files. Before rendering, every character
of the user's text is checked against the font chain that will set it, because
the engine would otherwise fall back, silently, to whatever font the machine has.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from typeset import cache
from typeset.errors import Location, TypesetError, collect
from typeset.model import Fonts, Text

FONT_SUFFIXES = (".ttf", ".otf")
#: Prefix of the CSS family names we declare: a name no system font has, so
#: a face can only come from ``fonts/`` (and the PDF's font names show it).
FAMILY_PREFIX = "ts "
#: Characters meant to be invisible, that the engine never draws (each checked by rendering it between
#: letters in Noto Serif and in Noto Naskh Arabic: the page is the same as without it, and no other font is
#: embedded): the only ones the coverage check lets through without a glyph. Every other character, format
#: characters included, needs one: U+0600-0605, U+06DD, U+110BD are drawn (or drawn as a box); U+061C
#: ARABIC LETTER MARK is not drawn, but the engine looks for a font that has it (here Noto Nastaliq Urdu;
#: elsewhere a system font) and the line moves. See docs/typography.md.
INVISIBLE = frozenset(
    {
        0x200B,  # ZERO WIDTH SPACE (a place to break a line)
        0x200C,  # ZERO WIDTH NON-JOINER (the Persian half-space, nim-fasele)
        0x200D,  # ZERO WIDTH JOINER
        0x200E,  # LEFT-TO-RIGHT MARK
        0x200F,  # RIGHT-TO-LEFT MARK
        0x2060,  # WORD JOINER
        0xFEFF,  # ZERO WIDTH NO-BREAK SPACE (byte order mark)
    }
    | set(range(0x202A, 0x202F))  # embeddings and overrides (the reader makes overrides embeddings)
    | set(range(0x2061, 0x2065))  # invisible operators: function application, times, separator, plus
    | set(range(0x2066, 0x206A))  # isolates
    | set(range(0xFE00, 0xFE10))  # variation selectors 1-16
    | set(range(0xE0100, 0xE01F0))  # variation selectors 17-256
)
#: Characters the engine draws as another: a soft hyphen, at a line end, as CSS's hyphenate-character (U+2010).
DRAWN_AS = {0x00AD: 0x2010}
#: Signs that neither Noto Serif nor Noto Naskh Arabic has and running text needs: U+2212 MINUS SIGN, CLDR's
#: minus for Persian and Dari (typeset.typography.localize), which an author may type too. They are drawn from Amiri's
#: faces, declared for these characters alone (``unicode-range``) as the family SIGNS_FAMILY, last in every
#: font list; the coverage check counts them.
SIGNS_FAMILY, SIGNS_FROM, SIGNS = "Signs", "Amiri", frozenset({0x2212})
#: Letters the verse face draws in a form Dari and Pashto readers do not expect: Amiri sets ګ (U+06AB KAF WITH RING,
#: Pashto) on the Arabic kaf ك, where the body's Naskh (and Pashto books) set it on the Persian kaf ک; no feature of
#: Amiri changes it. In verse they are drawn from the body's Arabic face, declared for these characters alone
#: (``unicode-range``) as the body family's name + VERSE_FROM_BODY_SUFFIX, first in the verse list (verse_families).
VERSE_FROM_BODY_SUFFIX, VERSE_FROM_BODY = " for verse", frozenset({0x06AB})


@dataclass(frozen=True)
class Face:
    path: Path
    family: str
    weight: int
    italic: bool


#: Font folders in the order they are searched (one folder: that one alone).
Folders = Path | tuple[Path, ...]
#: Where a publication keeps its own fonts: a folder of this name beside its publication.yaml,
#: searched before typeset's own (:func:`folders_of`).
PUBLICATION_FONTS = "fonts"


def folders_of(root: Path | None) -> tuple[Path, ...]:
    """The font folders of the publication whose config is in ``root`` (None: the built-in one), in
    the order they are searched: its own ``fonts/`` (if it has one), then typeset's."""
    from typeset.resources import FONTS_DIR

    own = root / PUBLICATION_FONTS if root is not None else None
    if own is None or not own.is_dir() or own.resolve() == FONTS_DIR.resolve():
        return (FONTS_DIR,)
    return (own, FONTS_DIR)


def catalog(folders: Folders) -> dict[str, list[Face]]:
    """The faces in ``folders``, by family name: a family is taken whole from the first folder that
    has it (a publication's own Vazirmatn is never mixed with another of that name)."""
    families: dict[str, list[Face]] = {}
    for folder in _listed(folders):
        for family, faces in _folder_catalog(folder).items():
            families.setdefault(family, faces)
    return families


def _listed(folders: Folders) -> tuple[Path, ...]:
    return (folders,) if isinstance(folders, Path) else folders


def _folder_catalog(folder: Path) -> dict[str, list[Face]]:
    """The faces in ``folder``, by family name (read again when a font file there changes: a
    publication's own, under ``watch``).

    What each file says (its family, weight, slant) is kept in the cache folder, under a key naming
    every font file (path, size, time): reading the names with fontTools costs 50 ms of a fresh
    process (its table modules and HarfBuzz imported), loading them 1 ms.
    """
    paths = font_files(folder)
    return described_faces(tuple(paths), catalog_key(paths))


@lru_cache(maxsize=8)
def described_faces(paths: tuple[Path, ...], key: str | None) -> dict[str, list[Face]]:
    stored = cache.load_json("faces", key, lambda value: _faces_of(value, len(paths)) is not None) if key else None
    described = _faces_of(stored, len(paths)) if stored is not None else None
    if described is None:
        described = [_describe(path) for path in paths]
        if key is not None:
            cache.store_json("faces", key, described)
    families: dict[str, list[Face]] = {}
    for path, (family, weight, italic) in zip(paths, described, strict=True):
        families.setdefault(family, []).append(Face(path, family, weight, italic))
    return families


def font_files(folder: Path) -> list[Path]:
    return [path for path in sorted(folder.iterdir()) if path.suffix.lower() in FONT_SUFFIXES]


def catalog_key(paths: list[Path]) -> str | None:
    """The cache key of the catalog of these font files; None when one cannot be read."""
    try:
        return hashlib.sha256(json.dumps([cache.file_key(path) for path in paths]).encode()).hexdigest()[:32]
    except OSError:
        return None  # a file that went away: reading it says so


def _describe(path: Path) -> tuple[str, int, bool]:
    """A font file's (family, weight, italic), from its own tables."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        font = TTFont(path, lazy=True)
        names = font["name"]
        family = str(names.getDebugName(16) or names.getDebugName(1))
        weight = int(font["OS/2"].usWeightClass)
        italic = bool(font["head"].macStyle & 0b10)
    except (TTLibError, KeyError, OSError, AssertionError, ValueError) as error:
        raise TypesetError(f"not a usable font file: {error}", Location(path)) from None
    return family, weight, italic


def _faces_of(value: object, count: int) -> list[tuple[str, int, bool]] | None:
    """A cached catalog as (family, weight, italic) of each of ``count`` files, or None if it is not one."""
    if not isinstance(value, list) or len(value) != count:
        return None
    faces = []
    for item in value:
        if not (isinstance(item, list) and len(item) == 3):
            return None
        family, weight, italic = item
        if not (isinstance(family, str) and type(weight) is int and type(italic) is bool):
            return None
        faces.append((family, weight, italic))
    return faces


def font_face_css(folders: Folders, fonts: Fonts) -> str:
    """``@font-face`` rules for every face of the families the publication uses."""
    rules = []
    used = dict.fromkeys(fonts.latin + fonts.arabic + fonts.nastaliq + fonts.verse)
    faces = catalog(folders)
    for family in used:
        for face in faces.get(family, ()):
            rules.append(
                "@font-face { "
                f'font-family: "{FAMILY_PREFIX}{family}"; src: url("{_uri(face.path)}"); '
                f"font-weight: {face.weight}; font-style: {'italic' if face.italic else 'normal'} }}"
            )
    rules.extend(_ranged_faces(faces.get(SIGNS_FROM, ()), SIGNS_FAMILY, SIGNS))
    body = fonts.arabic[0]
    rules.extend(_ranged_faces(faces.get(body, ()), body + VERSE_FROM_BODY_SUFFIX, VERSE_FROM_BODY))
    return "\n".join(rules)


@lru_cache(maxsize=64)
def _uri(path: Path) -> str:
    """A face's ``file:`` URI (as long-lived as the catalog it comes from: every article asks for every face)."""
    return path.resolve().as_uri()


def _ranged_faces(faces: Iterable[Face], family: str, codes: frozenset[int]) -> list[str]:
    """``@font-face`` rules declaring ``faces`` as ``family`` for the characters ``codes`` alone."""
    ranges = ", ".join(f"U+{code:04X}" for code in sorted(codes))
    return [
        "@font-face { "
        f'font-family: "{FAMILY_PREFIX}{family}"; src: url("{_uri(face.path)}"); '
        f"font-weight: {face.weight}; font-style: {'italic' if face.italic else 'normal'}; "
        f"unicode-range: {ranges} }}"
        for face in faces
    ]


def verse_families(fonts: Fonts, direction: str) -> str:
    """The CSS font list of verse: the letters it takes from the body face (VERSE_FROM_BODY) first."""
    return f'"{FAMILY_PREFIX}{fonts.arabic[0]}{VERSE_FROM_BODY_SUFFIX}", ' + css_families(
        fonts.chain("verse", direction)
    )


@dataclass(frozen=True)
class VerseFaces:
    """The faces a line of verse is drawn from, as the engine picks them (verse_families): ``borrowed`` (the
    body's Arabic face) for the characters ``chars``, ``main`` (the verse face) for the rest. What
    typeset.typography.measure shapes each run of a word in, so that the width measured is the width set."""

    main: Path
    borrowed: Path | None = None
    chars: frozenset[str] = frozenset()

    def face(self, char: str) -> Path:
        """The face that draws ``char``."""
        return self.borrowed if self.borrowed is not None and char in self.chars else self.main


def verse_faces(folders: Folders, fonts: Fonts) -> VerseFaces:
    """The faces verse is set in (verse_families): the verse face, and the body's for VERSE_FROM_BODY
    (those of its letters the body face has: a letter it lacks falls through to the verse face)."""
    main = regular_face(folders, fonts.verse[0]).path
    body = regular_face(folders, fonts.arabic[0]).path
    chars = frozenset(chr(code) for code in VERSE_FROM_BODY & _cmap(body))
    return VerseFaces(main, body, chars) if chars and body != main else VerseFaces(main)


def css_families(families: tuple[str, ...]) -> str:
    """The CSS font list for ``families``, the signs' family last (SIGNS)."""
    return ", ".join(f'"{FAMILY_PREFIX}{family}"' for family in (*families, SIGNS_FAMILY))


def check_families(folders: Folders, fonts: Fonts, location: Location) -> None:
    faces = catalog(folders)
    errors = []
    where = " or ".join(map(str, _listed(folders)))
    own = "" if len(_listed(folders)) > 1 else f"; a publication's own go in {PUBLICATION_FONTS}/ beside its config"
    for role in ("latin", "arabic", "nastaliq", "verse"):
        for family in getattr(fonts, role):
            if family not in faces:
                errors.append(
                    TypesetError(
                        f"font family '{family}' (fonts.{role}) is not in {where}",
                        location,
                        hint="families there: " + ", ".join(sorted(faces)) + own,
                    )
                )
    collect(errors)


@lru_cache(maxsize=64)
def _cmap(path: Path) -> frozenset[int]:
    """The code points ``path`` has glyphs for (kept in the cache folder between runs)."""
    key = cache.file_key(path)
    codepoints = cache.load_codepoints(key)
    if codepoints is None:
        from fontTools.ttLib import TTFont

        codepoints = frozenset(TTFont(path, lazy=True).getBestCmap())
        cache.store_codepoints(key, codepoints)
    return codepoints


def regular_face(folders: Folders, family: str) -> Face:
    """The upright face of ``family`` nearest to weight 400."""
    return min(catalog(folders)[family], key=lambda face: (face.italic, abs(face.weight - 400)))


@lru_cache(maxsize=64)
def coverage(folders: Folders, families: tuple[str, ...]) -> frozenset[int]:
    """Code points covered by the regular face of each family in ``families``, and the signs (SIGNS)
    that every font list ends with."""
    covered: set[int] = set()
    for family in families:
        covered |= _cmap(regular_face(folders, family).path)
    if SIGNS_FROM in catalog(folders):
        covered |= SIGNS & _cmap(regular_face(folders, SIGNS_FROM).path)
    return frozenset(covered)


def check_coverage(folders: Folders, fonts: Fonts, texts: list[Text], direction: str = "ltr") -> None:
    """Fail, with each character's location, if any character of ``texts`` has no glyph in its chain."""
    errors: list[TypesetError] = []
    seen: set[tuple[str, str]] = set()
    for text in texts:
        covered = coverage(folders, fonts.chain(text.role, direction))
        for offset, char in enumerate(text.value):
            if DRAWN_AS.get(ord(char), ord(char)) in covered or ord(char) in INVISIBLE or char in "\n\t":
                continue
            if (char, text.role) in seen:
                continue  # one error per character is enough
            seen.add((char, text.role))
            errors.append(
                TypesetError(
                    f"character '{char}' (U+{ord(char):04X} {unicodedata.name(char, 'unnamed')}) "
                    f"is not in the {text.role} fonts ({', '.join(fonts.chain(text.role, direction))})",
                    _offset_location(text, offset),
                    hint="replace it, or add a font that has it to fonts/ and to the publication's fonts",
                )
            )
    collect(errors)


def _offset_location(text: Text, offset: int) -> Location:
    before = text.value[:offset]
    line = (text.location.line or 1) + before.count("\n")
    if "\n" in before:
        return Location(text.location.path, line, offset - before.rindex("\n"))
    return Location(text.location.path, line, (text.location.column or 1) + offset)
