"""How big the Latin face must be set to stand beside the Naskh body: the measurements behind
``typography.latin_scale`` (docs/typography.md, "Latin beside Naskh").

    .venv/bin/python bench/script_balance.py [--latin "Noto Serif"] [--arabic "Noto Naskh Arabic"]

Read from the font files in ``fonts/`` (the faces the PDF embeds), in em of each face:

- the Latin x-height: the median top of x v w z u n m o a c e r s (the round ones overshoot);
- the Latin cap height (H I E F T) and ascender (l);
- the Naskh body: the median top of the isolated letters that have neither an ascender nor a dot
  above (ب ج ح د ر س ص ع م و ه ی; ا and the dotted letters excluded), as HarfBuzz shapes them;
- the Naskh alef's height (the Arabic letters' ascender);
- stems: the widths of the ink that a horizontal line at a third of the x-height crosses in Latin
  l, n, i (vertical stems), and in Naskh ا (its one stroke); and the vertical thickness of the
  baseline strokes of Naskh ب and س and of Latin o's bottom at its centre (horizontal strokes).

Each ratio says how large Latin must be set (× the body size) for that feature to match. Pure
x-height match looks too small by eye (Latin is then lighter and shorter than the Naskh around it);
stem and ascender matches near 1 say the faces are already close in weight and height. The default
is a compromise between them, chosen by looking at pages side by side (docs/typography.md).
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

import uharfbuzz as hb
from fontTools.pens.basePen import BasePen
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from typeset.resources import FONTS_DIR  # noqa: E402
from typeset.typography.fonts import regular_face  # noqa: E402

X_HEIGHT_LETTERS = "xvwzunmoacers"
NASKH_BODY_LETTERS = "بجحدرسصعموهی"


class _Outline(BasePen):
    """A glyph's contours flattened into line segments (16 steps a curve), for scan lines."""

    def __init__(self, glyphs: object) -> None:
        super().__init__(glyphs)
        self.segments: list[tuple[tuple[float, float], tuple[float, float]]] = []
        self._start = self._last = (0.0, 0.0)

    def _moveTo(self, point: tuple[float, float]) -> None:
        self._start = self._last = point

    def _lineTo(self, point: tuple[float, float]) -> None:
        self.segments.append((self._last, point))
        self._last = point

    def _curveToOne(self, p1: tuple[float, float], p2: tuple[float, float], p3: tuple[float, float]) -> None:
        p0 = self._last
        for step in range(1, 17):
            t = step / 16
            u = 1 - t
            self._lineTo(
                (
                    u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0],
                    u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1],
                )
            )

    def _qCurveToOne(self, p1: tuple[float, float], p2: tuple[float, float]) -> None:
        p0 = self._last
        for step in range(1, 17):
            t = step / 16
            u = 1 - t
            self._lineTo(
                (u * u * p0[0] + 2 * u * t * p1[0] + t * t * p2[0], u * u * p0[1] + 2 * u * t * p1[1] + t * t * p2[1])
            )

    def _closePath(self) -> None:
        if self._last != self._start:
            self._lineTo(self._start)


class Face:
    def __init__(self, path: Path) -> None:
        self.font_tools = TTFont(path)
        self.glyph_set = self.font_tools.getGlyphSet()
        face = hb.Face(hb.Blob.from_file_path(str(path)))
        self.hb = hb.Font(face)
        self.upem = face.upem

    def shaped(self, text: str) -> list[str]:
        """The glyph names of ``text`` as HarfBuzz shapes it (isolated forms for a lone letter)."""
        buffer = hb.Buffer()
        buffer.add_str(text)
        buffer.guess_segment_properties()
        hb.shape(self.hb, buffer, {})
        return [self.font_tools.getGlyphName(info.codepoint) for info in buffer.glyph_infos]

    def top(self, char: str) -> float:
        [name] = self.shaped(char)
        gid = self.font_tools.getGlyphID(name)
        return float(self.hb.get_glyph_extents(gid).y_bearing) / self.upem

    def _segments(self, char: str) -> list[tuple[tuple[float, float], tuple[float, float]]]:
        [name] = self.shaped(char)
        pen = _Outline(self.glyph_set)
        self.glyph_set[name].draw(pen)
        return pen.segments

    def ink_across(self, char: str, y: float) -> float:
        """The widest span of ink a horizontal line at height ``y`` (em) crosses in ``char``, in em."""
        return _widest_span(self._segments(char), y * self.upem, axis=1) / self.upem

    def ink_down(self, char: str, x_fraction: float = 0.5) -> float:
        """The lowest span of ink a vertical line at ``x_fraction`` of the glyph's width crosses, in em."""
        segments = self._segments(char)
        xs = [x for segment in segments for x, _ in segment]
        x = min(xs) + (max(xs) - min(xs)) * x_fraction
        return _lowest_span(segments, x, axis=0) / self.upem


def _crossings(segments: list[tuple[tuple[float, float], tuple[float, float]]], at: float, axis: int) -> list[float]:
    other = 1 - axis
    found = []
    for a, b in segments:
        if (a[axis] <= at < b[axis]) or (b[axis] <= at < a[axis]):
            t = (at - a[axis]) / (b[axis] - a[axis])
            found.append(a[other] + t * (b[other] - a[other]))
    return sorted(found)


def _widest_span(segments: list[tuple[tuple[float, float], tuple[float, float]]], at: float, axis: int) -> float:
    points = _crossings(segments, at, axis)
    return max((points[i + 1] - points[i] for i in range(0, len(points) - 1, 2)), default=0.0)


def _lowest_span(segments: list[tuple[tuple[float, float], tuple[float, float]]], at: float, axis: int) -> float:
    points = _crossings(segments, at, axis)
    return points[1] - points[0] if len(points) >= 2 else 0.0


def measure(latin: Face, arabic: Face) -> dict[str, float]:
    x_height = statistics.median(latin.top(c) for c in X_HEIGHT_LETTERS)
    body = statistics.median(arabic.top(c) for c in NASKH_BODY_LETTERS)
    scan = x_height / 3
    latin_stem = statistics.median(latin.ink_across(c, scan) for c in "lni")
    return {
        "latin x-height": x_height,
        "latin cap height": statistics.median(latin.top(c) for c in "HIEFT"),
        "latin ascender (l)": latin.top("l"),
        "naskh body": body,
        "naskh alef": arabic.top("ا"),
        "latin stem (l n i)": latin_stem,
        "naskh alef stroke": arabic.ink_across("ا", scan),
        "latin o bottom stroke": latin.ink_down("o"),
        "naskh baseline stroke (ب س)": statistics.median([arabic.ink_down("ب"), arabic.ink_down("س", 0.25)]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--latin", default="Noto Serif")
    parser.add_argument("--arabic", default="Noto Naskh Arabic")
    args = parser.parse_args()
    latin = Face(regular_face(FONTS_DIR, args.latin).path)
    arabic = Face(regular_face(FONTS_DIR, args.arabic).path)
    m = measure(latin, arabic)
    print(f"{args.latin} against {args.arabic} (em of each face)")
    for key, value in m.items():
        print(f"  {key:30} {value:.3f}")
    ratios = {
        "x-height → naskh body": m["naskh body"] / m["latin x-height"],
        "ascender l → alef": m["naskh alef"] / m["latin ascender (l)"],
        "cap height → alef": m["naskh alef"] / m["latin cap height"],
        "vertical stem → alef stroke": m["naskh alef stroke"] / m["latin stem (l n i)"],
        "horizontal stroke → baseline": m["naskh baseline stroke (ب س)"] / m["latin o bottom stroke"],
    }
    print("Latin set at (× the Naskh size) to match:")
    for key, value in ratios.items():
        print(f"  {key:30} {value:.3f}")
    print(f"  geometric mean of all five      {statistics.geometric_mean(ratios.values()):.3f}")


if __name__ == "__main__":
    main()
