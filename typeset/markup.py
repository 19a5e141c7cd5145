"""Markdown body → HTML fragment (CommonMark via markdown-it-py).

What this stage adds to plain CommonMark:
- each block whose text runs against the article's direction gets its own ``dir``;
  inline runs of the other direction are wrapped in Unicode isolates;
- ``::: verse`` (hemistichs paired into beyts) and ``::: pullquote`` containers;
- footnotes set at the foot of the page (``float: footnote``);
- an image alone in its paragraph becomes a figure with its caption;
- links and images are checked: images only from the source's folder, links
  only to the web, mail, or an anchor. Every problem is reported with its line.

Raw HTML is never passed through: it is shown as the text it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin

from typeset.direction import block_direction, isolate_runs
from typeset.errors import Location, TypesetError, collect
from typeset.localize import native_digits_in_text
from typeset.model import Heading
from typeset.verse import Poem, beyt_html

CONTAINERS = ("verse", "pullquote")
_LINK_SCHEMES = ("http", "https", "mailto")
_BLOCK_OPENS = {
    "paragraph_open",
    "heading_open",
    "blockquote_open",
    "list_item_open",
    "bullet_list_open",
    "ordered_list_open",
    "th_open",
    "td_open",
}


@dataclass
class Body:
    html: str
    headings: list[Heading]
    verse_lines: list[tuple[int, int]]  # 0-based [start, end) line ranges of verse containers


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": False})
    md.enable(["linkify", "table", "strikethrough"])
    # Accept every link and image target at parse time: typeset checks them
    # itself and says what is wrong, instead of leaving a file: or javascript:
    # link silently as text.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    md.use(footnote_plugin)
    for name in CONTAINERS:
        md.use(container_plugin, name)
    return md


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
    state = _State(path, first_line, direction, set_poem, digits_lang)
    state.check_and_annotate(tokens)
    html = state.render(tokens, env)
    collect(state.errors)
    return Body(html, state.headings, state.verse_lines)


class _State:
    def __init__(self, path: Path, first_line: int, direction: str, set_poem: SetPoem | None, digits_lang: str | None):
        self.path = path
        self.digits_lang = digits_lang
        self.set_poem = set_poem
        self.poem = Poem(0.0, {})
        self.first_line = first_line
        self.direction = direction
        self.errors: list[TypesetError] = []
        self.headings: list[Heading] = []
        self.verse_lines: list[tuple[int, int]] = []
        self.footnotes: dict[int, tuple[str, str]] = {}  # id → (dir attribute, HTML)
        self.anchors: set[str] = set()

    def loc(self, token: Token | None) -> Location:
        line = token.map[0] if token is not None and token.map else 0
        return Location(self.path, self.first_line + line)

    def error(self, message: str, token: Token | None, hint: str | None = None) -> None:
        self.errors.append(TypesetError(message, self.loc(token), hint))

    # -- checks and direction ------------------------------------------------------

    def check_and_annotate(self, tokens: list[Token]) -> None:
        stack: list[tuple[Token, str]] = []
        for index, token in enumerate(tokens):
            if token.type == "container_verse_open" and token.map:
                self.verse_lines.append((token.map[0], token.map[1]))
            if token.type.startswith("container_") and token.type.endswith("_close") and not token.markup:
                opener = next(t for t in reversed(tokens[:index]) if t.type == token.type.replace("_close", "_open"))
                self.error(
                    f"'::: {opener.info.strip()}' container is not closed",
                    opener,
                    hint="end it with a line holding only ':::'",
                )
            if token.nesting == 1 and token.type in _BLOCK_OPENS:
                stack.append((token, ""))
            elif token.nesting == -1 and stack and token.type.replace("_close", "_open") == stack[-1][0].type:
                opener, text = stack.pop()
                opener.meta["text"] = text
            if token.type == "inline":
                if token.content.lstrip().startswith(":::"):
                    name = token.content.strip(": \n").split()[0] if token.content.strip(": \n") else ""
                    if name:
                        self.error(
                            f"unknown container '::: {name}'", token, hint="containers: " + ", ".join(CONTAINERS)
                        )
                    else:
                        self.error("':::' closes no open container", token)
                text = "".join(c.content for c in token.children or () if c.type in ("text", "code_inline"))
                stack = [(opener, acc + " " + text) for opener, acc in stack]
                self._check_inline(token)
        self._assign_directions(tokens)

    def _assign_directions(self, tokens: list[Token]) -> None:
        """Each block's direction, decided against its parent's (a Dari quote inside an
        English one inside a Dari article turns right to left again); ``dir`` where it changes."""
        stack = [self.direction]
        for token in tokens:
            if token.nesting == 1 and token.type in _BLOCK_OPENS:
                direction = block_direction(token.meta.get("text", ""), stack[-1])
                token.meta["dir"] = direction
                if direction != stack[-1]:
                    token.attrSet("dir", direction)
                stack.append(direction)
            elif token.nesting == -1 and token.type.replace("_close", "_open") in _BLOCK_OPENS and len(stack) > 1:
                stack.pop()

    def _check_inline(self, inline: Token) -> None:
        for child in inline.children or ():
            if child.type == "image":
                src = str(child.attrGet("src") or "")
                resolved = self._image_path(src, inline)
                if resolved is not None:
                    child.attrSet("src", resolved.as_uri())
            elif child.type == "link_open":
                href = str(child.attrGet("href") or "")
                if not self._link_allowed(href):
                    self.error(
                        f"link target '{href}' is not a web address",
                        inline,
                        hint="links may go to http://, https://, mailto: or a #heading of this article",
                    )

    def _image_path(self, src: str, token: Token) -> Path | None:
        parts = urlsplit(src)
        hint = "images must be files in the article's folder, given by a relative path (e.g. images/map.png)"
        if parts.scheme or parts.netloc or src.startswith("/"):
            self.error(f"image '{src}' is not a file in the article's folder", token, hint=hint)
            return None
        folder = self.path.parent.resolve()
        target = (folder / unquote(parts.path)).resolve()
        if not target.is_relative_to(folder):
            self.error(f"image '{src}' is outside the article's folder", token, hint=hint)
            return None
        if not target.is_file():
            self.error(f"image '{src}' not found", token)
            return None
        return target

    @staticmethod
    def _link_allowed(href: str) -> bool:
        if href.startswith("#"):
            return True
        parts = urlsplit(href)
        return parts.scheme in _LINK_SCHEMES and (parts.scheme == "mailto" or bool(parts.netloc))

    # -- rendering -----------------------------------------------------------------

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
            if token.nesting == -1 and kind.replace("_close", "_open") in _BLOCK_OPENS and len(block_dir) > 1:
                block_dir.pop()
            i += 1
        return "".join(out)

    def _render_inline(self, children: list[Token], direction: str, env: dict[str, Any]) -> str:
        out: list[str] = []
        for child in children:
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
                out.append(_RENDERER.renderToken(children, children.index(child), _MD.options, env))
        return "".join(out)

    def _text(self, text: str, direction: str) -> str:
        """Running text as set: runs of the other direction isolated, digits as the language writes them."""
        text = isolate_runs(text, direction)
        return native_digits_in_text(text, self.digits_lang) if self.digits_lang and direction == "rtl" else text

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
        for token in tokens[start:]:
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
        anchor, n = base, 1
        while anchor in self.anchors:
            n += 1
            anchor = f"{base}-{n}"
        self.anchors.add(anchor)
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
