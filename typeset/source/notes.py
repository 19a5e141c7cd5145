"""Footnotes: numbered in reading order, set at the foot of their page, or as endnotes.

A note is set at the call site as a ``float: footnote`` element (its number is
written by typeset, shown by the theme with ``attr(data-n)``). WeasyPrint 70
cannot split a note across pages, and lays the whole footnote area out again for
every note it adds to a page, so two kinds of notes become endnotes (a "Notes"
section at the end of the article, numbered in the same sequence, each number a
link back to its call), with a warning naming the source line:

- a note too long for the foot of a page (:data:`NOTE_LINES`);
- the notes first called from one paragraph, when together they would fill more
  than the foot of a page (:data:`PARAGRAPH_LINES`): 60 notes called from one
  line would otherwise fill the foot of twelve pages, and 500 take the engine
  over a minute.

A note called from inside another note gets the next number where it is called
(its mark in the calling note's text) and is set right after that note. A note
called again shows its first number again.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it.token import Token

from typeset.errors import Diagnostic, Location, TypesetError, warning
from typeset.languages import language

#: A note of more than this many lines (estimated) is set as an endnote: a third of an A4 page's
#: foot-note area at most (WeasyPrint gives the area at most 80% of the page, style.css), so that the
#: estimate may be off by a factor of two, or the page smaller (A5), and the note still fits.
NOTE_LINES = 20
#: The notes first called from one paragraph, if longer together than this, are set as endnotes: about
#: what the foot of one A4 page holds (49 lines of 8.5 pt). Measured: 40 one-line notes from one line
#: build in about 3 s; the engine's time grows with the notes called once the page's area is full.
PARAGRAPH_LINES = 40
#: Characters of a note's line, on the short side (A4's column holds about 110 of Noto Serif at 8.5 pt).
CHARS_PER_LINE = 90

#: A note's call as the parser leaves it in the text when no note of that label is defined.
_CALL = re.compile(r"\[\^([^\]\s]+)\]")

#: Renders a note's inline tokens in a direction (typeset.source.markup's inline renderer).
RenderInline = Callable[[list[Token], str], str]


@dataclass(eq=False)
class Note:
    label: str
    line: int  # 1-based line of its definition in the source
    inlines: list[Token]  # one per paragraph
    direction: str
    number: int | None = None
    endnote: bool = False
    called: bool = False  # its mark has been set once (an endnote's first mark is the back-link's target)

    @property
    def lines(self) -> int:
        """Its height at the foot of a page, in lines, estimated from its characters."""
        return sum(max(1, math.ceil(len(t.content) / CHARS_PER_LINE)) for t in self.inlines)

    @property
    def calls(self) -> list[int]:
        """The ids of the notes this note calls, in order."""
        return [c.meta["id"] for t in self.inlines for c in t.children or () if c.type == "footnote_ref"]


@dataclass
class Notes:
    """The notes of one body, numbered and placed as the rendering calls them."""

    path: Path
    direction: str
    number_text: Callable[[int], str]  # a note's number as the article writes it
    by_id: dict[int, Note] = field(default_factory=dict)
    warnings: list[Diagnostic] = field(default_factory=list)
    last: int = 0  # the last number given
    endnotes: list[Note] = field(default_factory=list)

    def add(self, note_id: int, note: Note) -> None:
        if note.lines > NOTE_LINES:
            note.endnote = True
            self._warn(
                note.line,
                f"note [^{note.label}] is too long for the foot of a page (about {note.lines} lines): "
                "it is set as an endnote",
            )
        self.by_id[note_id] = note

    def place_paragraph(self, children: list[Token], line: int) -> None:
        """Before a paragraph is set: its notes become endnotes if they would not fit at the foot of a page."""
        fresh: list[Note] = []
        todo = [c.meta["id"] for c in children if c.type == "footnote_ref"]
        while todo:  # the notes this paragraph calls first, and those they call
            note = self.by_id.get(todo.pop(0))
            if note is None or note.number is not None or note.endnote or note in fresh:
                continue
            fresh.append(note)
            todo.extend(note.calls)
        lines = sum(note.lines for note in fresh)
        if lines > PARAGRAPH_LINES:
            for note in fresh:
                note.endnote = True
            self._warn(
                line,
                f"the {len(fresh)} notes this paragraph calls (about {lines} lines) do not fit at the foot "
                "of a page: they are set as endnotes",
            )

    def call(self, note_id: int, render: RenderInline) -> str:
        """A call from the running text: the note itself and the notes it calls (footnotes), or a mark."""
        note = self.by_id.get(note_id)
        if note is None:
            return ""
        if note.number is not None or note.endnote:
            self._number(note)
            return self.mark(note_id)
        out = []
        for member in self._number(note):
            if not member.endnote:
                member.called = True
                attr, text = self._html(member, render)
                number = self.number_text(member.number or 0)
                kind = "footnote" if member is note else "footnote nested"  # its mark is in the calling note
                out.append(f'<span class="{kind}" data-n="{number}"{attr}>{text}</span>')
        return "".join(out)

    def mark(self, note_id: int) -> str:
        """The mark of a call of a note already set, or from inside a note, or of an endnote."""
        note = self.by_id.get(note_id)
        if note is None or note.number is None:
            return ""
        number = self.number_text(note.number)
        if not note.endnote:
            return f'<span class="note-call">{number}</span>'
        anchor = "" if note.called else f' id="call-{note.number}"'
        note.called = True
        return f'<a class="note-call"{anchor} href="#note-{note.number}">{number}</a>'

    def endnotes_html(self, lang: str, render: RenderInline) -> str:
        """The "Notes" section at the end of the article (empty when every note is a footnote)."""
        if not self.endnotes:
            return ""
        title = language(lang).endnotes
        out = [f'<section class="endnotes">\n<h2 class="endnotes-title">{title}</h2>\n']
        for note in self.endnotes:
            back = f'<a class="endnote-number" href="#call-{note.number}">{self.number_text(note.number or 0)}.</a>'
            attr, text = self._html(note, render)
            out.append(f'<p class="endnote" id="note-{note.number}"{attr}>{back} {text}</p>\n')
        out.append("</section>\n")
        return "".join(out)

    def _number(self, note: Note) -> list[Note]:
        """Number ``note`` (if it has no number yet) and then the notes first called from it, breadth
        first (in the order a reader meets their marks): the group set together, in order."""
        group = [note] if note.number is None else []
        for current in group:  # grows as it goes
            self.last += 1
            current.number = self.last
            if current.endnote:
                self.endnotes.append(current)
            for callee in (self.by_id.get(c) for c in current.calls):
                if callee is not None and callee.number is None and callee not in group:
                    callee.endnote = callee.endnote or current.endnote  # an endnote's notes are endnotes
                    group.append(callee)
        return group

    def _html(self, note: Note, render: RenderInline) -> tuple[str, str]:
        """A note's ``dir`` attribute (when it runs against the article) and its text."""
        attr = f' dir="{note.direction}"' if note.direction != self.direction else ""
        return attr, " ".join(render(t.children or [], note.direction) for t in note.inlines)

    def _warn(self, line: int, message: str) -> None:
        self.warnings.append(warning(message, Location(self.path, line)))


def unmatched(
    tokens: list[Token], env: dict[str, object], path: Path, first_line: int, lines: list[str]
) -> tuple[list[TypesetError], list[Diagnostic]]:
    """Calls of notes that are not defined (errors: the parser would print ``[^1]`` as text, mirrored in
    a right-to-left line) and notes defined but never called (warnings: they would not be printed),
    each at its line. ``env`` is the parser's, ``lines`` the body as written (it starts at ``first_line``)."""
    refs: dict[str, int] = dict(env.get("footnotes", {}).get("refs", {}))  # type: ignore[attr-defined]
    defined = {label[1:] for label in refs}
    errors = [
        TypesetError(
            f"note [^{label}] is called but not defined",
            Location(path, first_line + line, column),
            hint=f"define it below the text, on a line of its own: [^{label}]: the note's text",
        )
        for label, line, column in _calls(tokens, lines)
        if label not in defined
    ]
    warnings = [
        warning(
            f"note [^{label[1:]}] is defined but never called: it is not printed",
            Location(path, first_line + _definition_line(label[1:], lines)),
            hint=f"call it where it belongs in the text with [^{label[1:]}], or remove it",
        )
        for label, note_id in refs.items()
        if note_id < 0
    ]
    return errors, warnings


def _calls(tokens: list[Token], lines: list[str]) -> Iterator[tuple[str, int, int]]:
    """Each ``[^label]`` left as text and written as a call (not escaped, ``\\[^1]``): its label, its
    line in the body (0-based) and its column."""
    for token in tokens:
        if token.type != "inline":
            continue
        start, end = token.map or (0, 1)
        for child in token.children or ():
            if child.type != "text":
                continue
            for match in _CALL.finditer(child.content):
                where = _written(match[0], lines, start, end)
                if where is not None:
                    yield match[1], *where


def _written(call: str, lines: list[str], start: int, end: int) -> tuple[int, int] | None:
    """The line (0-based) and column where ``call`` is written, unescaped, in lines ``start`` to ``end``."""
    for number in range(start, min(end, len(lines))):
        line = lines[number]
        column = line.find(call)
        while column >= 0:
            if not line[:column].endswith("\\"):
                return number, column + 1
            column = line.find(call, column + 1)
    return None


def _definition_line(label: str, lines: list[str]) -> int:
    """The line (0-based) of the body that defines note ``label``."""
    prefix = f"[^{label}]:"
    return next((number for number, line in enumerate(lines) if line.lstrip(" >").startswith(prefix)), 0)
