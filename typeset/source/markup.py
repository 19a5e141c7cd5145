"""Markdown body → HTML fragment (CommonMark via markdown-it-py).

What this stage adds to plain CommonMark, once typeset.source.checks has passed the body:
- each block whose text runs against the article's direction gets its own ``dir``;
  inline runs of the other direction are wrapped in Unicode isolates, and the
  digits of right-to-left text are set as its language writes them;
- ``::: verse`` (hemistichs paired into beyts) and ``::: pullquote`` containers;
- footnotes set at the foot of the page (``float: footnote``), or as endnotes (typeset.source.notes);
- an image alone in its paragraph becomes a figure with its caption.

Raw HTML is never passed through: it is shown as the text it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin

from typeset.errors import Diagnostic, Location, TypesetError, collect, warning
from typeset.model import Heading
from typeset.source.checks import BLOCK_OPENS, CONTAINERS, Checker, container_name
from typeset.source.notes import Note, Notes, unmatched
from typeset.typography.direction import block_direction, isolate_runs
from typeset.typography.hemistich import normalize
from typeset.typography.localize import Punctuate, native_digits, native_digits_in_text, running_text
from typeset.typography.punctuation import Tally, persian_line, persian_text
from typeset.typography.scripts import LATIN_LANG, mark_quranic, mark_runs
from typeset.typography.verse import Poem, pair, problem, stanza_html, unmeasured
from typeset.typography.words import tie_last_words


@dataclass
class Body:
    html: str
    headings: list[Heading]
    verse_lines: list[tuple[int, int]]  # 0-based [start, end) line ranges of verse containers
    warnings: list[Diagnostic]  # notes set as endnotes, beyts set on two lines


#: markdown-it's nesting limits, above typeset's own (typeset.source.checks), so that those are met first and
#: nothing is cut off silently: blocks MAX_NESTING's worth of levels (a list takes two, list and item),
#: inline MAX_INLINE_NESTING's. The inline one is also how deep a run of unclosed '[' or '![' is scanned
#: again and again (each scan reaching the paragraph's end): at 50 such runs cost 40 µs a character,
#: at 20 half as much.
BLOCK_NESTING = 50
INLINE_NESTING = 20


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": False, "maxNesting": BLOCK_NESTING})
    md.enable(["linkify", "table", "strikethrough"])
    # Accept every link and image target at parse time: typeset checks them
    # itself and says what is wrong, instead of leaving a file: or javascript:
    # link silently as text.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    md.use(footnote_plugin)
    for name in CONTAINERS:  # opened by its name whatever spaces or tabs stand around it (checks.container_name)
        md.use(container_plugin, name, validate=lambda params, markup, name=name: container_name(params) == name)
    # One option holds both limits: each phase sets its own.
    md.core.ruler.before("block", "block_nesting", lambda state: _nesting(state, BLOCK_NESTING))
    md.core.ruler.before("inline", "inline_nesting", lambda state: _nesting(state, INLINE_NESTING))
    return md


def _nesting(state: StateCore, levels: int) -> None:
    state.md.options["maxNesting"] = levels


_MD = _parser()
_INSETS = ("blockquote_open", "blockquote_close", "list_item_open", "list_item_close")
_RENDERER = cast(RendererHTML, _MD.renderer)


#: Sets a poem: its stanzas (of beyts, each one or two lines) and how many quotes or lists it stands
#: in → each beyt as set (typeset.typography.verse.set_poem, in the column typeset.typography.verse.column gives).
SetPoem = Callable[[list[list[tuple[str, ...]]], int], Poem]


@dataclass(frozen=True)
class BodyContext:
    """How a body is set (everything but its text and where it is): one object, made by the caller."""

    direction: str  # the article's: "rtl" or "ltr"
    lang: str = "en"  # the article's language: its note numbers (in its digits), the title of its endnotes
    digits: str | None = None  # running text's digits as this language writes them (not inside Latin
    # runs, code or addresses); None keeps them as typed
    set_poem: SetPoem | None = None  # how its poems are set (typeset.typography.verse.PoemSetter); None: not measured
    punctuation: bool = False  # Persian punctuation and letters set in a Dari, Pashto or Persian body
    # (typeset.typography.punctuation), each kind counted in a warning; False keeps them as typed


def parse_body(markdown: str, path: Path, first_line: int, context: BodyContext) -> Body:
    """Render ``markdown`` (which starts at line ``first_line`` of ``path``) as ``context`` says."""
    env: dict[str, Any] = {}
    tokens = _MD.parse(markdown, env)
    checker = Checker(path, first_line, context.direction, markdown.split("\n"))
    checker.check(tokens)
    note_errors, note_warnings = unmatched(tokens, env, path, first_line, markdown.split("\n"))
    collect(sorted(checker.errors + note_errors, key=_line))
    checker.check_references()
    lang = context.lang
    notes = Notes(path, context.direction, lambda number: native_digits(str(number), lang))
    state = _State(context, notes, first_line)
    state.tally = Tally() if context.punctuation else None
    html = state.render(tokens, env) + notes.endnotes_html(lang, state.render_note)
    said = state.tally.notes(path) if state.tally else []
    return Body(html, state.headings, checker.verse_lines, note_warnings + state.warnings + notes.warnings + said)


class _State:
    """The rendering of one body."""

    def __init__(self, context: BodyContext, notes: Notes, first_line: int):
        self.direction = context.direction
        self.lang = context.lang
        self.set_poem = context.set_poem
        self.digits_lang = context.digits
        self.notes = notes
        self.first_line = first_line
        self.env: dict[str, Any] = {}
        self.poem = Poem(0.0)
        self.stanza = 0  # the stanza of self.poem rendered next
        self.path = notes.path
        self.warnings: list[Diagnostic] = []  # beyts set on two lines
        self.headings: list[Heading] = []
        self.anchors: dict[str, int] = {}  # anchor → how many headings have taken it (or a numbered form of it)
        self.tally: Tally | None = None  # Persian punctuation set, and counted (None: as typed)
        self.line = first_line  # the line of the paragraph being rendered

    def render(self, tokens: list[Token], env: dict[str, Any]) -> str:
        renderer = _RENDERER
        self.env = env
        notes = next((i for i, t in enumerate(tokens) if t.type == "footnote_block_open"), None)
        if notes is not None:
            self._collect_footnotes(tokens, notes)
            tokens = tokens[:notes]
        out: list[str] = []
        block_dir = [self.direction]
        in_verse = False
        insets = 0  # quotes and list items open here (each narrows the column verse is set in)
        i = 0
        while i < len(tokens):
            token = tokens[i]
            kind = token.type
            if "dir" in token.meta and token.nesting == 1:
                block_dir.append(token.meta["dir"])
                if self.direction == "rtl" and token.attrGet("dir"):
                    # An English quote in a Dari article is hyphenated (and shaped) as English; a Dari
                    # block inside it is Dari again.
                    token.attrSet("lang", LATIN_LANG if token.meta["dir"] == "ltr" else self.lang)
            if kind in _INSETS:
                insets += token.nesting
            if kind == "container_verse_open":
                in_verse = True
                self.poem, self.stanza = self._set_poem(tokens, i, insets), 0
                out.append(f'<div class="verse"{_dir_attr(tokens, i, self.direction)}>\n')
            elif kind == "container_verse_close":
                in_verse = False
                out.append("</div>\n")
            elif kind == "container_pullquote_open":
                out.append('<aside class="pullquote">\n')
            elif kind == "container_pullquote_close":
                out.append("</aside>\n")
            elif in_verse and kind in ("paragraph_open", "paragraph_close"):
                out.append('<div class="stanza">' if token.nesting == 1 else "</div>\n")
            elif kind == "inline" and in_verse:
                out.append(self._render_stanza(token))
            elif kind == "inline":
                if token.map:
                    self.line = self.first_line + token.map[0]
                    self.notes.place_paragraph(token.children or [], self.first_line + token.map[0])
                html = self._render_inline(token.children or [], block_dir[-1], env)
                out.append(tie_last_words(html) if i and tokens[i - 1].type == "heading_open" else html)
            elif kind == "heading_open":
                level = max(2, int(token.tag[1]))
                token.tag = f"h{level}"
                text = tokens[i + 1].content
                anchor = self._anchor(text)
                token.attrSet("id", anchor)
                self.headings.append(Heading(level, text, anchor))
                out.append(renderer.renderToken(tokens, i, _MD.options, env))
            elif kind == "heading_close":
                token.tag = tokens[_opener_index(tokens, i)].tag
                out.append(renderer.renderToken(tokens, i, _MD.options, env))
            elif kind == "paragraph_open" and _is_figure(tokens, i):
                out.append(self._render_figure(tokens[i + 1], block_dir[-1]))
                i += 3
                block_dir.pop()
                continue
            elif kind in ("fence", "code_block"):
                out.append(f'<pre dir="ltr"><code>{escapeHtml(token.content)}</code></pre>\n')
            elif kind in ("hr", "html_block"):
                out.append("<hr>\n" if kind == "hr" else f"<p>{escapeHtml(token.content)}</p>\n")
            else:
                out.append(renderer.renderToken(tokens, i, _MD.options, env))
            if token.nesting == -1 and kind.replace("_close", "_open") in BLOCK_OPENS and len(block_dir) > 1:
                block_dir.pop()
            i += 1
        return "".join(out)

    def render_note(self, children: list[Token], direction: str) -> str:
        """A note's paragraph: as running text, its calls of other notes only marks (typeset.source.notes)."""
        return self._render_inline(children, direction, self.env, in_note=True)

    def _render_inline(self, children: list[Token], direction: str, env: dict[str, Any], in_note: bool = False) -> str:
        out: list[str] = []
        for index, child in enumerate(children):
            kind = child.type
            if kind == "text":
                before, after = _neighbours(children, index)
                text = escapeHtml(self._text(child.content, direction, before, after))
                out.append(mark_quranic(mark_runs(text, direction)))
            elif kind in ("html_inline",):
                out.append(escapeHtml(child.content))
            elif kind == "code_inline":
                out.append(f"<code>{escapeHtml(isolate_runs(child.content, direction))}</code>")
            elif kind == "softbreak":
                out.append("\n")
            elif kind == "hardbreak":
                out.append("<br>\n")
            elif kind == "image":
                alt = escapeHtml("".join(c.content for c in child.children or ()))
                out.append(f'<img src="{escapeHtml(str(child.attrGet("src")))}" alt="{alt}">')
            elif kind == "footnote_ref":
                if index and children[index - 1].type == "footnote_ref":
                    out.append("\u200b")  # calls side by side may break between them (500 would overflow the line)
                note_id = child.meta["id"]
                out.append(self.notes.mark(note_id) if in_note else self.notes.call(note_id, self.render_note))
            else:
                if kind == "link_open" and child.markup in ("linkify", "autolink"):
                    child.attrSet("class", "address")  # an address shown as itself: never hyphenated (the theme)
                out.append(_RENDERER.renderToken(children, index, _MD.options, env))
        return "".join(out)

    def _text(self, text: str, direction: str, before: str = "", after: str = "") -> str:
        """Running text as set: runs of the other direction isolated, digits as the language writes them,
        Persian punctuation and letters (``before`` and ``after``: the paragraph's text around ``text``)."""
        return running_text(text, direction, self.digits_lang, self._punctuate(before, after))

    def _punctuate(self, before: str, after: str) -> Punctuate | None:
        tally, line, lang = self.tally, self.line, self.lang
        if tally is None:
            return None

        def punctuate(piece: str, left: str, right: str) -> str:
            return persian_text(piece, lang, tally, line, before + left, right + after)

        return punctuate

    def _verse_lines(self, inline: Token) -> list[tuple[str, int]]:
        """A stanza's lines as set (typeset.typography.hemistich: one space between words, lines with nothing to
        set left out), each with its line in the source."""
        first = self.first_line + (inline.map[0] if inline.map else 0)
        lines = [(normalize(line), first + n) for n, line in enumerate(_plain_lines(inline))]
        if self.tally is not None:  # an English poem in a Dari article keeps its marks
            tally, lang = self.tally, self.lang
            lines = [
                (persian_line(t, lang, tally, n) if block_direction(t, "rtl") == "rtl" else t, n) for t, n in lines
            ]
        if self.digits_lang:
            lines = [(native_digits_in_text(line, self.digits_lang), n) for line, n in lines]
        return [(line, n) for line, n in lines if line]

    def _render_stanza(self, inline: Token) -> str:
        """A stanza of ``::: verse``: its lines paired into beyts (inline markup is not kept in verse)."""
        self.stanza += 1
        return stanza_html(self.poem, self.stanza - 1)

    def _set_poem(self, tokens: list[Token], start: int, insets: int) -> Poem:
        """The poem of the ``::: verse`` container opened at ``start``, measured and set in its column;
        a warning for each beyt too wide to be set side by side, at its widest hemistich's line."""
        stanzas: list[list[tuple[str, ...]]] = []
        lines_of: list[list[tuple[int, ...]]] = []
        for index in range(start, len(tokens)):  # not tokens[start:]: a copy of the rest for every poem
            token = tokens[index]
            if token.type == "container_verse_close":
                break
            if token.type == "inline":
                lines = self._verse_lines(token)
                numbers = dict(reversed(lines))  # a line repeated in a stanza: its first
                alone = tokens[start].info.split()[1:] == ["lines"]  # '::: verse lines': each line alone
                stanzas.append([(line,) for line, _ in lines] if alone else pair([line for line, _ in lines]))
                lines_of.append([tuple(numbers[line] for line in beyt) for beyt in stanzas[-1]])
        if self.set_poem is None:
            return unmeasured(stanzas)
        poem = self.set_poem(stanzas, insets)
        for stanza, at in zip(poem.stanzas, lines_of, strict=True):
            for beyt, where in zip(stanza, at, strict=True):
                message = problem(beyt, poem.column) if poem.column else None
                if message:
                    self.warnings.append(warning(message, Location(self.path, where[beyt.widest])))
        return poem

    def _render_figure(self, inline: Token, direction: str) -> str:
        image = next(c for c in inline.children or () if c.type == "image")
        alt = "".join(c.content for c in image.children or ())
        caption = str(image.attrGet("title") or alt)
        caption_dir = block_direction(caption, direction)
        attr = f' dir="{caption_dir}"' if caption_dir != direction else ""
        text = escapeHtml(self._text(caption, caption_dir))
        figcaption = f"<figcaption{attr}>{text}</figcaption>" if caption else ""
        src = escapeHtml(str(image.attrGet("src")))
        return f'<figure><img src="{src}" alt="{escapeHtml(alt)}">{figcaption}</figure>\n'

    def _collect_footnotes(self, tokens: list[Token], start: int) -> None:
        """Gather the footnote block's notes: they are set where they are first called (typeset.source.notes)."""
        i = start
        current: tuple[int, str] | None = None
        inlines: list[Token] = []
        while tokens[i].type != "footnote_block_close":
            token = tokens[i]
            if token.type == "footnote_open":
                current, inlines = (token.meta["id"], str(token.meta.get("label") or token.meta["id"])), []
            elif token.type == "inline":
                inlines.append(token)
            elif token.type == "footnote_close" and current is not None:
                direction = block_direction(" ".join(t.content for t in inlines), self.direction)
                line = self.first_line + next((t.map[0] for t in inlines if t.map), 0)
                self.notes.add(current[0], Note(current[1], line, inlines, direction))
            i += 1

    def _anchor(self, text: str) -> str:
        base = re.sub(r"[^\w]+", "-", text.lower()).strip("-") or "section"
        anchor, n = base, self.anchors.get(base, 0)
        while anchor in self.anchors:  # numbering goes on from the last of this base (not from 2 each time)
            n += 1
            anchor = f"{base}-{n}"
        self.anchors[base] = max(n, 1)
        self.anchors.setdefault(anchor, 1)
        return anchor


def _plain_lines(inline: Token) -> list[str]:
    """The lines of a verse stanza as text (a line ends at each soft or hard break; raw HTML is text, as elsewhere)."""
    lines = [""]
    for child in inline.children or ():
        if child.type in ("softbreak", "hardbreak"):
            lines.append("")
        elif child.type in ("text", "code_inline", "html_inline"):
            lines[-1] += child.content
    return [line.strip() for line in lines]


def _neighbours(children: list[Token], index: int) -> tuple[str, str]:
    """The text of a paragraph just before and just after its child ``index`` (markup between them,
    ``**``, a link's opening, has none): whether a quote at the child's edge opens or closes."""
    texts = [" " if c.type in ("softbreak", "hardbreak") else c.content for c in children]
    before = next((text[-1] for text in reversed(texts[:index]) if text), "")
    after = next((text[0] for text in texts[index + 1 :] if text), "")
    return before, after


def _line(error: TypesetError) -> int:
    """Errors are told in the order of their lines (a container's end is known after what lies inside it)."""
    return (error.location.line if error.location else None) or 0


def _dir_attr(tokens: list[Token], index: int, default: str) -> str:
    """The verse's own direction, always written: the theme sets no direction on verse, so that an
    English poem in any article runs left to right (its first hemistich on the left)."""
    close = next(i for i in range(index, len(tokens)) if tokens[i].type == "container_verse_close")
    text = " ".join(t.content for t in tokens[index:close] if t.type == "inline")
    return f' dir="{block_direction(text, default)}"'


def _opener_index(tokens: list[Token], close: int) -> int:
    depth = 0
    for i in range(close, -1, -1):
        depth += tokens[i].nesting
        if depth == 0:
            return i
    return close


def _is_figure(tokens: list[Token], index: int) -> bool:
    inline = tokens[index + 1]
    children = [c for c in inline.children or () if not (c.type == "text" and not c.content.strip())]
    return len(children) == 1 and children[0].type == "image"
