"""One schema for every YAML file: an unknown key or a value not among the choices, in the publication,
its typography settings, an article's front matter and an edition file, is reported at its line with the
key or value it was likely meant to be; every problem of a file at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Project
from typeset.errors import TypesetError
from typeset.model import LANGUAGES
from typeset.source import yamldoc

SOURCE = "title: T\nauthor: A\ndate: 2025-06-03\nlang: en\nsection: european-languages\n"
EDITION = "title: Weekly\nnumber: 24\ndate: 2025-06-14\nlanguage: fa-AF\narticles: [../a.md]\n"


def config_with(project: Project, text: str) -> tuple[Path, int]:
    """The house publication.yaml with ``text`` appended; the line ``text`` starts on."""
    config = project.root / "publication.yaml"
    before = config.read_text(encoding="utf-8").rstrip("\n") + "\n"
    config.write_text(before + text, encoding="utf-8")
    return config, before.count("\n") + 1


def check(project: Project, path: Path) -> list[str]:
    """``typeset check`` of ``path``: it fails; stderr's lines."""
    code, _, err = project.run("check", str(path))
    assert code == 1, err
    return err.splitlines()


def test_an_unknown_key_of_the_publication_says_which_was_meant(project: Project) -> None:
    config, line = config_with(project, "mastehead: X\n")
    err = check(project, project.source("a.md"))
    at = err.index(f"{config}:{line}:1: error: unknown key 'mastehead' in publication config")
    assert err[at + 1] == "  hint: did you mean 'masthead'?"


def test_an_unknown_key_far_from_any_lists_the_keys(project: Project) -> None:
    config, line = config_with(project, "colophon: X\n")
    err = check(project, project.source("a.md"))
    at = err.index(f"{config}:{line}:1: error: unknown key 'colophon' in publication config")
    assert err[at + 1].startswith("  hint: known keys: name, masthead, monogram, verse_header, website, email, ")


def test_unknown_keys_inside_the_publication_say_which_was_meant(project: Project) -> None:
    config = project.root / "publication.yaml"
    config.write_text(
        "name: X\nsections: {a: {en: A, fa: الف}}\npage: {sise: A5}\nfonts: {latn: Noto Serif}\n", encoding="utf-8"
    )
    err = check(project, project.source("a.md", front=SOURCE.replace("european-languages", "a")))
    assert err[:4] == [
        f"{config}:3:8: error: unknown key 'sise' in 'page'",
        "  hint: did you mean 'size'?",
        f"{config}:4:9: error: unknown font role 'latn'",
        "  hint: did you mean 'latin'?",
    ]


def test_typography_keys_and_choices_say_which_was_meant(project: Project) -> None:
    config, line = config_with(project, "typography:\n  kashda: false\n  digits: nativ\n  date_style: solar\n")
    err = check(project, project.source("a.md"))
    # Every problem, each at its line, in the order of the file.
    assert err[:6] == [
        f"{config}:{line + 1}:3: error: unknown typography key 'kashda'",
        "  hint: did you mean 'kashida'?",
        f"{config}:{line + 2}:11: error: typography.digits 'nativ' is not one of native, as-written",
        "  hint: did you mean 'native'?",
        f"{config}:{line + 3}:15: error: typography.date_style 'solar' is not one of house, long, gregorian, "
        "solar-hijri",
        "  hint: did you mean 'solar-hijri'?",
    ]


def test_front_matter_keys_and_choices_say_which_was_meant(project: Project) -> None:
    front = SOURCE.replace("author:", "autor:").replace("lang: en", "lang: Dari") + "digits: as_written\n"
    path = project.source("a.md", front=front)
    err = check(project, path)
    assert err[:6] == [
        f"{path}:3:1: error: unknown front matter field 'autor'",
        "  hint: did you mean 'author'?",  # and not again as a missing 'author'
        f"{path}:5:7: error: unknown language 'Dari'",
        "  hint: did you mean 'fa-AF'?",  # a language named: its tag
        f"{path}:7:9: error: digits 'as_written' is not one of native, as-written",
        "  hint: did you mean 'as-written'?",
    ]
    assert not [line for line in err if "missing" in line]


def test_a_section_not_of_the_publication_says_which_was_meant(project: Project) -> None:
    path = project.source("a.md", front=SOURCE.replace("european-languages", "european-language"))
    err = check(project, path)
    assert err[:2] == [
        f"{path}:6:10: error: unknown section 'european-language'",
        "  hint: did you mean 'european-languages'?",
    ]


def test_edition_keys_and_choices_say_which_was_meant(project: Project) -> None:
    project.source("a.md")
    editions = project.root / "editions"
    editions.mkdir()
    (editions / "x.yaml").write_text(EDITION.replace("title:", "titel:") + "profile: prnt\n", encoding="utf-8")
    code, _, err = project.run("check", str(project.root))
    assert code == 1
    path = editions / "x.yaml"
    assert err.splitlines()[:4] == [
        f"{path}:1:1: error: unknown key 'titel'",
        "  hint: did you mean 'title'?",
        f"{path}:6:10: error: unknown profile 'prnt'",
        "  hint: did you mean 'print'?",
    ]


def doc_of(text: str) -> yamldoc.YamlDoc:
    return yamldoc.load(text, Path("x.yaml"))


SCHEMA = yamldoc.Schema(
    (
        yamldoc.Field("title", (str,), "must be text", required=True, hint="title: the title"),
        yamldoc.Field("lang", (str,), "must be text", choices=LANGUAGES, noun="language"),
        yamldoc.Field("mode", choices=("keep", "remove")),
        yamldoc.Field("scale", (int, float), "must be a number", limits=(0.5, 1.5)),
        yamldoc.Field("label", (str,), "must be text", limits=(0, 5)),
    ),
    unknown="unknown key '{}'",
    listing="keys: {}",
)


def problems(text: str) -> list[str]:
    errors: list[TypesetError] = []
    SCHEMA.read(doc_of(text), (), errors)
    return [error.format() for error in errors]


def test_the_schema_returns_what_passed_and_reports_the_rest() -> None:
    errors: list[TypesetError] = []
    values = SCHEMA.read(doc_of("title: T\nlang: de\nmode: drop\nscale: true\nlabel: abcdef\n"), (), errors)
    assert values == {"title": "T", "lang": "de"}
    assert [error.format() for error in errors] == [
        "x.yaml:3:7: error: mode 'drop' is not one of keep, remove",
        "x.yaml:4:8: error: 'scale' must be a number",  # true is no number
        "x.yaml:5:8: error: 'label' is too long (6 characters; the limit is 5)",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("lang: de\n", ["x.yaml:1:1: error: missing key 'title'\n  hint: title: the title"]),
        ("title: ' '\n", ["x.yaml:1:1: error: 'title' is empty\n  hint: title: the title"]),
        ("titel: T\n", ["x.yaml:1:1: error: unknown key 'titel'\n  hint: did you mean 'title'?"]),  # not missing too
        ("title: T\nxyz: 1\n", ["x.yaml:2:1: error: unknown key 'xyz'\n  hint: keys: title, lang, mode, scale, label"]),
        ("title: T\nlang: pashto\n", ["x.yaml:2:7: error: unknown language 'pashto'\n  hint: did you mean 'ps'?"]),
        ("title: T\nlang: [en]\n", ["x.yaml:2:7: error: 'lang' must be text"]),
        ("title: T\nscale: 2\n", ["x.yaml:2:8: error: scale 2 is out of range (0.5 to 1.5)"]),
        (
            "title: T\nmode: Keep\n",
            ["x.yaml:2:7: error: mode 'Keep' is not one of keep, remove\n  hint: did you mean 'keep'?"],
        ),
    ],
)
def test_each_kind_of_problem(text: str, expected: list[str]) -> None:
    assert problems(text) == expected


def test_near_matches_a_choice_or_its_name() -> None:
    assert yamldoc.near("artciles", ("section", "articles")) == "articles"
    assert yamldoc.near("dari", LANGUAGES) == "fa-AF"  # not 'ar', which difflib alone would give
    assert yamldoc.near("Pashto", LANGUAGES) == "ps"
    assert yamldoc.near("klingon", LANGUAGES) is None
    assert yamldoc.did_you_mean("klingon", LANGUAGES, "languages: …") == "languages: …"


def test_an_empty_front_matter_is_every_field_missing(project: Project) -> None:
    path = project.root / "a.md"
    path.write_text("---\n---\nText.\n", encoding="utf-8")
    err = check(project, path)
    missing = [line for line in err if "error:" in line]
    assert missing == [
        f"{path}:2: error: missing front matter field '{key}'" for key in ("title", "author", "date", "lang", "section")
    ]


def test_front_matter_errors_come_in_the_order_of_the_file(project: Project) -> None:
    front = "title: T\nautor: A\ndate: 2025-02-30\nlang: xx\nsection: sports\ndigits: roman\n"
    path = project.source("a.md", front=front)
    lines = [line.split(": error:")[0] for line in check(project, path) if ": error:" in line]
    assert lines == [f"{path}:3:1", f"{path}:4:7", f"{path}:5:7", f"{path}:6:10", f"{path}:7:9"]
