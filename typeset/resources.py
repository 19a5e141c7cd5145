"""Where the theme (``templates/``), ``fonts/`` and ``profiles/`` (colour) are: beside the package in a
checkout, or inside it (``typeset/_share``) in an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_SHARE = _PACKAGE / "_share" if (_PACKAGE / "_share").is_dir() else _PACKAGE.parent

THEME_DIR = _SHARE / "templates"
FONTS_DIR = _SHARE / "fonts"
PROFILES_DIR = _SHARE / "profiles"
#: The CMYK output profile of the print profile (PDF/X-4 output intent); see profiles/README.md.
CMYK_PROFILE = PROFILES_DIR / "FOGRA39L-coated.icc"
