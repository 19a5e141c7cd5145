"""Latin runs in Dari text and Persian runs in English text are set at the size that balances the two faces
(typography.latin_scale, arabic_scale), read from the glyphs' sizes in the PDF; whole paragraphs of the
other direction keep the body size; the leading of a line that holds a Persian run is the body's."""

from __future__ import annotations

import shutil
from itertools import pairwise
from pathlib import Path

import pdfplumber
import pytest

from tests.conftest import FRONT, INPUT, Project
from typeset.jobs.batch import build
from typeset.model import DEFAULT_LATIN_SCALE

pytestmark = pytest.mark.slow  # renders PDFs

RTL_BODY, LTR_BODY, H2 = 11.0, 10.5, 13.0  # the theme's sizes (templates/style.css)
DARI = """\
## پژوهش در Digital Humanities

کتابخانه‌های دیجیتال مانند Internet Archive و Project Gutenberg دسترسی به کتاب را برای همه ممکن ساخته‌اند.

Libraries such as the Internet Archive keep millions of books open to every reader who asks for them.
"""
ENGLISH = """\
## The word کتابخانه in English

Afghan readers call a library کتابخانه, and a digital one کتابخانهٔ دیجیتال. The Persian poet Rumi, مولانا, is read in
both scripts, and every line of this paragraph keeps the body's leading whether or not it holds Persian words like
افغانستان آزاد or دری, line after line after line, to the end of the paragraph and beyond it.

کتابخانه‌های دیجیتال دسترسی به کتاب را برای همه ممکن ساخته‌اند و پژوهشگران از آن‌ها استفاده می‌کنند.
"""


def _build(root: Path, typography: str = "") -> dict[str, Path]:
    root.mkdir()
    shutil.copy(INPUT / "publication.yaml", root / "publication.yaml")
    if typography:
        with (root / "publication.yaml").open("a", encoding="utf-8") as config:
            config.write(f"typography: {typography}\n")
    (root / "fa.md").write_text(f"---\n{FRONT['fa-AF']}---\n\n{DARI}", encoding="utf-8")
    (root / "en.md").write_text(f"---\n{FRONT['en']}---\n\n{ENGLISH}", encoding="utf-8")
    jobs = build([root / "fa.md", root / "en.md"], root / "out")
    assert all(job.ok and not job.warnings for job in jobs), [e.format() for j in jobs for e in j.errors]
    return {job.source.stem: job.output for job in jobs if job.output}


@pytest.fixture(scope="module")
def default(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _build(tmp_path_factory.mktemp("balance") / "default")


@pytest.fixture(scope="module")
def custom(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _build(tmp_path_factory.mktemp("balance") / "custom", "{latin_scale: 0.7, arabic_scale: 1.3}")


def _chars(pdf: Path) -> list[dict]:
    with pdfplumber.open(pdf) as document:
        return [c for c in document.pages[0].chars if c["text"].strip()]


def _sizes_of(chars: list[dict], word: str) -> set[float]:
    """The font sizes of the glyphs of ``word`` wherever it is set (glyphs in a row, in drawing order)."""
    text = "".join(c["text"] for c in chars)
    owner = [index for index, c in enumerate(chars) for _ in c["text"]]  # a glyph may read as two (ZWNJ)
    sizes: set[float] = set()
    start = text.find(word)
    assert start >= 0, f"{word!r} not in the page"
    while start >= 0:
        sizes |= {round(chars[owner[at]]["size"], 2) for at in range(start, start + len(word))}
        start = text.find(word, start + 1)
    return sizes


def _persian_sizes(chars: list[dict], near_top: float, below: float) -> set[float]:
    return {round(c["size"], 2) for c in chars if near_top <= c["top"] < below and "\u0600" <= c["text"] <= "\u06ff"}


def _top_of(chars: list[dict], word: str) -> float:
    text = "".join(c["text"] for c in chars)
    owner = [index for index, c in enumerate(chars) for _ in c["text"]]
    return float(chars[owner[text.index(word)]]["top"])


@pytest.mark.parametrize(("fixture", "scale"), [("default", DEFAULT_LATIN_SCALE), ("custom", 0.7)])
def test_latin_in_dari_text_is_set_at_latin_scale(fixture: str, scale: float, request: pytest.FixtureRequest) -> None:
    chars = _chars(request.getfixturevalue(fixture)["fa"])
    assert _sizes_of(chars, "Gutenberg") == {round(RTL_BODY * scale, 2)}
    assert _sizes_of(chars, "Humanities") == {round(H2 * scale, 2)}, "a heading's Latin run too"
    line = _top_of(chars, "Gutenberg")
    assert _persian_sizes(chars, line - 3, line + 8) == {RTL_BODY}, "the Dari around it at the body size"


@pytest.mark.parametrize("fixture", ["default", "custom"])
def test_a_whole_english_paragraph_in_dari_keeps_the_body_size(fixture: str, request: pytest.FixtureRequest) -> None:
    chars = _chars(request.getfixturevalue(fixture)["fa"])
    assert _sizes_of(chars, "millions") == {RTL_BODY}


@pytest.mark.parametrize(("fixture", "scale"), [("default", 1 / DEFAULT_LATIN_SCALE), ("custom", 1.3)])
def test_persian_in_english_text_is_set_at_arabic_scale(
    fixture: str, scale: float, request: pytest.FixtureRequest
) -> None:
    chars = _chars(request.getfixturevalue(fixture)["en"])
    line = _top_of(chars, "Afghan")
    assert _persian_sizes(chars, line - 3, line + 8) == {round(LTR_BODY * scale, 2)}
    assert _sizes_of(chars, "Afghan") == {LTR_BODY}
    heading = _top_of(chars, "Theword")
    assert _persian_sizes(chars, heading - 3, heading + 8) == {round(H2 * scale, 2)}, "a heading's Persian run too"


def test_a_whole_persian_paragraph_in_english_keeps_the_body_size(default: dict[str, Path]) -> None:
    chars = _chars(default["en"])
    last = max(c["top"] for c in chars if "\u0600" <= c["text"] <= "\u06ff")
    assert _persian_sizes(chars, last - 1, last + 1) == {LTR_BODY}


@pytest.mark.parametrize("fixture", ["default", "custom"])
def test_persian_runs_leave_the_leading_as_it_is(fixture: str, request: pytest.FixtureRequest) -> None:
    """The baselines of the paragraph's lines, Persian words in them or not, are one body leading apart."""
    chars = _chars(request.getfixturevalue(fixture)["en"])
    baselines = sorted(
        {round(c["y0"], 1) for c in chars if c["size"] == LTR_BODY and c["text"].isascii() and c["text"].isalpha()}
    )
    gaps = [round(b - a, 1) for a, b in pairwise(baselines)]
    assert len(gaps) >= 3 and all(abs(gap - LTR_BODY * 1.5) < 0.2 for gap in gaps), gaps


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{latin_scale: 2}", "typography.latin_scale 2 is out of range: the size of Latin runs in right-to-left text"),
        ("{latin_scale: big}", "typography.latin_scale 'big' is not a number"),
        ("{latin_scale: true}", "typography.latin_scale 'True' is not a number"),
        ("{arabic_scale: 0.2}", "typography.arabic_scale 0.2 is out of range: the size of Arabic-script runs"),
    ],
)
def test_bad_scales_are_located(project: Project, line: str, message: str) -> None:
    config = project.root / "publication.yaml"
    lines = config.read_text(encoding="utf-8").count("\n")
    config.write_text(config.read_text(encoding="utf-8") + f"typography: {line}\n", encoding="utf-8")
    code, _, err = project.run("check", str(project.source("a.md")))
    assert code == 1
    column = line.index(":") + 3 + len("typography: ")
    assert f"{config}:{lines + 1}:{column}: error: {message}" in err, err
    assert "hint: e.g." in err
