"""Outputs that do not collide: an edition's profiles and booklets side by side, and the outputs of a
source or edition file that is gone removed (never a file typeset did not write)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.conftest import cli


@pytest.fixture
def starter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A new publication (nashr new), the working folder."""
    assert cli("new", str(tmp_path / "pub"))[0] == 0
    monkeypatch.chdir(tmp_path / "pub")
    return tmp_path / "pub"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_print_and_booklets_are_written_beside_the_screen_edition(starter: Path) -> None:
    out = starter / "output"
    code, stdout, err = cli("edition", "--profile", "print", "--impose", "booklet")
    assert code == 0, err
    assert "built input/editions/first.yaml -> output/first.print.pdf, output/first.print.booklet.pdf (" in stdout
    printed = {name: _digest(out / name) for name in ("first.print.pdf", "first.print.booklet.pdf")}
    code, stdout, err = cli("edition")
    assert code == 0, err
    assert "built input/editions/first.yaml -> output/first.pdf (" in stdout
    code, stdout, err = cli("edition", "--impose", "booklet")
    assert code == 0, err
    assert sorted(p.name for p in out.glob("first*.pdf")) == [
        "first.booklet.pdf",
        "first.pdf",
        "first.print.booklet.pdf",
        "first.print.pdf",
    ]
    assert {name: _digest(out / name) for name in printed} == printed  # the screen builds left them alone
    code, stdout, _ = cli("edition", "--profile", "print", "--impose", "booklet")
    assert code == 0 and stdout.startswith("up to date input/editions/first.yaml -> output/first.print.pdf")


def test_the_output_of_a_removed_source_is_removed_and_said(starter: Path) -> None:
    out = starter / "output"
    assert cli("build")[0] == 0
    (out / "mine.pdf").write_bytes(b"%PDF-1.4 the user's own\n")
    (starter / "input/welcome-pashto.md").unlink()
    code, stdout, err = cli("build")
    assert code == 0, err
    assert stdout.splitlines()[0] == "removed output/welcome-pashto.pdf (its source input/welcome-pashto.md is gone)"
    assert sorted(p.name for p in out.glob("*.pdf")) == ["mine.pdf", "welcome-dari.pdf", "welcome-english.pdf"]
    code, stdout, _ = cli("build")
    assert code == 0 and "removed" not in stdout  # said once: the manifest forgot it


def test_an_output_replaced_by_the_users_own_file_is_never_removed(starter: Path) -> None:
    out = starter / "output"
    assert cli("build")[0] == 0
    (out / "welcome-pashto.pdf").write_bytes(b"%PDF-1.4 the user's own copy, put there by hand\n")
    (starter / "input/welcome-pashto.md").unlink()
    code, stdout, err = cli("build")
    assert code == 0, err
    assert "removed" not in stdout
    assert (out / "welcome-pashto.pdf").read_bytes() == b"%PDF-1.4 the user's own copy, put there by hand\n"


def test_the_outputs_of_a_removed_edition_file_are_removed(starter: Path) -> None:
    out = starter / "output"
    assert cli("edition", "--impose", "booklet")[0] == 0
    (starter / "input/editions/second.yaml").write_text(
        (starter / "input/editions/first.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (starter / "input/editions/first.yaml").unlink()
    code, stdout, err = cli("edition")
    assert code == 0, err
    assert stdout.splitlines()[:2] == [
        "removed output/first.pdf (its edition file input/editions/first.yaml is gone)",
        "removed output/first.booklet.pdf (its edition file input/editions/first.yaml is gone)",
    ]
    assert sorted(p.name for p in out.glob("*.pdf")) == ["second.pdf"]
