"""Properties over generated sources: whatever an editor pastes, typeset builds a valid PDF or says,
line by line, where the problem is. Never a traceback, never a partial file.

Front matter is generated valid-ish and broken (random keys, types, dates, languages, sections of
the house publication, YAML syntax fragments, escapes); bodies mix scripts (Latin, Persian and
Pashto letters, digits), bidi controls, ZWNJ, odd whitespace, Markdown fragments, and now and then
bytes that are not UTF-8 or CRLF line ends. A character the fonts cannot show gives a located
coverage error: that is a correct outcome.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.conftest import Project

# -- text ----------------------------------------------------------------------------------

LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéüçœß"
PERSIAN = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیءآأؤئ"
PASHTO = "ټډړښږګڼېۍځڅۀ"
DIGITS = "0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣"
BIDI = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
SPACES = " \t\u00a0\u2028\u200c\u200d\u2009"  # space, tab, NBSP, LINE SEPARATOR, ZWNJ, ZWJ, thin space
PUNCTUATION = ".,;:!?'\"()[]{}«»،؛؟-–—/\\&<>#*_`|~=+%$@^"
MARKDOWN = [
    "\n",
    "\n\n",
    "\n:::\n",
    "\n::: verse\n",
    "\n::: pullquote\n",
    "\n::: sidebar\n",
    "[^x]",
    "\n[^x]: a note\n",
    "[^1]",
    "![",
    "![a](dot.png)",
    "![a](missing.png)",
    "](",
    "[a link](https://example.org)",
    "[bad](file:///etc/passwd)",
    "<https://example.org>",
    "|",
    "\n| a | b |\n|---|---|\n| c | d |\n",
    "\n> ",
    "\n- ",
    "\n1. ",
    "\n# ",
    "\n## ",
    "**",
    "*",
    "_",
    "~~",
    "`",
    "\n```\n",
    "\n    code\n",
    "---",
    "\n---\n",
    "<script>",
    "<b>",
    "{{ 7*7 }}",
    "{% raw %}",
    "&amp;",
    "&#x1F600;",
    "&#1575;",
    "&hearts;",
    "\\",
    "😀",
    "☃",
]
body_text = st.lists(
    st.one_of(
        st.text(LATIN + PERSIAN + PASHTO + DIGITS + SPACES + PUNCTUATION + " " * 8, min_size=1, max_size=40),
        st.sampled_from(MARKDOWN),
        st.text(BIDI, min_size=1, max_size=3),
    ),
    max_size=25,
).map("".join)

field_text = st.text(LATIN + PERSIAN + PASHTO + DIGITS + BIDI + " \u200c\u00a0.,()؟،", min_size=1, max_size=30)
yaml_noise = st.sampled_from(
    ["&a", "*a", "\t", ": x", " #c", "'", '"', "!!python/name:os.system", "%", "@", "|", ">", "- ", "{", "["]
)

# -- front matter ------------------------------------------------------------------------------

KEYS = ["title", "author", "date", "lang", "section", "subtitle", "bio", "source", "date_style", "digits"]
LANGS = ["en", "de", "fr", "fa", "fa-AF", "ps", "ar", "ur"]
SECTIONS = ["european-languages", "dari", "pashto"]


@st.composite
def scalar(draw: st.DrawFn, key: str, chaos: bool) -> str:
    """One value, as it is written after ``key:``: valid-ish, or (``chaos``) anything from a wrong type to
    broken YAML, escapes and tags."""
    if not chaos:
        value = {
            "date": st.dates(date(1000, 1, 1), date(2999, 12, 31)).map(str),  # typeset.reader.DATE_YEARS
            "lang": st.sampled_from(LANGS),
            "section": st.sampled_from(SECTIONS),
            "date_style": st.sampled_from(["house", "long"]),
            "digits": st.sampled_from(["native", "as-written"]),
        }.get(key, field_text)
        text = draw(value)
        style = draw(st.sampled_from(["plain", "double", "single"]))
    else:
        text = draw(
            {
                "date": st.one_of(
                    st.dates().map(str),
                    st.sampled_from(
                        ["2025-02-30", "2025-13-01", "3 June 2025", "20250603", "2025-06-03T10:00", "", "۲۰۲۵-۰۶-۰۳"]
                    ),
                    st.integers().map(str),
                ),
                "lang": st.one_of(st.sampled_from(LANGS), field_text, st.just("en\nde")),
                "section": st.one_of(st.sampled_from(SECTIONS), field_text, st.just("dari\x1b[31m")),
                "date_style": st.sampled_from(["house", "long", "gregorian", "solar-hijri", "lunar", ""]),
                "digits": st.sampled_from(["native", "as-written", "roman", "yes"]),
            }.get(
                key,
                st.one_of(
                    field_text,
                    st.integers().map(str),
                    st.sampled_from(["yes", "null", "~", "1:30", "0x1F", ".inf", "\ud800x", ""]),
                ),
            )
        )
        style = draw(st.sampled_from(["plain", "double", "single", "flow", "broken", "tag"]))
    if style == "double":  # JSON strings are YAML double-quoted strings: escapes, even lone surrogates
        return json.dumps(text, ensure_ascii=draw(st.booleans()))
    if style == "single":
        return "'" + text.replace("'", "''") + "'"
    if style == "flow":
        return draw(st.sampled_from(["[", "{"])) + text + draw(st.sampled_from(["]", "}", ""]))
    if style == "broken":
        return draw(st.sampled_from(["", text])) + draw(yaml_noise) + draw(st.sampled_from(["", text]))
    if style == "tag":
        return (
            draw(st.sampled_from(["!!int ", "!!float ", "!!bool ", "!!timestamp ", "!!binary ", "!!str ", "!custom "]))
            + text
        )
    return text


@st.composite
def front_matter(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["fields"] * 12 + ["list", "scalar", "empty"]))
    if kind == "list":
        return "".join(f"- {draw(field_text)}\n" for _ in range(draw(st.integers(1, 3))))
    if kind == "scalar":
        return draw(field_text) + "\n"
    if kind == "empty":
        return ""
    chaos = draw(st.integers(0, 2)) == 1  # (not 0: Hypothesis draws the simplest value, 0, more often)
    lines = []
    for key in KEYS:
        if draw(st.integers(0, 3 if key in ("subtitle", "bio", "source", "date_style", "digits") else 30)) == 2:
            continue  # a missing field, now and then
        if key == "source" and draw(st.booleans()):
            url = draw(
                st.sampled_from(
                    ["https://example.org/", "https://example.org/"] + (["file:///etc/passwd", "x"] if chaos else [])
                )
            )
            lines.append(f"source:\n  name: {draw(scalar('title', chaos))}\n  url: {url}\n")
            continue
        lines.append(f"{key}: {draw(scalar(key, chaos))}\n")
    if chaos:
        lines += [
            f"{key}: {draw(field_text)}\n"
            for key in draw(st.lists(st.text("abcxyz_-", min_size=1, max_size=8), max_size=2))
        ]
    return "".join(draw(st.permutations(lines)))


@st.composite
def source_bytes(draw: st.DrawFn) -> bytes:
    fence = draw(st.sampled_from(["---\n"] * 12 + ["", "--- \n", "---\n---\n"]))
    close = draw(st.sampled_from(["---\n"] * 12 + ["...\n", ""]))
    text = fence + draw(front_matter()) + close + "\n" + draw(body_text) + "\n"
    if draw(st.integers(0, 5)) == 2:
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8", "surrogatepass")  # a lone surrogate is written as the bytes it would be
    if draw(st.integers(0, 9)) == 3:  # bytes that are not UTF-8, somewhere
        at = draw(st.integers(0, len(data)))
        data = (
            data[:at] + draw(st.sampled_from([b"\xed\xa0\x80", b"\xff", b"\xc3\x28", b"\xc0\xaf", b"\x00"])) + data[at:]
        )
    return data


# -- the property -----------------------------------------------------------------------------

_SUMMARY = re.compile(r"\d+ (built|ok)(, \d+ failed)?")


def check_outcome(source: Path, code: int, err: str, out: Path | None) -> None:
    assert code in (0, 1), err
    assert "Traceback" not in err and "internal error" not in err, err
    first = re.search(r": error: ([^'(0-9]*)", err)
    event(f"exit {code}" + (f": {first.group(1).strip()}" if code and first else ""))  # --hypothesis-show-statistics
    if code == 1:
        lines = err.splitlines()
        assert lines, "failed without a word"
        located = re.compile(re.escape(str(source)) + r":\d+(:\d+)?: error: \S.*")
        for line in lines:
            assert located.fullmatch(line) or line.startswith("  hint: ") or _SUMMARY.fullmatch(line), line
        assert any(located.fullmatch(line) for line in lines), err
    else:
        assert "warning" not in err, err  # the engine drew a box, or fell back to another font
    if out is not None:
        names = sorted(p.name for p in out.iterdir()) if out.exists() else []
        names = [name for name in names if name != ".typeset-manifest.json"]
        assert names == (["a.pdf"] if code == 0 else []), names  # no partial or temporary file
        if code == 0:
            data = (out / "a.pdf").read_bytes()
            assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")


def _example_folder(project: Project) -> Path:
    """A fresh folder per example, under the project (so the house publication.yaml applies), with an image."""
    folder = Path(tempfile.mkdtemp(dir=project.root, prefix="ex-"))
    (folder / "dot.png").write_bytes((Path(__file__).parent / "data" / "dot.png").read_bytes())
    return folder


_SETTINGS = {
    "deadline": None,
    "database": None,
    # CI runs the same examples every time (a red build is then a real change); elsewhere they vary.
    "derandomize": os.environ.get("CI") == "true",
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
}


@settings(max_examples=200, **_SETTINGS)  # type: ignore[arg-type]
@given(data=source_bytes())
def test_check_reports_located_errors_or_passes(project: Project, data: bytes) -> None:
    folder = _example_folder(project)
    source = folder / "a.md"
    source.write_bytes(data)
    code, _, err = project.run("check", str(source))
    check_outcome(source, code, err, None)


@settings(max_examples=40, **_SETTINGS)  # type: ignore[arg-type]
@given(data=source_bytes())
def test_build_writes_a_valid_pdf_or_nothing(project: Project, data: bytes) -> None:
    folder = _example_folder(project)
    source = folder / "a.md"
    source.write_bytes(data)
    out = folder / "out"
    code, _, err = project.run("build", str(source), "-o", str(out))
    check_outcome(source, code, err, out)


VALID_FRONT = {
    "en": "title: {t}\nauthor: A\ndate: 2025-06-03\nlang: en\nsection: european-languages\n",
    "fa-AF": "title: {t}\nauthor: آزماینده\ndate: 2025-06-03\nlang: fa-AF\nsection: dari\n",
    "ps": "title: {t}\nauthor: ليکوال\ndate: 2025-06-03\nlang: ps\nsection: pashto\n",
}


@settings(max_examples=40, **_SETTINGS)  # type: ignore[arg-type]
@given(lang=st.sampled_from(sorted(VALID_FRONT)), title=field_text, body=body_text)
def test_valid_front_matter_with_any_body(project: Project, lang: str, title: str, body: str) -> None:
    """Most generated front matter is broken; this one is valid, so the body (and the title) are what is tested."""
    folder = _example_folder(project)
    source = folder / "a.md"
    front = VALID_FRONT[lang].format(t=json.dumps(title or "T", ensure_ascii=False))
    source.write_bytes(f"---\n{front}---\n\n{body}\n".encode("utf-8", "surrogatepass"))
    out = folder / "out"
    code, _, err = project.run("build", str(source), "-o", str(out))
    check_outcome(source, code, err, out)
