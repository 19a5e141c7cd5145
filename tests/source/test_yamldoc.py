"""yamldoc reads with libyaml where it can: whatever libyaml accepts, the pure-Python parser reads the
same (values, marks, the scalars as written); whatever it refuses, the error is the Python parser's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bench.make_edition import make_edition
from tests.source.test_properties import front_matter
from typeset.errors import TypesetError
from typeset.source import yamldoc

pytestmark = pytest.mark.skipif(yamldoc._CLoader is None, reason="PyYAML without libyaml")

PATH = Path("x.yaml")


def outcome(text: str, loader: Any, line_offset: int = 0) -> tuple[Any, ...]:
    """What one parser makes of ``text``: the document's parts, or the error as typeset prints it."""
    try:
        doc = yamldoc._load(text, PATH, line_offset, "YAML", loader)
    except TypesetError as error:
        return ("error", str(error))
    except Exception as error:  # libyaml given a lone surrogate (UnicodeEncodeError): load reads it again
        assert loader is not yamldoc._Loader
        return ("refused", repr(error))
    return ("doc", repr(doc.data), doc.marks, doc.raw)


def assert_alike(text: str, line_offset: int = 0) -> None:
    """libyaml accepts only what Python accepts, alike (but for what only Python reads); ``load``
    gives Python's outcome either way."""
    python = outcome(text, yamldoc._Loader, line_offset)
    fast = outcome(text, yamldoc._CLoader, line_offset)
    if fast[0] == "doc" and not yamldoc._python_only(text):
        assert fast == python
    try:
        loaded = yamldoc.load(text, PATH, line_offset)
    except TypesetError as error:
        assert python == ("error", str(error))
    else:
        assert python == ("doc", repr(loaded.data), loaded.marks, loaded.raw)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_edition(tmp_path_factory.mktemp("synthetic"), 300).parent.parent


def test_a_big_edition_publication_and_front_matter_read_the_same(synthetic: Path) -> None:
    texts = [(path.read_text(), 0) for path in [*synthetic.glob("editions/*.yaml"), synthetic / "publication.yaml"]]
    for article in sorted(synthetic.glob("articles/*.md")):
        lines = article.read_text().split("\n")
        texts.append(("\n".join(lines[1 : lines.index("---", 1)]), 1))
    for text, line_offset in texts:
        assert not yamldoc._python_only(text)  # read by libyaml
        fast = outcome(text, yamldoc._CLoader, line_offset)
        assert fast[0] == "doc" and len(fast[2]) > 5
        assert fast == outcome(text, yamldoc._Loader, line_offset)


@pytest.mark.parametrize(
    "text",
    [
        "a: b: c\n",  # libyaml: "mapping values are not allowed in this context"
        "\ta: 1\n",  # libyaml: no character in "found character '\\t' that cannot start any token"
        "a: \x1b\n",  # libyaml: "control characters are not allowed"
        "a: \ud800\n",  # libyaml cannot be given it (not UTF-8)
        "a: &x [1]\nb: *x\n",
        "a: " + "[" * 2000 + "]" * 2000 + "\n",  # libyaml's own limit is 1000 levels: its error, not ours
        "a: [" + "1," * 10001 + "]\n",
        "a: !!int x\n",
        "a: !!python/name:os.system\n",
        'a: "\\e"\nb: 1\nb: 2\n',
        "a: 1\n---\nb: 2\n",
        "'a\n",
        "a: [1\n",
        "a: 'x\n\n",
        "- x\n- y: \u2028z\n",
        "a: |#\n  x\n",  # libyaml: a comment
        "a: b\tc\n",  # libyaml: a tab is a space
    ],
)
def test_errors_are_the_python_parsers(text: str) -> None:
    assert outcome(text, yamldoc._Loader)[0] == "error"
    assert_alike(text, line_offset=3)


YAMLISH = st.lists(
    st.sampled_from(
        [*"ab1 :-?,[]{}#&*!|>'\"%@`\\\n\t", "é", "ی", "\u2028", "\x85", "\ufeff", "\x1b", "\r", "---", "  "]
    ),
    max_size=40,
).map("".join)


@pytest.mark.slow  # runs long
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(YAMLISH, front_matter()))
@example(text="a: 'x'\nb: [1, \"é\"]\n")
@example(text="? a\n: b\n")
@example(text="é: «é»\nb: \x85\n")
@example(text="!")  # None to Python, '' to libyaml
@example(text="? a")  # the empty value at 1:4 to Python, at 2:1 to libyaml
@example(text="---")  # the same, marked as Python marks it
@example(text="a: [b, c]\nd:")
@example(text="{a: }")  # the empty value at 1:4 to Python, at 1:5 to libyaml
@example(text="{a?: 1}")  # an error to Python
@example(text="\u2028\ufeff\u2028\ufeff")
def test_both_parsers_read_any_text_alike(text: str) -> None:
    assert_alike(text)
