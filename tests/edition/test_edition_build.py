"""Editions end to end, read back from the PDF: the contents, folios, bookmarks and openings agree;
rebuilding after one edit sets exactly one article again; a bad edition writes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from tests import pdfread
from tests.conftest import INPUT, run_typeset
from typeset.edition import parts as edition_parts
from typeset.edition.build import PARTS_DIR, build_edition
from typeset.jobs.manifest import Manifest
from typeset.jobs.options import Options
from typeset.typography import verse

pytestmark = pytest.mark.slow  # renders PDFs

PERSIAN_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")


@pytest.fixture(scope="module")
def weekly(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The shipped edition (fa-AF: right-bound), built once into a copy of input/."""
    root = tmp_path_factory.mktemp("edition")
    shutil.copytree(INPUT, root / "input")
    out = root / "output"
    result = build_edition(root / "input" / "editions" / "weekly.yaml", Options(out))
    assert result.ok, [error.format() for error in result.errors] + [
        error.format() for job in result.articles for error in job.errors
    ]
    return {"root": root, "out": out, "result": result, "pdf": result.output}


def _page_index(pdf: pikepdf.Pdf, page: pikepdf.Object) -> int:
    return next(i for i, candidate in enumerate(pdf.pages) if candidate.obj.objgen == page.objgen)


def _target(pdf: pikepdf.Pdf, annot: pikepdf.Object) -> int | None:
    dest = annot.get("/Dest")
    if dest is None and "/A" in annot and annot.A.get("/S") == "/GoTo":
        dest = annot.A.D
    if dest is None or isinstance(dest, (pikepdf.String, pikepdf.Name)):
        return None
    return _page_index(pdf, dest[0])


def _number(text: str) -> int | None:
    digits = "".join(c for c in text.translate(PERSIAN_DIGITS) if c.isdigit())
    return int(digits) if digits else None


def _folio(plumber: pdfplumber.PDF, index: int) -> int | None:
    """The number printed in the bottom margin of page ``index`` (0-based), if any."""
    page = plumber.pages[index]
    box = page.trimbox if hasattr(page, "trimbox") else page.bbox
    bottom = page.crop((box[0], box[3] - 0.08 * (box[3] - box[1]), box[2], box[3]))
    return _number(bottom.extract_text() or "")


def _contents(pdf: pikepdf.Pdf, plumber: pdfplumber.PDF) -> list[tuple[int, int]]:
    """(printed page number, page the entry links to) for every entry of the contents (the pages
    from its bookmark, «فهرست» or "Contents", to the first article's)."""
    with pdf.open_outline() as outline:
        starts = [(item.title, _page_index(pdf, item.destination[0])) for item in outline.root]
    first = next(index for title, index in starts if title in ("فهرست", "Contents"))
    end = min((index for _, index in starts if index > first), default=len(pdf.pages))
    rows = []
    for index in range(first, end):
        page = pdf.pages[index]
        for annot in page.get("/Annots", []):
            target = _target(pdf, annot)
            if annot.get("/Subtype") != "/Link" or target is None:
                continue
            xs, ys = sorted(float(v) for v in annot.Rect[::2]), sorted(float(v) for v in annot.Rect[1::2])
            x0, x1, y0, y1 = *xs, *ys
            height = float(page.MediaBox[3])
            area = (plumber.pages[index].crop((x0, height - y1, x1, height - y0)).extract_text() or "").strip()
            # An entry is a link of one or more boxes (title lines, author, page): its page is the box of digits.
            if area and all(c.isdigit() for c in area.translate(PERSIAN_DIGITS)):
                rows.append((_number(area), target))
            else:
                rows.append((None, target))
    found = {target: printed for printed, target in rows if printed is not None}
    assert set(found) == {target for _, target in rows}, "an entry without its page number"
    return sorted((printed, target) for target, printed in found.items())


def test_contents_bookmarks_and_folios_agree(weekly: dict) -> None:
    with pikepdf.open(weekly["pdf"]) as pdf, pdfplumber.open(weekly["pdf"]) as plumber:
        rows = _contents(pdf, plumber)
        assert len(rows) == 3
        with pdf.open_outline() as outline:
            marks = [item for item in outline.root if item.destination is not None]
            starts = {_page_index(pdf, item.destination[0]) for item in marks}
        for printed, target in rows:
            assert printed == target + 1  # the number the reader sees is the page the link opens
            assert target in starts  # a bookmark lands there too
            assert _folio(plumber, target) in (None, target + 1)  # an opening page may carry no folio
            assert _folio(plumber, target + 1) == target + 2  # the next page is folioed in sequence


def test_articles_open_on_rectos_and_blanks_are_blank(weekly: dict) -> None:
    with pikepdf.open(weekly["pdf"]) as pdf, pdfplumber.open(weekly["pdf"]) as plumber:
        for _, target in _contents(pdf, plumber):
            assert target % 2 == 0  # page 1, 3, 5…: a recto in both bindings (page 1 is a recto)
        for index, page in enumerate(plumber.pages):
            if not (page.extract_text() or "").strip():
                assert index % 2 == 1, f"blank page {index + 1} is a recto"
                assert _folio(plumber, index) is None


def test_right_bound_viewer_preferences(weekly: dict) -> None:
    with pikepdf.open(weekly["pdf"]) as pdf:
        assert pdf.Root.ViewerPreferences.Direction == "/R2L"
        assert pdf.Root.PageLayout == "/TwoPageRight"
        assert str(pdf.Root.Lang) == "fa-AF"


def test_page_count_is_what_the_parts_add_up_to(weekly: dict) -> None:
    from typeset.edition.bind import paginate

    parts = weekly["out"] / PARTS_DIR / "weekly"
    counts = weekly["result"].counts  # the cover (and note), the contents, each article
    articles = []
    for job in weekly["result"].articles:
        with pikepdf.open(job.output) as piece:
            articles.append(len(piece.pages))
    assert counts[2:] == articles and len(list(parts.glob("*.pdf"))) == 3
    starts = paginate(counts)
    blanks = sum(
        start - (previous + count) for previous, count, start in zip(starts[:-1], counts[:-1], starts[1:], strict=True)
    )
    with pikepdf.open(weekly["pdf"]) as pdf:
        assert len(pdf.pages) == sum(counts) + blanks == starts[-1] + counts[-1] - 1


def test_rebuild_is_byte_identical_and_nothing_set_again(weekly: dict) -> None:
    before = weekly["pdf"].read_bytes()
    result = build_edition(weekly["root"] / "input" / "editions" / "weekly.yaml", Options(weekly["out"], force=True))
    assert result.ok and weekly["pdf"].read_bytes() == before
    again = build_edition(weekly["root"] / "input" / "editions" / "weekly.yaml", Options(weekly["out"]))
    assert again.ok and again.skipped and again.rendered == []


def test_one_edit_sets_one_article_and_moves_later_folios(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(INPUT, tmp_path / "input")
    edition = tmp_path / "input" / "editions" / "weekly.yaml"
    out = tmp_path / "output"
    first = build_edition(edition, Options(out))
    assert first.ok
    original = first.output.read_bytes()
    with pikepdf.open(first.output) as pdf, pdfplumber.open(first.output) as plumber:
        before = _contents(pdf, plumber)
    parts = Manifest(out / PARTS_DIR / "weekly")
    recorded = {key: entry.output_hash for key, entry in parts.entries.items()}
    source = first.edition.entries[0].source
    text = source.read_text(encoding="utf-8")
    paragraph = "کتابخانه‌های دیجیتال حافظهٔ فرهنگی ما را برای نسل‌های آینده نگه می‌دارند و راه خواندن را باز می‌کنند. " * 6
    source.write_text(text.replace("\n\n", f"\n\n{paragraph}\n\n" * 1, 12), encoding="utf-8")
    set_again: list[str] = []
    render_part = edition_parts.render_part

    def spy(html: str, *args: object, **kwargs: object) -> bytes:
        set_again.append(html)
        return render_part(html, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(edition_parts, "render_part", spy)
    second = build_edition(edition, Options(out))
    assert second.ok and second.rendered == [source]
    assert set_again == []  # not the cover, nor the contents (their numbers are stamped), nor the sheets
    changed = {
        key for key, entry in Manifest(out / PARTS_DIR / "weekly").entries.items() if recorded[key] != entry.output_hash
    }
    assert changed == {Manifest.key(source)}
    assert second.pages > first.pages
    with pikepdf.open(second.output) as pdf, pdfplumber.open(second.output) as plumber:
        after = _contents(pdf, plumber)
        for printed, target in after:
            assert printed == target + 1 and target % 2 == 0
    assert after[0] == before[0] and all(new > old for (new, _), (old, _) in zip(after[1:], before[1:], strict=True))
    # The edit undone: the edition is again the bytes it was, bound from the parts kept, the article's
    # own part the one rendered first (from the cache of parts: nothing rendered again).
    source.write_text(text, encoding="utf-8")
    third = build_edition(edition, Options(out))
    assert third.ok and third.rendered == [] and third.reused == [source]
    assert third.output.read_bytes() == original


BAD = {
    "missing article": ("articles:\n  - ../nowhere.md\n", "no such article"),
    "unknown section": (
        "sections:\n  - section: sports\n    articles: [../2025-06-10-digital-libraries-dari.md]\n",
        "sports",
    ),
    "duplicate": (
        "articles:\n  - ../2025-06-10-digital-libraries-dari.md\n  - ../2025-06-10-digital-libraries-dari.md\n",
        "duplicate article",
    ),
    "broken yaml": ("articles: [../x.md\n", "error:"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_edition_is_located_and_writes_nothing(tmp_path: Path, case: str) -> None:
    shutil.copytree(INPUT, tmp_path / "input")
    body, words = BAD[case]
    edition = tmp_path / "input" / "editions" / "bad.yaml"
    edition.write_text("title: بد\nnumber: 1\ndate: 2025-06-14\nlanguage: fa-AF\n" + body, encoding="utf-8")
    result = run_typeset("edition", "-o", "out", "input/editions/bad.yaml", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "input/editions/bad.yaml:" in result.stderr and words in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out" / "bad.pdf").exists()


def test_an_article_that_fails_fails_the_edition(tmp_path: Path) -> None:
    shutil.copytree(INPUT, tmp_path / "input")
    broken = tmp_path / "input" / "broken.md"
    broken.write_text("---\ntitle: x\n---\n", encoding="utf-8")
    edition = tmp_path / "input" / "editions" / "weekly.yaml"
    edition.write_text(
        edition.read_text(encoding="utf-8").replace("2025-06-10-digital-libraries-dari.md", "broken.md", 1),
        encoding="utf-8",
    )
    result = run_typeset("edition", "-o", "out", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert any(line.startswith("input/editions/weekly.yaml:") and "broken.md did not build" in line for line in lines)
    # The article's own errors, named as `typeset build` names it (relative to here, not resolved).
    assert any(line.startswith("input/broken.md:") and ": error: " in line for line in lines), lines
    assert str(tmp_path) not in result.stderr
    assert not (tmp_path / "out" / "weekly.pdf").exists()


def test_cli_default_builds_every_edition(tmp_path: Path) -> None:
    shutil.copytree(INPUT, tmp_path / "input")
    result = run_typeset("edition", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "output/weekly.pdf" in result.stdout
    assert (tmp_path / "output" / "weekly.pdf").read_bytes().startswith(b"%PDF-")
    again = run_typeset("edition", cwd=tmp_path)
    assert again.returncode == 0 and "up to date" in again.stdout


def test_note_and_cover(weekly: dict) -> None:
    with pdfplumber.open(weekly["pdf"]) as plumber:
        cover = plumber.pages[0].extract_text() or ""
    edition = weekly["result"].edition
    assert edition.number.translate(PERSIAN_DIGITS) in cover.translate(PERSIAN_DIGITS)


def test_the_cover_sets_the_verse_header_as_beyts_on_an_a5_page(weekly: dict) -> None:
    """14 pt is too large for two Ferdowsi hemistichs side by side in half an A5 column: the cover
    sets the header smaller instead of breaking its beyts, and says nothing."""
    assert weekly["result"].warnings == []
    lines = pdfread.lines_in_font(weekly["pdf"], pdfread.VERSE_FACES, page=0)
    assert len(lines) == 2, "two beyts, each on one line"
    with pdfplumber.open(weekly["pdf"]) as plumber:
        width = float(plumber.pages[0].width)
    for line in lines:
        left, right = pdfread.split_at_widest_gap(line)
        assert right.x0 > width / 2 > left.x1, "a hemistich each side of the middle"
        assert abs(left.width - right.width) < 0.02 * right.width, "of equal width"
        assert {round(c["size"], 1) for c in line} == {round(c["size"], 1) for c in lines[0]}
    size = lines[0][0]["size"]
    assert verse.HEADER_MIN_SIZE <= size < verse.HEADER_SIZE


def test_check_reads_the_edition_files_too(tmp_path: Path) -> None:
    """`typeset check` (one command for an editor) reports a bad edition file at its lines, writing nothing."""
    shutil.copytree(INPUT, tmp_path / "input")
    bad = tmp_path / "input" / "editions" / "bad.yaml"
    bad.write_text("title: x\nnumber: 1\ndate: 2025-02-30\nlanguage: fa-AF\narticles: [../nope.md]\n", "utf-8")
    result = run_typeset("check", cwd=tmp_path)
    assert result.returncode == 1
    assert "input/editions/bad.yaml:3:7: error: invalid date '2025-02-30'" in result.stderr
    assert "input/editions/bad.yaml:5:12: error: no such article: ../nope.md" in result.stderr
    assert "1 editions ok, 1 failed" in result.stderr
    assert not (tmp_path / "output").exists()
    bad.unlink()
    assert run_typeset("check", cwd=tmp_path).returncode == 0


def test_a_pdf_typeset_did_not_write_is_left_as_it_is(tmp_path: Path) -> None:
    shutil.copytree(INPUT, tmp_path / "input")
    (tmp_path / "output").mkdir()
    mine = tmp_path / "output" / "weekly.pdf"
    mine.write_bytes(b"%PDF-1.4 the editor's own file\n")
    result = run_typeset("edition", cwd=tmp_path)
    assert result.returncode == 1
    assert (
        f"error: {Path('output') / 'weekly.pdf'} exists and typeset did not write it: it is left as it is"
        in result.stderr
    )
    assert mine.read_bytes() == b"%PDF-1.4 the editor's own file\n"


def test_parts_set_on_two_cores_are_the_parts_set_on_one(
    weekly: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With nothing cached, the sheets' chunks are set in worker processes (the cover and the contents in
    this one, before the pools fork: they warm its engine for the workers): the edition is the same bytes
    as the one built in one process."""
    from typeset import cache
    from typeset.jobs.workers import Workers

    in_workers: list[int] = []
    render = Workers.render

    def spy(*args: object) -> dict[int, bytes]:
        done = render(*args)  # type: ignore[arg-type]
        in_workers.extend(done)
        return done

    monkeypatch.setattr(Workers, "render", spy)
    monkeypatch.setenv("TYPESET_CACHE_DIR", str(tmp_path / "cache"))
    for function in (cache.cache_dir, cache._subdir):
        function.cache_clear()
    try:
        shutil.copytree(weekly["root"] / "input", tmp_path / "input")
        result = build_edition(tmp_path / "input" / "editions" / "weekly.yaml", Options(tmp_path / "output", jobs=2))
    finally:
        for function in (cache.cache_dir, cache._subdir):
            function.cache_clear()
    assert result.ok, [error.format() for error in result.errors]
    assert len(in_workers) == 2  # a chunk of folios and one of numbers
    assert result.output.read_bytes() == weekly["pdf"].read_bytes()


def test_a_cover_the_fonts_cannot_set_is_located_and_writes_nothing(tmp_path: Path) -> None:
    """The cover is set while the articles render: its error still comes at the edition file's line,
    after the articles' own, and no edition is written."""
    shutil.copytree(INPUT, tmp_path / "input")
    edition = tmp_path / "input" / "editions" / "weekly.yaml"
    text = edition.read_text(encoding="utf-8")
    edition.write_text(text.replace("title: هفته‌نامهٔ افغانستان آزاد", "title: هفته‌نامهٔ 🀄 آزاد"), encoding="utf-8")
    result = build_edition(edition, Options(tmp_path / "output", jobs=2))
    assert not result.ok
    messages = [error.format() for error in result.errors]
    assert len(messages) == 1 and messages[0].startswith(f"{edition}:3:"), messages
    assert "character '🀄' (U+1F004 MAHJONG TILE RED DRAGON) is not in the" in messages[0]
    assert not (tmp_path / "output" / "weekly.pdf").exists()


def test_a_cover_set_by_another_typeset_is_set_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cover, contents and sheets cached by another typeset (its code, fonts, theme or engine) are set
    again: an archive bound a cover cached by an older text layer, and verify, setting it anew, differed."""
    from typeset.edition import build as edition_build

    shutil.copytree(INPUT, tmp_path / "input")
    edition = tmp_path / "input" / "editions" / "weekly.yaml"
    assert build_edition(edition, Options(tmp_path / "first")).ok
    stored: list[str] = []
    store = edition_build.cache.store
    monkeypatch.setattr(edition_build.cache, "store", lambda kind, *rest: (stored.append(kind), store(kind, *rest)))
    assert build_edition(edition, Options(tmp_path / "same")).ok
    assert "edition-part" not in stored, "the same typeset takes its cached parts"
    monkeypatch.setattr(edition_build, "engine_fingerprint", lambda: "another typeset")
    assert build_edition(edition, Options(tmp_path / "other")).ok
    assert "edition-part" in stored, "another typeset's parts are set again"


def test_cached_cover_contents_and_sheets_are_found_without_their_templates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After an edit to an article's text, the cover, the contents and the sheets come from the cache by
    their inputs, their HTML not made again; an edit to a title (a contents entry) sets the contents
    again, and the edition is the bytes of a build from nothing."""
    shutil.copytree(INPUT, tmp_path / "input")
    edition = tmp_path / "input" / "editions" / "weekly.yaml"
    out = tmp_path / "output"
    assert build_edition(edition, Options(out)).ok
    made: list[str] = []
    for name in ("front_html", "toc_html", "folios_html", "numbers_html"):
        real = getattr(edition_parts, name)
        monkeypatch.setattr(
            edition_parts, name, lambda *args, name=name, real=real: (made.append(name), real(*args))[1]
        )
    source = tmp_path / "input" / "2025-06-03-pakistan-diplomatic-reawakening.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("\n---\n\n", "\n---\n\nA word. ", 1), encoding="utf-8")
    assert build_edition(edition, Options(out)).ok
    assert made == [], "an edit to an article's text sets no cover, contents or sheet"
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    edited = source.read_text(encoding="utf-8").replace(title, title.replace("Reawakening", "Awakening"), 1)
    source.write_text(edited, encoding="utf-8")
    result = build_edition(edition, Options(out))
    assert result.ok and made == ["toc_html"], made
    fresh = build_edition(edition, Options(tmp_path / "fresh", force=True))
    assert fresh.ok and fresh.output is not None and result.output is not None
    assert result.output.read_bytes() == fresh.output.read_bytes()
