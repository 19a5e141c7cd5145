"""A theme's mistakes are diagnosed like a source's: one located line and a hint, exit 1, with any --jobs."""

from __future__ import annotations

import pytest

from tests.conftest import Project, run_typeset
from typeset.resources import THEME_DIR

CASES = [
    # (the publication's templates/article.html, the error line (after the path), its hint)
    (
        '{% extends "!base/article.html" %}\n{% block body %}\n{% if %}\n{% endblock %}\n',
        ":3: error: template syntax: Expected an expression, got 'end of statement block'",
        "see https://jinja.palletsprojects.com/en/3.1.x/templates/",
    ),
    (
        '{% extends "!base/article.html" %}\n{% block body %}\n{{ oops }}\n{% endblock %}\n',
        ":3: error: 'oops' is undefined",
        "a template sees article, publication, document, families, font_faces, ink, sizes, verse_header, typeset_version and beyt()",
    ),
    (
        '{% extends "!base/article.html" %}\n{% block body %}\n{% include "partials/nope.html" %}\n{% endblock %}\n',
        ":3: error: template 'partials/nope.html' not found",
        "templates are looked up in {templates}/, then in the theme; '!base/NAME' names the theme's own",
    ),
    (
        '{# a base that is not there #}\n{% extends "!base/nope.html" %}\n',
        ":2: error: template '!base/nope.html' not found",
        "templates are looked up in {templates}/, then in the theme; '!base/NAME' names the theme's own",
    ),
    (
        '{% extends "!base/article.html" %}\n{% block body %}{{ article.title | shout }}{% endblock %}\n',
        ":2: error: template syntax: No filter named 'shout'.",
        "typeset's filters: css_string, isolate, inline, tie, format_date, digits, house_date, long_date, "
        "and Jinja's built-in ones (not random)",
    ),
]


def broken_theme(project: Project, template: str) -> None:
    (project.root / "templates").mkdir()
    (project.root / "templates" / "article.html").write_text(template, encoding="utf-8")
    project.source("a.md")
    project.source("b.md")


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize(("template", "line", "hint"), CASES, ids=[line for _, line, _ in CASES])
def test_template_errors_are_located(project: Project, template: str, line: str, hint: str, jobs: str) -> None:
    broken_theme(project, template)
    templates = project.root / "templates"
    code, _, err = project.run("build", "--jobs", jobs, str(project.root), "-o", str(project.root / "out"))
    assert code == 1
    expected = f"{templates / 'article.html'}{line}\n  hint: {hint.format(templates=templates)}"
    assert err.count(expected) == 1, err  # once, not once for each article
    assert "0 built, 2 failed" in err
    assert "internal error" not in err and "Traceback" not in err
    assert err.rstrip().endswith("0 built, 2 failed")
    assert not list((project.root / "out").glob("*.pdf"))


def test_check_finds_template_errors(project: Project) -> None:
    template, line, hint = CASES[1]
    broken_theme(project, template)
    code, _, err = project.run("check", str(project.root / "a.md"))
    assert code == 1
    assert f"{project.root / 'templates' / 'article.html'}{line}\n  hint: {hint}" in err


def test_an_error_in_an_included_template_names_that_template(project: Project) -> None:
    (project.root / "templates" / "partials").mkdir(parents=True)
    (project.root / "templates" / "partials" / "masthead.html").write_text(
        "<header>\n{{ publication.nmae }}\n</header>\n", encoding="utf-8"
    )
    source = project.source("a.md")
    code, _, err = project.run("build", str(source), "-o", str(project.root / "out"))
    assert code == 1
    partial = project.root / "templates" / "partials" / "masthead.html"
    assert f"{partial}:2: error: 'typeset.model.Publication object' has no attribute 'nmae'" in err


@pytest.mark.slow  # renders PDFs
def test_the_same_in_a_subprocess_with_workers(project: Project) -> None:
    template, line, hint = CASES[0]
    broken_theme(project, template)
    for jobs in ("1", "2"):
        result = run_typeset("build", "--jobs", jobs, ".", "-o", "out", cwd=project.root)
        assert result.returncode == 1, result.stderr
        assert result.stderr.count(f"templates/article.html{line}\n  hint: {hint}") == 1, (
            result.stderr
        )  # said once for the two articles
        assert "internal error" not in result.stderr


def test_the_theme_is_located_at_its_own_path(project: Project) -> None:
    """An override that breaks the theme's own template (it includes it without the context) points there."""
    (project.root / "templates").mkdir()
    (project.root / "templates" / "article.html").write_text(
        '{% include "!base/partials/article.html" without context %}', encoding="utf-8"
    )
    source = project.source("a.md")
    code, _, err = project.run("build", str(source), "-o", str(project.root / "out"))
    assert code == 1
    assert f"{THEME_DIR / 'partials' / 'article.html'}:2: error: 'article' is undefined" in err
