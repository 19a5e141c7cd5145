"""The command line: exit codes, one located line per problem, no traceback, nothing half-written."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Project, run_typeset

pytestmark = pytest.mark.slow  # renders PDFs


def test_build_writes_pdf_and_exits_0(project: Project) -> None:
    source = project.source("hello.md", "Hello, world.\n")
    code, out, err = project.run("build", str(source), "-o", str(project.root / "out"))
    assert code == 0, err
    pdf = project.root / "out" / "hello.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert f"built {source} -> {pdf}" in out
    names = sorted(p.name for p in (project.root / "out").iterdir())
    assert names == [".typeset-manifest.json", "hello.pdf"]  # no temporary file left


def test_build_without_arguments_builds_input_into_output(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    (project.root / "input").mkdir()
    (project.root / "publication.yaml").rename(project.root / "input" / "publication.yaml")
    (project.root / "input" / "one.md").write_text(
        "---\ntitle: One\nauthor: A\ndate: 2025-01-02\nlang: de\nsection: european-languages\n---\nEins.\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(project.root)
    code, _, err = project.run("build")
    assert code == 0, err
    assert (project.root / "output" / "one.pdf").is_file()


def test_check_writes_nothing(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    project.source("a.md")
    monkeypatch.chdir(project.root)
    code, out, _ = project.run("check", ".")
    assert code == 0
    assert "ok a.md" in out
    assert not (project.root / "output").exists()


def test_one_bad_source_fails_the_batch_but_the_others_build(project: Project) -> None:
    project.source("good.md")
    project.source("bad.md", front="title: Bad\nauthor: A\ndate: 2025-02-30\nlang: en\nsection: european-languages\n")
    code, _, err = project.run("build", str(project.root), "-o", str(project.root / "out"))
    assert code == 1
    assert (project.root / "out" / "good.pdf").is_file()
    assert not (project.root / "out" / "bad.pdf").exists()
    assert f"{project.root / 'bad.md'}:4:7: error: invalid date '2025-02-30'" in err
    assert "1 built, 1 failed" in err


def test_usage_errors_exit_2(project: Project) -> None:
    assert project.run("build", str(project.root / "missing.md"))[0] == 2
    assert project.run("frobnicate")[0] == 2
    code, _, err = project.run("build", str(project.root))  # a folder with no sources
    assert code == 2 and "no sources" in err


def test_version_and_help(project: Project) -> None:
    from typeset import __version__

    code, out, _ = project.run("--version")
    assert code == 0 and out.strip() == f"nashr, version {__version__}"  # run as a script: its own name
    code, out, _ = project.run("--help")
    assert code == 0 and "build" in out and "check" in out


BAD_INPUTS = [
    # (file name, full text or None for a special case, expected line of stderr)
    (
        "missing-title.md",
        "---\nauthor: A\ndate: 2025-06-03\nlang: en\nsection: european-languages\n---\nText\n",
        "missing-title.md:6: error: missing front matter field 'title'",
    ),
    (
        "bad-type.md",
        "---\ntitle: [a, b]\nauthor: A\ndate: 2025-06-03\nlang: en\nsection: european-languages\n---\nText\n",
        "bad-type.md:2:8: error: front matter field 'title' must be text",
    ),
    (
        "unknown-field.md",
        "---\ntitle: T\nauthor: A\ndate: 2025-06-03\nlang: en\nsection: european-languages\ncolour: red\n---\n",
        "unknown-field.md:7:1: error: unknown front matter field 'colour'",
    ),
    (
        "unknown-section.md",
        "---\ntitle: T\nauthor: A\ndate: 2025-06-03\nlang: en\nsection: sports\n---\nText\n",
        "unknown-section.md:6:10: error: unknown section 'sports'",
    ),
    (
        "unknown-lang.md",
        "---\ntitle: T\nauthor: A\ndate: 2025-06-03\nlang: klingon\nsection: european-languages\n---\nText\n",
        "unknown-lang.md:5:7: error: unknown language 'klingon'",
    ),
    (
        "bad-date.md",
        "---\ntitle: T\nauthor: A\ndate: 3 June 2025\nlang: en\nsection: european-languages\n---\nText\n",
        "bad-date.md:4:7: error: invalid date '3 June 2025'",
    ),
    (
        "unclosed.md",
        "---\ntitle: T\nauthor: A\ndate: 2025-06-03\nlang: en\nsection: european-languages\n---\n\n::: verse\nline one\nline two\n",
        "unclosed.md:9: error: '::: verse' container is not closed",
    ),
    (
        "unknown-container.md",
        "---\ntitle: T\nauthor: A\ndate: 2025-06-03\nlang: en\nsection: european-languages\n---\n\n::: sidebar\nx\n:::\n",
        "unknown-container.md:9: error: unknown container '::: sidebar'",
    ),
    (
        "broken-yaml.md",
        "---\ntitle: T\nauthor: [A\ndate: 2025-06-03\n---\nText\n",
        "broken-yaml.md:4:5: error: front matter: expected ',' or ']', but got ':'",
    ),
    (
        "no-front-matter.md",
        "# Just a heading\n",
        "no-front-matter.md:1: error: missing front matter: a source starts with a '---' line",
    ),
    (
        "unclosed-front.md",
        "---\ntitle: T\n",
        "unclosed-front.md:1: error: front matter is not closed: no '---' line after it",
    ),
    (
        "python-tag.md",
        "---\ntitle: !!python/object/apply:os.system [echo hi]\nauthor: A\ndate: 2025-06-03\nlang: en\nsection: european-languages\n---\n",
        "python-tag.md:2:8: error: front matter: unsupported tag: 'tag:yaml.org,2002:python/object/apply:os.system'",
    ),
    (
        "uncovered.md",
        "---\ntitle: T\nauthor: A\ndate: 2025-06-03\nlang: en\nsection: european-languages\n---\n\nA smile 😀 here.\n",
        "uncovered.md:9:9: error: character '😀' (U+1F600 GRINNING FACE) is not in the body fonts",
    ),
]


@pytest.mark.parametrize(("name", "text", "expected"), BAD_INPUTS, ids=[case[0] for case in BAD_INPUTS])
def test_bad_input_gives_one_located_error(project: Project, name: str, text: str, expected: str) -> None:
    path = project.root / name
    path.write_text(text, encoding="utf-8")
    code, _, err = project.run("build", str(path), "-o", str(project.root / "out"))
    assert code == 1
    assert f"{project.root}/{expected}" in err, err
    assert "Traceback" not in err
    assert not (project.root / "out").exists() or not any((project.root / "out").iterdir())


def test_not_utf8(project: Project) -> None:
    path = project.root / "latin1.md"
    path.write_bytes("---\ntitle: Café\n---\n".encode("latin-1"))
    code, _, err = project.run("check", str(path))
    assert code == 1
    assert f"{path}:2: error: file is not UTF-8 text (byte 0xe9 at offset 14)" in err
    assert "hint: save the file as UTF-8" in err


def test_unreadable_file(project: Project) -> None:
    path = project.root / "dangling.md"
    os.symlink(project.root / "nowhere.md", path)
    code, _, err = project.run("check", str(project.root))
    assert code == 1
    assert (
        f"{path}: error: cannot read file: a symbolic link to {project.root / 'nowhere.md'}, which does not exist"
        in err
    )


def test_errors_of_one_source_are_all_reported(project: Project) -> None:
    path = project.source("many.md", front="title: T\ndate: 2025-13-01\nlang: xx\nsection: nope\n")
    _, _, err = project.run("check", str(path))
    assert "error: invalid date '2025-13-01'" in err
    assert "error: unknown language 'xx'" in err
    assert "error: unknown section 'nope'" in err
    assert "error: missing front matter field 'author'" in err


def test_config_errors_are_located(project: Project) -> None:
    (project.root / "publication.yaml").write_text(
        "name: X\nsections: {a: {en: A, fa: الف}}\npage: {size: huge}\nfonts: {latin: [Comic Sans]}\nextra: 1\n",
        encoding="utf-8",
    )
    path = project.source("a.md", front="title: T\nauthor: A\ndate: 2025-06-03\nlang: en\nsection: a\n")
    code, _, err = project.run("check", str(path))
    assert code == 1
    config = project.root / "publication.yaml"
    assert f"{config}:5:1: error: unknown key 'extra' in publication config" in err
    assert f"{config}:3:14: error: page size 'huge' is not a page size" in err


def test_unknown_font_family(project: Project) -> None:
    (project.root / "publication.yaml").write_text(
        "name: X\nsections: {a: {en: A, fa: الف}}\nfonts: {latin: [Comic Sans]}\n", encoding="utf-8"
    )
    path = project.source("a.md", front="title: T\nauthor: A\ndate: 2025-06-03\nlang: en\nsection: a\n")
    _, _, err = project.run("check", str(path))
    assert "error: font family 'Comic Sans' (fonts.latin) is not in" in err


def test_cli_in_a_subprocess_reports_without_traceback(project: Project) -> None:
    project.source("bad.md", front="title: T\nauthor: A\ndate: nope\nlang: en\nsection: european-languages\n")
    result = run_typeset("build", "bad.md", "-o", "out", cwd=project.root)
    assert result.returncode == 1
    assert result.stderr.startswith("bad.md:4:7: error: invalid date 'nope'\n  hint: write dates as YYYY-MM-DD")
    assert "Traceback" not in result.stderr


def test_output_is_replaced_atomically(project: Project) -> None:
    source = project.source("a.md")
    out = project.root / "out"
    assert project.run("build", str(source), "-o", str(out))[0] == 0
    inode_before = (out / "a.pdf").stat().st_ino
    assert project.run("build", "--force", str(source), "-o", str(out))[0] == 0
    assert (out / "a.pdf").read_bytes().startswith(b"%PDF-")
    assert (out / "a.pdf").stat().st_ino != inode_before  # a new file renamed over, not rewritten in place
    assert sorted(p.name for p in out.iterdir()) == [".typeset-manifest.json", "a.pdf"]


def test_duplicate_slugs_are_refused(project: Project) -> None:
    (project.root / "sub").mkdir()
    project.source("a.md")
    Path(project.root / "sub" / "a.md").write_text((project.root / "a.md").read_text(), encoding="utf-8")
    code, _, err = project.run("build", str(project.root), "-o", str(project.root / "out"))
    assert code == 1
    assert "is already built from" in err


def test_an_internal_error_is_reported_briefly(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    import typeset.jobs.batch

    def broken(source: Path) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(typeset.jobs.batch, "prepare", broken)
    path = project.source("a.md")
    code, _, err = project.run("build", str(path))
    assert code == 3
    assert err.startswith("internal error: RuntimeError: boom\n")
    assert "hint: this is a bug in typeset; rerun with --debug and report it" in err


def test_warns_when_harfbuzz_subset_is_missing(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    from weasyprint.text import ffi

    monkeypatch.setattr(ffi, "harfbuzz_subset", None)
    path = project.source("a.md")
    code, _, err = project.run("build", str(path), "-o", str(project.root / "out"))
    assert code == 0
    assert "warning: libharfbuzz-subset0 is not installed: font subsetting is about 15 times slower" in err
    assert "hint: apt-get install libharfbuzz-subset0" in err


def test_no_input_folder_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from typeset.cli.main import main

    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 2
    assert "no input/ folder here or above: name the sources or folders to build" in result.stderr


def test_a_command_puts_back_the_sigterm_handler_it_found(project: Project) -> None:
    before = signal.getsignal(signal.SIGTERM)
    code, _, err = project.run("check", str(project.source("a.md")))
    assert code == 0, err
    assert signal.getsignal(signal.SIGTERM) is before
    code, _, _ = project.run("check", str(project.source("b.md", "x", front="title: B\n")))
    assert code == 1
    assert signal.getsignal(signal.SIGTERM) is before  # after a failure too


def test_no_command_module_imports_the_entry_point() -> None:
    modules = [
        "archive",
        "common",
        "edition",
        "importer",
        "live",
        "new",
        "progress",
        "project",
        "search",
        "serve",
        "terminal",
    ]
    code = "import sys\n" + "".join(f"import typeset.cli.{name}\n" for name in modules)
    code += "print('typeset.cli.main' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_a_diagnostic_is_formatted_once_from_its_parts() -> None:
    from typeset.errors import Diagnostic, ErrorList, Location, TypesetError

    where = Location(Path("a.md"), 3, 2)
    warning = Diagnostic("warning", "x", where, "do y")
    assert warning.format() == "a.md:3:2: warning: x\n  hint: do y"
    assert warning.format("a.md: page 2", style=lambda text: f"<{text}>") == "a.md: page 2: <warning:> x\n  hint: do y"
    errors = ErrorList([TypesetError("bad", where, "fix"), TypesetError("worse")])
    assert errors.diagnostics() == [Diagnostic("error", "bad", where, "fix"), Diagnostic("error", "worse")]
    assert errors.format() == "a.md:3:2: error: bad\n  hint: fix\nerror: worse"


def test_the_severity_alone_is_coloured_on_a_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from typeset.cli.common import say
    from typeset.errors import Diagnostic, Location

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    say(Diagnostic("error", "error: in the message", Location(Path("error:.md"), 1), "h"))
    red = "\x1b[31m\x1b[1merror:\x1b[0m"
    assert capsys.readouterr().err == f"error:.md:1: {red} error: in the message\n  hint: h\n"
    monkeypatch.setenv("NO_COLOR", "1")
    say(Diagnostic("warning", "w"))
    assert capsys.readouterr().err == "warning: w\n"


def test_a_reader_that_goes_away_ends_the_command_quietly() -> None:
    """``nashr search … | head``: the pipe closed is no internal error; the exit status is a pipe writer's."""
    code = (
        "from typeset.cli.common import guard\n"
        "with guard(debug=False):\n"
        "    print('a line still buffered')\n"
        "    raise BrokenPipeError(32, 'Broken pipe')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stderr) == (141, "")
