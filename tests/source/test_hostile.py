"""Hostile input: what an editor's folder of pasted articles may hold.

No source may make typeset read a private file or call the network, hang past
a stated limit, or end in a traceback: each one builds correctly or gives its
located error (``path:line[:column]: error: message``, often with a hint), and a
refused source leaves no PDF and no partial file.

Cases already covered elsewhere and not repeated here: an ``http:`` image,
``file:///etc/passwd`` as image and link, ``../../etc/passwd``, an absolute
path, ``javascript:`` links and a symlinked image pointing out of the folder
(tests/render/test_escape.py); ``!!python/object/apply:os.system`` (tests/cli/test_cli.py).

Limits (stated in the modules): a source of at most 2 MB (typeset.source.reader); an
image of at most 50 MB and 40 megapixels, lists and block quotes 16 deep,
emphasis and links 16 deep, 2000 elements and 500 footnotes (typeset.source.checks);
YAML 16 deep and 10 000 values (typeset.source.yamldoc).
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path

import pdfplumber
import pytest

from tests import pdfread
from tests.conftest import FRONT, ROOT, Project
from typeset.source import checks, reader, yamldoc

pytestmark = pytest.mark.slow  # renders PDFs

FRONT_EN = FRONT["en"]
BODY_LINE = 9  # project.source: ---, five fields, ---, an empty line, then the body
HANG = 120  # seconds after which a command run here is taken to hang (a loaded machine takes a tenth of it)


# -- helpers ---------------------------------------------------------------------------


def write(project: Project, name: str, text: str | bytes) -> Path:
    path = project.root / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def source_text(body: str, front: str = FRONT_EN) -> str:
    return f"---\n{front}---\n\n{body}"


def leftovers(out: Path) -> list[str]:
    """What a refused source left in the output folder (PDFs, temporary files)."""
    if not out.exists():
        return []
    return sorted(p.name for p in out.iterdir() if p.name != ".typeset-manifest.json")


def refused(project: Project, path: Path, *lines: str, command: str = "build") -> str:
    """Run the CLI on ``path``: it must exit 1 with exactly ``lines`` (after ``path:``) among stderr's lines."""
    out = project.root / "out"
    args = ("build", str(path), "-o", str(out)) if command == "build" else (command, str(path))
    code, _, err = project.run(*args)
    assert code == 1, err
    for line in lines:
        assert f"{path}:{line}" in err.splitlines() or line in err.splitlines(), err
    assert "Traceback" not in err and "internal error" not in err, err
    assert leftovers(out) == []
    return err


def built(project: Project, path: Path) -> Path:
    out = project.root / f"out-{path.stem}"  # one folder per source: nothing else may be beside its PDF
    code, _, err = project.run("build", str(path), "-o", str(out))
    assert code == 0, err
    assert "Traceback" not in err and "warning" not in err, err
    pdf = out / f"{path.stem}.pdf"
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert leftovers(out) == [pdf.name]
    return pdf


def text_of(pdf: Path) -> str:
    return pdfread.normalize(pdfread.content_text(pdf))


def run_limited(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """The CLI in a subprocess, ended after a generous ``HANG`` seconds: a hang fails the test, not the suite.
    How long such a source takes is measured by bench/bench_limits.py, not here."""
    try:
        result = subprocess.run(
            [sys.executable, "-m", "typeset", *args], cwd=cwd, capture_output=True, text=True, timeout=HANG
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"typeset {' '.join(args)} ran past {HANG} s: a hang")
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    return result


def png(path: Path, width: int, height: int, pixels: bool = True) -> Path:
    """A 1-bit greyscale PNG of ``width`` × ``height``: its IDAT holds every (zero) row, deflated, so it
    is a real decompression bomb (a 40000×40000 one is 200 MB raw, 195 kB on disk, made in under a second)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = bytes(1 + (width + 7) // 8)  # filter byte, then the row's bits
    deflate = zlib.compressobj(9)
    parts = []
    rows = height if pixels else 1
    per_block = max(1, (4 << 20) // len(row))
    block = row * per_block
    while rows:
        count = min(rows, per_block)
        parts.append(deflate.compress(block[: count * len(row)]))
        rows -= count
    parts.append(deflate.flush())
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", b"".join(parts)) + chunk(b"IEND", b"")
    )
    return path


# -- no network, no private file ----------------------------------------------------------

_AUDIT: list[tuple[str, str]] | None = None


def _audit(event: str, args: tuple[object, ...]) -> None:
    if _AUDIT is None:
        return
    if event.startswith(("socket.", "urllib.")):
        _AUDIT.append((event, repr(args)))
    elif event == "open" and isinstance(args[0], str | bytes):
        _AUDIT.append((event, os.fsdecode(args[0])))


sys.addaudithook(_audit)  # a hook cannot be removed: it records only while a test watches


@pytest.fixture
def audit() -> Iterator[list[tuple[str, str]]]:
    """Every network call and every file opened (by Python) while the test runs."""
    global _AUDIT
    _AUDIT = []
    try:
        yield _AUDIT
    finally:
        _AUDIT = None


@pytest.fixture
def secret(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private folder beside the project, with a file a source may try to reach."""
    folder = tmp_path_factory.mktemp("private")
    (folder / "secret.png").write_bytes((ROOT / "tests" / "data" / "dot.png").read_bytes())
    return folder


def test_remote_and_private_references_neither_fetch_nor_open(
    project: Project, secret: Path, audit: list[tuple[str, str]]
) -> None:
    (project.root / "images").symlink_to(secret, target_is_directory=True)  # a folder inside pointing out
    relative = os.path.relpath(secret / "secret.png", project.root)
    body = (
        "![a](https://example.com/a.png)\n\n"  # line 9
        "![b](//example.com/b.png)\n\n"  # 11: no scheme, a host
        "![c][ref]\n\n"  # 13: a reference definition
        "![d](file://localhost/etc/hostname)\n\n"  # 15
        f"![e]({relative.replace('/', '%2F')})\n\n"  # 17: ..%2F..%2F…
        "![f](images/secret.png)\n\n"  # 19: through a symlinked folder
        "<file:///etc/passwd>\n\n"  # 21: an autolink
        "[ref]: HTTPS://example.com/c.png\n"
    )
    path = project.source("a.md", body)
    encoded = relative.replace("/", "%2F")
    refused(
        project,
        path,
        "9: error: image 'https://example.com/a.png' is not a file in the article's folder",
        "11: error: image '//example.com/b.png' is not a file in the article's folder",
        "13: error: image 'HTTPS://example.com/c.png' is not a file in the article's folder",
        "15: error: image 'file://localhost/etc/hostname' is not a file in the article's folder",
        f"17: error: image '{encoded}' is outside the article's folder",
        "19: error: image 'images/secret.png' is outside the article's folder",
        "21: error: link target 'file:///etc/passwd' is not a web address",
    )
    assert not [call for call in audit if call[0] != "open"], "typeset called the network"
    opened = [name for _, name in audit]
    assert not [name for name in opened if str(secret) in name or name.startswith("/etc/host")], opened


def test_a_remote_stylesheet_in_raw_html_is_text_not_fetched(project: Project, audit: list[tuple[str, str]]) -> None:
    body = (
        "<link rel=stylesheet href=http://example.com/evil.css>\n\n"
        "<style>@import url(http://example.com/x.css);</style>\n\n"
        'Inline <img src="https://example.com/pixel.gif"> and <iframe src="http://example.com/"></iframe> too.\n'
    )
    pdf = built(project, project.source("a.md", body))
    text = text_of(pdf)
    assert "<link rel=stylesheet href=http://example.com/evil.css>" in text
    assert "<style>@import url(http://example.com/x.css);</style>" in text
    assert (
        'Inline <img src="https://example.com/pixel.gif"> and <iframe src="http://example.com/"></iframe> too.' in text
    )
    assert not [call for call in audit if call[0] != "open"], "typeset called the network"


def test_a_symlink_loop_and_unusable_image_names(project: Project) -> None:
    (project.root / "loop.png").symlink_to("loop.png")
    path = project.source("a.md", "![x](loop.png)\n\n![y](a%00b.png)\n")
    refused(
        project,
        path,
        "9: error: image 'loop.png' cannot be read: a loop of symbolic links",
        "11: error: image 'a%00b.png' cannot be read: not a usable file name",
    )


# -- markup in the text ------------------------------------------------------------------


def test_html_and_jinja_in_front_matter_and_body_are_printed_literally(
    project: Project, audit: list[tuple[str, str]]
) -> None:
    front = (
        'title: "{{ 7*7 }} {% raw %} <script>alert(1)</script>"\n'
        'author: "<b>Bold</b> & <i>co</i>"\n'
        "date: 2025-06-03\nlang: en\nsection: european-languages\n"
        'subtitle: "{# a comment #}{{ config }} <link rel=stylesheet href=http://example.com/s.css>"\n'
        'bio: \'<iframe src="http://example.com/"></iframe> {% include "/etc/passwd" %}\'\n'
    )
    pdf = built(project, project.source("a.md", "Body {{ 7*7 }} and {% for x in y %}.\n", front=front))
    text = text_of(pdf)
    assert "{{ 7*7 }} {% raw %} <script>alert(1)</script>" in text
    assert "<b>Bold</b> & <i>co</i>" in text
    assert "{# a comment #}{{ config }} <link rel=stylesheet href=http://example.com/s.css>" in text
    assert '<iframe src="http://example.com/"></iframe> {% include "/etc/passwd" %}' in text
    assert "Body {{ 7*7 }} and {% for x in y %}." in text
    assert "49" not in text
    assert not [call for call in audit if call[0] != "open"], "typeset called the network"


def test_numbers_and_booleans_in_text_fields_print_as_typed(project: Project) -> None:
    """YAML reads 1:30 as 90, 0777 as 511 and yes as true: a title is what the author typed."""
    front = "title: 1:30\nauthor: 0777\ndate: 2025-06-03\nlang: en\nsection: european-languages\nsubtitle: yes\n"
    text = text_of(built(project, project.source("a.md", front=front)))
    assert "0777" in text and "1:30" in text and "yes" in text
    assert "511" not in text and "90" not in text


# -- YAML -------------------------------------------------------------------------------

BILLION_LAUGHS = (
    'title: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(f"x{n}: &{chr(98 + n)} [" + ",".join([f"*{chr(97 + n)}"] * 9) + "]\n" for n in range(8))
    + "author: A\ndate: 2025-06-03\nlang: en\nsection: european-languages\n"
)


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        (BILLION_LAUGHS, "2:8: error: front matter: anchors and aliases (&name, *name) are not allowed"),
        (
            "title: !!python/name:os.system\n",
            "2:8: error: front matter: unsupported tag: 'tag:yaml.org,2002:python/name:os.system'",
        ),
        (
            "title: !!python/object/new:subprocess.Popen [[ls]]\n",
            "2:8: error: front matter: unsupported tag: 'tag:yaml.org,2002:python/object/new:subprocess.Popen'",
        ),
        (
            "title: !ruby/object:Gem::Installer x\n",
            "2:8: error: front matter: unsupported tag: '!ruby/object:Gem::Installer'",
        ),
        ("title: !!timestamp 2025-02-30\n", "2:8: error: front matter: cannot read '2025-02-30' as timestamp"),
        ("title: !!int twelve\n", "2:8: error: front matter: cannot read 'twelve' as int"),
        ("title: 1" + "0" * 5000 + "\n", "2:8: error: front matter: cannot read '1" + "0" * 39 + "…' as int"),
        (
            "title: " + "[" * 5000 + "]" * 5000 + "\n",
            "2:23: error: front matter: nested too deeply (more than 16 levels of lists and mappings)",
        ),
        ("title: [" + "1," * 20000 + "]\n", "2:20003: error: front matter: too many values (more than 10000)"),
        ('title: "a\\e[31mred"\n', "2:8: error: front matter: control character U+001B in a value"),
        ('title: "\\ud800"\n', "2:8: error: front matter: lone surrogate U+D800 in a value"),
        (
            "title: " + "Word " * 100 + "\n",
            "2:8: error: front matter field 'title' is too long (499 characters; the limit is 300)",
        ),
        (
            'title: T\nauthor: A\ndate: 2025-06-03\nlang: "en\\nde"\nsection: european-languages\n',
            "5:8: error: unknown language 'en\\nde'",
        ),
        (
            'title: "\u202c\u200c "\nauthor: A\ndate: 2025-06-03\nlang: en\nsection: european-languages\n',
            "2:9: error: front matter field 'title' has no visible text",
        ),
        (
            "title: T\nauthor: A\ndate: 0622-01-01\nlang: fa\nsection: dari\n",  # year 0 of the Solar Hijri calendar
            "4:7: error: date '0622-01-01' is out of range (years 1000 to 2999)",
        ),
        ("- a list\n- not a mapping\n", "2: error: front matter must be a mapping of fields to values"),
        ("just a scalar\n", "2: error: front matter must be a mapping of fields to values"),
        (
            "title: [a]\nauthor: A\ndate: 2025-06-03\nlang: [en]\nsection: {a: b}\n",
            "5:7: error: front matter field 'lang' must be text",
        ),
    ],
    ids=[
        "billion-laughs",
        "python-name",
        "python-object-new",
        "ruby-tag",
        "bad-timestamp",
        "bad-int",
        "5000-digit-int",
        "5000-deep",
        "20000-values",
        "escape-char",
        "lone-surrogate",
        "long-title",
        "newline-in-a-value",
        "invisible-title",
        "year-622",
        "a-list",
        "a-scalar",
        "lists-for-fields",
    ],
)
def test_hostile_yaml_is_refused_before_it_is_built(project: Project, front: str, expected: str) -> None:
    path = write(project, "a.md", source_text("Body.\n", front))
    refused(project, path, expected, command="check")


# -- size, encoding, characters ------------------------------------------------------------


def test_a_50_mb_source_is_refused_without_reading_it(project: Project) -> None:
    path = project.root / "huge.md"
    with path.open("wb") as file:  # sparse: 50 MB that take no disk
        file.write(b"---\ntitle: T\n")
        file.truncate(50 * 1024 * 1024)
    result = run_limited(["build", "huge.md", "-o", "out"], project.root)
    assert result.returncode == 1
    assert result.stderr.splitlines()[:2] == [
        "huge.md: error: source is too large (50.0 MB; the limit is 2 MB)",
        "  hint: is this one article? split a long text into several sources",
    ]
    assert leftovers(project.root / "out") == []


def test_reading_stops_at_the_limit(tmp_path: Path) -> None:
    """A file that does not tell its size (a device) is read to one byte past the limit, no further."""
    with pytest.raises(reader.TypesetError, match=r"not a regular file"):
        reader.read_text(Path("/dev/zero"))
    path = tmp_path / "a.md"
    path.write_bytes(b"x" * 101)
    with pytest.raises(reader.TypesetError, match=r"source is too large \(0\.1 kB; the limit is 0\.1 kB\)"):
        reader.read_text(path, limit=100)


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_pipe_or_a_device_named_md_is_refused_not_waited_for(project: Project, kind: str) -> None:
    path = project.root / "a.md"
    if kind == "fifo":
        os.mkfifo(path)  # opening it would wait for a writer, for ever
    else:
        path.symlink_to("/dev/zero")  # reading it would never end
    result = run_limited(["check", "a.md"], project.root)
    assert result.returncode == 1
    assert result.stderr.splitlines()[:2] == [
        "a.md: error: not a regular file",
        "  hint: a source is a text file (not a pipe, device or folder)",
    ]


@pytest.mark.parametrize(
    "data",
    [
        ("\ufeff" + source_text("Text.\n")).encode("utf-16-le"),  # Notepad's "Unicode"
        ("\ufeff" + source_text("Text.\n")).encode("utf-16-be"),
    ],
    ids=["utf-16-le", "utf-16-be"],
)
def test_utf16_with_a_bom_is_named(project: Project, data: bytes) -> None:
    path = write(project, "a.md", data)
    err = refused(project, path, "1: error: file is UTF-16 text, not UTF-8")
    assert "  hint: save it as UTF-8" in err.splitlines()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            source_text("Text.\n").encode("utf-16-le"),
            "1: error: file is UTF-16 text (without a byte order mark), not UTF-8",
        ),
        (("\ufeff" + source_text("Text.\n")).encode("utf-32-le"), "1: error: file is UTF-32 text, not UTF-8"),
        (source_text("x ").encode() + b"\xed\xa0\x80 y\n", "9: error: file is not UTF-8 text (byte 0xed at offset 94)"),
        (source_text("x ").encode() + b"\xc3\x28\n", "9: error: file is not UTF-8 text (byte 0xc3 at offset 94)"),
        (source_text("x ").encode() + b"\xc0\xaf\n", "9: error: file is not UTF-8 text (byte 0xc0 at offset 94)"),
        (source_text("Text.\n\nab\x00c\n").encode(), "11:3: error: file contains a NUL byte"),
        (
            source_text("One\x0btwo\x0cthree\x1b[31m\n").encode(),
            "9:4: error: control character U+000B (LINE TABULATION) in the text",
        ),
        (source_text("Line\u2028line\n").encode(), "9:5: error: character U+2028 (LINE SEPARATOR) in the text"),
        (source_text("C1 \x85 here\n").encode(), "9:4: error: control character U+0085 (NEXT LINE) in the text"),
        (b"", "1: error: missing front matter: a source starts with a '---' line"),
    ],
    ids=[
        "utf-16-no-bom",
        "utf-32",
        "encoded-surrogate",
        "invalid-sequence",
        "overlong",
        "nul",
        "vt-ff-esc",
        "line-separator",
        "c1-control",
        "empty",
    ],
)
def test_bytes_that_are_not_text_are_refused(project: Project, data: bytes, expected: str) -> None:
    path = write(project, "a.md", data)
    err = refused(project, path, expected)
    assert "\x1b" not in err, "a control character reached the terminal"


def test_every_control_character_is_reported_once(project: Project) -> None:
    path = write(project, "a.md", source_text("One\x0btwo\x0cthree\x1b[31m\n\nand\x0b again\n"))
    err = refused(
        project,
        path,
        "9:4: error: control character U+000B (LINE TABULATION) in the text",
        "9:8: error: control character U+000C (FORM FEED) in the text",
        "9:14: error: control character U+001B (ESCAPE) in the text",
    )
    assert err.count("U+000B") == 1


def test_crlf_and_cr_line_ends_build_like_lf(project: Project) -> None:
    text = source_text("First line\nsecond line.\n\n> A quote\n> goes on.\n\n- one\n- two\n")
    lf = text_of(built(project, write(project, "lf.md", text)))
    crlf = text_of(built(project, write(project, "crlf.md", text.replace("\n", "\r\n"))))
    cr = text_of(built(project, write(project, "cr.md", text.replace("\n", "\r"))))
    assert lf == crlf == cr
    assert "First line second line." in lf


def test_bidi_overrides_in_a_title_are_made_embeddings(project: Project) -> None:
    """Decision: RLO/LRO are turned into RLE/LRE (the letters keep their order, in the PDF's text too),
    and an embedding left open in a field is closed at its end, so the byline's date is not reordered."""
    front = (
        'title: "abc\u202edef\u202c ghi \u2067isolated"\n'  # an isolate left open
        'author: "Tester\u202e"\n'  # an override left open, beside the date
        "date: 2025-06-03\nlang: en\nsection: european-languages\n"
    )
    pdf = built(project, project.source("a.md", "Body \u202eoverridden\u202c and \u202dforced\u202c.\n", front=front))
    text = text_of(pdf)
    assert "abcdef ghi isolated" in text
    assert "Body overridden and forced." in text
    assert "03.06.2025" in text
    assert "fed" not in text and "nedirrevo" not in text


def test_a_reference_to_a_character_the_fonts_lack_is_located(project: Project) -> None:
    path = project.source("a.md", "A &#x1F600; b &eacute; c\n\nSet &#x202E;right&#x202C; as written.\n")
    refused(
        project,
        path,
        "9:3: error: character '😀' (U+1F600 GRINNING FACE) is not in the body fonts (Noto Serif, Noto Naskh Arabic)",
    )
    path = project.source("b.md", "A &eacute;t&eacute; and &#1575;&#1576;.\n\nSet &#x202E;right&#x202C; as written.\n")
    text = text_of(built(project, path))
    assert "A été and اب." in text and "Set right as written." in text


# -- images --------------------------------------------------------------------------


def test_a_decompression_bomb_is_refused_from_its_header(project: Project) -> None:
    png(project.root / "bomb.png", 40000, 40000)
    assert (project.root / "bomb.png").stat().st_size < 300_000
    png(project.root / "big.png", 8000, 6000, pixels=False)  # under Pillow's own limit, over typeset's
    path = project.source("a.md", "![bomb](bomb.png)\n\n![big](big.png)\n")
    result = run_limited(["build", "a.md", "-o", "out"], project.root)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert (
        "a.md:9: error: image 'bomb.png' is too large (40000×40000 pixels, 1600.0 megapixels; the limit is 40 megapixels)"
        in lines
    )
    assert (
        "a.md:11: error: image 'big.png' is too large (8000×6000 pixels, 48.0 megapixels; the limit is 40 megapixels)"
        in lines
    )
    assert "  hint: an A4 page at 300 dpi takes about 9 megapixels: scale the image down" in lines
    assert leftovers(project.root / "out") == []
    assert path.exists()


def test_files_that_are_not_images_are_refused(project: Project) -> None:
    (project.root / "fake.png").write_text("<html>not a picture</html>", encoding="utf-8")
    (project.root / "map.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd"/></svg>', encoding="utf-8"
    )
    with (project.root / "huge.png").open("wb") as file:
        file.truncate(60 * 1024 * 1024)
    path = project.source("a.md", "![a](fake.png)\n\n![b](map.svg)\n\n![c](huge.png)\n")
    err = refused(
        project,
        path,
        "9: error: image 'fake.png' is not a PNG, JPEG, GIF or WebP image",
        "11: error: image 'map.svg' is not a PNG, JPEG, GIF or WebP image",
        "13: error: image 'huge.png' is too large (60.0 MB; the limit is 50 MB)",
    )
    assert "  hint: export it as PNG or JPEG (SVG, PDF and other formats are not accepted)" in err.splitlines()


def test_a_small_real_image_still_builds(project: Project) -> None:
    png(project.root / "ok.png", 300, 200)
    pdf = built(project, project.source("a.md", '![A grey box](ok.png "A caption")\n'))
    assert "A caption" in text_of(pdf)


def test_a_font_file_that_is_not_a_font(project: Project, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """fonts/ is the project's, not the editor's: tested on a copy, with one file that is not a font."""
    import typeset.resources

    fonts = tmp_path / "fonts"
    shutil.copytree(typeset.resources.FONTS_DIR, fonts)
    (fonts / "Broken-Regular.ttf").write_bytes(b"<html>this was a download page</html>")
    monkeypatch.setattr(typeset.resources, "FONTS_DIR", fonts)
    path = project.source("a.md")
    err = refused(project, path, command="check")
    assert err.splitlines()[0].startswith(f"{fonts / 'Broken-Regular.ttf'}: error: not a usable font file: ")


def test_a_publications_font_file_that_is_not_a_font(project: Project) -> None:
    """The same in a publication's own fonts/ (beside its publication.yaml), typeset's left as they are."""
    fonts = project.root / "fonts"
    fonts.mkdir()
    (fonts / "Broken-Regular.ttf").write_bytes(b"<html>this was a download page</html>")
    err = refused(project, project.source("a.md"), command="check")
    assert err.splitlines()[0].startswith(f"{fonts / 'Broken-Regular.ttf'}: error: not a usable font file: ")


# -- structure -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            ">" * 10000 + " deep\n",
            f"{BODY_LINE}: error: lists and block quotes are nested too deeply (more than 16 levels)",
        ),
        (
            "- " * 10000 + "deep\n",
            f"{BODY_LINE}: error: lists and block quotes are nested too deeply (more than 16 levels)",
        ),
        (
            "".join("  " * level + "- item\n" for level in range(300)),  # 90 kB: 10000 levels would be 100 MB
            f"{BODY_LINE + 16}: error: lists and block quotes are nested too deeply (more than 16 levels)",
        ),
        (
            "::: pullquote\n" * 20 + "x\n" + ":::\n" * 20,
            f"{BODY_LINE + 16}: error: lists and block quotes are nested too deeply (more than 16 levels)",
        ),
        (
            "*" * 20000 + "a" + "*" * 20000 + "\n",
            f"{BODY_LINE}: error: emphasis and links are nested too deeply (more than 16 levels)",
        ),
        (
            "[" * 20000 + "a" + "]" * 20000 + "\n",  # brackets stay text: one 40001-character word
            f"{BODY_LINE}: error: a word of 40001 characters without a space; the limit is 3000",
        ),
        ("[ " * 1000 + "a" + " ]" * 1000 + "\n", None),  # with spaces: builds
    ],
    ids=["quotes", "lists-on-one-line", "indented-lists", "containers", "emphasis", "brackets", "spaced-brackets"],
)
def test_deep_nesting_is_refused_with_its_line_in_bounded_time(
    project: Project, body: str, expected: str | None
) -> None:
    project.source("a.md", body)
    result = run_limited(["build", "a.md", "-o", "out"], project.root)
    if expected is None:
        assert result.returncode == 0, result.stderr
        assert (project.root / "out" / "a.pdf").read_bytes().startswith(b"%PDF-")
        return
    assert result.returncode == 1
    assert f"a.md:{expected}" in result.stderr.splitlines(), result.stderr
    assert leftovers(project.root / "out") == []


def test_nesting_at_the_limit_builds(project: Project) -> None:
    body = "".join("  " * level + f"- level {level + 1}\n" for level in range(checks.MAX_NESTING))
    body += "\n" + ">" * checks.MAX_NESTING + " quoted sixteen deep\n"
    text = text_of(built(project, project.source("a.md", body)))
    assert "level 16" in text and "quoted sixteen deep" in text


def test_a_50k_character_word_is_refused_quickly(project: Project) -> None:
    """A word past MAX_WORD is refused, located (100 000 characters are past the text budget too)."""
    project.source("a.md", "x" * 50_000 + "\n\nAfter the long line.\n")
    result = run_limited(["build", "a.md", "-o", "out"], project.root)
    assert result.returncode == 1
    assert result.stderr.startswith(
        f"a.md:{BODY_LINE}: error: a word of 50000 characters without a space; the limit is 3000\n"
    ), result.stderr
    assert not (project.root / "out" / "a.pdf").exists()


def test_a_long_word_is_broken_at_the_margin(project: Project) -> None:
    project.source("a.md", "y" * 2500 + "\n\nAfter the long word.\n")
    result = run_limited(["build", "a.md", "-o", "out"], project.root)
    assert result.returncode == 0, result.stderr
    with pdfplumber.open(project.root / "out" / "a.pdf") as document:
        ys = [c for page in document.pages for c in page.chars if c["text"] == "y"]
        assert max(c["x1"] for c in ys) <= document.pages[0].width - 18 / 25.4 * 72 + 1, "within the column"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "x\n\n" * 2001,  # 6 kB: what costs the engine is elements, not bytes
            f"{BODY_LINE + 4000}: error: the article is too long to set: more than 2000 elements "
            "(paragraphs, list items, table cells, emphasis, links, line breaks, verse lines)",
        ),
        (
            "a|b\n-|-\n" + "x|y\n" * 1000,
            f"{BODY_LINE + 2 + 664}: error: the article is too long to set: more than 2000 elements "
            "(paragraphs, list items, table cells, emphasis, links, line breaks, verse lines)",
        ),
        (
            "*a* " * 2001 + "\n",
            f"{BODY_LINE}: error: the article is too long to set: more than 2000 elements "
            "(paragraphs, list items, table cells, emphasis, links, line breaks, verse lines)",
        ),
        (
            "".join(f"Note[^{n}].\n\n" for n in range(501)) + "".join(f"[^{n}]: n\n" for n in range(501)),
            f"{BODY_LINE + 1000}: error: too many footnotes: more than 500",
        ),
    ],
    ids=["paragraphs", "table-rows", "emphasis", "footnotes"],
)
def test_what_the_engine_lays_out_is_limited(project: Project, body: str, expected: str) -> None:
    path = project.source("a.md", body)
    refused(project, path, expected)


def test_limits_are_the_stated_ones() -> None:
    assert reader.MAX_SOURCE_BYTES == 2 * 1024 * 1024
    assert checks.MAX_IMAGE_PIXELS == 40_000_000 and checks.MAX_IMAGE_BYTES == 50 * 1024 * 1024
    assert checks.MAX_NESTING == checks.MAX_INLINE_NESTING == yamldoc.MAX_DEPTH == 16
    assert checks.MAX_ELEMENTS == 2_000 and checks.MAX_FOOTNOTES == 500 and yamldoc.MAX_NODES == 10_000
