"""The ``typography:`` settings of ``publication.yaml``: each read and checked, every problem collected with its line.

(Kept apart from typeset.source.config, which reads the rest of the file and builds the Publication.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from typeset.errors import TypesetError
from typeset.model import DEFAULT_LATIN_SCALE, LANGUAGES
from typeset.source import yamldoc
from typeset.typography import localize, punctuation

#: The bounds of ``typography.latin_scale`` and ``arabic_scale`` (ratios of sizes: a run against its text).
SCALE_RANGE = (0.5, 1.5)
TYPOGRAPHY = yamldoc.Schema(
    (
        yamldoc.Field("kashida", (bool,), "must be true or false"),
        yamldoc.Field("typed_kashida", choices=("keep", "remove")),
        yamldoc.Field("digits", choices=localize.DIGIT_MODES),
        yamldoc.Field(
            "punctuation",
            choices=punctuation.MODES,
            hint="as-written keeps the punctuation and letters as the author typed them",
        ),
        yamldoc.Field("date_style"),  # a style, or one per language: read_typography checks it
        yamldoc.Field("latin_scale"),  # numbers within SCALE_RANGE: _scale checks them (its message says
        yamldoc.Field("arabic_scale"),  # what each scales)
    ),
    unknown="unknown typography key '{}'",
    listing="keys: {}",
    label="typography.{}",
    prefix="typography.",
)


@dataclass(frozen=True)
class Typography:
    """The ``typography:`` settings, read once."""

    kashida: bool = True  # stretch Arabic-script justified lines with kashida
    keep_typed_kashida: bool = True  # ``typed_kashida: keep`` (the default: an author's tatweels in verse are theirs)
    digits: str = "native"  # one of localize.DIGIT_MODES
    punctuation: str = "native"  # one of punctuation.MODES: Persian marks and letters in Dari and Pashto text
    date_styles: dict[str, str] = field(default_factory=dict)  # language -> style
    latin_scale: float = DEFAULT_LATIN_SCALE
    arabic_scale: float = 1 / DEFAULT_LATIN_SCALE


def read_typography(doc: yamldoc.YamlDoc, errors: list[TypesetError]) -> Typography:
    """``typography:`` of the config in ``doc``: kashida (true/false), typed_kashida (keep/remove), digits
    (native/as-written), date_style (a style, or one per language), latin_scale and arabic_scale (the size
    of Latin runs in right-to-left text and of Arabic-script runs in left-to-right text, each a ratio of
    the text around them, within SCALE_RANGE; ``arabic_scale`` is ``1 / latin_scale`` unless given: one
    balance of the two faces, seen from each side). Every problem appended to ``errors``."""
    value = doc.data.get("typography")
    if value is None:
        return Typography()
    if not isinstance(value, dict):
        errors.append(TypesetError("'typography' takes " + ", ".join(TYPOGRAPHY.names()), doc.loc("typography")))
        return Typography()
    values = TYPOGRAPHY.read(doc, ("typography",), errors)
    latin = _scale(value, "latin_scale", DEFAULT_LATIN_SCALE, doc, errors)
    return Typography(
        kashida=values.get("kashida", True),
        keep_typed_kashida=values.get("typed_kashida", "keep") == "keep",
        digits=values.get("digits", "native"),
        punctuation=values.get("punctuation", "native"),
        date_styles=_date_styles(values.get("date_style"), doc, errors),
        latin_scale=latin,
        arabic_scale=_scale(value, "arabic_scale", 1 / latin, doc, errors),
    )


def _date_styles(raw: Any, doc: yamldoc.YamlDoc, errors: list[TypesetError]) -> dict[str, str]:
    """``typography.date_style``: one style for every language that can be written in it, or one per language."""
    styles: dict[str, str] = {}
    if isinstance(raw, dict):  # one style per language
        for lang, style in raw.items():
            problem = (
                f"unknown language '{lang}'" if lang not in LANGUAGES else localize.check_date_style(str(style), lang)
            )
            if problem:
                hint = yamldoc.did_you_mean(lang, LANGUAGES, None) if lang not in LANGUAGES else None
                where = doc.loc("typography", "date_style", lang)
                errors.append(TypesetError(f"typography.date_style: {problem}", where, hint))
            else:
                styles[lang] = str(style)
    elif raw is not None:
        if str(raw) in localize.DATE_STYLES:
            styles = {lang: str(raw) for lang in LANGUAGES if localize.check_date_style(str(raw), lang) is None}
        else:
            errors.append(
                TypesetError(
                    f"typography.date_style '{raw}' is not one of " + ", ".join(localize.DATE_STYLES),
                    doc.loc("typography", "date_style"),
                    hint=yamldoc.did_you_mean(
                        raw, localize.DATE_STYLES, "or give one per language, e.g. {fa-AF: gregorian, en: long}"
                    ),
                )
            )
    return styles


def _scale(
    settings: dict[str, Any], key: str, default: float, doc: yamldoc.YamlDoc, errors: list[TypesetError]
) -> float:
    if key not in settings:
        return default
    scale = settings[key]
    low, high = SCALE_RANGE
    if isinstance(scale, bool) or not isinstance(scale, int | float):
        problem = f"'{yamldoc.shown(scale)}' is not a number"
    elif not low <= scale <= high:
        problem = f"{scale} is out of range"
    else:
        return float(scale)
    what = "Latin runs in right-to-left" if key == "latin_scale" else "Arabic-script runs in left-to-right"
    errors.append(
        TypesetError(
            f"typography.{key} {problem}: the size of {what} text, {low} to {high} times the text around them",
            doc.loc("typography", key),
            hint=f"e.g. {key}: {round(default, 2)} (the default, measured from the fonts: docs/typography.md)",
        )
    )
    return default
