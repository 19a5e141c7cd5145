"""Nothing escapes: no network, no file outside fonts/, templates/ and the source's folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from weasyprint.urls import FatalURLFetchingError

from tests.conftest import Project
from typeset.render.fetcher import FolderFetcher
from typeset.resources import FONTS_DIR


@pytest.mark.parametrize(
    ("markdown", "message"),
    [
        ("![x](http://example.com/a.png)", "image 'http://example.com/a.png' is not a file in the article's folder"),
        ("![x](file:///etc/passwd)", "image 'file:///etc/passwd' is not a file in the article's folder"),
        ("![x](../../etc/passwd)", "image '../../etc/passwd' is outside the article's folder"),
        ("![x](/etc/passwd)", "image '/etc/passwd' is not a file in the article's folder"),
        ("![x](missing.png)", "image 'missing.png' not found"),
        ("[x](file:///etc/passwd)", "link target 'file:///etc/passwd' is not a web address"),
        ("[x](../../secret.pdf)", "link target '../../secret.pdf' is not a web address"),
        ("[x](javascript:alert(1))", "link target 'javascript:alert(1)' is not a web address"),
    ],
)
def test_sources_pointing_outside_are_refused(project: Project, markdown: str, message: str) -> None:
    path = project.source("a.md", f"Text.\n\n{markdown}\n")
    code, _, err = project.run("build", str(path), "-o", str(project.root / "out"))
    assert code == 1
    assert f"{path}:11: error: {message}" in err
    assert not (project.root / "out").exists()


def test_symlink_out_of_the_folder_is_refused(project: Project, tmp_path_factory: pytest.TempPathFactory) -> None:
    outside = tmp_path_factory.mktemp("outside") / "secret.png"
    outside.write_bytes(b"\x89PNG\r\n\x1a\n")
    (project.root / "link.png").symlink_to(outside)
    path = project.source("a.md", "![x](link.png)\n")
    _, _, err = project.run("check", str(path))
    assert "error: image 'link.png' is outside the article's folder" in err


@pytest.mark.slow  # renders PDFs
def test_raw_html_is_shown_as_text_not_passed_through(project: Project) -> None:
    path = project.source("a.md", '<img src="file:///etc/passwd">\n\nA <script>alert(1)</script> b.\n')
    code, _, err = project.run("build", str(path), "-o", str(project.root / "out"))
    assert code == 0, err
    from tests import pdfread

    text = pdfread.normalize(pdfread.content_text(project.root / "out" / "a.pdf"))
    assert '<img src="file:///etc/passwd">' in text
    assert "A <script>alert(1)</script> b." in text


@pytest.mark.slow  # renders PDFs
def test_web_links_and_local_images_are_allowed(project: Project) -> None:
    import shutil

    shutil.copy(Path(__file__).parent.parent / "data" / "dot.png", project.root / "dot.png")
    path = project.source("a.md", 'See [the site](https://example.org).\n\n![A dot](dot.png "A red dot")\n')
    code, _, err = project.run("build", str(path), "-o", str(project.root / "out"))
    assert code == 0, err
    from tests import pdfread

    assert "A red dot" in pdfread.text(project.root / "out" / "a.pdf")


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/x.png",
        "https://example.com/font.ttf",
        "file:///etc/passwd",
        "data:text/plain,hi",
        "ftp://x/y",
    ],
)
def test_fetcher_refuses(url: str, tmp_path: Path) -> None:
    fetcher = FolderFetcher([FONTS_DIR, tmp_path])
    with pytest.raises(FatalURLFetchingError, match="refused to read"):
        fetcher.fetch(url)


def test_fetcher_refuses_dot_dot_escape(tmp_path: Path) -> None:
    fetcher = FolderFetcher([tmp_path])
    with pytest.raises(FatalURLFetchingError, match="outside the allowed folders"):
        fetcher.fetch((tmp_path / ".." / ".." / "etc" / "passwd").as_uri().replace("%2E", "."))
    with pytest.raises(FatalURLFetchingError):
        fetcher.fetch(tmp_path.as_uri() + "/../../etc/passwd")


def test_fetcher_serves_allowed_files() -> None:
    font = next(FONTS_DIR.glob("*.ttf"))
    response = FolderFetcher([FONTS_DIR]).fetch(font.as_uri())
    assert response.read()[:4] == font.read_bytes()[:4]


def test_a_template_that_reaches_out_is_stopped(project: Project) -> None:
    """Even the publication's own templates cannot make the engine read outside."""
    (project.root / "templates").mkdir()
    (project.root / "templates" / "article.html").write_text(
        '{% extends "!base/article.html" %}{% block body %}<img src="file:///etc/passwd">{{ super() }}{% endblock %}',
        encoding="utf-8",
    )
    path = project.source("a.md")
    code, _, err = project.run("build", str(path), "-o", str(project.root / "out"))
    assert code == 1
    assert "error: refused to read 'file:///etc/passwd': outside the allowed folders" in err
    assert not (project.root / "out" / "a.pdf").exists()


@pytest.mark.slow  # renders PDFs
def test_publication_templates_override_the_theme(project: Project) -> None:
    (project.root / "templates" / "partials").mkdir(parents=True)
    (project.root / "templates" / "partials" / "masthead.html").write_text(
        '<p class="masthead-custom">House Masthead</p>{% include "!base/partials/masthead.html" %}', encoding="utf-8"
    )
    path = project.source("a.md")
    assert project.run("build", str(path), "-o", str(project.root / "out"))[0] == 0
    from tests import pdfread

    text = pdfread.content_text(project.root / "out" / "a.pdf")
    assert 0 <= text.find("House Masthead") < text.find("www.afgazad.com")
