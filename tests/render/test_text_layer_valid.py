"""Every Dari and Pashto page's text layer (issue 18): verse with ZWNJ never stops a build, every glyph drawn
obeys PDF/A's glyph rules (tests/pdfrules.py), and five readers give the source's words.

Readers and their order (what docs/typography.md says, under "Known limits"):
- poppler's pdftotext: logical order; with ``-raw``, the order glyphs are drawn in: each word in logical
  order, a right-to-left line's words from left to right, and a raised mark (the hamza of ـهٔ) set apart
  from its word (compared without marks);
- pdfminer.six and MuPDF (``mutool draw -F txt``): each line in visual order, left to right; a line is turned
  back with the Unicode bidi algorithm (python-bidi), as a searcher's tool would; MuPDF strings a beyt's
  hemistichs together in the order they are drawn, with no space where they meet, so its verse is compared
  by letters;
- pypdf: logical order, but it turns a right-to-left line back glyph by glyph, so a run of digits reads
  reversed (۲۷ as ۷۲), the pieces of a line around a number come in another order, and a ZWNJ, read with
  the letter beside it, lands one letter off: its words are compared without digits and ZWNJ, and in any
  order; it joins a beyt's hemistichs into one line, gluing the words where they meet, and glues words
  to numbers, so only its prose without numbers is compared.
- poppler takes a run of digits and the punctuation before it for one left-to-right run («فهرست، ۱۵مخونه»
  reads «فهرست۱۵ ،مخونه»): its words are compared without digits.
Each source line (a paragraph, a hemistich) must come out with its words in order; a beyt's two
hemistichs may come in either order (readers that cut a line at a wide gap take them for two columns,
and MuPDF strings text in the order it is drawn). Words are compared as a reader compares them
(tests/render/test_text_truth.py): punctuation around a word and the digits' script do not count; the tatweels
of verse are kashida and read as nothing.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from collections import Counter
from pathlib import Path

import pypdf
import pytest
from bidi import get_display
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pdfminer.high_level import extract_text

from tests import pdfread
from tests.pdfrules import glyph_problems
from tests.render.test_text_truth import words
from typeset.typography.localize import native_digits

pytestmark = pytest.mark.slow  # renders PDFs

TATWEEL, ZWNJ = "\u0640", "\u200c"

HAFEZ = """\
شاعر در ولایت بغلان و کنار هـریـرود زندگی می‌کرد. فهرست، ۱۵مخونه و (پژواک، ١٥دلو٩٣): سال ١٤٠ و 1404.

::: verse
الا یا ایها الساقی ادر کاسا و ناولها
که عشق آسان نمود اول ولی افتاد مشکل‌ها
:::

کتاب‌ها و نسخهٔ خطی لا اله الا الله.
"""

PASHTO = """\
دا لكه یو ګل دی چې په باغ کې وي. فهرست، ۱۵مخونه، يي او ي.

::: verse
لكه د ګلونو په باغ کې ګډېږي ګلالۍ
زړه مې لكه مرغه په وږمو کې الوزي
:::
"""

#: The sources' letters as typed (their Arabic ك and ي are the text layer's test, not spelling to correct: issue 24).
FRONT = {
    "fa-AF": "title: غزل نخست حافظ\nauthor: نویسنده\ndate: 2025-06-17\nlang: fa-AF\nsection: dari\npunctuation: as-written\n",
    "ps": "title: لنډۍ\nauthor: ليکوال\ndate: 2025-06-17\nlang: ps\nsection: pashto\npunctuation: as-written\n",
}


def pdftotext(pdf: Path, *flags: str) -> list[str]:
    out = subprocess.run(["pdftotext", *flags, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return out.splitlines()


def pdfminer(pdf: Path) -> list[str]:
    return [get_display(line, base_dir="R") for line in extract_text(pdf).splitlines()]


def mupdf(pdf: Path) -> list[str]:
    run = subprocess.run(["mutool", "draw", "-q", "-F", "txt", "-o", "-", str(pdf)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "\ufffd" not in run.stdout, "MuPDF reads a glyph as U+FFFD"
    return [get_display(line, base_dir="R") for line in run.stdout.splitlines()]


def pypdf_lines(pdf: Path) -> list[str]:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages).splitlines()


def pdftotext_raw(pdf: Path) -> list[str]:
    """``-raw`` keeps the order glyphs are drawn in: a right-to-left line's words come left to right (each
    word in logical order), so the line's words are turned back."""
    return [" ".join(reversed(line.split())) for line in pdftotext(pdf, "-raw")]


READERS = {
    "pdftotext": pdftotext,
    "pdftotext -raw": pdftotext_raw,
    "pdfminer": pdfminer,
    "mupdf": mupdf,
    "pypdf": pypdf_lines,
}


def reader_words(lines: list[str], reader: str) -> list[str]:
    text = " ".join(lines).replace(TATWEEL, "")
    if reader == "pdftotext -raw":  # it sets a raised mark (the hamza of ـهٔ) apart from its word
        text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    found = words(text)
    return [w for w in _as_read(found, reader) if w]


def _as_read(found: list[str], reader: str) -> list[str]:
    if reader == "pypdf":
        return [re.sub(r"[0-9]", "", w.replace(ZWNJ, "")) for w in found]
    if reader.startswith("pdftotext"):
        return [re.sub(r"[0-9]", "", w) for w in found]
    return found


def source_lines(body: str, reader: str) -> list[tuple[list[str], bool]]:
    """The words of each line of ``body`` a reader must give in order, and whether it is verse (but for
    pypdf's verse and numbers)."""
    out, verse = [], False
    for line in body.splitlines():
        if line.startswith(":::"):
            verse = not verse
            continue
        if reader == "pypdf" and (verse or re.search("[0-9۰-۹٠-٩]", line)):
            continue
        line = line.replace(TATWEEL, "")
        if reader == "pdftotext -raw":
            line = "".join(c for c in line if unicodedata.category(c) != "Mn")
        found = _as_read(words(native_digits(line, "fa")), reader)
        if found := [w for w in found if w]:
            out.append((found, verse))
    return out


def contains_in_order(found: list[str], wanted: list[str]) -> list[str]:
    """The words of ``wanted`` missing from ``found`` (taken in order; [] when all are there)."""
    missing, at = [], 0
    for word in wanted:
        try:
            at = found.index(word, at) + 1
        except ValueError:
            missing.append(word)
    return missing


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from tests.conftest import INPUT
    from typeset.jobs.batch import build

    root = tmp_path_factory.mktemp("issue18")
    (root / "publication.yaml").write_bytes((INPUT / "publication.yaml").read_bytes())
    sources = []
    for name, (lang, body) in {"hafez": ("fa-AF", HAFEZ), "landay": ("ps", PASHTO)}.items():
        (root / f"{name}.md").write_text(f"---\n{FRONT[lang]}---\n\n{body}", encoding="utf-8")
        sources.append(root / f"{name}.md")
    jobs = build(sources, root / "out")
    assert all(job.ok for job in jobs), [e.format() for job in jobs for e in job.errors]
    assert not [w for job in jobs for w in job.warnings]
    return {job.source.stem: job.output for job in jobs if job.output}


def test_a_hafez_beyt_with_zwnj_beside_the_verse_header_builds(project) -> None:
    """The first beyt of the Divan stopped the build (carriers are taken before clones)."""
    source = project.source("hafez.md", HAFEZ, front=FRONT["fa-AF"])
    code, out, err = project.run("build", str(source), "-o", str(project.root / "out"))
    assert code == 0, err
    assert "internal error" not in out + err
    assert "مشکل‌ها" in pdfread.text(project.root / "out" / "hafez.pdf")


@pytest.mark.parametrize("reader", sorted(READERS))
@pytest.mark.parametrize(("name", "body"), [("hafez", HAFEZ), ("landay", PASHTO)])
def test_every_reader_gives_the_sources_words(articles: dict[str, Path], name: str, body: str, reader: str) -> None:
    found = reader_words(READERS[reader](articles[name]), reader)
    letters = "".join(found)
    for line, verse in source_lines(body, reader):
        if reader == "pypdf":
            assert not Counter(line) - Counter(found), found
        elif verse and reader == "mupdf":
            assert "".join(line) in letters, (line, found)
        else:
            assert not contains_in_order(found, line), found


def test_the_words_that_broke_read_whole(articles: dict[str, Path]) -> None:
    """Arabic kaf after lam (Amiri's join), lam-alef, a lam the engine mapped to nothing, ZWNJ, a typed
    tatweel after ر, Arabic-Indic digits made Persian."""
    text = " ".join(pdftotext(articles["hafez"]) + pdftotext(articles["landay"]))
    for word in ("لكه", "الوزي", "بغلان", "ولایت", "می‌کرد", "مشکل‌ها", "کتاب‌ها", "هـریـرود", "الله", "۱۴۰"):
        assert word in text, word
    assert "للكه" not in text and "١٤٠" not in text


def test_every_glyph_drawn_obeys_pdfa(articles: dict[str, Path], built: dict[str, Path]) -> None:
    for pdf in [*articles.values(), *built.values()]:
        assert glyph_problems(pdf) == [], pdf.name


def test_the_edition_obeys_pdfa_and_mupdf_reads_it(tmp_path: Path) -> None:
    from tests.conftest import INPUT, run_typeset

    result = run_typeset("edition", "-o", str(tmp_path), cwd=INPUT.parent)
    assert result.returncode == 0, result.stderr
    [pdf] = tmp_path.glob("*.pdf")
    assert glyph_problems(pdf) == []
    mupdf(pdf)


# A generated corpus: verse and prose of Persian and Pashto letters, ZWNJ, tatweel, lam-alef, Arabic ي/ك,
# digits of three kinds and Latin words, with the house verse header on every page.
_LETTERS = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيكټځڅډړږښګڼۍې"
_word = st.one_of(
    st.text(alphabet=_LETTERS, min_size=2, max_size=7),
    st.sampled_from(["لا", "بغلان", "الله", "لكه", "ولایت", "پژواک", "۱۵مخونه", "ګلالۍ"]),
    st.tuples(
        st.text(alphabet=_LETTERS, min_size=1, max_size=4), st.text(alphabet=_LETTERS, min_size=2, max_size=4)
    ).map(lambda p: p[0] + ZWNJ + p[1]),
    st.integers(0, 99999).map(str),
    st.integers(0, 9999).map(lambda n: str(n).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))),
    st.sampled_from(["JF-17", "Kabul", "BBC"]),
)
_line = st.lists(_word, min_size=3, max_size=8).map(" ".join)


# A typed tatweel in prose (in verse, the justified hemistich may open a gap inside such a word: issue 24)
_prose = st.tuples(_line, st.sampled_from(["", " هـریـرود"])).map("".join)


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(lang=st.sampled_from(["fa-AF", "ps"]), prose=_prose, hemistichs=st.lists(_line, min_size=2, max_size=4))
@pytest.mark.slow
def test_generated_verse_and_prose(
    tmp_path_factory: pytest.TempPathFactory, lang: str, prose: str, hemistichs: list[str]
) -> None:
    from tests.conftest import INPUT
    from typeset.jobs.batch import build

    root = tmp_path_factory.mktemp("corpus")
    (root / "publication.yaml").write_bytes((INPUT / "publication.yaml").read_bytes())
    body = prose + ".\n\n::: verse\n" + "\n".join(hemistichs) + "\n:::\n"
    (root / "a.md").write_text(f"---\n{FRONT[lang]}---\n\n{body}", encoding="utf-8")
    [job] = build([root / "a.md"], root / "out")
    assert job.ok, [e.format() for e in job.errors]
    assert job.output is not None
    assert glyph_problems(job.output) == []
    # Every letter, mark and ZWNJ of the source is read, as many times as it is written (a beyt's order and
    # the spaces a justified hemistich opens are issue 24's; the order of words is tested above; a ZWNJ
    # beside a letter from another face, ګ in verse, is not drawn where a reader can find it).
    for reader in ("pdftotext", "pdfminer", "mupdf"):
        found = Counter("".join(reader_words(READERS[reader](job.output), reader)).replace(ZWNJ, ""))
        source = "".join(w for line, _ in source_lines(body, reader) for w in line if not re.search("[A-Za-z]", w))
        wanted = Counter(source.replace(ZWNJ, ""))
        assert not wanted - found, (reader, wanted - found)
