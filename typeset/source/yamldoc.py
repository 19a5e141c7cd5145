"""YAML documents that remember where each value stands (for located errors).

Used for the publication config, article front matter and edition files, each checked against a
small schema (:class:`Schema`, a :class:`Field` per key; at the end of this module). Only the safe
subset of YAML is accepted: no Python tags, no anchors or aliases (an alias
bomb is refused before it is expanded), at most :data:`MAX_DEPTH` levels of
nesting and :data:`MAX_NODES` values (both checked on the event stream, before
anything is built), no control characters or lone surrogates in a value (a
double-quoted ``"\\e"`` or ``"\\ud800"`` would otherwise reach the PDF or the
terminal).

Read with libyaml (PyYAML's C parser) where PyYAML was built with it, ten times faster than the
pure-Python parser; a document libyaml finds anything wrong with is read again by the pure-Python
parser, whose messages and marks the errors give (libyaml words some problems differently,
reports a bad character as another error and puts some errors at another column).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
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


class _Constructing(yaml.constructor.SafeConstructor):
    """What both loaders construct alike (mixed in before their own constructor)."""

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


class _Loader(_Constructing, yaml.SafeLoader):
    """SafeLoader that leaves dates as text: they are parsed (with a located error) by the caller."""


#: Resolvers without the timestamp's: a date stays the text it was written as.
_RESOLVERS = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.yaml_implicit_resolvers = _RESOLVERS

_CSafeLoader: Any = getattr(yaml, "CSafeLoader", None)  # None where PyYAML was built without libyaml
_CLoader: Any = None
if _CSafeLoader is not None:

    class _CLoaderClass(_Constructing, _CSafeLoader):
        """The same loader on libyaml's parser and composer (its marks count characters, as the Python one's)."""

    _CLoaderClass.yaml_implicit_resolvers = _RESOLVERS
    _CLoader = _CLoaderClass

#: What libyaml reads where the Python parser refuses it, or reads otherwise: a tab (the Python
#: parser refuses one after or inside a plain value), a tag (``!`` alone is None to it, '' to
#: libyaml), a byte order mark inside the text, a comment right after a block scalar's ``|`` or
#: ``>``, an explicit key ``? `` (the empty values around one have other marks). A text with any
#: of them is read by the Python parser only, as it was before libyaml (found by comparing both
#: parsers on generated texts: tests/test_yamldoc.py).
_PYTHON_ONLY = re.compile(r"[\t!\ufeff]|[|>][-+0-9]*#|(?:^|[\s\[{,])\?(?:\s|$)")
#: The same in a text with flow collections (``[a, b]``, ``{en: A}``): a ``?`` (the Python parser
#: ends a plain value at one, libyaml does not), an empty value after ``:`` before ``,``, ``]``
#: or ``}`` (libyaml marks it where the next token starts, the Python parser after the ``:``).
_PYTHON_ONLY_IN_FLOW = re.compile(r"\?|:\s*[,\]}#]")


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
    """Parse ``text`` (which starts at line ``line_offset + 1`` of ``path``).

    With libyaml first (unless the text holds what it reads otherwise: :func:`_python_only`);
    whatever it refuses (a YAML error, a refused anchor, a value too deep, a lone surrogate it
    cannot even be given) is read again by the pure-Python parser, whose error is the one raised:
    the same message at the same line and column either way.
    """
    if _CLoader is not None and not _python_only(text):
        try:
            return _load(text, path, line_offset, what, _CLoader)
        except Exception:  # an error path need not be fast: the Python parser words the error
            pass
    return _load(text, path, line_offset, what, _Loader)


def _python_only(text: str) -> bool:
    """Whether libyaml would read ``text`` otherwise than the Python parser does (or might)."""
    if _PYTHON_ONLY.search(text):
        return True
    return ("[" in text or "{" in text) and _PYTHON_ONLY_IN_FLOW.search(text) is not None


def _load(text: str, path: Path, line_offset: int, what: str, loader_class: Any) -> YamlDoc:
    try:
        _check_events(text, path, line_offset, what, loader_class)
        loader = loader_class(text)
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
        if loader_class is not _Loader and not text.endswith(_BREAKS):
            _end_as_python_marks_it(node, text)
        _collect_marks(node, (), doc, what)
    return doc


_BREAKS = ("\n", "\r", "\x85", "\u2028", "\u2029")


def _end_as_python_marks_it(node: yaml.Node, text: str) -> None:
    """An empty value at the end of a text that does not end with a line break (``---``, ``? a``)
    is marked by libyaml at the start of the line after it, by the Python parser just after the
    last character: mark it as the Python parser does. Only the last value in the text can stand
    there (the last item, the last key and value, within the last ones)."""
    line = sum(text.count(br) for br in _BREAKS) - text.count("\r\n")  # the text's last line (from 0)
    column = len(text) - 1 - max(text.rfind(br) for br in _BREAKS)
    end: Any = None
    while True:
        for one in (node, node.value[-1][0]) if isinstance(node, yaml.MappingNode) and node.value else (node,):
            if one.start_mark.line > line:
                end = end or yaml.error.Mark("<unicode string>", len(text), line, column, None, 0)
                one.start_mark = end
        if isinstance(node, yaml.MappingNode) and node.value:
            node = node.value[-1][1]
        elif isinstance(node, yaml.SequenceNode) and node.value:
            node = node.value[-1]
        else:
            return


def _check_events(text: str, path: Path, line_offset: int, what: str, loader_class: Any = _Loader) -> None:
    """Refuse anchors and aliases, deep nesting and too many values, from the event stream (nothing is built)."""
    depth = nodes = 0
    for event in yaml.parse(text, Loader=loader_class):
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


# --- the schema: what keys a mapping takes, and what each value may be -------------------------------


def near(value: object, choices: Mapping[str, str] | tuple[str, ...]) -> str | None:
    """The choice ``value`` most likely meant (difflib's nearest, or one whose name it is: ``dari``
    is ``fa-AF``'s), None when none is near."""
    text = str(value).strip()
    names = choices if isinstance(choices, Mapping) else {}
    for choice in choices:
        if text.casefold() in (choice.casefold(), names.get(choice, choice).casefold()):
            return choice
    found = difflib.get_close_matches(text, list(choices), n=1)
    if found:
        return found[0]
    by_name = {name.casefold(): choice for choice, name in names.items()}
    found = difflib.get_close_matches(text.casefold(), list(by_name), n=1)
    return by_name[found[0]] if found else None


def did_you_mean(value: object, choices: Mapping[str, str] | tuple[str, ...], otherwise: str | None) -> str | None:
    """``did you mean 'x'?`` for the choice nearest ``value``, else ``otherwise``."""
    found = near(value, choices)
    return f"did you mean '{found}'?" if found is not None else otherwise


@dataclass(frozen=True)
class Field:
    """One key of a mapping: the types its value may have (``what`` names them in a message),
    whether it is required, the choices it is one of (a mapping: each with its name), the limits
    of a number (or the length of a text), and the hint an error about it gives."""

    name: str
    types: tuple[type, ...] = ()  # empty: any value
    what: str = ""  # what a value of another type is told: "must be text", "must be true or false", …
    required: bool = False
    choices: Mapping[str, str] | tuple[str, ...] = ()
    noun: str = ""  # a value not among the choices: "unknown {noun} 'x'" (else "name 'x' is not one of …")
    limits: tuple[float, float] | None = None
    hint: str | None = None


@dataclass(frozen=True)
class Schema:
    """The keys of one mapping, and the messages about it (``label`` names a key in them, ``prefix``
    is the dotted path a value is named by: ``typography.``)."""

    fields: tuple[Field, ...]
    unknown: str  # the message for a key not among the fields, {} standing for it
    listing: str  # the hint when no field is near it, {} standing for the keys
    label: str = "'{}'"
    prefix: str = ""
    missing: str = "missing key '{}'"

    def names(self) -> tuple[str, ...]:
        return tuple(one.name for one in self.fields)

    def read(
        self, doc: YamlDoc, keys: Key, errors: list[TypesetError], missing_at: Location | None = None
    ) -> dict[str, Any]:
        """Check the mapping at ``keys`` of ``doc``: each unknown key (with the one it was meant to be),
        each required key (missing: an error at ``missing_at``, else at the mapping), each value's type,
        choice and limits; every problem appended to ``errors`` at its line. The values that passed
        (a value absent, None or wrong is left out)."""
        mapping = _at(doc.data, keys)
        meant = self._unknown(doc, keys, mapping, errors)
        values: dict[str, Any] = {}
        for one in self.fields:
            value = mapping.get(one.name)
            if one.required and (value is None or (isinstance(value, str) and not value.strip())):
                if one.name in mapping:
                    errors.append(TypesetError(f"{self._label(one)} is empty", doc.key_loc(*keys, one.name), one.hint))
                elif one.name not in meant:  # a misspelt key is reported once, not again as missing
                    where = missing_at or doc.loc(*keys)
                    errors.append(TypesetError(self.missing.replace("{}", one.name), where, one.hint))
            elif value is not None and (problem := self._problem(one, value, doc.text(*keys, one.name))):
                message, hint = problem
                errors.append(TypesetError(message, doc.loc(*keys, one.name), hint))
            elif value is not None:
                values[one.name] = value
        return values

    def meant(self, mapping: dict[Any, Any]) -> set[str]:
        """The keys that the unknown keys of ``mapping`` were likely meant to be (``artciles``: articles)."""
        names = self.names()
        return {found for key in mapping if key not in names and (found := near(key, names)) is not None}

    def _unknown(self, doc: YamlDoc, keys: Key, mapping: dict[Any, Any], errors: list[TypesetError]) -> set[str]:
        names = self.names()
        for key in mapping:
            if key not in names:
                hint = did_you_mean(key, names, self.listing.replace("{}", ", ".join(names)))
                errors.append(TypesetError(self.unknown.replace("{}", shown(key)), doc.key_loc(*keys, key), hint))
        return self.meant(mapping)

    def _label(self, one: Field) -> str:
        return self.label.replace("{}", one.name)

    def _problem(self, one: Field, value: Any, written: str | None) -> tuple[str, str | None] | None:
        """What is wrong with ``value`` (``written`` so, if a scalar) for ``one``: a message and a hint;
        None when nothing is."""
        if one.types and (not isinstance(value, one.types) or (isinstance(value, bool) and bool not in one.types)):
            return f"{self._label(one)} {one.what}", one.hint
        text = (str(value) if written is None else written).strip()
        if one.choices and text not in one.choices:
            hint = did_you_mean(text, one.choices, one.hint)
            if one.noun:
                return f"unknown {one.noun} '{shown(text)}'", hint
            return f"{self.prefix}{one.name} '{shown(text)}' is not one of " + ", ".join(one.choices), hint
        if one.limits is not None and isinstance(value, str) and len(value) > one.limits[1]:
            limit = int(one.limits[1])
            return f"{self._label(one)} is too long ({len(value)} characters; the limit is {limit})", one.hint
        if one.limits is not None and isinstance(value, int | float) and not one.limits[0] <= value <= one.limits[1]:
            low, high = one.limits
            return f"{self.prefix}{one.name} {value} is out of range ({low} to {high})", one.hint
        return None


def _at(data: Any, keys: Key) -> dict[Any, Any]:
    """The mapping at ``keys`` (the caller knows it is one, or nothing: an empty document)."""
    for key in keys:
        data = data[key]
    assert data is None or isinstance(data, dict)
    return data or {}
