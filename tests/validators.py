"""Outside validators and the ISO rules they do not check, for the tests of every kind of output.

The outside tools (installed from Debian by ``.ci/setup``), each asked what a reader of the file
would ask:

- ``qpdf --check``: the file's syntax, cross-reference and every stream's encoding;
- Ghostscript, strict (``-dPDFSTOPONERROR``, every page interpreted to the null device): stops on
  any error a RIP's interpreter would stop on (a 0-byte Flate stream is an ``/ioerror``);
- MuPDF (``mutool draw -F txt``, every page's text read): no warning, no error;
- Apache PDFBox's preflight (Debian's ``libpdfbox2-java``): it validates PDF/A-1b only; the rules
  PDF/A-1 shares with PDF/A-3 hold when it finds nothing but :data:`PDFA1_ONLY`.

veraPDF (the reference PDF/A validator, which also checks PDF/A-3) is not run: it cannot be
installed from the registries this project reaches (PyPI, Debian, npm). What PDFBox does not check
of PDF/A-3 (ISO 19005-3), and PDF/X-4 (ISO 15930-7), nobody outside checks here: the rule
functions below, each failure named by the clause it breaks.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pikepdf
from pikepdf import Dictionary, Name

JAVA_JARS = Path("/usr/share/java")
#: PDFBox's preflight and what Debian's build of it needs on the class path.
PDFBOX_CLASSPATH = [
    "preflight.jar",
    "pdfbox2.jar",
    "fontbox2.jar",
    "xmpbox.jar",
    "commons-logging.jar",
    "javax.activation.jar",  # libactivation-java: Java 11 and later ship no javax.activation
    "jaxb-api.jar",  # libjaxb-api-java: nor javax.xml.bind
]

#: PDFBox preflight's findings that are PDF/A-1's own rules, not PDF/A-3's (ISO 19005-1 against 19005-3):
PDFA1_ONLY = {
    "1.4": "cross-reference streams: PDF/A-1 is PDF 1.4; PDF/A-3 is based on PDF 1.7, which has them",
    "1.4.7": "embedded files in the Names dictionary: PDF/A-1 forbids them; PDF/A-3 allows them (6.8)",
    "1.2.9": "an EmbeddedFile in a file specification: as 1.4.7",
    "3.1.11": "a subset CIDFont without /CIDSet: PDF/A-1 requires it; PDF/A-3 does not (6.2.11.4.2)",
    "2.2.1": "a transparency group: PDF/A-1 forbids transparency; PDF/A-3 allows it (6.4)",
    "7.11.1": "pdfaid:conformance U: PDF/A-1 knows only A and B",
    "7.11.2": "pdfaid:part 3: PDF/A-1 wants 1",
}


def missing_tools() -> list[str]:
    """The validators this machine lacks (``.ci/setup`` installs them)."""
    missing = [tool for tool in ("qpdf", "gs", "mutool", "java") if shutil.which(tool) is None]
    missing += [jar for jar in PDFBOX_CLASSPATH if not (JAVA_JARS / jar).exists()]
    return missing


def _run(command: list[str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, errors="replace")


def qpdf_check(path: Path) -> list[str]:
    """qpdf's complaints (none: the syntax and every stream's encoding are sound)."""
    result = _run(["qpdf", "--check", str(path)])
    lines = (result.stdout + result.stderr).splitlines()
    problems = [line for line in lines if re.search(r"(?i)\b(warning|error)\b", line) and "cannot detect" not in line]
    if result.returncode != 0 and not problems:
        problems.append(f"qpdf --check exited with {result.returncode}")
    return problems


def ghostscript(path: Path) -> list[str]:
    """Ghostscript's strict run over every page (empty: no error, no warning)."""
    result = _run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-dPDFSTOPONERROR", "-sDEVICE=nullpage", str(path)])
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0:
        return [f"exit {result.returncode}: {output[:400]}"]
    return [line for line in output.splitlines() if line.strip()]


#: What Debian's mutool says of itself on every file: it is built without littleCMS.
_MUPDF_BUILD = "ICC support is not available"


def mupdf(path: Path) -> list[str]:
    """MuPDF's warnings and errors while it reads every page's text."""
    result = _run(["mutool", "draw", "-q", "-o", "/dev/null", "-F", "txt", str(path)])
    lines = (result.stdout + result.stderr).splitlines()
    problems = [line for line in lines if re.search(r"(?i)warning|error", line) and _MUPDF_BUILD not in line]
    if result.returncode != 0:
        problems.append(f"mutool exited with {result.returncode}")
    return problems


def pdfbox_pdfa(path: Path) -> list[str]:
    """PDFBox preflight's findings that hold for PDF/A-3 too (``code: message``): :data:`PDFA1_ONLY` left out."""
    classpath = os.pathsep.join(str(JAVA_JARS / jar) for jar in PDFBOX_CLASSPATH)
    result = _run(["java", "-cp", classpath, "org.apache.pdfbox.preflight.Validator_A1b", str(path)])
    findings = []
    for line in result.stdout.splitlines() + result.stderr.splitlines():
        match = re.match(r"\s*(\d+(?:\.\d+)*) : (.*)", line)
        if match and match.group(1) not in PDFA1_ONLY:
            findings.append(f"{match.group(1)}: {match.group(2)}")
        elif "Exception" in line:
            findings.append(line)
    if "is a valid PDF/A-1b file" not in result.stdout and not findings and "not a valid" not in result.stdout:
        findings.append(f"PDFBox preflight said nothing usable (exit {result.returncode}): {result.stderr[:300]}")
    return findings


def outside(path: Path) -> dict[str, list[str]]:
    """Every outside reader's complaints about ``path``, by tool (PDFBox not included: it is for PDF/A)."""
    return {"qpdf": qpdf_check(path), "ghostscript": ghostscript(path), "mupdf": mupdf(path)}


# ---- what no tool here checks: the files' own structure, and ISO 19005-3 and 15930-7 ----------------


def streams(pdf: pikepdf.Pdf) -> list[str]:
    """Every stream decodes, and none is an empty filtered stream (0 bytes are no zlib data)."""
    problems = []
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Stream):
            continue
        raw = obj.read_raw_bytes()
        if "/Filter" in obj and not raw:
            problems.append(f"{obj.objgen}: a {obj.Filter} stream of 0 bytes")
            continue
        try:
            obj.read_bytes()
        except pikepdf.PdfError as error:
            if "unsupported" not in str(error).lower():  # DCT etc.: qpdf passes them through, the viewer decodes
                problems.append(f"{obj.objgen}: {error}")
    return problems


def xmp(pdf: pikepdf.Pdf) -> pikepdf.models.PdfMetadata:
    return pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False)


def claims(pdf: pikepdf.Pdf) -> set[str]:
    """The standards ``pdf`` says it meets: "PDF/A" (pdfaid in XMP), "PDF/X" (pdfxid, or an Info GTS_PDFXVersion)."""
    found = set()
    meta = xmp(pdf) if "/Metadata" in pdf.Root else {}
    if meta.get("pdfaid:part"):
        found.add("PDF/A")
    if meta.get("pdfxid:GTS_PDFXVersion") or "/GTS_PDFXVersion" in pdf.docinfo:
        found.add("PDF/X")
    intents = {str(intent.get("/S")) for intent in pdf.Root.get("/OutputIntents", [])}
    if "/GTS_PDFX" in intents:
        found.add("PDF/X intent")
    if "/GTS_PDFA1" in intents:
        found.add("PDF/A intent")
    return found


def _resources(pdf: pikepdf.Pdf) -> Iterator[tuple[int, pikepdf.Object]]:
    """(page number, resources dictionary) for every page and every form, pattern and soft mask under it."""
    seen: set[tuple[int, int]] = set()
    for number, page in enumerate(pdf.pages, start=1):
        stack = [page.obj.get("/Resources", Dictionary())]
        while stack:
            resources = stack.pop()
            if resources.is_indirect:
                if resources.objgen in seen:
                    continue
                seen.add(resources.objgen)
            yield number, resources
            children = list(resources.get("/XObject", Dictionary()).values())
            children += list(resources.get("/Pattern", Dictionary()).values())
            for state in resources.get("/ExtGState", Dictionary()).values():
                mask = state.get("/SMask")
                if isinstance(mask, Dictionary) and "/G" in mask:
                    children.append(mask.G)
            for child in children:
                if isinstance(child, pikepdf.Stream) and "/Resources" in child:
                    stack.append(child.Resources)


def _images_and_groups(pdf: pikepdf.Pdf) -> Iterator[tuple[int, str, pikepdf.Object]]:
    """(page, what, object) for every image XObject and transparency group (pages' and forms')."""
    for number, page in enumerate(pdf.pages, start=1):
        if "/Group" in page.obj:
            yield number, "page group", page.obj.Group
    for number, resources in _resources(pdf):
        for name, xobject in resources.get("/XObject", Dictionary()).items():
            if xobject.get("/Subtype") == Name.Image:
                yield number, f"image {name}", xobject
            elif "/Group" in xobject:
                yield number, f"form {name}'s group", xobject.Group


def _device(space: pikepdf.Object | None) -> str | None:
    if isinstance(space, pikepdf.Array) and len(space) and space[0] == Name.Indexed:
        return _device(space[1])
    if isinstance(space, Name) and str(space) in ("/DeviceRGB", "/DeviceCMYK", "/DeviceGray"):
        return str(space)[1:]
    return None


def _content_operators(pdf: pikepdf.Pdf, wanted: set[str]) -> Iterator[tuple[int, str]]:
    """(page, operator) for each of ``wanted`` in the pages' and their forms' content streams."""
    seen: set[tuple[int, int]] = set()
    for number, page in enumerate(pdf.pages, start=1):
        streams = [page.obj]
        while streams:
            holder = streams.pop()
            if holder.is_indirect:
                if holder.objgen in seen:
                    continue
                seen.add(holder.objgen)
            for instruction in pikepdf.parse_content_stream(holder):
                operator = str(getattr(instruction, "operator", ""))
                if operator in wanted:
                    yield number, operator
            for xobject in holder.get("/Resources", Dictionary()).get("/XObject", Dictionary()).values():
                if xobject.get("/Subtype") == Name.Form:
                    streams.append(xobject)


def _info_matches_xmp(pdf: pikepdf.Pdf, meta: pikepdf.models.PdfMetadata) -> list[str]:
    pairs = {"/Title": "dc:title", "/Producer": "pdf:Producer", "/Creator": "xmp:CreatorTool"}
    problems = []
    for key, prop in pairs.items():
        if key in pdf.docinfo and str(pdf.docinfo[key]) != str(meta.get(prop, "")):
            problems.append(f"Info {key} {str(pdf.docinfo[key])!r} is not XMP {prop} {meta.get(prop)!r}")
    return problems


def _boxes(pdf: pikepdf.Pdf) -> list[str]:
    problems = []

    def box(page: pikepdf.Page, key: str) -> list[float] | None:
        value = page.obj.get(key)
        if not isinstance(value, pikepdf.Array) or len(value) != 4:
            return None
        x0, y0, x1, y1 = (float(v) for v in value)
        return [min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)]

    def within(inner: list[float], outer: list[float]) -> bool:
        return all(o <= i + 0.01 for o, i in zip(outer[:2], inner[:2], strict=True)) and all(
            o + 0.01 >= i for o, i in zip(outer[2:], inner[2:], strict=True)
        )

    for number, page in enumerate(pdf.pages, start=1):
        media, bleed, trim = box(page, "/MediaBox"), box(page, "/BleedBox"), box(page, "/TrimBox")
        if trim is None:
            problems.append(f"15930-7 6.2.2: page {number} has no TrimBox")
            continue
        if media is None or not within(trim, bleed or media) or (bleed and not within(bleed, media)):
            problems.append(f"15930-7 6.2.2: page {number}: TrimBox ⊆ BleedBox ⊆ MediaBox does not hold")
    return problems


def pdfx4(pdf: pikepdf.Pdf) -> list[str]:
    """The rules of PDF/X-4 (ISO 15930-7:2010) that qpdf, Ghostscript and MuPDF do not check."""
    problems = []
    if float(pdf.pdf_version) > 1.6:
        problems.append(f"15930-7 6.1.2: header says PDF {pdf.pdf_version}; at most 1.6")
    if "/Version" in pdf.Root and float(str(pdf.Root.Version)[1:]) > 1.6:
        problems.append(f"15930-7 6.1.2: the catalog's /Version {pdf.Root.Version} overrides the header; at most 1.6")
    if pdf.is_encrypted:
        problems.append("15930-7 6.1.3: encrypted")
    if "/ID" not in pdf.trailer:
        problems.append("15930-7 6.1.3: no trailer /ID")
    if "/Metadata" not in pdf.Root:
        problems.append("15930-7 6.2.1: no XMP metadata")
        meta: dict[str, str] | pikepdf.models.PdfMetadata = {}
    else:
        meta = xmp(pdf)
        if "/Filter" in pdf.Root.Metadata and "/FlateDecode" not in str(pdf.Root.Metadata.Filter):
            problems.append("15930-7 6.2.1: metadata stream filtered with something other than Flate")
    for prop, wanted in (
        ("pdfxid:GTS_PDFXVersion", "PDF/X-4"),
        ("xmpMM:RenditionClass", "default"),
        ("pdf:Trapped", ("True", "False")),
    ):
        value = meta.get(prop)
        if value not in (wanted if isinstance(wanted, tuple) else (wanted,)):
            problems.append(f"15930-7 6.2.1: XMP {prop} is {value!r}, not {wanted!r}")
    for prop in ("xmp:CreateDate", "xmp:ModifyDate", "xmpMM:DocumentID", "xmpMM:VersionID", "dc:title"):
        if not meta.get(prop):
            problems.append(f"15930-7 6.2.1: XMP {prop} missing")
    trapped = pdf.docinfo.get("/Trapped")
    if trapped is not None and str(trapped)[1:] != meta.get("pdf:Trapped"):
        problems.append(
            f"15930-7 6.2.1: Info /Trapped {trapped} and XMP pdf:Trapped {meta.get('pdf:Trapped')!r} differ"
        )
    intents = [intent for intent in pdf.Root.get("/OutputIntents", []) if intent.get("/S") == Name.GTS_PDFX]
    if len(intents) != 1:
        problems.append(f"15930-7 6.2.3: {len(intents)} GTS_PDFX output intents; exactly one")
    for intent in intents:
        profile = intent.get("/DestOutputProfile")
        if not intent.get("/OutputConditionIdentifier"):
            problems.append("15930-7 6.2.3: the output intent has no OutputConditionIdentifier")
        if profile is None:
            problems.append("15930-7 6.2.3: the output intent has no DestOutputProfile")
            continue
        header = profile.read_bytes()[:20]
        if header[16:20] != b"CMYK" or header[12:16] != b"prtr" or int(profile.get("/N", 0)) != 4:
            problems.append(
                f"15930-7 6.2.3: the output profile is {header[16:20]!r} {header[12:16]!r}: a CMYK printer profile wanted"
            )
    problems += _boxes(pdf)
    for number, what, obj in _images_and_groups(pdf):
        space = obj.get("/CS") if "group" in what else obj.get("/ColorSpace")
        if _device(space) == "DeviceRGB":
            problems.append(f"15930-7 6.2.4: page {number}: {what} in DeviceRGB with a CMYK output intent")
        if "image" in what and obj.get("/Interpolate") is True:
            problems.append(f"15930-7 6.2.5: page {number}: {what} has /Interpolate true")
        if "image" in what and ("/Alternates" in obj or "/OPI" in obj):
            problems.append(f"15930-7 6.2.5: page {number}: {what} has Alternates or OPI")
    for number, resources in _resources(pdf):
        for name, space in resources.get("/ColorSpace", Dictionary()).items():
            if _device(space) == "DeviceRGB":
                problems.append(f"15930-7 6.2.4: page {number}: colour space {name} is DeviceRGB")
        for name, shading in resources.get("/Shading", Dictionary()).items():
            if _device(shading.get("/ColorSpace")) == "DeviceRGB":
                problems.append(f"15930-7 6.2.4: page {number}: shading {name} in DeviceRGB")
        for name, xobject in resources.get("/XObject", Dictionary()).items():
            if xobject.get("/Subtype") == Name.PS:
                problems.append(f"15930-7 6.2.5: page {number}: PostScript XObject {name}")
    problems += [
        f"15930-7 6.2.4: page {number}: {operator} (DeviceRGB colour) in a content stream"
        for number, operator in sorted(set(_content_operators(pdf, {"rg", "RG"})))
    ]
    problems += _annotations_outside_bleed(pdf)
    problems += _no_actions(pdf, "15930-7 6.6")
    return problems


def _annotations_outside_bleed(pdf: pikepdf.Pdf) -> list[str]:
    """15930-7 6.7: no annotation but TrapNet and PrinterMark prints inside the BleedBox; a link there is
    flagged non-printing (/F without the Print bit), and has no appearance a RIP could draw."""
    problems = []
    for number, page in enumerate(pdf.pages, start=1):
        for annot in page.obj.get("/Annots", []):
            subtype = annot.get("/Subtype")
            if subtype in (Name.TrapNet, Name.PrinterMark):
                continue
            if "/F" not in annot or int(annot.F) & 4:
                problems.append(f"15930-7 6.7: page {number}: a {subtype} annotation not flagged non-printing")
            if "/AP" in annot:
                problems.append(f"15930-7 6.7: page {number}: a {subtype} annotation with an appearance")
    return problems


def _no_actions(pdf: pikepdf.Pdf, clause: str) -> list[str]:
    problems = []
    if "/AA" in pdf.Root or "/JavaScript" in pdf.Root.get("/Names", Dictionary()):
        problems.append(f"{clause}: the catalog has additional actions or JavaScript")
    for number, page in enumerate(pdf.pages, start=1):
        if "/AA" in page.obj:
            problems.append(f"{clause}: page {number} has additional actions")
        for annot in page.obj.get("/Annots", []):
            action = annot.get("/A", Dictionary())
            if action.get("/S") not in (None, Name.GoTo, Name.URI, Name.GoToR, Name.Named, Name.Thread):
                problems.append(f"{clause}: page {number}: a {action.get('/S')} action")
    return problems


def pdfa3(pdf: pikepdf.Pdf) -> list[str]:
    """The rules of PDF/A-3 (ISO 19005-3:2012) level U that PDFBox's PDF/A-1 preflight does not check
    for PDF/A-3, fonts aside (:func:`pdfa3_fonts`)."""
    problems = []
    if not re.fullmatch(r"1\.[0-7]", str(pdf.pdf_version)):
        problems.append(f"19005-3 6.1.2: header version {pdf.pdf_version}")
    if pdf.is_encrypted:
        problems.append("19005-3 6.1.3: encrypted")
    if "/ID" not in pdf.trailer:
        problems.append("19005-3 6.1.3: no trailer /ID")
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream) and any(key in obj for key in ("/F", "/FFilter", "/FDecodeParms")):
            problems.append(f"19005-3 6.1.7.1: stream {obj.objgen} refers to an external file")
    if "/Metadata" not in pdf.Root:
        return [*problems, "19005-3 6.6.2.1: no XMP metadata"]
    if "/Filter" in pdf.Root.Metadata:
        problems.append("19005-3 6.6.2.1: the metadata stream is filtered")
    meta = xmp(pdf)
    if meta.get("pdfaid:part") != "3" or meta.get("pdfaid:conformance") not in ("A", "B", "U"):
        problems.append(
            f"19005-3 6.6.4: pdfaid part {meta.get('pdfaid:part')!r}, conformance {meta.get('pdfaid:conformance')!r}"
        )
    problems += [f"19005-3 6.6.3: {problem}" for problem in _info_matches_xmp(pdf, meta)]
    intents = list(pdf.Root.get("/OutputIntents", []))
    pdfa_intents = [intent for intent in intents if intent.get("/S") == Name.GTS_PDFA1]
    profiles = {intent.DestOutputProfile.objgen for intent in intents if "/DestOutputProfile" in intent}
    if len(pdfa_intents) != 1 or len(profiles) > 1:
        problems.append(f"19005-3 6.2.3: {len(pdfa_intents)} GTS_PDFA1 intents, {len(profiles)} profiles")
    space = b""
    for intent in pdfa_intents:
        profile = intent.get("/DestOutputProfile")
        if profile is None:
            problems.append("19005-3 6.2.3: the output intent has no DestOutputProfile")
            continue
        space = profile.read_bytes()[16:20]
        if space != b"RGB " or int(profile.get("/N", 0)) != 3:
            problems.append(f"19005-3 6.2.3: the output profile is {space!r}; sRGB (RGB, N 3) is what typeset claims")
    for number, what, obj in _images_and_groups(pdf):
        colour = obj.get("/CS") if "group" in what else obj.get("/ColorSpace")
        if _device(colour) == "DeviceCMYK" and space != b"CMYK":
            problems.append(f"19005-3 6.2.4.3: page {number}: {what} in DeviceCMYK without a CMYK output intent")
        if "image" in what and (obj.get("/Interpolate") is True or "/Alternates" in obj or "/OPI" in obj):
            problems.append(f"19005-3 6.2.8: page {number}: {what} is interpolated, or has Alternates or OPI")
        if "group" in what and obj.get("/S") != Name.Transparency:
            problems.append(f"19005-3 6.2.10: page {number}: {what} is not a transparency group")
    for number, resources in _resources(pdf):
        for name, state in resources.get("/ExtGState", Dictionary()).items():
            if "/TR" in state or state.get("/TR2", Name.Default) != Name.Default or "/HTP" in state:
                problems.append(f"19005-3 6.2.5: page {number}: graphics state {name} has TR, TR2 or HTP")
    for number, page in enumerate(pdf.pages, start=1):
        for annot in page.obj.get("/Annots", []):
            flags = int(annot.get("/F", 0))
            if not flags & 4 or flags & (1 | 2 | 32 | 256):
                problems.append(f"19005-3 6.3.2: page {number}: a {annot.get('/Subtype')} annotation's /F is {flags}")
            if annot.get("/Subtype") in (Name.Sound, Name.Movie, Name.Screen, Name("/3D"), Name.FileAttachment):
                problems.append(f"19005-3 6.3.1: page {number}: a {annot.get('/Subtype')} annotation")
    problems += _no_actions(pdf, "19005-3 6.6.1")
    problems += _embedded_files(pdf)
    return problems


def _embedded_files(pdf: pikepdf.Pdf) -> list[str]:
    """19005-3 6.8: every embedded file in a file specification with /F, /UF, /AFRelationship, listed in /AF,
    its stream with a MIME /Subtype and /Params /ModDate."""
    problems = []
    listed = {spec.objgen for spec in pdf.Root.get("/AF", [])}
    for name, attached in pdf.attachments.items():
        spec = attached.obj
        for key in ("/F", "/UF", "/AFRelationship"):
            if key not in spec:
                problems.append(f"19005-3 6.8: attachment {name} has no {key}")
        if spec.objgen not in listed:
            problems.append(f"19005-3 6.8: attachment {name} is not in the catalog's /AF")
        stream = spec.EF.F
        if "/Subtype" not in stream:
            problems.append(f"19005-3 6.8: attachment {name}'s stream has no MIME /Subtype")
        if "/ModDate" not in stream.get("/Params", Dictionary()):
            problems.append(f"19005-3 6.8: attachment {name}'s stream has no /Params /ModDate")
    return problems


# ---- the fonts: ISO 19005-3 6.2.11 (the text layer; issue 18) ------------------------------------------------


def _fonts(pdf: pikepdf.Pdf) -> Iterator[tuple[int, str, pikepdf.Object]]:
    seen: set[tuple[int, int]] = set()
    for number, resources in _resources(pdf):
        for name, font in resources.get("/Font", Dictionary()).items():
            if font.is_indirect and font.objgen in seen:
                continue
            if font.is_indirect:
                seen.add(font.objgen)
            yield number, str(name), font


def fonts_embedded(pdf: pikepdf.Pdf) -> list[str]:
    """19005-3 6.2.11.4.1: every font's program embedded."""
    problems = []
    for number, name, font in _fonts(pdf):
        if font.get("/Subtype") == Name.Type3:
            continue
        described = font.DescendantFonts[0] if "/DescendantFonts" in font else font
        descriptor = described.get("/FontDescriptor", Dictionary())
        if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
            problems.append(f"19005-3 6.2.11.4.1: page {number}: font {font.get('/BaseFont', name)} not embedded")
    return problems


def font_widths(pdf: pikepdf.Pdf) -> list[str]:
    """19005-3 6.2.11.5: each glyph's width in /W is its advance in the embedded font program (±1/1000 em)."""
    import io

    from fontTools.ttLib import TTFont

    problems = []
    for number, _, font in _fonts(pdf):
        if font.get("/Subtype") != Name.Type0:
            continue
        cid_font = font.DescendantFonts[0]
        program = cid_font.get("/FontDescriptor", Dictionary()).get("/FontFile2")
        if program is None:
            continue
        tt = TTFont(io.BytesIO(program.read_bytes()), lazy=True)
        metrics, per_em = tt["hmtx"].metrics, tt["head"].unitsPerEm
        order = tt.getGlyphOrder()
        cid_to_gid = cid_font.get("/CIDToGIDMap", Name.Identity)
        gids = cid_to_gid.read_bytes() if isinstance(cid_to_gid, pikepdf.Stream) else None
        wrong = []
        for cid, width in _widths(cid_font.get("/W", [])):
            gid = cid if gids is None else int.from_bytes(gids[2 * cid : 2 * cid + 2], "big")
            if gid >= len(order):
                wrong.append(f"CID {cid} has no glyph")
                continue
            advance = metrics[order[gid]][0] * 1000 / per_em
            if abs(advance - width) > 1:
                wrong.append(f"CID {cid}: /W {width:g}, the font {advance:g}")
        if wrong:
            base = str(font.get("/BaseFont", ""))[1:]
            problems.append(
                f"19005-3 6.2.11.5: page {number}: {base}: {len(wrong)} widths differ ({', '.join(wrong[:3])})"
            )
    return problems


def _widths(w: pikepdf.Object) -> Iterator[tuple[int, float]]:
    items = list(w)
    index = 0
    while index < len(items):
        first = int(items[index])
        if isinstance(items[index + 1], pikepdf.Array):
            for offset, width in enumerate(items[index + 1]):
                yield first + offset, float(width)
            index += 2
        else:
            last, width = int(items[index + 1]), float(items[index + 2])
            for cid in range(first, last + 1):
                yield cid, width
            index += 3


def to_unicode(pdf: pikepdf.Pdf) -> list[str]:
    """19005-3 6.2.11.7.2 (level U): every character code shown maps to Unicode, to something that is not
    empty, U+0000, U+FEFF or U+FFFE."""
    problems = []
    maps: dict[tuple[int, int], dict[int, str]] = {}
    for number, name, font in _fonts(pdf):
        if font.get("/Subtype") != Name.Type0:
            continue
        if "/ToUnicode" not in font:
            problems.append(f"19005-3 6.2.11.7.2: page {number}: font {name} has no ToUnicode")
            continue
        mapping = maps.setdefault(font.ToUnicode.objgen, _cmap(font.ToUnicode.read_bytes()))
        bad = sorted(code for code, text in mapping.items() if not text or text in ("\0", "\ufeff", "\ufffe"))
        if bad:
            base = str(font.get("/BaseFont", name))[1:]
            problems.append(
                f"19005-3 6.2.11.7.2: page {number}: {base}: {len(bad)} codes map to no text (e.g. {bad[:5]})"
            )
    return problems


def _cmap(data: bytes) -> dict[int, str]:
    """A ToUnicode CMap's bfchar and bfrange entries: code → text."""
    mapping: dict[int, str] = {}

    def text(hexa: bytes) -> str:
        return bytes.fromhex(hexa.decode()).decode("utf-16-be", errors="replace") if hexa else ""

    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for code, value in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            mapping[int(code, 16)] = text(value)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for low, high, rest in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\[[^\]]*\]|<[0-9A-Fa-f]*>)", block):
            first, last = int(low, 16), int(high, 16)
            if rest.startswith(b"["):
                for offset, value in enumerate(re.findall(rb"<([0-9A-Fa-f]*)>", rest)):
                    mapping[first + offset] = text(value)
            else:
                start = rest[1:-1]
                base = int(start, 16) if start else 0
                for offset in range(last - first + 1):
                    mapping[first + offset] = text(f"{base + offset:0{len(start)}X}".encode()) if start else ""
    return mapping
