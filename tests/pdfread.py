"""Reading built PDFs the way a reader checks them: text, glyph positions, fonts, metadata."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pypdf

ZWNJ = "\u200c"
TATWEEL = "\u0640"
#: The faces verse is drawn from: Amiri, and the body's Naskh for ګ (typeset.typography.fonts.VERSE_FROM_BODY).
VERSE_FACES = ("ts-Amiri", "ts-Noto-Naskh-Arabic-for-verse")


def text(pdf: Path, page: int | None = None) -> str:
    """The text (of one page, 1-based, or all), in reading order, as poppler's pdftotext gives it."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    result = subprocess.run(["pdftotext", *pages, str(pdf), "-"], capture_output=True, text=True, check=True)
    return result.stdout


def content_text(pdf: Path) -> str:
    """The text in the order it is drawn (document order), as pypdf reads it.

    pdftotext guesses a page's direction from its first line (our masthead is
    Persian), which reorders neutral characters of LTR lines; for LTR checks
    the drawing order is the plainer witness.
    """
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)


def pages(pdf: Path) -> list[str]:
    return text(pdf).split("\f")[:-1]


def body_text(pdf: Path) -> str:
    """The running text: every page without its running header (pages 2…) and page number."""
    parts = []
    for number, page in enumerate(pages(pdf), start=1):
        lines = [line for line in page.splitlines() if line.strip()]
        lines = lines[:-1]  # the page number
        if number > 1:
            lines = lines[2:]  # publication name, article title
        parts.append("\n".join(lines))
    return "\n".join(parts)


def normalize(value: str) -> str:
    """Compare text as a reader would: spacing, ZWNJ, bidi controls and the hyphens of
    hyphenation (U+2010 at a line end; the source's own hyphens are U+002D) do not count."""
    value = re.sub("\u2010\\s*\n", "", value)
    value = "".join(c for c in value if unicodedata.category(c) != "Cf")
    return re.sub(r"\s+", " ", value).strip()


@dataclass
class Run:
    """Glyphs of one line, in one font, grouped by their horizontal gaps."""

    chars: list[dict]

    @property
    def x0(self) -> float:
        return min(c["x0"] for c in self.chars)

    @property
    def x1(self) -> float:
        return max(c["x1"] for c in self.chars)

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def letters(self) -> Counter[str]:
        """The letters drawn, without the tatweels typeset inserted (kashida)."""
        return Counter(ch for c in self.chars for ch in c["text"] if not ch.isspace() and ch != TATWEEL)

    @property
    def tatweels(self) -> int:
        """Tatweels drawn: typeset's kashida is drawn with its letter and reads as the letter
        (typeset.render.textlayer), so it is counted from the glyphs' outlines (:func:`drawn`)."""
        return drawn(self.chars).count(TATWEEL)


def drawn(chars: list[dict]) -> str:
    """What ``chars`` draw, left to right: their text, and a tatweel for each tatweel a glyph draws beside
    its letter (typeset draws a letter and its kashida as one glyph that reads as the letter; see
    :func:`kashida_glyphs`)."""
    return "".join(c["text"] + TATWEEL * c.get("kashida", 0) for c in chars)


_STYLES = ("Bold", "Italic", "BoldItalic", "Slanted", "BoldSlanted", "Regular")


def shipped_font(face: str) -> Path | None:
    """The file in fonts/ of an embedded face (``ts-Noto-Naskh-Arabic-Bold`` → NotoNaskhArabic-Bold.ttf)."""
    parts = face.removeprefix("ts-").split("-")
    style = parts.pop() if parts[-1] in _STYLES else "Regular"
    path = Path(__file__).resolve().parent.parent / "fonts" / f"{''.join(parts)}-{style}.ttf"
    return path if path.exists() else None


def with_kashida(pdf: Path, chars: list[dict]) -> list[dict]:
    """``chars`` (pdfplumber's, of ``pdf``), each with ``kashida``: the tatweels its glyph draws (see :func:`drawn`)."""
    kashida = kashida_glyphs(pdf)
    for char in chars:
        width = round(char["width"] / char["size"] * 1000) if char["size"] else 0
        near = (kashida.get((char["fontname"], char["text"], width + d), 0) for d in (0, -1, 1))  # rounding
        char["kashida"] = max(near)
    return chars


def type0_fonts(document: object) -> Iterator[object]:
    """Each Type0 font of an open pikepdf document's pages, once."""
    seen = set()
    for page in document.pages:  # type: ignore[attr-defined]
        for font in page.Resources.get("/Font", {}).values():
            if font.objgen not in seen and "/DescendantFonts" in font:
                seen.add(font.objgen)
                yield font


def kashida_glyphs(pdf: Path) -> dict[tuple[str, str, int], int]:
    """(font name, text, width in thousandths of an em) → how many tatweels that glyph draws beside its
    letter: the composite glyphs typeset adds to a font program (typeset.render.fontprogram), counted by
    the components whose glyph is a tatweel in the shipped font."""
    import io

    import pikepdf
    from fontTools.ttLib import TTFont

    found: dict[tuple[str, str, int], int] = {}
    with pikepdf.open(pdf) as document:
        for font in type0_fonts(document):
            name = str(font.BaseFont).lstrip("/")
            shipped = shipped_font(name.partition("+")[2])
            if shipped is None:
                continue
            original = TTFont(shipped)
            names = original.getGlyphOrder()
            tatweels = {gid for gid, glyph in enumerate(names) if glyph.startswith("uni0640")}
            program = TTFont(io.BytesIO(font.DescendantFonts[0].FontDescriptor.FontFile2.read_bytes()))
            order, glyf = program.getGlyphOrder(), program["glyf"]
            cmap = font.ToUnicode.read_bytes().decode("latin-1")
            widths = font.DescendantFonts[0].W
            flat: dict[int, float] = {}
            for index in range(0, len(widths) - 1, 2):
                for offset, width in enumerate(widths[index + 1]):
                    flat[int(widths[index]) + offset] = float(width)
            for code, text in re.findall(r"<([0-9a-fA-F]{4})>\s*<([0-9a-fA-F]+)>", cmap):
                gid = int(code, 16)
                mine = glyf[order[gid]] if gid < len(order) else None
                theirs = original["glyf"][names[gid]] if gid < len(names) else None
                same = (  # the font's own composite, not one typeset added
                    theirs is not None
                    and theirs.isComposite()
                    and mine is not None
                    and mine.isComposite()
                    and [(c.glyphName, c.x, c.y) for c in theirs.components]
                    == [(names[program.getGlyphID(c.glyphName)], c.x, c.y) for c in mine.components]
                )
                if mine is not None and mine.isComposite() and not same:
                    parts = glyf[order[gid]].components
                    count = sum(1 for c in parts if program.getGlyphID(c.glyphName) in tatweels)
                    if count:
                        letter = bytes.fromhex(text).decode("utf-16-be")
                        found[(name, letter, round(flat.get(gid, 0)))] = count
    return found


def lines_in_font(pdf: Path, font: str | tuple[str, ...], page: int = 0) -> list[list[dict]]:
    """The glyphs set in ``font`` (a face name such as ``ts-Amiri``, or the start of one; or several) on
    ``page``, as lines (top to bottom), each sorted left to right."""
    with pdfplumber.open(pdf) as document:
        chars = [c for c in document.pages[page].chars if c["fontname"].split("+")[-1].startswith(font)]
    with_kashida(pdf, chars)
    lines: list[list[dict]] = []
    for char in sorted(chars, key=lambda c: c["bottom"]):
        if lines and char["bottom"] - lines[-1][-1]["bottom"] < 3:
            lines[-1].append(char)
        else:
            lines.append([char])
    return [sorted(line, key=lambda c: c["x0"]) for line in lines]


def page_number(pdf: Path, page: int) -> str:
    """The text set in the bottom margin of ``page`` (0-based)."""
    with pdfplumber.open(pdf) as document:
        sheet = document.pages[page]
        return "".join(c["text"] for c in sorted(sheet.chars, key=lambda c: c["x0"]) if c["top"] > sheet.height - 45)


def split_at_widest_gap(line: list[dict]) -> tuple[Run, Run]:
    """A beyt's line: (left hemistich, right hemistich), split at the widest gap between glyphs."""
    gaps = [(line[i + 1]["x0"] - line[i]["x1"], i) for i in range(len(line) - 1)]
    _, at = max(gaps)
    return Run(line[: at + 1]), Run(line[at + 1 :])


def letters(value: str) -> Counter[str]:
    return Counter(ch for ch in value if not ch.isspace() and unicodedata.category(ch) != "Cf")


def font_names(pdf: Path) -> dict[str, dict]:
    """BaseFont name → font descriptor facts, for every font on every page."""
    reader = pypdf.PdfReader(pdf)
    fonts: dict[str, dict] = {}
    for page in reader.pages:
        resources = page["/Resources"]
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant.get("/FontDescriptor", {})
            fonts[str(font["/BaseFont"])] = {
                "embedded": any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")),
                "subtype": str(font["/Subtype"]),
            }
    return fonts
