"""What each glyph of a font stands for: the characters it is drawn for, read from the font's ``cmap`` and
its substitutions (``GSUB``) backwards.

The engine writes one ``/ToUnicode`` entry a glyph, the text of the first cluster it drew it in: a glyph
first drawn inside a merged cluster (Amiri's lam before kaf: the kaf's glyph takes «لك», the lam's
nothing) keeps that text everywhere, so «الوزي» lost its lam and «لكه» read «للكه». What a glyph can
stand for does not depend on where it was first drawn: the text layer (typeset.render.textlayer) takes
the engine's text where the font agrees and the font's own otherwise.

Read once a font file and process, and only for a font where the engine's text is in doubt (a glyph that
reads as nothing or as several letters): Amiri's substitutions take 0.2 s to walk, Noto Naskh's 0.02 s.
"""

from __future__ import annotations

import itertools
from functools import cache
from pathlib import Path

from typeset.resources import FONTS_DIR

_MOST = 8  # texts kept a glyph: enough to tell a shared glyph (ی and ي) from a ligature
#: Arabic presentation forms: a font maps them to its glyphs, but a reader wants the letters.
_PRESENTATION = (range(0xFB50, 0xFE00), range(0xFE70, 0xFF00))


def font_file(postscript_name: str) -> Path | None:
    """The font file typeset ships under ``postscript_name``: the file of that name (as every shipped font is
    named), else the one whose ``name`` table says so."""
    named = FONTS_DIR / f"{postscript_name}.ttf"
    if "/" not in postscript_name and named.is_file():
        return named
    return postscript_names().get(postscript_name)


@cache
def postscript_names() -> dict[str, Path]:
    """The font files typeset ships, by PostScript name (what an embedded subset keeps in its ``name``)."""
    from fontTools.ttLib import TTFont

    found: dict[str, Path] = {}
    for path in sorted(FONTS_DIR.glob("*.[ot]tf")):
        name = TTFont(path, lazy=True)["name"].getDebugName(6)
        if name:
            found.setdefault(name, path)
    return found


@cache
def glyph_texts(path: Path) -> dict[int, frozenset[str]]:
    """Glyph id → the texts ``path``'s glyph may be drawn for."""
    from fontTools.ttLib import TTFont

    font = TTFont(path)
    texts: dict[str, set[str]] = {}
    for code, name in font.getBestCmap().items():
        if not any(code in forms for forms in _PRESENTATION):
            texts.setdefault(name, set()).add(chr(code))
    substitutions = []
    if "GSUB" in font:
        for lookup in font["GSUB"].table.LookupList.Lookup:
            for table in lookup.SubTable:
                kind = lookup.LookupType
                if kind == 7:  # an extension: the real subtable inside
                    kind, table = table.ExtSubTable.LookupType, table.ExtSubTable
                substitutions.append((kind, table))

    def add(name: str, found: set[str]) -> bool:
        have = texts.setdefault(name, set())
        new = found - have
        if not new or len(have) >= _MOST:
            return False
        have.update(sorted(new)[: _MOST - len(have)])
        return True

    for _ in range(8):  # substitutions of substitutions, until nothing is new
        changed = False
        for kind, table in substitutions:
            if kind == 1:
                pairs = [(a, [b]) for a, b in table.mapping.items()]
            elif kind == 2:  # one glyph into several: the first stands for it
                pairs = [(a, outs[:1]) for a, outs in table.mapping.items()]
            elif kind == 3:
                pairs = list(table.alternates.items())
            elif kind == 8:  # reverse chaining: one for one
                pairs = [(a, [b]) for a, b in zip(table.Coverage.glyphs, table.Substitute, strict=False)]
            elif kind == 4:
                for first, ligatures in table.ligatures.items():
                    for ligature in ligatures:
                        parts = [texts.get(first, set())] + [texts.get(c, set()) for c in ligature.Component]
                        if all(parts):
                            combined = {"".join(p) for p in itertools.islice(itertools.product(*parts), _MOST)}
                            changed = add(ligature.LigGlyph, combined) or changed
                continue
            else:
                continue
            for source, targets in pairs:
                if source in texts:
                    for target in targets:
                        changed = add(target, texts[source]) or changed
        if not changed:
            break
    return {font.getGlyphID(name): frozenset(found) for name, found in texts.items()}
