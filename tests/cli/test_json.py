"""``--json`` (typeset.cli.jsonout): JSON Lines on stdout, one object per diagnostic, output or match,
then a summary; the exit status is the same as without it, and stdout holds nothing else."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DARI_SOURCE, INPUT, cli
from typeset.archive.catalog import Catalog, body_text
from typeset.archive.record import Record

BAD = "---\ntitle: T\nauthor: A\ndate: 1404-03-24\nlang: fa-AF\nsection: dari\n---\n\nیک یادداشت[^1].\n"


def lines(out: str) -> list[dict[str, Any]]:
    """Every line of stdout, read as JSON (a line that is not fails the test)."""
    return [json.loads(line) for line in out.splitlines()]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project: input/ with the house publication, the Dari article, a bad article and an edition."""
    root = tmp_path / "input"
    (root / "editions").mkdir(parents=True)
    shutil.copy(INPUT / "publication.yaml", root)
    shutil.copy(DARI_SOURCE, root)
    (root / "bad.md").write_text(BAD, encoding="utf-8")
    (root / "editions" / "x.yaml").write_text(
        "title: W\nnumber: 1\ndate: 2025-06-14\nlanguage: fa-AF\narticles:\n  - ../nothing.md\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    return root


def test_check_json_says_each_diagnostic_each_file_and_a_summary(folder: Path) -> None:
    code, out, _ = cli("check", "--json")
    assert code == 1 == cli("check")[0]
    assert lines(out) == [
        {"type": "output", "source": "input/2025-06-10-digital-libraries-dari.md", "output": None, "status": "ok"},
        {
            "type": "diagnostic",
            "file": "input/bad.md",
            "line": 9,
            "column": 11,
            "severity": "error",
            "message": "note [^1] is called but not defined",
            "hint": "define it below the text, on a line of its own: [^1]: the note's text",
        },
        {"type": "output", "source": "input/bad.md", "output": None, "status": "failed"},
        {
            "type": "diagnostic",
            "file": "input/editions/x.yaml",
            "line": 6,
            "column": 5,
            "severity": "error",
            "message": "no such article: ../nothing.md",
            "hint": None,
        },
        {"type": "output", "source": "input/editions/x.yaml", "output": None, "status": "failed"},
        {
            "type": "summary",
            "command": "check",
            "errors": 2,
            "warnings": 0,
            "ok": 1,
            "failed": 1,
            "editions_ok": 0,
            "editions_failed": 1,
            "exit": 1,
        },
    ]


def test_check_json_of_good_sources_exits_0(folder: Path) -> None:
    code, out, _ = cli("check", "--json", "input/2025-06-10-digital-libraries-dari.md")
    assert code == 0
    assert lines(out)[-1] == {
        "type": "summary",
        "command": "check",
        "errors": 0,
        "warnings": 0,
        "ok": 1,
        "failed": 0,
        "exit": 0,
    }


def test_build_json_of_a_failing_source(folder: Path) -> None:
    code, out, err = cli("build", "--json", "input/bad.md")
    assert code == 1
    records = lines(out)
    assert [r["type"] for r in records] == ["diagnostic", "output", "summary"]
    assert records[-1] == {
        "type": "summary",
        "command": "build",
        "errors": 1,
        "warnings": 0,
        "built": 0,
        "up_to_date": 0,
        "failed": 1,
        "exit": 1,
    }
    assert "0 built, 1 failed" in err  # the text summary, on stderr


def test_edition_json_of_a_failing_edition(folder: Path) -> None:
    code, out, _ = cli("edition", "--json")
    assert code == 1
    records = lines(out)
    assert records[0]["message"] == "no such article: ../nothing.md"
    assert records[-2:] == [
        {"type": "output", "source": "input/editions/x.yaml", "output": None, "status": "failed"},
        {
            "type": "summary",
            "command": "edition",
            "errors": 1,
            "warnings": 0,
            "built": 0,
            "up_to_date": 0,
            "failed": 1,
            "exit": 1,
        },
    ]


def test_a_usage_error_is_a_diagnostic_and_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = cli("build", "--json")
    assert code == 2
    (said, summary) = lines(out)
    assert said["severity"] == "error" and said["message"].startswith("no input/ folder here or above")
    assert summary == {"type": "summary", "command": "build", "errors": 0, "warnings": 0, "exit": 2}
    assert "Error: no input/ folder" in err  # click's usage message, as without --json


def test_search_json_gives_each_hit_and_a_summary(tmp_path: Path) -> None:
    text = DARI_SOURCE.read_text(encoding="utf-8")
    record = Record(
        kind="article",
        slug="dari",
        version=1,
        title="کتابخانه‌های دیجیتال",
        author="فریده نوری",
        date="2025-06-10",
        lang="fa-AF",
        pdf="articles/2025/06/dari/v1.pdf",
        section="dari",
        section_labels=("Dari", "دری"),
    )
    with Catalog(tmp_path) as catalog:
        catalog.add(record, body_text(text))
    code, out, _ = cli("search", "--json", "--archive", str(tmp_path), "کتابخانه")
    assert code == 0
    hit, summary = lines(out)
    assert {key: hit[key] for key in ("type", "rank", "title", "author", "date", "lang", "section", "kind")} == {
        "type": "hit",
        "rank": 1,
        "title": "کتابخانه‌های دیجیتال",
        "author": "فریده نوری",
        "date": "2025-06-10",
        "lang": "fa-AF",
        "section": "dari",
        "kind": "article",
    }
    assert hit["path"].endswith("articles/2025/06/dari/v1.pdf")
    start, end = hit["marks"][0]
    assert "کتابخانه" in hit["snippet"][start:end]
    assert summary == {"type": "summary", "command": "search", "errors": 0, "warnings": 0, "hits": 1, "exit": 0}
    code, out, _ = cli("search", "--json", "--archive", str(tmp_path), "zzzz")
    assert code == 1
    assert lines(out) == [{"type": "summary", "command": "search", "errors": 0, "warnings": 0, "hits": 0, "exit": 1}]
