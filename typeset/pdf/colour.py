"""No device RGB left for the print shop: vector colours to DeviceCMYK, the rest tagged sRGB.

WeasyPrint writes every colour as DeviceRGB (``0 0 0 rg``). A print file with a CMYK output
intent may hold no device-dependent RGB (PDF/X-4), and black text must print on the black
plate alone. So, in every content stream (pages, form XObjects, tiling patterns):

- greys, black included (``r = g = b``), become black ink only: ``0 0 0 1-r k``. Text and rules
  in black or grey never print in four inks (no registration fringes, no rich-black text);
- other colours become DeviceCMYK through the output profile (littleCMS, sRGB source,
  relative colorimetric with black-point compensation), as a RIP would convert them, but once
  and visibly in the file;
- shadings whose function is exponential (type 2, also stitched, type 3) are converted the same
  way; RGB images, other shadings and named RGB colour spaces are tagged with an ICC-based sRGB
  profile (WeasyPrint's ``sRGB2014.icc``): PDF/X-4 allows ICC-based RGB, and the RIP converts
  pixels better than we would;
- transparency groups blend in DeviceCMYK.

While it visits every image it also drops ``/Interpolate``, which PDF/X forbids.

What is not handled (inline images, sampled-function shadings in named colour spaces) is left
for preflight to report.
"""

from __future__ import annotations

import functools
import importlib.util
import io
from collections.abc import Iterator
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, Operator

Cmyk = tuple[float, float, float, float]
_RGB_OPERATORS = {"rg": "k", "RG": "K"}
_SET_COLOUR = {"sc": "fill", "scn": "fill", "SC": "stroke", "SCN": "stroke"}


def srgb_profile() -> bytes:
    """The sRGB ICC profile WeasyPrint ships (ICC's sRGB2014, freely distributable).

    Found without importing the engine (half a second, for a process that only preflights or imposes).
    """
    spec = importlib.util.find_spec("weasyprint")
    assert spec is not None and spec.origin is not None, "WeasyPrint is a dependency"
    return (Path(spec.origin).parent / "pdf" / "sRGB2014.icc").read_bytes()


class CmykConverter:
    """sRGB → CMYK of the output profile, rounded to 4 places; greys to black ink only."""

    def __init__(self, cmyk_profile: Path):
        from PIL import Image, ImageCms

        self._image = Image
        source = ImageCms.ImageCmsProfile(io.BytesIO(srgb_profile()))
        target = ImageCms.getOpenProfile(str(cmyk_profile))
        # NOOPTIMIZE: no precomputed device link (seconds for a LUT profile); we convert a few colours only.
        flags = ImageCms.Flags.BLACKPOINTCOMPENSATION | ImageCms.Flags.NOOPTIMIZE
        self._transform = ImageCms.buildTransform(
            source, target, "RGB", "CMYK", ImageCms.Intent.RELATIVE_COLORIMETRIC, flags
        )
        self.convert = functools.lru_cache(maxsize=4096)(self._convert)

    def _convert(self, r: float, g: float, b: float) -> Cmyk:
        if abs(r - g) < 1e-6 and abs(g - b) < 1e-6:
            return (0.0, 0.0, 0.0, round(1.0 - r, 4))
        pixel = self._image.new("RGB", (1, 1), tuple(round(255 * max(0.0, min(1.0, v))) for v in (r, g, b)))
        c, m, y, k = self._transform.apply(pixel).getpixel((0, 0))  # type: ignore[misc]
        return (round(c / 255, 4), round(m / 255, 4), round(y / 255, 4), round(k / 255, 4))


class _Converter:
    """One pass over a PDF: every content stream and colour space seen once."""

    def __init__(self, pdf: pikepdf.Pdf, cmyk: CmykConverter):
        self.pdf, self.cmyk = pdf, cmyk
        self.seen: set[tuple[int, int]] = set()
        self._srgb: pikepdf.Object | None = None

    @property
    def srgb(self) -> pikepdf.Object:
        """``[/ICCBased <sRGB>]``, one object for the whole file."""
        if self._srgb is None:
            stream = self.pdf.make_stream(srgb_profile())
            stream.N = 3
            self._srgb = self.pdf.make_indirect(Array([Name.ICCBased, stream]))
        return self._srgb

    def once(self, obj: pikepdf.Object) -> bool:
        """True the first time an indirect object is met (direct objects: always)."""
        if not obj.is_indirect:
            return True
        key = obj.objgen
        if key in self.seen:
            return False
        self.seen.add(key)
        return True

    def page(self, page: pikepdf.Page) -> None:
        page.contents_coalesce()
        resources = page.obj.get("/Resources", Dictionary())
        self.stream(page.obj.Contents, resources)
        self.resources(resources)
        group = page.obj.get("/Group")
        if group is not None:
            self.group(group)

    def stream(self, stream: pikepdf.Object, resources: pikepdf.Object) -> None:
        """Rewrite a content stream's RGB colour operators as CMYK ones."""
        named = resources.get("/ColorSpace", Dictionary())
        stream.write(pikepdf.unparse_content_stream(list(self.instructions(stream, named))))

    def instructions(
        self, stream: pikepdf.Object, named: pikepdf.Object
    ) -> Iterator[pikepdf.ContentStreamInstruction | pikepdf.ContentStreamInlineImage]:
        rgb = {"fill": False, "stroke": False}  # the current colour space is DeviceRGB (set by cs/CS)
        stack: list[dict[str, bool]] = []
        for instruction in pikepdf.parse_content_stream(stream):
            if isinstance(instruction, pikepdf.ContentStreamInlineImage):
                yield instruction
                continue
            operands, operator = instruction.operands, str(instruction.operator)
            if operator == "q":
                stack.append(dict(rgb))
            elif operator == "Q" and stack:
                rgb = stack.pop()
            elif operator in _RGB_OPERATORS and len(operands) == 3:
                cmyk = self.cmyk.convert(*(float(v) for v in operands))
                yield pikepdf.ContentStreamInstruction(list(cmyk), Operator(_RGB_OPERATORS[operator]))
                continue
            elif operator in ("cs", "CS") and operands:
                side = "fill" if operator == "cs" else "stroke"
                rgb[side] = _is_device_rgb(operands[0], named)
                if rgb[side]:
                    yield pikepdf.ContentStreamInstruction([Name.DeviceCMYK], Operator(operator))
                    continue
            elif operator in _SET_COLOUR and rgb[_SET_COLOUR[operator]] and len(operands) == 3:
                cmyk = self.cmyk.convert(*(float(v) for v in operands))
                yield pikepdf.ContentStreamInstruction(list(cmyk), Operator(operator))
                continue
            yield instruction

    def resources(self, resources: pikepdf.Object) -> None:
        if not self.once(resources):
            return
        spaces = resources.get("/ColorSpace", Dictionary())
        for key in list(spaces.keys()):
            spaces[key] = self.colour_space(spaces[key])
        for xobject in resources.get("/XObject", Dictionary()).values():
            if not self.once(xobject):
                continue
            if xobject.get("/Subtype") == Name.Image:
                if "/Interpolate" in xobject:  # PDF/X forbids it (the engine sets it on every image)
                    del xobject["/Interpolate"]
                if "/ColorSpace" in xobject:
                    xobject.ColorSpace = self.colour_space(xobject.ColorSpace)
            elif xobject.get("/Subtype") == Name.Form:
                self.form(xobject)
        for pattern in resources.get("/Pattern", Dictionary()).values():
            if not self.once(pattern):
                continue
            if pattern.get("/PatternType") == 1:
                self.form(pattern)
            elif "/Shading" in pattern:
                self.shading(pattern.Shading)
        for shading in resources.get("/Shading", Dictionary()).values():
            if self.once(shading):
                self.shading(shading)
        for state in resources.get("/ExtGState", Dictionary()).values():
            mask = state.get("/SMask")
            if isinstance(mask, Dictionary) and "/G" in mask and self.once(mask.G):
                self.form(mask.G)

    def form(self, form: pikepdf.Object) -> None:
        """A form XObject or tiling pattern: its stream, its resources, its group."""
        resources = form.get("/Resources", Dictionary())
        self.stream(form, resources)
        self.resources(resources)
        if "/Group" in form:
            self.group(form.Group)

    def group(self, group: pikepdf.Object) -> None:
        if _is_device_rgb(group.get("/CS"), Dictionary()):
            group.CS = Name.DeviceCMYK

    def shading(self, shading: pikepdf.Object) -> None:
        if _is_device_rgb(shading.get("/ColorSpace"), Dictionary()) and self.exponential(shading.get("/Function")):
            self.convert_function(shading.Function)
            shading.ColorSpace = Name.DeviceCMYK
            if "/Background" in shading:
                shading.Background = Array(self.cmyk.convert(*(float(v) for v in shading.Background)))
        elif "/ColorSpace" in shading:
            shading.ColorSpace = self.colour_space(shading.ColorSpace)

    def exponential(self, function: pikepdf.Object | None) -> bool:
        """True if ``function`` is made of exponential (type 2) functions only, each with 3 outputs."""
        if not isinstance(function, Dictionary):
            return False
        if function.get("/FunctionType") == 2:
            return len(function.get("/C0", [0, 0, 0])) == 3 and len(function.get("/C1", [1, 1, 1])) == 3
        if function.get("/FunctionType") == 3:
            return all(self.exponential(part) for part in function.Functions)
        return False

    def convert_function(self, function: pikepdf.Object) -> None:
        if function.get("/FunctionType") == 3:
            for part in function.Functions:
                self.convert_function(part)
            return
        for key, default in (("/C0", (0.0, 0.0, 0.0)), ("/C1", (1.0, 1.0, 1.0))):
            values = [float(v) for v in function.get(key, default)]
            function[key] = Array(self.cmyk.convert(*values))  # type: ignore[arg-type]

    def colour_space(self, space: pikepdf.Object) -> pikepdf.Object:
        """DeviceRGB (also as the base of an Indexed space) → ICC-based sRGB; others unchanged."""
        if _is_device_rgb(space, Dictionary()):
            return self.srgb
        if isinstance(space, Array) and len(space) == 4 and space[0] == Name.Indexed:
            space[1] = self.colour_space(space[1])
        return space


def _is_device_rgb(space: pikepdf.Object | None, named: pikepdf.Object) -> bool:
    """``/DeviceRGB``, or a name in ``named`` (the resources' /ColorSpace) standing for it."""
    if space is None:
        return False
    if isinstance(space, Name) and str(space) not in ("/DeviceRGB", "/RGB") and str(space) in named:
        space = named[str(space)]
    if isinstance(space, Array) and len(space) == 1:
        space = space[0]
    return isinstance(space, Name) and str(space) in ("/DeviceRGB", "/RGB")


def convert_to_cmyk(pdf: pikepdf.Pdf, cmyk_profile: Path) -> None:
    """Leave no DeviceRGB in ``pdf``'s pages (see the module's docstring for how)."""
    converter = _Converter(pdf, CmykConverter(cmyk_profile))
    for page in pdf.pages:
        converter.page(page)
