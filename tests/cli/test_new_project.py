"""``nashr new``, the project found from any folder below its root, and the command's names."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, cli

BIN = Path(sys.executable).parent


def test_new_writes_a_publication_that_builds_at_once_without_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = cli("new", str(tmp_path / "pub"))
    assert code == 0, err
    assert (
        out.splitlines()[0] == f"wrote {tmp_path / 'pub'}/: input/publication.yaml, 3 articles, an image and an edition"
    )
    names = sorted(p.relative_to(tmp_path / "pub").as_posix() for p in (tmp_path / "pub").rglob("*") if p.is_file())
    assert names == [
        "input/editions/first.yaml",
        "input/images/emblem.png",
        "input/publication.yaml",
        "input/welcome-dari.md",
        "input/welcome-english.md",
        "input/welcome-pashto.md",
    ]
    config = (tmp_path / "pub/input/publication.yaml").read_text(encoding="utf-8")
    for key in (
        "name:",
        "masthead:",
        "monogram:",
        "verse_header:",
        "website:",
        "email:",
        "sections:",
        "page:",
        "fonts:",
        "typography:",
        "colours:",
        "sizes:",
    ):
        line = next(line for line in config.splitlines() if line.startswith(key))
        above = config.split(line)[0].rstrip().splitlines()[-1]
        assert above.startswith("#"), f"{key} has no comment above it"
    for name in ("welcome-dari.md", "welcome-pashto.md", "welcome-english.md"):
        text = (tmp_path / "pub/input" / name).read_text(encoding="utf-8")
        assert "::: verse" in text and "[^1]:" in text and "](images/emblem.png" in text, name
    monkeypatch.chdir(tmp_path / "pub")
    code, out, err = cli("build")
    assert (code, err) == (0, ""), err
    assert "3 built" in out
    code, out, err = cli("edition")
    assert (code, err) == (0, ""), err
    assert sorted(p.name for p in (tmp_path / "pub/output").glob("*.pdf")) == [
        "first.pdf",
        "welcome-dari.pdf",
        "welcome-english.pdf",
        "welcome-pashto.pdf",
    ]


def test_new_refuses_a_folder_that_is_not_empty_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    code, _, err = cli("new", str(tmp_path))
    assert code == 2
    assert err.splitlines() == [
        f"{tmp_path}: error: folder is not empty (notes.txt): a new publication is written only into a new or empty folder",
        "  hint: name a new folder (nashr new my-publication); nothing was written",
    ]
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
    (tmp_path / "file").write_text("x", encoding="utf-8")
    code, _, err = cli("new", str(tmp_path / "file"))
    assert code == 2 and err.startswith(f"{tmp_path / 'file'}: error: is not a folder")


def test_commands_find_the_project_root_from_a_folder_below_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cli("new", str(tmp_path / "pub"))
    monkeypatch.chdir(tmp_path / "pub/input/images")
    code, out, err = cli("build", "-v")
    assert code == 0, err
    assert "built ../welcome-dari.md -> ../../output/welcome-dari.pdf" in out
    code, out, err = cli("edition")
    assert code == 0, err
    monkeypatch.chdir(tmp_path / "pub/input")
    code, out, err = cli("check")
    assert code == 0, err
    assert not (tmp_path / "pub/input/output").exists()
    assert not (tmp_path / "pub/input/images/output").exists()
    assert sorted(p.name for p in (tmp_path / "pub/output").glob("*.pdf")) == [
        "first.pdf",
        "welcome-dari.pdf",
        "welcome-english.pdf",
        "welcome-pashto.pdf",
    ]


def test_outside_a_project_the_error_says_how_to_start_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = cli("build")
    assert code == 2
    assert "no input/ folder here or above" in err and "nashr new DIR" in err


def test_a_stray_input_folder_above_without_a_publication_is_not_a_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "input").mkdir()
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    code, _, err = cli("build")
    assert code == 2 and "no input/ folder here or above" in err


@pytest.mark.parametrize("name", ["nashr", "typeset"])
def test_each_script_names_itself_in_its_help(name: str) -> None:
    result = subprocess.run([str(BIN / name), "--help"], capture_output=True, text=True, check=True)
    assert result.stdout.startswith(f"Usage: {name} [OPTIONS] COMMAND [ARGS]...")
    version = subprocess.run([str(BIN / name), "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.startswith(f"{name}, version ")


def test_python_m_typeset_runs_the_command() -> None:
    result = subprocess.run([sys.executable, "-m", "typeset", "--help"], capture_output=True, text=True, check=True)
    assert result.stdout.startswith("Usage: python -m typeset [OPTIONS] COMMAND [ARGS]...")
    assert "  new " in result.stdout


def test_nashr_is_the_first_script_and_no_shell_builtin() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    block = text.split("[project.scripts]\n", 1)[1].split("\n[", 1)[0]
    names = [line.split("=")[0].strip() for line in block.splitlines() if "=" in line and not line.startswith("#")]
    assert names == ["nashr", "typeset"]
    kind = subprocess.run(
        ["bash", "-c", "type -t nashr; type -t typeset"],
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": "/usr/bin:/bin"},
    )
    assert kind.stdout.split() == ["builtin"]  # typeset is bash's; nashr is nothing of the shell's
