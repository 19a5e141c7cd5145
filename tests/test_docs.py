"""The manual (docs/, a MkDocs site) and the README, its door: the configuration reference says every key
the schemas check, the benches' sections of the benchmarks page are rewritten in place, README keeps the
commands CI runs, and the site builds with --strict (no broken link between its pages)."""

from __future__ import annotations

import importlib
import io
import re
import subprocess
import sys
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from bench import docpage
from docs import hooks
from typeset.source import yamldoc

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def _schemas_in(module_name: str) -> list[str]:
    module = importlib.import_module(module_name)
    return [name for name, value in vars(module).items() if isinstance(value, yamldoc.Schema)]


def test_every_schema_of_the_source_modules_is_in_the_reference() -> None:
    listed = {id(schema) for *_, schema in hooks.SCHEMAS}
    for module_name in (
        "typeset.source.config",
        "typeset.source.settings",
        "typeset.source.reader",
        "typeset.source.edition",
        "typeset.source.look",
    ):
        module = importlib.import_module(module_name)
        for name in _schemas_in(module_name):
            assert id(getattr(module, name)) in listed, f"{module_name}.{name} is not in docs/hooks.py's SCHEMAS"


def test_every_field_appears_in_its_schemas_table() -> None:
    page = hooks.reference()
    for name, _file, place, schema in hooks.SCHEMAS:
        heading = f"#### {place[0].upper()}{place[1:]}"
        assert heading in page, name
        table = page.split(heading, 1)[1].split("\n#", 1)[0]
        rows = [line for line in table.splitlines() if line.startswith("| `")]
        keys = [re.match(r"\| `([^`]+)`", row).group(1) for row in rows]  # type: ignore[union-attr]
        assert keys == [schema.prefix + one.name for one in schema.fields], name


def test_the_reference_says_what_the_schema_says() -> None:
    page = hooks.reference()
    assert "| `title` | text or number | yes |" in page  # front matter: required, a scalar
    assert "`typography.typed_kashida`" in page and "`keep`, `remove`" in page  # choices
    assert "0–200 characters" in page  # the config's texts, within their limit
    assert "`fa-AF`" in page  # an edition's language, one of the table's


def test_every_purpose_names_a_field() -> None:
    fields = {(name, one.name) for name, _file, _place, schema in hooks.SCHEMAS for one in schema.fields}
    assert set(hooks.PURPOSE) <= fields, set(hooks.PURPOSE) - fields


def test_the_configuration_page_takes_the_tables() -> None:
    page = (DOCS / "configuration.md").read_text(encoding="utf-8")
    assert page.count(hooks.MARKER) == 1
    built = hooks.on_page_markdown(page)
    assert hooks.MARKER not in built and "`typography.latin_scale`" in built
    assert hooks.on_page_markdown("no marker here") == "no marker here"


def test_a_section_is_replaced_between_its_markers_and_nothing_else() -> None:
    page = "# B\n\nbefore\n<!-- bench: a.py begin -->\nold\n<!-- bench: a.py end -->\nafter\n<!-- bench: b.py begin -->\nb's\n<!-- bench: b.py end -->\n"
    new = docpage.replace_section(page, "a.py", "new figures\n")
    assert new == page.replace("\nold\n", "\nnew figures\n")
    assert docpage.replace_section(new, "a.py", "old") == page  # and back


@pytest.mark.parametrize(
    "page",
    [
        "no markers",
        "<!-- bench: a.py begin -->\nonly the beginning",
        "<!-- bench: a.py end -->\n<!-- bench: a.py begin -->\n",  # out of order
        "<!-- bench: a.py begin -->\n<!-- bench: a.py end -->\n<!-- bench: a.py begin -->\n<!-- bench: a.py end -->\n",
    ],
)
def test_a_page_without_its_markers_is_refused(page: str) -> None:
    with pytest.raises(ValueError, match=re.escape("bench: a.py begin")):
        docpage.replace_section(page, "a.py", "x")


def test_a_run_writes_what_it_printed_into_its_section(tmp_path: Path) -> None:
    page = tmp_path / "benchmarks.md"
    page.write_text("# Benchmarks\n\n<!-- bench: tiny begin -->\nnot yet\n<!-- bench: tiny end -->\n\nDated text.\n")
    shown = io.StringIO()
    with redirect_stdout(shown), docpage.recorded(page, "tiny"):
        print("one article  96.0 ms")
    text = page.read_text()
    assert "one article  96.0 ms" in shown.getvalue()  # still printed
    assert "not yet" not in text and "```\none article  96.0 ms\n```" in text and "Run on " in text
    assert text.endswith("<!-- bench: tiny end -->\n\nDated text.\n")


def test_a_run_that_fails_leaves_the_page_and_one_without_markers_fails_first(tmp_path: Path) -> None:
    page = tmp_path / "benchmarks.md"
    before = "<!-- bench: tiny begin -->\nnot yet\n<!-- bench: tiny end -->\n"
    page.write_text(before)
    with pytest.raises(RuntimeError), redirect_stdout(io.StringIO()), docpage.recorded(page, "tiny"):
        raise RuntimeError("the bench broke")
    assert page.read_text() == before
    ran = []
    with pytest.raises(ValueError), docpage.recorded(page, "other"):
        ran.append(True)
    assert not ran  # the markers are checked before the (long) run


@pytest.mark.parametrize("bench", ["bench.py", "bench_edition.py"])
def test_the_benches_write_their_sections_of_the_page(bench: str) -> None:
    docpage.replace_section((DOCS / "benchmarks.md").read_text(encoding="utf-8"), bench, "")  # markers there
    shown = subprocess.run(
        [sys.executable, str(ROOT / "bench" / bench), "--help"], capture_output=True, text=True, check=True
    )
    assert "--markdown" in shown.stdout


def test_readme_is_the_door() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 250
    assert "./.ci/setup && .venv/bin/nashr build" in readme
    assert "./.ci/setup && .venv/bin/python -m pytest" in readme
    assert "./.ci/setup && .venv/bin/python -m pytest" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "builtin" in readme and "## Layout of the repository" in readme
    for link in re.findall(r"\]\((docs/[^)#]+)", readme):
        assert (ROOT / link).exists(), link


def test_every_folder_of_the_package_is_in_readmes_map() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for folder in sorted((ROOT / "typeset").iterdir()):
        if folder.is_dir() and not folder.name.startswith(("_", ".")):
            assert f"`typeset/{folder.name}/`" in readme, folder.name


def test_the_site_builds_strictly(tmp_path: Path) -> None:
    pytest.importorskip("mkdocs")
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    assert "typography.latin_scale" in (tmp_path / "site" / "configuration.html").read_text(encoding="utf-8")


def test_the_site_reads_offline(tmp_path: Path) -> None:
    """No page loads a script or a style from elsewhere (the theme's highlight.js came from a CDN)."""
    pytest.importorskip("mkdocs")
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "-d", str(site)], cwd=ROOT, check=True)
    for page in site.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.findall(r"<(?:script|link)[^>]+(?:src|href)=\"(?:https?:)?//", html), page.name
