"""YAML documents that remember where each value stands (for located errors).

Used for both the publication config and article front matter. Only the safe
subset of YAML is accepted: no Python tags, no anchors or aliases (an alias
bomb is refused before it is expanded).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from typeset.errors import Location, TypesetError

Key = tuple[Any, ...]


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text: they are parsed (with a located error) by the caller."""


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
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise TypesetError(
                    f"{what}: anchors and aliases (&name, *name) are not allowed",
                    _mark_location(path, event.start_mark, line_offset),
                )
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
        raise TypesetError(f"{what}: {problem}", _mark_location(path, mark, line_offset)) from None
    except yaml.YAMLError as error:
        raise TypesetError(f"{what}: {error}", Location(path, line_offset + 1)) from None
    doc = YamlDoc(path, data, line_offset=line_offset)
    if node is not None:
        _collect_marks(node, (), doc, what)
    return doc


def _collect_marks(node: yaml.Node, keys: Key, doc: YamlDoc, what: str) -> None:
    marks, offset = doc.marks, doc.line_offset
    mark = node.start_mark
    column = mark.column + 1
    if isinstance(node, yaml.ScalarNode) and node.style in ("'", '"'):
        column += 1  # point at the text, not the quote
    marks[keys] = (mark.line + 1 + offset, column)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
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
