"""Noto Naskh Arabic 2.004 (Debian 12's fonts-noto-core) with its Urdu digit forms under Urdu only.

Version 2.004 registers the lookup that draws ۴ ۶ ۷ in their Urdu shapes under every script and
language of its ``locl`` feature, so a Dari or Pashto page shows Urdu digits (notofonts/noto-fonts#2085,
fixed upstream in 2.013). The fixed releases (2.013 and later) draw every letter as a dotless skeleton
plus dot glyphs, which no PDF text layer can map back to letters, so typeset keeps 2.004 and does what
upstream did: the digit lookup stays only under Urdu (URD) and Kashmiri (KSH); Sindhi, Persian, the
default and Latin keep their own lookups. Nothing else changes.

Run from the project root on the Debian files (see fonts/README.md), once per face:

    python fonts/tools/naskh_digits.py NotoNaskhArabic-Regular.ttf fonts/NotoNaskhArabic-Regular.ttf
"""

from __future__ import annotations

import sys

from fontTools.ttLib import TTFont

URDU_DIGITS = {"uni06F4": "uni06F4.locl", "uni06F6": "uni0666", "uni06F7": "uni06F7.locl"}
KEEP = {"URD ", "KSH "}
NOTE = "; typeset: Urdu digit forms under URD and KSH only"


def urdu_digit_lookups(gsub) -> set[int]:
    found = set()
    for index, lookup in enumerate(gsub.LookupList.Lookup):
        for sub in lookup.SubTable:
            if lookup.LookupType == 1 and getattr(sub, "mapping", None) == URDU_DIGITS:
                found.add(index)
    return found


def patch(source: str, target: str) -> None:
    font = TTFont(source)
    gsub = font["GSUB"].table
    digits = urdu_digit_lookups(gsub)
    if not digits:
        sys.exit(f"{source}: no Urdu digit lookup (is it Noto Naskh Arabic 2.004?)")
    features = gsub.FeatureList.FeatureRecord
    urdu: set[int] = set()  # the locl features Urdu and Kashmiri use
    others: set[int] = set()  # ... and those every other language uses
    for script in gsub.ScriptList.ScriptRecord:
        systems = [(r.LangSysTag, r.LangSys) for r in script.Script.LangSysRecord]
        systems += [("dflt", script.Script.DefaultLangSys)] if script.Script.DefaultLangSys else []
        for tag, system in systems:
            locl = {i for i in system.FeatureIndex if features[i].FeatureTag == "locl"}
            (urdu if tag in KEEP else others).update(locl)
    if urdu & others:
        sys.exit(f"{source}: Urdu shares a feature with another language; the patch would not hold")
    for index in others:
        feature = features[index].Feature
        feature.LookupListIndex = [i for i in feature.LookupListIndex if i not in digits]
        feature.LookupCount = len(feature.LookupListIndex)
    for name in font["name"].names:
        if name.nameID == 5 and NOTE not in name.toUnicode():
            name.string = name.toUnicode() + NOTE
    font.save(target)


if __name__ == "__main__":
    patch(sys.argv[1], sys.argv[2])
