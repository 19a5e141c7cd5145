"""Word spaces of justified lines, read from glyph positions in a PDF (docs/typography.md: the stated maximum)."""

from __future__ import annotations

import statistics
from itertools import pairwise
from pathlib import Path

import pdfplumber

#: The body sizes of the theme (templates/style.css): running text in LTR and RTL articles.
BODY_SIZES = (10.5, 11.0)


def justified_space_ratios(pdf: Path) -> list[tuple[int, str, float]]:
    """For each full-width line of running text (justified: it reaches both edges of the column; a paragraph's
    last line does not), its widest word space as a multiple of the space glyph at that size: (page, text, ratio)."""
    found = []
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, start=1):
            lines: dict[float, list[dict]] = {}  # by baseline: a run of the other script, set smaller or larger, too
            for char in page.chars:
                lines.setdefault(round(char["matrix"][5]), []).append(char)  # the baseline
            body = [c for c in page.chars if round(c["size"], 2) in BODY_SIZES]
            if not body:
                continue
            left, right = min(c["x0"] for c in body), max(c["x1"] for c in body)
            for line in lines.values():
                line.sort(key=lambda c: c["x0"])
                ink = [c for c in line if c["text"] != " "]
                spaces = [c for c in line if c["text"] == " " and round(c["size"], 2) in BODY_SIZES]
                if not spaces or ink[0]["x0"] > left + 3 or ink[-1]["x1"] < right - 3:
                    continue
                normal = statistics.median(c["x1"] - c["x0"] for c in spaces)
                gaps = [b["x0"] - a["x1"] for a, b in pairwise(ink)]
                text = "".join(c["text"] for c in line)
                found.append((number, text, max(gaps) / normal))
    return found
