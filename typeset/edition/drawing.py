"""What a page draws, as preflight needs it: its fonts, its images at their placed size, and every RGB.

The page's content is followed through the transformation matrix to every image and through the
colour space to every text-showing and painting operator, into form XObjects, tiling patterns and
soft masks (forms too), with a :class:`~typeset.edition.content.Budget` for the whole file. RGB is
counted where a print shop's RIP would meet it: colour operators, images and inline images,
shadings painted with ``sh`` or as shading patterns, and transparency groups (of forms, of soft
masks, of the page).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Dictionary, Name

from typeset.edition.content import Budget, Operand, instructions

_TEXT_SHOWING = {"Tj", "TJ", "'", '"'}
_PAINTING = {"f", "F", "f*", "B", "B*", "b", "b*"}
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_MAX_DEPTH = 12  # forms nested deeper (or in a cycle) are not followed


@dataclass
class _State:
    ctm: Matrix
    fill: str = "gray"  # the fill colour space: rgb, cmyk, gray or other
    fill_black: bool = True
    invisible_text: bool = False


@dataclass
class Drawing:
    """What one page draws: its fonts, images (name, dpi) and RGB use, through its forms."""

    budget: Budget
    fonts: dict[str, pikepdf.Object] = field(default_factory=dict)
    images: list[tuple[str, float]] = field(default_factory=list)
    rgb_text: int = 0
    rgb_black_text: int = 0
    rgb_other: list[str] = field(default_factory=list)
    _resources_seen: set[tuple[int, int]] = field(default_factory=set)

    def page(self, page: pikepdf.Object) -> None:
        contents = page.get("/Contents")
        streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents] if contents is not None else []
        streams = [stream for stream in streams if isinstance(stream, pikepdf.Stream)]
        self.content(streams, _dictionary(page.get("/Resources")), IDENTITY, depth=0)

    def content(self, streams: list[pikepdf.Object], resources: pikepdf.Object, ctm: Matrix, depth: int) -> None:
        if depth > _MAX_DEPTH or not streams:
            return
        for name, font in _dictionary(resources.get("/Font")).items():
            self.fonts.setdefault(name, font)
        self.resources(resources, ctm, depth)
        named = _dictionary(resources.get("/ColorSpace"))
        xobjects = _dictionary(resources.get("/XObject"))
        state = _State(ctm)
        stack: list[_State] = []
        for operands, operator in instructions(streams, self.budget):
            if operator == "q":
                stack.append(_State(state.ctm, state.fill, state.fill_black, state.invisible_text))
            elif operator == "Q" and stack:
                state = stack.pop()
            elif operator == "cm" and len(operands) == 6 and all(isinstance(v, float) for v in operands):
                state.ctm = _multiply(tuple(operands), state.ctm)  # type: ignore[arg-type]
            elif operator == "rg":
                state.fill, state.fill_black = "rgb", all(v == 0 for v in operands)
            elif operator == "RG":
                self.rgb_other.append("stroke")
            elif operator in ("k", "g"):
                state.fill = "cmyk" if operator == "k" else "gray"
            elif operator == "cs" and operands:
                state.fill, state.fill_black = _space_kind(operands[0], named), False
            elif operator == "CS" and operands and _space_kind(operands[0], named) == "rgb":
                self.rgb_other.append("stroke")
            elif operator == "Tr" and operands and isinstance(operands[0], float):
                state.invisible_text = int(operands[0]) in (3, 7)
            elif operator in _TEXT_SHOWING and state.fill == "rgb" and not state.invisible_text:
                self.rgb_text += 1
                self.rgb_black_text += state.fill_black
            elif operator in _PAINTING and state.fill == "rgb":
                self.rgb_other.append("fill")
            elif operator == "BI" and operands and isinstance(operands[0], dict):
                parameters = operands[0]
                if _space_kind(parameters.get("/CS", parameters.get("/ColorSpace")), named) == "rgb":
                    self.rgb_other.append("inline image")
            elif operator == "Do" and operands and isinstance(operands[0], str):
                xobject = xobjects.get(operands[0])
                if isinstance(xobject, pikepdf.Stream):
                    self.xobject(operands[0], xobject, state.ctm, depth)

    def resources(self, resources: pikepdf.Object, ctm: Matrix, depth: int) -> None:
        """RGB in the shadings, patterns and soft masks ``resources`` offer (once per page for each)."""
        if resources.is_indirect:
            if resources.objgen in self._resources_seen:
                return
            self._resources_seen.add(resources.objgen)
        named = _dictionary(resources.get("/ColorSpace"))
        for shading in _dictionary(resources.get("/Shading")).values():
            if isinstance(shading, Dictionary) and _space_kind(shading.get("/ColorSpace"), named) == "rgb":
                self.rgb_other.append("shading")
        for pattern in _dictionary(resources.get("/Pattern")).values():
            if not isinstance(pattern, Dictionary):
                continue
            if pattern.get("/PatternType") == 2:
                painted = pattern.get("/Shading")
                if isinstance(painted, Dictionary) and _space_kind(painted.get("/ColorSpace"), named) == "rgb":
                    self.rgb_other.append("shading pattern")
            elif pattern.get("/PatternType") == 1 and isinstance(pattern, pikepdf.Stream):
                self.form(pattern, ctm, depth)
        for state in _dictionary(resources.get("/ExtGState")).values():
            mask = state.get("/SMask") if isinstance(state, Dictionary) else None
            form = mask.get("/G") if isinstance(mask, Dictionary) else None
            if isinstance(form, pikepdf.Stream):
                group = form.get("/Group")
                if isinstance(group, Dictionary) and _space_kind(group.get("/CS"), named) == "rgb":
                    self.rgb_other.append("soft mask group")
                self.form(form, ctm, depth, group_counted=True)

    def xobject(self, name: str, xobject: pikepdf.Object, ctm: Matrix, depth: int) -> None:
        if xobject.get("/Subtype") == Name.Image:
            if xobject.get("/ImageMask") is not True and _space_kind(xobject.get("/ColorSpace"), Dictionary()) == "rgb":
                self.rgb_other.append("image")
            width_pt, height_pt = math.hypot(ctm[0], ctm[1]), math.hypot(ctm[2], ctm[3])
            width, height = xobject.get("/Width"), xobject.get("/Height")
            if width_pt > 1 and height_pt > 1 and isinstance(width, int) and isinstance(height, int):
                self.images.append((name, min(int(width) * 72 / width_pt, int(height) * 72 / height_pt)))
        elif xobject.get("/Subtype") == Name.Form:
            self.form(xobject, ctm, depth)

    def form(self, form: pikepdf.Object, ctm: Matrix, depth: int, group_counted: bool = False) -> None:
        """A form XObject (or tiling pattern, or soft mask) drawn: its group, then its content."""
        self.budget.form()
        group = form.get("/Group")
        if not group_counted and isinstance(group, Dictionary) and group.get("/CS") == Name.DeviceRGB:
            self.rgb_other.append("transparency group")
        matrix = form.get("/Matrix")
        values = [float(v) for v in matrix] if isinstance(matrix, pikepdf.Array) and len(matrix) == 6 else IDENTITY
        self.content([form], _dictionary(form.get("/Resources")), _multiply(tuple(values), ctm), depth + 1)  # type: ignore[arg-type]


def _dictionary(value: pikepdf.Object | None) -> pikepdf.Object:
    """``value`` if it is a dictionary, else an empty one (a malformed entry is read as absent)."""
    return value if isinstance(value, Dictionary) else Dictionary()


_KINDS = {
    "/DeviceRGB": "rgb",
    "/RGB": "rgb",
    "/DeviceCMYK": "cmyk",
    "/CMYK": "cmyk",
    "/DeviceGray": "gray",
    "/G": "gray",
}


def _space_kind(space: pikepdf.Object | Operand, named: pikepdf.Object) -> str:
    """rgb, cmyk, gray or other, for a colour space (a name from ``named`` looked up)."""
    if isinstance(space, str):  # a name read from a content stream
        space = named.get(space, Name(space)) if space not in _KINDS else Name(space)
    elif isinstance(space, Name) and str(space) in named:
        space = named[str(space)]
    if isinstance(space, pikepdf.Array) and len(space):
        if space[0] == Name.Indexed and len(space) > 1:
            return _space_kind(space[1], named)
        space = space[0] if len(space) == 1 else space
    if isinstance(space, Name):
        return _KINDS.get(str(space), "other")
    return "other"


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """``m × n`` (PDF's row-vector convention: ``cm`` makes CTM' = M × CTM)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)
