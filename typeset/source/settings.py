"""The ``typography:`` settings of ``publication.yaml``: each read and checked, every problem collected with its line.

(Kept apart from typeset.source.config, which reads the rest of the file and builds the Publication.)
"""

from __future__ import annotations

from typing import Any

from typeset.errors import TypesetError
from typeset.model import DEFAULT_LATIN_SCALE, LANGUAGES
from typeset.source import yamldoc
from typeset.typography import localize, punctuation

_TYPOGRAPHY = ("kashida", "typed_kashida", "digits", "punctuation", "date_style", "latin_scale", "arabic_scale")
#: The bounds of ``typography.latin_scale`` and ``arabic_scale`` (ratios of sizes: a run against its text).
SCALE_RANGE = (0.5, 1.5)


def typography(value: Any, doc: yamldoc.YamlDoc, errors: list[TypesetError]) -> tuple[bool, str, dict[str, str]]:
    """``typography:`` kashida (true/false), digits (native/as-written), date_style (a style, or one per language).

    (``typed_kashida`` is read by ``keep_typed_kashida_setting``.)"""
    kashida, digits = True, "native"
    styles: dict[str, str] = {}
    if value is None:
        return kashida, digits, styles
    if not isinstance(value, dict):
        errors.append(TypesetError("'typography' takes " + ", ".join(_TYPOGRAPHY), doc.loc("typography")))
        return kashida, digits, styles
    for key in value:
        if key not in _TYPOGRAPHY:
            errors.append(
                TypesetError(
                    f"unknown typography key '{key}'",
                    doc.key_loc("typography", key),
                    hint="keys: " + ", ".join(_TYPOGRAPHY),
                )
            )
    if "kashida" in value:
        if isinstance(value["kashida"], bool):
            kashida = value["kashida"]
        else:
            errors.append(TypesetError("typography.kashida must be true or false", doc.loc("typography", "kashida")))
    if "digits" in value:
        if value["digits"] in localize.DIGIT_MODES:
            digits = value["digits"]
        else:
            errors.append(
                TypesetError(
                    f"typography.digits '{value['digits']}' is not one of " + ", ".join(localize.DIGIT_MODES),
                    doc.loc("typography", "digits"),
                )
            )
    raw = value.get("date_style")
    if isinstance(raw, dict):  # one style per language
        for lang, style in raw.items():
            problem = (
                f"unknown language '{lang}'" if lang not in LANGUAGES else localize.check_date_style(str(style), lang)
            )
            if problem:
                errors.append(
                    TypesetError(f"typography.date_style: {problem}", doc.loc("typography", "date_style", lang))
                )
            else:
                styles[lang] = str(style)
    elif raw is not None:  # one style for every language that can be written in it
        if str(raw) in localize.DATE_STYLES:
            styles = {lang: str(raw) for lang in LANGUAGES if localize.check_date_style(str(raw), lang) is None}
        else:
            errors.append(
                TypesetError(
                    f"typography.date_style '{raw}' is not one of " + ", ".join(localize.DATE_STYLES),
                    doc.loc("typography", "date_style"),
                    hint="or give one per language, e.g. {fa-AF: gregorian, en: long}",
                )
            )
    return kashida, digits, styles


def punctuation_setting(value: Any, doc: yamldoc.YamlDoc, errors: list[TypesetError]) -> str:
    """``typography.punctuation``: ``native`` (the default: Persian marks and letters in Dari and Pashto text,
    typeset.typography.punctuation) or ``as-written``."""
    if not isinstance(value, dict) or "punctuation" not in value:
        return "native"
    if value["punctuation"] in punctuation.MODES:
        return str(value["punctuation"])
    errors.append(
        TypesetError(
            f"typography.punctuation '{yamldoc.shown(value['punctuation'])}' is not one of "
            + ", ".join(punctuation.MODES),
            doc.loc("typography", "punctuation"),
        )
    )
    return "native"


def keep_typed_kashida_setting(value: Any, doc: yamldoc.YamlDoc, errors: list[TypesetError]) -> bool:
    """``typography.typed_kashida``: ``keep`` (the default: an author's tatweels in verse are theirs) or ``remove``."""
    if not isinstance(value, dict) or "typed_kashida" not in value:
        return True
    if value["typed_kashida"] in ("keep", "remove"):
        return bool(value["typed_kashida"] == "keep")
    errors.append(
        TypesetError(
            f"typography.typed_kashida '{value['typed_kashida']}' is not one of keep, remove",
            doc.loc("typography", "typed_kashida"),
        )
    )
    return True


def scale_settings(value: Any, doc: yamldoc.YamlDoc, errors: list[TypesetError]) -> tuple[float, float]:
    """``typography.latin_scale`` and ``arabic_scale``: the size of Latin runs in right-to-left text and of
    Arabic-script runs in left-to-right text, each a ratio of the text around them, within SCALE_RANGE.
    ``arabic_scale`` is ``1 / latin_scale`` unless given (one balance of the two faces, seen from each side)."""
    settings = value if isinstance(value, dict) else {}
    latin = _scale(settings, "latin_scale", DEFAULT_LATIN_SCALE, doc, errors)
    return latin, _scale(settings, "arabic_scale", 1 / latin, doc, errors)


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
            hint=f"e.g. {key}: {round(default, 2)} (the default, measured from the fonts: README, Fonts)",
        )
    )
    return default
