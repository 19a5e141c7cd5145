"""YAML documents that remember where each value stands (for located errors).

Used for both the publication config and article front matter. Only the safe
subset of YAML is accepted: no Python tags, no anchors or aliases (an alias
bomb is refused before it is expanded), at most :data:`MAX_DEPTH` levels of
nesting and :data:`MAX_NODES` values (both checked on the event stream, before
anything is built), no control characters or lone surrogates in a value (a
double-quoted ``"\\e"`` or ``"\\ud800"`` would otherwise reach the PDF or the
terminal).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError

from typeset.errors import Location, TypesetError

Key = tuple[Any, ...]

#: Lists and mappings inside each other (front matter needs 2, the publication config 3).
MAX_DEPTH = 16
#: Values in one document (front matter has about ten).
MAX_NODES = 10_000
#: What a value may not hold: controls other than tab and line feed, lone surrogates.
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def shown(value: object, limit: int = 60) -> str:
    """``value`` as a message quotes it: on one line (a control character is written as its escape,
    ``\\n``, ``\\x1b``), and cut at ``limit`` characters."""
    text = _UNPRINTABLE.sub(lambda match: repr(match.group())[1:-1], str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text: they are parsed (with a located error) by the caller."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """A value; one its tag cannot be made of (``!!int abc``, ``!!bool maybe``, a number of
        more digits than Python converts) is a located error, not a crash."""
        try:
            return super().construct_object(node, deep)
        except (ValueError, LookupError, AttributeError, TypeError, OverflowError):  # !!int "", !!bool maybe, …
            tag = node.tag.rsplit(":", 1)[-1]
            value = node.value if isinstance(node.value, str) else ""
            problem = f"cannot read '{shown(value, 41)}' as {shown(tag)}"
            raise ConstructorError(None, None, problem, node.start_mark) from None


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class YamlDoc:
    path: Path
    data: Any
    marks: dict[Key, tuple[int, int]] = field(default_factory=dict)
    line_offset: int = 0
    raw: dict[Key, str] = field(default_factory=dict)  # each scalar as written (``1:30``, not 90)

    def text(self, *keys: Any) -> str | None:
        """The scalar at ``keys`` as written (after escapes), None if there is no scalar there."""
        return self.raw.get(keys)

    def loc(self, *keys: Any) -> Location:
        """The location of the value at ``keys`` (or of its nearest parent)."""
        while keys not in self.marks and keys:
            keys = keys[:-1]
        line, column = self.marks.get(keys, (1, 1))
        return Location(self.path, line, column)

    def key_loc(self, *keys: Any) -> Location:
        """The location of the key itself (falls back to its value)."""
        return self.loc(*keys, "<key>") if (*keys, "<key>") in self.marks else self.loc(*keys)


def _mark_location(path: Path, mark: Any, line_offset: int) -> Location:
    if mark is None:
        return Location(path, line_offset + 1)
    return Location(path, mark.line + 1 + line_offset, mark.column + 1)


def load(text: str, path: Path, line_offset: int = 0, what: str = "YAML") -> YamlDoc:
    """Parse ``text`` (which starts at line ``line_offset + 1`` of ``path``)."""
    try:
        _check_events(text, path, line_offset, what)
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "invalid YAML"
        if error.problem and "could not determine a constructor" in error.problem:
            problem = f"unsupported tag: {error.problem.split('tag ')[-1]}"
        raise TypesetError(f"{what}: {shown(problem, 200)}", _mark_location(path, mark, line_offset)) from None
    except yaml.reader.ReaderError as error:  # a character YAML does not allow (one read_text let through)
        before = text[: error.position]
        line = line_offset + before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        char = error.character if isinstance(error.character, str) else chr(error.character)
        raise TypesetError(
            f"{what}: character U+{ord(char):04X} is not allowed in YAML", Location(path, line, column)
        ) from None
    except yaml.YAMLError as error:
        raise TypesetError(
            f"{what}: {shown(str(error).splitlines()[0], 200)}", Location(path, line_offset + 1)
        ) from None
    doc = YamlDoc(path, data, line_offset=line_offset)
    if node is not None:
        _collect_marks(node, (), doc, what)
    return doc


def _check_events(text: str, path: Path, line_offset: int, what: str) -> None:
    """Refuse anchors and aliases, deep nesting and too many values, from the event stream (nothing is built)."""
    depth = nodes = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise TypesetError(
                f"{what}: anchors and aliases (&name, *name) are not allowed",
                _mark_location(path, event.start_mark, line_offset),
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise TypesetError(
                    f"{what}: nested too deeply (more than {MAX_DEPTH} levels of lists and mappings)",
                    _mark_location(path, event.start_mark, line_offset),
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        if isinstance(event, yaml.NodeEvent):
            nodes += 1
            if nodes > MAX_NODES:
                raise TypesetError(
                    f"{what}: too many values (more than {MAX_NODES})",
                    _mark_location(path, event.start_mark, line_offset),
                )


def _check_scalar(node: yaml.ScalarNode, doc: YamlDoc, what: str) -> None:
    bad = _FORBIDDEN.search(node.value)
    if bad:
        char = bad.group()
        kind = "lone surrogate" if 0xD800 <= ord(char) <= 0xDFFF else "control character"
        raise TypesetError(
            f"{what}: {kind} U+{ord(char):04X} in a value",
            _mark_location(doc.path, node.start_mark, doc.line_offset),
            hint="remove it (an escape such as \\e, \\x1b or \\ud800 in a double-quoted value writes one)",
        )


def _collect_marks(node: yaml.Node, keys: Key, doc: YamlDoc, what: str) -> None:
    marks, offset = doc.marks, doc.line_offset
    mark = node.start_mark
    column = mark.column + 1
    if isinstance(node, yaml.ScalarNode):
        _check_scalar(node, doc, what)
        doc.raw[keys] = node.value
        if node.style in ("'", '"'):
            column += 1  # point at the text, not the quote
    marks[keys] = (mark.line + 1 + offset, column)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                _check_scalar(key_node, doc, what)
            key = key_node.value
            if (*keys, key, "<key>") in marks:
                raise TypesetError(
                    f"{what}: duplicate key {key!r}",
                    _mark_location(doc.path, key_node.start_mark, offset),
                )
            marks[(*keys, key, "<key>")] = (key_node.start_mark.line + 1 + offset, key_node.start_mark.column + 1)
            _collect_marks(value_node, (*keys, key), doc, what)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _collect_marks(item, (*keys, index), doc, what)
