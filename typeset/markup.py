"""Markdown body → HTML fragment (CommonMark via markdown-it-py).

What this stage adds to plain CommonMark, once typeset.checks has passed the body:
- each block whose text runs against the article's direction gets its own ``dir``;
  inline runs of the other direction are wrapped in Unicode isolates, and the
  digits of right-to-left text are set as its language writes them;
- ``::: verse`` (hemistichs paired into beyts) and ``::: pullquote`` containers;
- footnotes set at the foot of the page (``float: footnote``);
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

from typeset.checks import BLOCK_OPENS, CONTAINERS, Checker
from typeset.direction import block_direction, isolate_runs
from typeset.errors import collect
from typeset.localize import native_digits_in_text, running_text
from typeset.model import Heading
from typeset.verse import Poem, beyt_html


@dataclass
class Body:
    html: str
    headings: list[Heading]
    verse_lines: list[tuple[int, int]]  # 0-based [start, end) line ranges of verse containers


#: markdown-it's nesting limits, above typeset's own (typeset.checks), so that those are met first and
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
    for name in CONTAINERS:
        md.use(container_plugin, name)
    # One option holds both limits: each phase sets its own.
    md.core.ruler.before("block", "block_nesting", lambda state: _nesting(state, BLOCK_NESTING))
    md.core.ruler.before("inline", "inline_nesting", lambda state: _nesting(state, INLINE_NESTING))
    return md


def _nesting(state: StateCore, levels: int) -> None:
    state.md.options["maxNesting"] = levels


_MD = _parser()
_RENDERER = cast(RendererHTML, _MD.renderer)


#: Sets a poem: its hemistichs → their common width and each one as set (typeset.verse.set_poem).
SetPoem = Callable[[list[str]], Poem]


def parse_body(
    markdown: str,
    path: Path,
    first_line: int,
    direction: str,
    set_poem: SetPoem | None = None,
    digits_lang: str | None = None,
) -> Body:
    """Render ``markdown`` (which starts at line ``first_line`` of ``path``).

    ``digits_lang``: set the digits of running text as that language writes
    them (not inside Latin runs, code, or addresses); None keeps them as typed.
    """
    env: dict[str, Any] = {}
    tokens = _MD.parse(markdown, env)
    checker = Checker(path, first_line, direction, markdown.split("\n"))
    checker.check(tokens)
    collect(checker.errors)
    checker.check_references()
    state = _State(direction, set_poem, digits_lang)
    html = state.render(tokens, env)
    return Body(html, state.headings, checker.verse_lines)


class _State:
    """The rendering of one body."""

    def __init__(self, direction: str, set_poem: SetPoem | None, digits_lang: str | None):
        self.direction = direction
        self.set_poem = set_poem
        self.digits_lang = digits_lang
        self.poem = Poem(0.0, {})
        self.headings: list[Heading] = []
        self.footnotes: dict[int, tuple[str, str]] = {}  # id → (dir attribute, HTML)
        self.anchors: dict[str, int] = {}  # anchor → how many headings have taken it (or a numbered form of it)

    def render(self, tokens: list[Token], env: dict[str, Any]) -> str:
        renderer = _RENDERER
        notes = next((i for i, t in enumerate(tokens) if t.type == "footnote_block_open"), None)
        if notes is not None:
            self._collect_footnotes(tokens, notes, env)
            tokens = tokens[:notes]
        out: list[str] = []
        block_dir = [self.direction]
        in_verse = False
        i = 0
        while i < len(tokens):
            token = tokens[i]
            kind = token.type
            if "dir" in token.meta and token.nesting == 1:
                block_dir.append(token.meta["dir"])
            if kind == "container_verse_open":
                in_verse = True
                self.poem = self._set_poem(tokens, i)
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
                out.append(self._render_inline(token.children or [], block_dir[-1], env))
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

    def _render_inline(self, children: list[Token], direction: str, env: dict[str, Any]) -> str:
        out: list[str] = []
        for index, child in enumerate(children):
            kind = child.type
            if kind == "text":
                out.append(escapeHtml(self._text(child.content, direction)))
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
                note = self.footnotes.pop(child.meta["id"], None)
                if note is not None:
                    attr, html = note
                    out.append(f'<span class="footnote"{attr}>{html}</span>')
            else:
                out.append(_RENDERER.renderToken(children, index, _MD.options, env))
        return "".join(out)

    def _text(self, text: str, direction: str) -> str:
        """Running text as set: runs of the other direction isolated, digits as the language writes them."""
        return running_text(text, direction, self.digits_lang)

    def _verse_lines(self, inline: Token) -> list[str]:
        lines = [line for line in _plain_lines(inline) if line]
        return [native_digits_in_text(line, self.digits_lang) for line in lines] if self.digits_lang else lines

    def _render_stanza(self, inline: Token) -> str:
        """A stanza of ``::: verse``: its lines paired into beyts (inline markup is not kept in verse)."""
        hemistichs = self._verse_lines(inline)
        return "".join(beyt_html(hemistichs[start : start + 2], self.poem) for start in range(0, len(hemistichs), 2))

    def _set_poem(self, tokens: list[Token], start: int) -> Poem:
        """The poem of the ``::: verse`` container opened at ``start``, measured and filled."""
        if self.set_poem is None:
            return Poem(0.0, {})
        lines: list[str] = []
        for index in range(start, len(tokens)):  # not tokens[start:]: a copy of the rest for every poem
            token = tokens[index]
            if token.type == "container_verse_close":
                break
            if token.type == "inline":
                lines.extend(self._verse_lines(token))
        return self.set_poem(lines)

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

    def _collect_footnotes(self, tokens: list[Token], start: int, env: dict[str, Any]) -> None:
        """Render the footnote block's notes (they are set where they are called)."""
        i = start
        current: int | None = None
        inlines: list[Token] = []
        while tokens[i].type != "footnote_block_close":
            token = tokens[i]
            if token.type == "footnote_open":
                current, inlines = token.meta["id"], []
            elif token.type == "inline":
                inlines.append(token)
            elif token.type == "footnote_close" and current is not None:
                direction = block_direction(" ".join(t.content for t in inlines), self.direction)
                html = " ".join(self._render_inline(t.children or [], direction, env) for t in inlines)
                attr = f' dir="{direction}"' if direction != self.direction else ""
                self.footnotes[current] = (attr, html)
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
    lines = [""]
    for child in inline.children or ():
        if child.type in ("softbreak", "hardbreak"):
            lines.append("")
        elif child.type in ("text", "code_inline"):
            lines[-1] += child.content
    return [line.strip() for line in lines]


def _dir_attr(tokens: list[Token], index: int, default: str) -> str:
    close = next(i for i in range(index, len(tokens)) if tokens[i].type == "container_verse_close")
    text = " ".join(t.content for t in tokens[index:close] if t.type == "inline")
    direction = block_direction(text, default)
    return f' dir="{direction}"' if direction != default else ""


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
