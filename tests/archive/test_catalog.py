"""The archive's catalog: the shipped articles indexed from their sources and found however they are spelled.

Records are made by hand from the sources' front matter (no PDFs) for most tests; the reindex
tests make small PDFs with attachments (pikepdf) as the archive holds them.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pikepdf
import pytest
import yaml
from click.testing import CliRunner

from tests.conftest import cli
from typeset.archive.catalog import CATALOG_NAME, Catalog, Hit, body_text, reindex, source_text
from typeset.archive.record import RECORD_NAME, Record
from typeset.cli.main import main
from typeset.cli.search import reindex_command

pytestmark = pytest.mark.slow  # renders PDFs

ROOT = Path(__file__).resolve().parents[2]
SECTIONS = yaml.safe_load((ROOT / "input" / "publication.yaml").read_text("utf-8"))["sections"]
#: Two tiny articles with the two words that look alike: the Pashto «ولي» (why) and the Dari «ولی» (but).
EXTRA = {
    "pashto-why.md": "---\ntitle: پوښتنه\nauthor: ملالۍ\ndate: 2025-07-01\nlang: ps\nsection: pashto\n---\n\n"
    "ولي خلک کتابونه نه لولي؟\n",
    "dari-but.md": "---\ntitle: پاسخ\nauthor: مریم\ndate: 2025-07-02\nlang: fa-AF\nsection: dari\n---\n\n"
    "کتاب گران است، ولی ارزش دارد.\n",
}


def record_of(name: str, text: str, version: int = 1) -> Record:
    front = yaml.safe_load(text.split("---")[1])
    labels = SECTIONS[front["section"]]
    day = str(front["date"])
    return Record(
        kind="article",
        slug=Path(name).stem,
        version=version,
        title=front["title"],
        author=front["author"],
        date=day,
        lang=front["lang"],
        pdf=f"articles/{day[:4]}/{day[5:7]}/{Path(name).stem}/v{version}.pdf",
        section=front["section"],
        section_labels=(labels["en"], labels["fa"]),
    )


def sources() -> dict[str, str]:
    shipped = {path.name: path.read_text("utf-8") for path in sorted((ROOT / "input").glob("*.md"))}
    return shipped | EXTRA


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("archive")
    with Catalog(folder) as catalog:
        for name, text in sources().items():
            catalog.add(record_of(name, text), body_text(text))
    return folder


def slugs(hits: list[Hit]) -> list[str]:
    return [hit.path.split("/")[-2] for hit in hits]


def search(archive: Path, query: str, **filters: object) -> list[Hit]:
    with Catalog(archive, create=False) as catalog:
        return catalog.search(query, **filters)  # type: ignore[arg-type]


DARI = "2025-06-10-digital-libraries-dari"
PASHTO = "2025-06-12-pashto-digital-future"
SEED = "2025-06-03-pakistan-diplomatic-reawakening"


def test_body_text_keeps_words_and_drops_markup() -> None:
    text = body_text(EXTRA["pashto-why.md"].replace("ولي", "**ولي**") + "\n## سرلیک\n\n::: verse\nیو\nدوه\n:::\n")
    assert text == "ولي خلک کتابونه نه لولي؟\n\nسرلیک\n\nیو\nدوه"
    dari = body_text(sources()[DARI + ".md"])
    assert "title:" not in dari and "**" not in dari and "[^1]" not in dari
    assert "حفظ یک نسخهٔ خطی، حفظ حافظهٔ یک ملت است." in dari  # the pull quote, as text


@pytest.mark.parametrize(
    "query",
    ["كتابخانه‌هاي ديجيتال", "کتابخانه‌های دیجیتال", "كتابخانههاي", "کتابخانه ها", "نگهداري ميشود", "نگهداری می شود"],
)
def test_dari_found_with_arabic_yeh_kaf_and_without_zwnj(archive: Path, query: str) -> None:
    hits = search(archive, query)
    assert slugs(hits)[0] == DARI
    assert "«" not in hits[0].snippet  # the snippet is the author's own text…
    assert any("\u200c" in hits[0].snippet[a:b] for a, b in hits[0].marks)  # …with the ZWNJ words marked


def test_ascii_digits_find_persian_digits(archive: Path) -> None:
    hits = search(archive, "12000 نسخه")
    assert slugs(hits) == [DARI]
    assert "[۱۲۰۰۰]" in hits[0].marked()


def test_pashto_word_and_not_its_dari_look_alike(archive: Path) -> None:
    # «مې» (Pashto: my) is in the Pashto article; «می» (Dari: the verb's prefix, in «می‌شود») is not a look-alike hit
    assert slugs(search(archive, "مې")) == [PASHTO]
    assert PASHTO not in slugs(search(archive, "می"))
    # «ولي» (Pashto: why) against «ولی» (Dari: but): a Pashto query keeps ي apart from ی
    assert slugs(search(archive, "ولي", lang="ps")) == ["pashto-why"]
    assert slugs(search(archive, "ولی", lang="ps")) == []
    # in Dari, ي is ی: the Arabic-keyboard «ولي» is the Dari «but»
    assert slugs(search(archive, "ولي", lang="fa-AF")) == ["dari-but"]
    # with Pashto letters beside it, the query is Pashto without --lang
    assert slugs(search(archive, "ولي خلک کتابونه")) == ["pashto-why"]
    assert slugs(search(archive, "ولي ښه")) == []


def test_english_case_and_german_french_accents(archive: Path, tmp_path: Path) -> None:
    assert slugs(search(archive, "PAKISTAN diplomatic"))[0] == SEED
    with Catalog(tmp_path) as catalog:
        for lang, title, body in [("de", "Die Straße", "Über Bücher"), ("fr", "L'École", "Les élèves français")]:
            front = (
                f"---\ntitle: {title}\nauthor: X\ndate: 2025-01-01\nlang: {lang}\nsection: european-languages\n---\n"
            )
            catalog.add(record_of(f"{lang}.md", front), body)
        assert slugs(catalog.search("strasse bucher")) == ["de"]
        assert slugs(catalog.search("ÜBER")) == ["de"]
        assert slugs(catalog.search("ecole eleves FRANÇAIS")) == ["fr"]
        assert catalog.search("eleves")[0].marked() == "Les [élèves] français"


def test_ranked_best_first(archive: Path) -> None:
    hits = search(archive, "کتاب")  # the Dari «but» article is short and says it once; the long Dari one once too
    assert slugs(hits) == ["dari-but", DARI]
    assert hits[0].rank < hits[1].rank


def test_prefix(archive: Path) -> None:
    assert set(slugs(search(archive, "کتاب*"))) == {DARI, PASHTO, "pashto-why", "dari-but"}
    assert "[کتابونه]" in search(archive, "کتاب*", lang="ps", date_from="2025-07-01")[0].marked()


def test_filters(archive: Path) -> None:
    books = "کتاب*"
    assert set(slugs(search(archive, books, lang="ps"))) == {PASHTO, "pashto-why"}
    assert set(slugs(search(archive, books, lang="fa"))) == {DARI, "dari-but"}  # fa also finds fa-AF
    assert slugs(search(archive, books, author="مريم")) == ["dari-but"]  # the author's name with Arabic yeh
    assert slugs(search(archive, "Pakistan", author="BATAUT")) == [SEED]
    assert slugs(search(archive, "Pakistan", author="Nouri")) == []
    assert set(slugs(search(archive, books, section="Pashto"))) == {PASHTO, "pashto-why"}  # the English label
    assert set(slugs(search(archive, books, section="دري"))) == {DARI, "dari-but"}  # the Persian label, ي typed
    assert set(slugs(search(archive, books, section="dari"))) == {DARI, "dari-but"}  # the key
    assert slugs(search(archive, books, date_from="2025-07-02")) == ["dari-but"]
    assert set(slugs(search(archive, books, date_to="2025-06-30"))) == {DARI, PASHTO}
    assert slugs(search(archive, "کابل", lang="ps", date_to="2025-06")) == [PASHTO]


def test_solar_hijri_dates(archive: Path) -> None:
    # 1404/03/20 is 10 June 2025, the Dari article's date
    assert slugs(search(archive, "1404/03/20")) == [DARI]
    assert slugs(search(archive, "۱۴۰۴/۰۳/۲۰ کتابخانه")) == [DARI]
    month = search(archive, "", date_from="1404-03-01", date_to="1404-03-31")  # 22 May to 21 June 2025
    assert set(slugs(month)) == {SEED, DARI, PASHTO}
    assert slugs(search(archive, "", date_from="1404-04")) == ["dari-but", "pashto-why"]  # newest first
    assert [hit.date for hit in search(archive, "", date_from="1404-03-20", date_to="1404-03-20")] == ["2025-06-10"]


def test_cli_search(archive: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["search", "كتابخانه‌هاي", "--archive", str(archive)])
    assert result.exit_code == 0, result.output
    block = result.stdout.split("\n\n")[0].splitlines()
    assert block[0] == "1. نقش کتابخانه‌های دیجیتال در حفظ ادبیات دری"
    assert block[1] == "   2025-06-10 (1404-03-20) · fa-AF · فریده نوری"
    assert block[2] == f"   {archive}/articles/2025/06/2025-06-10-digital-libraries-dari/v1.pdf"  # (not below here)
    assert "«کتابخانه‌های»" in block[3]
    english = runner.invoke(main, ["search", "pakistan", "--archive", str(archive), "--lang", "en"])
    assert english.exit_code == 0 and "[Pakistan]" in english.stdout
    none = runner.invoke(main, ["search", "zzzz", "--archive", str(archive)])
    assert none.exit_code == 1 and none.stdout == "" and "no matches" in none.stderr
    bad = runner.invoke(main, ["search", "x", "--archive", str(archive), "--from", "2025-02-30"])
    assert bad.exit_code == 2 and "invalid date '2025-02-30'" in bad.stderr


def test_cli_search_without_catalog(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["search", "x", "--archive", str(tmp_path / "archive")])
    assert result.exit_code == 2
    assert (
        f"{tmp_path}/archive/{CATALOG_NAME}: error: no catalog: the archive folder {tmp_path}/archive/ has none"
        in result.stderr
    )
    assert "typeset archive" in result.stderr
    assert not (tmp_path / "archive").exists()


def archive_pdf(folder: Path, record: Record, source: str) -> None:
    """An archived PDF as the archive writes it: a page, and its record and source attached."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.attachments[record.slug + ".md"] = pikepdf.AttachedFileSpec(pdf, source.encode("utf-8"))
    pdf.attachments[RECORD_NAME] = pikepdf.AttachedFileSpec(pdf, record.to_json())
    path = folder / record.pdf
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.save(path)


QUERIES = ["كتابخانه‌هاي", "می شود", "12000", "مې", "ولي", "PAKISTAN", "1404/03/20", "دیجیتال", "کتاب"]


def results(folder: Path) -> list[list[tuple[str, str, str, float]]]:
    with Catalog(folder, create=False) as catalog:
        return [[(h.path, h.title, h.marked(), round(h.rank, 6)) for h in catalog.search(q)] for q in QUERIES]


@pytest.fixture(scope="module")
def pdf_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """PDFs with attachments, indexed as the archiver does: from the attachments, with source_text."""
    folder = tmp_path_factory.mktemp("pdfs")
    with Catalog(folder) as catalog:
        for name, text in sources().items():
            record = record_of(name, text)
            archive_pdf(folder, record, text)
            catalog.add(record, source_text({record.slug + ".md": text.encode("utf-8")}))
    return folder


def test_reindex_from_pdfs_gives_the_same_hits(pdf_archive: Path) -> None:
    before = results(pdf_archive)
    assert all(before[:6]), before
    (pdf_archive / CATALOG_NAME).unlink()
    count, problems = reindex(pdf_archive)
    assert (count, problems) == (len(sources()), [])
    assert results(pdf_archive) == before
    assert [p.name for p in pdf_archive.iterdir() if p.name.startswith(".")] == []


def test_reindex_reports_a_pdf_without_record_and_indexes_the_rest(pdf_archive: Path, tmp_path: Path) -> None:
    folder = tmp_path / "archive"
    for path in pdf_archive.rglob("*.pdf"):
        target = folder / path.relative_to(pdf_archive)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    stray = folder / "articles" / "stray.pdf"
    pikepdf.new().save(stray)
    result = CliRunner().invoke(reindex_command, ["--archive", str(folder)])
    assert result.exit_code == 1
    assert f"{stray}: error: not indexed: no record.json attached" in result.stderr
    assert f"catalog rebuilt: {len(sources())} files indexed in {folder}/" in result.stderr
    assert results(folder) == results(pdf_archive)


def test_a_killed_reindex_leaves_the_old_catalog(pdf_archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = results(pdf_archive)
    calls = []

    def killed(self: Catalog, record: Record, body: str) -> None:
        calls.append(record)
        if len(calls) == 3:
            raise KeyboardInterrupt

    monkeypatch.setattr(Catalog, "add", killed)
    with pytest.raises(KeyboardInterrupt):
        reindex(pdf_archive)
    monkeypatch.undo()
    assert results(pdf_archive) == before
    assert [p.name for p in pdf_archive.iterdir() if p.name.startswith(".")] == []


def test_one_hundred_synthetic_articles(tmp_path: Path) -> None:
    from bench.make_edition import make_edition

    make_edition(tmp_path / "project", 100)
    texts = {path.name: path.read_text("utf-8") for path in sorted((tmp_path / "project" / "articles").glob("*.md"))}
    assert len(texts) == 100
    with Catalog(tmp_path / "archive") as catalog:
        for name, text in texts.items():
            catalog.add(record_of(name, text), body_text(text))
        hits = catalog.search("كتابخانه", limit=100)
        assert len(hits) > 5 and all(hit.lang == "fa-AF" for hit in hits)
        assert {hit.lang for hit in catalog.search("Handschriften manuscripts", limit=100)} <= {"de", "en"}
    # (bench/bench_catalog.py gives the figures: indexing, searches, queries of 200 to 2000 words)


# A catalog that cannot be broken


def _cli_search(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["search", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _damaged(folder: Path, how: str, good: Path) -> None:
    path = folder / CATALOG_NAME
    data = good.read_bytes()
    if how == "not a database":
        path.write_bytes(b"this is a text file, not SQLite\n" * 200)
    elif how == "truncated":
        path.write_bytes(data[: len(data) // 3])
    elif how == "damaged pages":
        path.write_bytes(data[:4096] + bytes(len(data) - 4096))
    elif how == "another program's database":
        with sqlite3.connect(path) as db:
            db.execute("CREATE TABLE notes (text TEXT)")
        db.close()
    elif how == "tables missing":
        with sqlite3.connect(path) as db:
            db.execute("CREATE TABLE notes (text TEXT)")
            db.execute("PRAGMA user_version = 1")
        db.close()


@pytest.mark.parametrize(
    "how", ["not a database", "truncated", "damaged pages", "another program's database", "tables missing"]
)
def test_a_damaged_or_foreign_catalog_is_a_clear_error(archive: Path, tmp_path: Path, how: str) -> None:
    _damaged(tmp_path, how, archive / CATALOG_NAME)
    before = (tmp_path / CATALOG_NAME).read_bytes()
    code, out, err = _cli_search("کتابخانه", "--archive", str(tmp_path))
    assert code == 2 and out == ""
    assert err.startswith(f"{tmp_path / CATALOG_NAME}: error: the catalog ")
    assert "hint: rebuild it from the archived PDFs: typeset archive reindex" in err
    assert "Traceback" not in err and "internal error" not in err
    assert (tmp_path / CATALOG_NAME).read_bytes() == before, "a search writes nothing"


def test_a_zero_byte_catalog_is_no_catalog(tmp_path: Path) -> None:
    (tmp_path / CATALOG_NAME).write_bytes(b"")
    code, _, err = _cli_search("x", "--archive", str(tmp_path))
    assert code == 2
    assert f"{tmp_path / CATALOG_NAME}: error: no catalog: the archive folder {tmp_path}/ has none" in err
    assert (tmp_path / CATALOG_NAME).read_bytes() == b""


def test_a_catalog_that_is_a_link_is_not_read(archive: Path, tmp_path: Path) -> None:
    (tmp_path / CATALOG_NAME).symlink_to(archive / CATALOG_NAME)
    code, _, err = _cli_search("کتابخانه", "--archive", str(tmp_path))
    assert code == 2
    assert f"{tmp_path / CATALOG_NAME}: error: a symbolic link in the archive: typeset follows none" in err


def test_each_article_once_at_its_latest_version(tmp_path: Path) -> None:
    text = sources()[DARI + ".md"]
    with Catalog(tmp_path) as catalog:
        catalog.add(record_of(DARI + ".md", text, 1), body_text(text))
        catalog.add(record_of(DARI + ".md", text, 2), body_text(text) + "\n\nیک بند تازه.")
        catalog.add(record_of(DARI + ".md", text, 3), body_text(text).replace("کتابخانه", "کتابخانهٔ"))
        latest = catalog.search("کتابخانه‌های")
        assert [(slugs([hit])[0], hit.version) for hit in latest] == [(DARI, 3)]
        every = catalog.search("کتابخانه‌های", all_versions=True)
        assert sorted(hit.version for hit in every) == [1, 2, 3]
        assert catalog.search("تازه") == []  # v2's paragraph is gone from the latest version
        assert [hit.version for hit in catalog.search("تازه", all_versions=True)] == [2]
    code, out, _ = _cli_search("کتابخانه‌های", "--archive", str(tmp_path))
    assert code == 0 and out.count("v3.pdf") == 1 and "v1.pdf" not in out
    code, out, _ = _cli_search("کتابخانه‌های", "--archive", str(tmp_path), "--all-versions")
    assert code == 0 and all(f"v{n}.pdf" in out for n in (1, 2, 3))


def test_paths_are_printed_as_the_user_can_open_them(pdf_archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    name = "articles/2025/06/2025-06-10-digital-libraries-dari/v1.pdf"
    monkeypatch.chdir(pdf_archive.parent)
    code, out, _ = _cli_search("كتابخانه‌هاي", "--archive", pdf_archive.name)
    assert code == 0 and out.splitlines()[2] == f"   {pdf_archive.name}/{name}"
    monkeypatch.chdir(pdf_archive / "articles" / "2025")
    code, out, _ = _cli_search("كتابخانه‌هاي", "--archive", "../..")
    assert code == 0 and out.splitlines()[2] == "   06/2025-06-10-digital-libraries-dari/v1.pdf"
    assert (Path.cwd() / out.splitlines()[2].strip()).is_file()


def _words(count: int) -> str:
    text = body_text(sources()[DARI + ".md"])
    words = [word for word in text.split() if any("\u0600" <= c <= "\u06ff" for c in word)]
    return " ".join(words[i % len(words)] for i in range(count))


def test_a_long_persian_query_is_linear_and_answers(archive: Path) -> None:
    from typeset.archive.catalog import _expression, _terms

    query = _words(2000)
    terms = _terms(query, "fa")
    expression = _expression(terms)
    assert expression.count('"') <= 6 * len(terms)  # at most three phrases a term, never a pair's variant each
    assert slugs(search(archive, _words(40))) == [DARI]
    assert slugs(search(archive, query)) == [DARI]  # (bench/bench_catalog.py times it)


def test_a_query_past_the_most_words_is_a_located_error(archive: Path) -> None:
    from typeset.archive.catalog import MAX_QUERY_WORDS

    words = ["کتاب"] * MAX_QUERY_WORDS + ["دیجیتال", "آرشیف"]
    column = len(" ".join(words[:MAX_QUERY_WORDS])) + 2
    code, _, err = _cli_search(*words, "--archive", str(archive))
    assert code == 2
    assert err.splitlines()[0] == (
        f"query:1:{column}: error: the query has {MAX_QUERY_WORDS + 2} words; at most {MAX_QUERY_WORDS} are "
        f"searched (word {MAX_QUERY_WORDS + 1} starts at character {column})"
    )
    assert "hint: search for fewer words" in err
    assert _cli_search(*words[:MAX_QUERY_WORDS], "--archive", str(archive))[0] == 0


def test_reindex_is_the_remedy_for_a_damaged_catalog(pdf_archive: Path, tmp_path: Path) -> None:
    folder = tmp_path / "archive"
    shutil.copytree(pdf_archive, folder)
    (folder / CATALOG_NAME).write_bytes(b"not a database\n" * 100)
    assert _cli_search("كتابخانه‌هاي", "--archive", str(folder))[0] == 2
    result = CliRunner().invoke(reindex_command, ["--archive", str(folder)])
    assert result.exit_code == 0, result.stderr
    assert results(folder) == results(pdf_archive)


STEMMED = [
    # (lang, the words of one article, of another; a query; a prefix that finds the same)
    ("en", "The library opened.", "Two libraries closed.", "LIBRARIES", "librar*"),
    ("de", "Die Bibliothek ist offen.", "Die Bibliotheken sind zu.", "BIBLIOTHEKEN", "bibliothek*"),
    ("fr", "La bibliothèque est ouverte.", "Les bibliothèques ferment.", "Bibliothèques", "biblioth*"),
]


@pytest.mark.parametrize(("lang", "one", "other", "query", "prefix"), STEMMED, ids=[row[0] for row in STEMMED])
def test_snowball_stems_find_every_form_of_a_word(
    tmp_path: Path, lang: str, one: str, other: str, query: str, prefix: str
) -> None:
    """A word finds its other forms, in its language's rows (Snowball); a prefix finds the same."""
    with Catalog(tmp_path) as catalog:
        for name, body in ((f"{lang}-one.md", one), (f"{lang}-other.md", other)):
            front = f"---\ntitle: T\nauthor: X\ndate: 2025-01-01\nlang: {lang}\nsection: european-languages\n---\n"
            catalog.add(record_of(name, front), body)
        # the same words in an English row: another language's stemmer never meets them
        front = "---\ntitle: T\nauthor: X\ndate: 2025-01-01\nlang: ur\nsection: european-languages\n---\n"
        catalog.add(record_of("unstemmed.md", front), one)
        found = sorted(slugs(catalog.search(query)))
        assert found == sorted(
            {f"{lang}-one", f"{lang}-other"} | ({"unstemmed"} if query.lower() in one.lower() else set())
        )
        assert sorted(slugs(catalog.search(prefix))) == sorted([f"{lang}-one", f"{lang}-other", "unstemmed"])
        assert sorted(slugs(catalog.search(query, lang=lang))) == [f"{lang}-one", f"{lang}-other"]
        marked = {hit.path.split("/")[-2]: hit.marked() for hit in catalog.search(query, lang=lang)}
        word = one.split()[1]  # the snippet marks the form the author wrote
        assert f"[{word.rstrip('.')}]" in marked[f"{lang}-one"]


def test_a_catalog_of_the_older_format_is_rebuilt_by_archive_and_named_by_search(tmp_path: Path) -> None:
    project = tmp_path / "input"
    project.mkdir()
    (project / "a.md").write_text(
        "---\ntitle: Libraries\nauthor: X\ndate: 2025-01-01\nlang: en\nsection: articles\n---\n\n"
        "A library of the town.\n",
        encoding="utf-8",
    )
    folder = tmp_path / "archive"
    code, _, err = cli("archive", str(project), "--archive", str(folder), "--jobs", "1")
    assert code == 0, err
    db = sqlite3.connect(folder / CATALOG_NAME)
    db.execute("UPDATE records SET family = 'other'")
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    code, _, err = cli("search", "libraries", "--archive", str(folder))
    assert code == 2  # a catalog that cannot be read
    assert (
        f"{folder / CATALOG_NAME}: error: the catalog was made by an older typeset (format 1; this one reads format 2)"
        in err
    )
    code, _, err = cli("archive", str(project), "--archive", str(folder), "--jobs", "1")
    assert code == 0, err
    assert f"{folder / CATALOG_NAME}: the catalog was made by an older typeset" in err
    assert "rebuilt from the 1 archived files" in err
    code, out, err = cli("search", "LIBRARIES", "--archive", str(folder))
    assert code == 0, err
    assert "articles/2025/01/a/v1.pdf" in out
