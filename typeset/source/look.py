"""The ``colours:`` and ``sizes:`` of ``publication.yaml``: the publication's own look without a template.

Each is optional, each key checked (a colour is ``#rgb`` or ``#rrggbb``; a size a number of points
within its limits), every problem collected with its line. The defaults are the theme's own, so a
publication that gives none looks as it always did. The theme reads them as ``ink.*`` and
``sizes.*`` (typeset.render.html.theme_context, templates/style.css).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

from typeset.errors import TypesetError
from typeset.source import yamldoc

#: The colours a publication may set, with the theme's own (the screen profile's; a print edition is
#: set in black ink, typeset.render.html.INKS).
COLOURS: Mapping[str, str] = MappingProxyType(
    {
        "text": "#111",  # running text, titles and headings
        "accent": "#1a4d8f",  # links
        "rule": "#999",  # the rules under the section label, beside quotes, above the closing lines
        "masthead": "#111",  # the masthead
    }
)
#: The sizes a publication may set, in points, with the theme's own and the limits each may take.
SIZES: Mapping[str, tuple[float, tuple[float, float]]] = MappingProxyType(
    {
        "body": (10.5, (6, 24)),  # running text of a left-to-right article
        "body_rtl": (11, (6, 24)),  # of a right-to-left one (Naskh reads smaller at one size)
        "title": (19, (8, 72)),  # the article's title
        "heading": (13, (6, 48)),  # a ## heading
        "masthead": (28, (8, 96)),  # the masthead (Nastaliq)
        "notes": (8.5, (5, 16)),  # footnotes
    }
)
_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
_COLOUR_HINT = "a colour as #rgb or #rrggbb, e.g. #1a4d8f"
COLOURS_SCHEMA = yamldoc.Schema(
    tuple(yamldoc.Field(key, (str,), "must be a colour, #rgb or #rrggbb", hint=_COLOUR_HINT) for key in COLOURS),
    unknown="unknown colour '{}'",
    listing="colours: {}",
    label="colours.{}",
    prefix="colours.",
)
SIZES_SCHEMA = yamldoc.Schema(
    tuple(
        yamldoc.Field(key, (int, float), "must be a number of points", limits=limits, hint=f"e.g. {key}: {default:g}")
        for key, (default, limits) in SIZES.items()
    ),
    unknown="unknown size '{}'",
    listing="sizes: {}",
    label="sizes.{}",
    prefix="sizes.",
)


def default_sizes() -> dict[str, float]:
    return {key: float(default) for key, (default, _) in SIZES.items()}


def read_colours(doc: yamldoc.YamlDoc, errors: list[TypesetError]) -> dict[str, str]:
    """``colours:`` of the config in ``doc``, each key given or the theme's; problems appended to ``errors``."""
    colours = dict(COLOURS)
    if _mapping(doc, "colours", COLOURS_SCHEMA, errors):
        for key, value in COLOURS_SCHEMA.read(doc, ("colours",), errors).items():
            text = value.strip()
            if _HEX.fullmatch(text):
                colours[key] = text
            else:
                where = doc.loc("colours", key)
                errors.append(
                    TypesetError(f"colours.{key} '{yamldoc.shown(text)}' is not a colour", where, _COLOUR_HINT)
                )
    return colours


def read_sizes(doc: yamldoc.YamlDoc, errors: list[TypesetError]) -> dict[str, float]:
    """``sizes:`` of the config in ``doc`` (points), each key given or the theme's; problems appended to ``errors``."""
    sizes = default_sizes()
    if _mapping(doc, "sizes", SIZES_SCHEMA, errors):
        sizes |= {key: float(value) for key, value in SIZES_SCHEMA.read(doc, ("sizes",), errors).items()}
    return sizes


def _mapping(doc: yamldoc.YamlDoc, key: str, schema: yamldoc.Schema, errors: list[TypesetError]) -> bool:
    """Whether the config has ``key`` as a mapping (an error if it has it as anything else)."""
    value = doc.data.get(key) if isinstance(doc.data, dict) else None
    if value is None:
        return False
    if not isinstance(value, dict):
        errors.append(TypesetError(f"'{key}' takes " + ", ".join(schema.names()), doc.loc(key)))
        return False
    return True
