"""``nashr serve``: the page shows the PDF with pdf.js, follows each save, and shows a build's errors at
their lines; only its own files and the PDFs it built are served. Loaded in headless Chromium."""

from __future__ import annotations

import json
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser import CHROMIUM, Browser
from tests.conftest import cli

NASHR = Path(sys.executable).parent / "nashr"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A new publication with its English article only, served: (its root, the page's address)."""
    assert cli("new", str(tmp_path / "pub"))[0] == 0
    root = tmp_path / "pub"
    for name in ("welcome-dari.md", "welcome-pashto.md"):
        (root / "input" / name).unlink()
    shutil.rmtree(root / "input" / "editions")
    log = (tmp_path / "serve.log").open("w+", encoding="utf-8")
    process = subprocess.Popen([str(NASHR), "serve"], cwd=root, stdout=log, stderr=log)
    try:
        url = _wait(lambda: re.search(r"serving (http://127\.0\.0\.1:\d+/)", (tmp_path / "serve.log").read_text()))
        assert url, (tmp_path / "serve.log").read_text()
        yield root, url.group(1)
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(30) == 130
        log.seek(0)
        assert "Traceback" not in log.read()


def _wait(check, timeout: float = 60):  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        found = check()
        if found:
            return found
        time.sleep(0.1)
    return None


def _get(url: str, host: str | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def test_only_the_page_its_scripts_and_the_pdfs_built_are_served(served: tuple[Path, str]) -> None:
    root, url = served
    assert _wait(lambda: json.loads(_get(url + "state")[1])["build"] >= 1)
    state = json.loads(_get(url + "state")[1])
    assert state["outputs"] == [{"name": "welcome-english.pdf"}] and state["errors"] == []
    status, data = _get(url + "pdf/welcome-english.pdf")
    assert status == 200 and data == (root / "output/welcome-english.pdf").read_bytes()
    assert _get(url + "static/pdfjs/pdf.worker.min.mjs")[0] == 200
    (root / "output/mine.pdf").write_bytes(b"%PDF-1.4 not typeset's\n")
    for path in (
        "pdf/mine.pdf",
        "pdf/..%2Finput%2Fpublication.yaml",
        "static/..%2F..%2Fcli%2Fmain.py",
        "static/README.md",
        "input/welcome-english.md",
    ):
        assert _get(url + path)[0] == 404, path
    port = url.rsplit(":", 1)[1].strip("/")
    assert _get(url + "state", host=f"rebound.example:{port}")[0] == 403  # another name for 127.0.0.1
    assert _get(url.replace("127.0.0.1", "localhost") + "state")[0] == 200


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (.ci/setup installs it)")
def test_the_page_follows_each_save_and_shows_errors_at_their_lines(served: tuple[Path, str], tmp_path: Path) -> None:
    root, url = served
    source = root / "input" / "welcome-english.md"
    browser = Browser(url, tmp_path / "chromium")
    try:
        pages = "document.getElementById('pages').textContent"
        assert browser.wait_for(f"{pages}.includes('Welcome to your new publication')"), browser.evaluate(
            "document.body.innerHTML"
        )
        assert browser.evaluate("document.querySelectorAll('#pages .page canvas').length") >= 1
        assert browser.evaluate("document.getElementById('outputs').value") == "welcome-english.pdf"
        text = source.read_text(encoding="utf-8")
        source.write_text(
            text.replace("This is your publication's first article.", "This is Zanzibarian news."), encoding="utf-8"
        )
        assert browser.wait_for(f"{pages}.includes('Zanzibarian')"), browser.evaluate("document.body.innerHTML")
        assert browser.evaluate("document.body.dataset.build") == "2"
        assert browser.evaluate("document.getElementById('problems').hidden") is True
        source.write_text(text.replace("2025-06-14", "2025-02-30"), encoding="utf-8")
        errors = browser.wait_for("document.getElementById('errors').textContent")
        assert errors.startswith("input/welcome-english.md:4:7: error: invalid date '2025-02-30'"), errors
        assert browser.evaluate("document.getElementById('problems').hidden") is False
        assert "1 failed" in browser.evaluate("document.getElementById('status').textContent")
        source.write_text(text, encoding="utf-8")
        assert browser.wait_for("document.getElementById('problems').hidden"), "the errors go once it builds"
    finally:
        browser.close()
