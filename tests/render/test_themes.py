"""Templates in a sandbox: a publication's templates/ cannot reach Python, files or the machine's limits.

Each escape is tried as the publication's own ``templates/article.html`` and
must end in a located error at the template's line, with nothing rendered.
"""

from __future__ import annotations

import os

import pytest

from tests.conftest import Project
from typeset.jobs.job import Job, prepare
from typeset.render import templatelimits

pytestmark = pytest.mark.slow  # renders PDFs

HINT_DATA = "templates see the article and the publication as data: no Python internals, files or modules"
HINT_LIMIT = "a template may not loop, recurse or grow a value without end"


def with_template(project: Project, text: str, name: str = "article.html") -> Job:
    """Prepare an article of ``project`` whose publication has ``text`` as its template ``name``."""
    path = project.root / "templates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return prepare(project.source("a.md"))


def only_error(job: Job) -> str:
    assert job.html is None
    assert len(job.errors) == 1, [error.format() for error in job.errors]
    return job.errors[0].format()


ESCAPES = [
    # (the template's second line, the error's message)
    (
        '{{ range.__globals__["os"].popen("id").read() }}',
        "not allowed in a template: access to attribute '__globals__' of 'function' object is unsafe.",
    ),
    (
        "{{ beyt.__globals__ }}",
        "not allowed in a template: access to attribute '__globals__' of 'function' object is unsafe.",
    ),
    (
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "not allowed in a template: access to attribute '__class__' of 'str' object is unsafe.",
    ),
    (
        "{{ (''|attr('__class__')) }}",
        "not allowed in a template: access to attribute '__class__' of 'str' object is unsafe.",
    ),
    (
        "{{ '{0.__class__}'.format(article.title) }}",
        "not allowed in a template: access to attribute '__class__' of 'str' object is unsafe.",
    ),
    (
        "{{ cycler.__init__.__globals__.os }}",
        "not allowed in a template: access to attribute '__init__' of 'type' object is unsafe.",
    ),
    (
        "{{ publication.root.joinpath('../../etc/passwd').read_text() }}",
        "not allowed in a template: access to attribute 'root' of 'Publication' object is unsafe.",
    ),
    (
        "{{ publication.path }}",
        "not allowed in a template: access to attribute 'path' of 'Publication' object is unsafe.",
    ),
    (
        "{{ article.path.read_text() }}",
        "not allowed in a template: access to attribute 'path' of 'Article' object is unsafe.",
    ),
    (
        "{{ publication.texts[0].location.path }}",
        "not allowed in a template: access to attribute 'path' of 'Location' object is unsafe.",
    ),
    (
        "{{ article.date.__class__ }}",
        "not allowed in a template: access to attribute '__class__' of 'date' object is unsafe.",
    ),
    (
        "{{ article.headings.append(1) }}",
        "not allowed in a template: access to attribute 'append' of 'list' object is unsafe.",
    ),
]


@pytest.mark.parametrize(("line", "message"), ESCAPES, ids=[line for line, _ in ESCAPES])
def test_escapes_to_python_are_located_errors(project: Project, line: str, message: str) -> None:
    job = with_template(project, "{# an escape #}\n" + line + "\n")
    template = project.root / "templates" / "article.html"
    assert only_error(job) == f"{template}:2: error: {message}\n  hint: {HINT_DATA}"


def test_only_typesets_globals(project: Project) -> None:
    """No lipsum (it makes text without end), no random filter (the same source gives the same PDF)."""
    template = project.root / "templates" / "article.html"
    assert only_error(with_template(project, "{{ lipsum(10**9) }}")).startswith(
        f"{template}:1: error: 'lipsum' is undefined\n"
    )
    assert only_error(with_template(project, "{{ [1, 2]|random }}")).startswith(
        f"{template}:1: error: template syntax: No filter named 'random'."
    )


LIMITS = [
    ("{% for i in range(10**12) %}{% endfor %}", "range() of 1 000 000 000 000 numbers (at most 100 000)"),
    (
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        "the templates take more than 1 000 000 steps (loop iterations, calls)",
    ),
    ("{{ 'x' * 10**10 }}", "'*' would make 10 000 000 000 characters or items (at most 33 554 432)"),
    ("{{ ['x'] * 10**10 }}", "'*' would make 10 000 000 000 characters or items (at most 33 554 432)"),
    ("{{ 2 ** (10**9) }}", "'**' would make an integer of more than 100 000 bits"),
    (
        "{{ 'x'|center(10**10) }}",
        "the filter 'center' would make 10 000 000 000 characters or items (at most 33 554 432)",
    ),
    ("{{ 'x'.ljust(10**10) }}", "str.ljust() would make 10 000 000 000 characters or items (at most 33 554 432)"),
    ("{{ '%999999999d' % 1 }}", "'%' would make 1 000 000 010 characters or items (at most 33 554 432)"),
    ("{{ '%*d' % (5, 1) }}", "a '%*d' format (a computed width) is not allowed in templates"),
    (
        "{{ '{:>9999999999}'.format(1) }}",
        "str.format() would make 10 000 000 013 characters or items (at most 33 554 432)",
    ),
    (
        "{{ ('x' * 10000).replace('x', 'x' * 10000) }}",
        "str.replace() would make 100 000 000 characters or items (at most 33 554 432)",
    ),
    (
        "{{ ('x' * 10000)|replace('x', 'x' * 10000) }}",
        "the filter 'replace' would make 100 000 000 characters or items (at most 33 554 432)",
    ),
    (
        "{{ ('x' * 1000).join(['y'] * 100000) }}",
        "str.join() would make 100 099 000 characters or items (at most 33 554 432)",
    ),
    (
        '{% set ns = namespace(s="x") %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}',
        "a value of 67 108 864 characters or items is too large (at most 33 554 432)",
    ),
    (
        "{% macro twice(n) %}{% if n %}{% set s = twice(n - 1) %}{{ s }}{{ s }}{% else %}x{% endif %}{% endmacro %}"
        "{{ twice(40) }}",
        "the templates write more than 67 108 864 characters",
    ),
]


@pytest.mark.parametrize(("line", "message"), LIMITS, ids=[line[:50] for line, _ in LIMITS])
def test_runaway_templates_are_stopped_before_they_cost(project: Project, line: str, message: str) -> None:
    job = with_template(project, "{# a runaway #}\n" + line + "\n")
    template = project.root / "templates" / "article.html"
    assert only_error(job) == f"{template}:2: error: {message}\n  hint: {HINT_LIMIT}"


def test_a_template_that_writes_without_end_is_stopped(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """Text written into a block (not a value a rule sees) is measured as it is written."""
    monkeypatch.setattr(templatelimits, "MAX_OUTPUT", 1_000_000)
    line = "{% set page %}{% for i in range(100000) %}{{ 'x' * 100 }}{% endfor %}{% endset %}{{ page }}"
    job = with_template(project, "{# a runaway #}\n" + line + "\n")
    template = project.root / "templates" / "article.html"
    assert only_error(job) == (
        f"{template}:2: error: the templates write more than 1 000 000 characters\n  hint: {HINT_LIMIT}"
    )


@pytest.mark.parametrize(
    "text",
    ["{# itself #}\n{% macro m(n) %}{{ m(n) }}{% endmacro %}{{ m(1) }}", '{# itself #}\n{% include "article.html" %}'],
)
def test_endless_recursion_is_a_located_error(project: Project, text: str) -> None:
    template = project.root / "templates" / "article.html"
    assert only_error(with_template(project, text)) == (
        f"{template}:2: error: the templates include or call each other without end\n"
        "  hint: a template may not recurse forever"
    )


def test_a_template_linked_to_a_file_outside_is_not_read(project: Project) -> None:
    (project.root / "templates").mkdir()
    link = project.root / "templates" / "article.html"
    link.symlink_to("/etc/passwd")
    assert only_error(prepare(project.source("a.md"))) == (
        f"{link}: error: template 'article.html' is a link to /etc/passwd, outside {project.root / 'templates'}\n"
        "  hint: templates are read only from regular files inside the publication's templates/ and the theme"
    )


def test_an_included_link_to_outside_is_not_read(project: Project) -> None:
    (project.root / "templates").mkdir()
    (project.root / "templates" / "secret.html").symlink_to("/etc/passwd")
    job = with_template(
        project, '{% extends "!base/article.html" %}\n{% block body %}{% include "secret.html" %}{% endblock %}'
    )
    assert only_error(job).startswith(
        f"{project.root / 'templates' / 'secret.html'}: error: template 'secret.html' is a link to /etc/passwd"
    )


def test_a_templates_folder_linked_outside_is_not_read(
    project: Project, tmp_path_factory: pytest.TempPathFactory
) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (elsewhere / "article.html").write_text("outside", encoding="utf-8")
    (project.root / "templates").symlink_to(elsewhere)
    assert only_error(prepare(project.source("a.md"))).startswith(
        f"{project.root / 'templates'}: error: the templates folder is a link to {elsewhere}, outside {project.root}\n"
    )


def test_a_link_that_stays_inside_is_followed(project: Project) -> None:
    job = with_template(
        project, '{% extends "!base/article.html" %}{% block body %}<p>Own</p>{% endblock %}', "own.html"
    )
    assert job.ok
    (project.root / "templates" / "article.html").symlink_to("own.html")
    job = prepare(project.source("a.md"))
    assert job.ok and job.html is not None and "<p>Own</p>" in job.html


@pytest.mark.parametrize("name", ["../publication.yaml", "/etc/passwd", "partials/../../publication.yaml"])
def test_names_that_leave_the_templates_folder_are_refused(project: Project, name: str) -> None:
    job = with_template(project, f'{{# up #}}\n{{% include "{name}" %}}')
    template = project.root / "templates" / "article.html"
    assert only_error(job).startswith(
        f"{template}:2: error: template name '{name}' may not leave the templates folder ('..', '/')\n"
    )


def test_a_fifo_is_not_read(project: Project) -> None:
    (project.root / "templates").mkdir()
    fifo = project.root / "templates" / "article.html"
    os.mkfifo(fifo)
    assert only_error(prepare(project.source("a.md"))).startswith(
        f"{fifo}: error: template 'article.html' is not a regular file\n"
    )


def test_the_house_theme_renders_in_the_sandbox(project: Project) -> None:
    job = prepare(project.source("a.md", "A paragraph.\n"))
    assert job.ok and job.html is not None
    assert "A paragraph." in job.html and '<p class="masthead"' in job.html


def test_templates_keep_their_layering(project: Project) -> None:
    job = with_template(
        project, '<p class="mine">Mine</p>{% include "!base/partials/masthead.html" %}', "partials/masthead.html"
    )
    assert job.ok and job.html is not None
    assert 0 <= job.html.index('class="mine"') < job.html.index('class="masthead-block"')
