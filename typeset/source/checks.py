"""Checking a parsed Markdown body before it is set: every problem with its line.

- links and images: images only from the source's folder, links only to the web,
  mail, or an anchor;
- images are PNG, JPEG, GIF or WebP files of at most :data:`MAX_IMAGE_BYTES`
  and :data:`MAX_IMAGE_PIXELS` (read from the file's header: a decompression
  bomb is refused before anything decodes it);
- an article has at most :data:`MAX_ELEMENTS` elements and :data:`MAX_FOOTNOTES`
  footnotes (what the engine's time and memory grow with), no word longer
  than :data:`MAX_WORD`, and images of at most :data:`MAX_DECODED_PIXELS` decoded
  pixels and :data:`MAX_IMAGES_BYTES` bytes in all (the budget is checked before
  anything is rendered; the error names the image that passes it);
- a long word is given break opportunities for the engine (typeset.typography.words);
- lists, block quotes and containers nest at most :data:`MAX_NESTING` deep,
  inline markup (emphasis, links) :data:`MAX_INLINE_NESTING` deep: deeper
  nesting is refused with its line, not cut off silently (markdown-it drops
  what lies below its own limit) nor left to overflow the engine's stack;
- a character written as a reference (``&#x1F600;``, ``&hearts;``) is checked
  against the fonts like any other (the coverage check reads the source as
  written), and a bidi override it writes is made an embedding (as
  typeset.source.reader does for the source);
- each block's direction is decided (``dir`` where it changes), for the
  rendering that follows (typeset.source.markup).
"""

from __future__ import annotations

import html as html_module
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markdown_it.token import Token

from typeset.errors import Location, TypesetError
from typeset.typography.direction import OVERRIDES_TO_EMBEDDINGS, block_direction
from typeset.typography.words import LONG_RUN, WORD, break_long_runs, break_text, longest_word

CONTAINERS = ("verse", "pullquote")
#: What may follow '::: verse': ``lines`` (set each line as written, not paired into beyts).
VERSE_FORMS = ("lines",)
#: Lists, block quotes and containers inside each other.
MAX_NESTING = 16
#: Emphasis, strong, strikethrough and links inside each other.
MAX_INLINE_NESTING = 16
#: What the engine lays out, counted before it does: elements (paragraphs, headings, list items, quotes,
#: table cells, emphasis, links, code, line breaks, images, verse lines) and footnotes. Their cost differs
#: (a paragraph some 0.6 ms, a list item or a hemistich 2-3 ms, measured by bench/bench_limits.py): 2000 of
#: the dearest kind build in a few seconds. The text itself is bounded by typeset.source.reader (MAX_BODY_CHARS).
MAX_ELEMENTS = 2_000
MAX_FOOTNOTES = 500
#: The longest word (a run without a breaking space) a source may hold. A word longer than a line is
#: broken by the engine, which costs it the square of the word's length (with hyphenation, the cube:
#: 3000 random letters took 12 s) unless the word has break opportunities: typeset gives it some
#: (BREAK_EVERY), so the cost is linear and this limit is about sense (a long URL fits well within it).
MAX_WORD = 3000
_ELEMENT_TOKENS = {"hr", "fence", "code_block", "html_block", "hardbreak", "image", "code_inline"}
#: The largest image file read, and the most pixels an image may have (an A4 page at 300 dpi is about 9 megapixels).
MAX_IMAGE_BYTES = 50 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
#: The budget of an article's images, each file counted once. PNG, GIF and WebP images are decoded and
#: compressed again by the engine: 0.1-0.4 s per megapixel (WebP and noisy RGB PNG the dearest), so at most
#: 16 megapixels of them in all. JPEG is embedded as it is (some 30 ms per 10 MB): its bytes are what count.
MAX_DECODED_PIXELS = 16_000_000
MAX_IMAGES_BYTES = 100 * 1024 * 1024
_DECODED_FORMATS = ("PNG", "GIF", "WEBP")
#: The article's total budget: each limit above alone keeps a build within some 5 s; together they would
#: not. What each thing costs the engine to set, in seconds, from the dearest shape of each measured by
#: bench/bench_limits.py (a character of Dari prose, a heading, a hemistich, a footnote, a megapixel of
#: noisy WebP, a byte of JPEG), summed over the article and checked before anything is rendered. A long
#: word costs the square of its length even with its break opportunities where the engine measures the
#: narrowest a box can be (a table cell, a caption): 0.4 s for one of 3000 characters in a cell. The
#: Markdown parser's own time is bounded before it runs (typeset.source.reader.MAX_BODY_CHARS: 2 s at worst).
COSTS = {
    "characters": 32e-6,
    "long words": 45e-9,  # per character squared, for each word longer than LONG_RUN in a cell or a caption
    "elements": 1.6e-3,
    "hemistichs": 2.4e-3,
    "footnotes": 6e-3,
    "decoded pixels": 0.33e-6,
    "image bytes": 10e-9,
}
BUDGET_SECONDS = 8.0
#: Image formats the engine is given (Pillow's names); others (SVG, EPS, PSD, …) are refused.
IMAGE_FORMATS = ("PNG", "JPEG", "GIF", "WEBP")
#: A line that looks like a fence: indentation, three colons or more, what follows them.
_FENCE = re.compile(r"([ \t]*)(:{3,})(.*)")
_NESTING_OPENS = {"blockquote_open", "bullet_list_open", "ordered_list_open"}
_REFERENCE = re.compile(r"&(?:#[0-9]{1,9};|#[xX][0-9a-fA-F]{1,8};|[A-Za-z][A-Za-z0-9]{1,31};)")
_LINK_SCHEMES = ("http", "https", "mailto")
#: Blocks that take a direction of their own.
BLOCK_OPENS = {
    "paragraph_open",
    "heading_open",
    "blockquote_open",
    "list_item_open",
    "bullet_list_open",
    "ordered_list_open",
    "th_open",
    "td_open",
}


def container_name(params: str) -> str:
    """The container a fence names: the first word after its colons (``::: verse``, ``:::verse``; "" for none).

    The parser (typeset.source.markup) opens a container by this name, whatever spaces or tabs stand around it.
    """
    parts = params.split(maxsplit=1)
    return parts[0] if parts else ""


class Checker:
    """One pass over a body's tokens: errors collected, tokens annotated (directions, image paths)."""

    def __init__(self, path: Path, first_line: int, direction: str, lines: list[str]):
        self.path = path
        self.first_line = first_line
        self.direction = direction
        self.lines = lines  # the body as written
        self.errors: list[TypesetError] = []
        self.verse_lines: list[tuple[int, int]] = []
        self.references: list[tuple[str, Token, str]] = []  # (characters, inline, role) written as references
        self.elements = 0
        self.notes: set[int] = set()  # footnotes called
        self._unknown = 0  # fences of unknown containers whose closing ':::' is still to come
        self.images: set[Path] = set()  # image files counted in the budget (each once)
        self.decoded_pixels = 0  # of the PNG, GIF and WebP images
        self.image_bytes = 0
        self.spent = dict.fromkeys(COSTS, 0)  # what the article holds, of each thing the budget counts

    def loc(self, token: Token | None) -> Location:
        line = token.map[0] if token is not None and token.map else 0
        return Location(self.path, self.first_line + line)

    def error(self, message: str, token: Token | None, hint: str | None = None) -> None:
        self.errors.append(TypesetError(message, self.loc(token), hint))

    def check(self, tokens: list[Token]) -> None:
        """Check every token; annotate blocks with their direction and images with their file."""
        stack: list[tuple[Token, list[str]]] = []  # each open block and the text inside it
        containers: list[Token] = []  # the containers open, innermost last
        depth = 0  # lists, quotes and containers open
        in_verse = False
        cells = 0  # table cells open (where the engine measures the narrowest a box can be)
        placed: Token | None = None  # the last token with a line (a table cell has none)
        for index, token in enumerate(tokens):
            placed = token if token.map else placed
            if (token.nesting == 1 or token.type in _ELEMENT_TOKENS) and not self._count(1, placed):
                return
            if token.type in ("fence", "code_block", "html_block"):
                content = token.content
                if not self._spend("characters", len(content) - content.count(" ") - content.count("\n"), placed):
                    return
            if token.type in ("th_open", "td_open", "th_close", "td_close"):
                cells += token.nesting
            if token.type == "container_verse_open" and token.map:
                self.verse_lines.append((token.map[0], token.map[1]))
            if token.type.startswith("container_verse"):
                in_verse = token.nesting == 1
            if token.type in _NESTING_OPENS or (token.type.startswith("container_") and token.nesting == 1):
                depth += 1
                if depth > MAX_NESTING:
                    self.error(
                        f"lists and block quotes are nested too deeply (more than {MAX_NESTING} levels)",
                        token,
                        hint="is this a pasted e-mail thread? keep the last few quotes",
                    )
                    return  # the rest is cut off by the parser: nothing more to check
            elif token.nesting == -1 and (
                token.type.replace("_close", "_open") in _NESTING_OPENS or token.type.startswith("container_")
            ):
                depth -= 1
            if token.type.startswith("container_"):
                self._check_container(token, containers)
            if token.nesting == 1 and token.type in BLOCK_OPENS:
                stack.append((token, []))
            elif token.nesting == -1 and stack and token.type.replace("_close", "_open") == stack[-1][0].type:
                opener, texts = stack.pop()
                opener.meta["text"] = " ".join(texts)
            if token.type == "inline":
                if index and tokens[index - 1].type == "paragraph_open":
                    self._check_fence_lines(token, containers)
                text = "".join(c.content for c in token.children or () if c.type in ("text", "code_inline"))
                for _, texts in stack:
                    texts.append(text)
                if not self._check_inline(token, "verse" if in_verse else "body", narrow=cells > 0):
                    return
        self._assign_directions(tokens)

    def _check_container(self, token: Token, containers: list[Token]) -> None:
        """A container's fences: its opening line holds only its name, its closing line only colons;
        a verse holds only lines of verse (nothing could be made of a container inside it)."""
        if token.nesting == 1:
            name, rest = container_name(token.info), token.info.split(maxsplit=1)[1:]
            if name == "verse" and rest and rest[0].strip() in VERSE_FORMS:
                rest = []  # '::: verse lines': lines of verse that are no beyts (typeset.typography.verse)
            if rest:
                self.error(
                    f"text after '::: {name}' is not set: '{rest[0].strip()}'",
                    token,
                    hint="a container's first line holds only its name"
                    + (" (or '::: verse lines', for verse that is no beyts)" if name == "verse" else "")
                    + ": put the text on the next line",
                )
            if any(opener.type == "container_verse_open" for opener in containers):
                token.meta["refused"] = True  # said once: not again when it ends
                self.error(
                    f"'::: {name}' inside a verse: a verse holds only its lines",
                    token,
                    hint="close the verse first, with a line holding only ':::'",
                )
            containers.append(token)
            return
        opener = containers.pop()
        name, colons = container_name(opener.info), opener.markup
        if token.markup and self._closed(opener):
            return
        outer = containers[-1] if containers else None
        if outer is not None and (outer.map or (0, 0))[1] == (opener.map or (0, 0))[1] and self._closed(outer):
            self._unknown += 1  # the ':::' left over after the shared one is not said again
            if opener.meta.get("refused"):
                return
            self.error(
                f"'{colons} {name}' inside '{outer.markup} {container_name(outer.info)}' "
                f"is closed by the same '{outer.markup}' as the container around it",
                opener,
                hint=f"close it with its own '{colons}', and give the outer container a longer fence ('{colons}:')",
            )
            return
        self.error(
            f"'{colons} {name}' container is not closed",
            opener,
            hint=f"end it with a line holding only '{colons}' (at the line's start: not indented by a tab)",
        )

    def _closed(self, opener: Token) -> bool:
        """Whether the container opened by ``opener`` ends at a fence (the parser also ends one, silently,
        where the document or the block around it ends)."""
        end = (opener.map or (0, 0))[1]
        line = self.lines[end] if end < len(self.lines) else ""
        return re.fullmatch(rf"[ >]*{opener.markup}:*[ \t]*", line) is not None

    def _check_fence_lines(self, inline: Token, containers: list[Token]) -> None:
        """Lines of a paragraph that look like fences but opened or closed nothing: each is said, on its line."""
        for offset, line in enumerate(inline.content.split("\n")):
            fence = _FENCE.fullmatch(line)
            if fence is None:
                continue
            indent, colons, params = fence.groups()
            name = container_name(params)
            where = Location(self.path, self.first_line + (inline.map or (0, 0))[0] + offset)
            if len(indent.expandtabs(4)) >= 4:
                message, hint = (
                    f"'{colons}' indented by a tab or 4 spaces is text, not a fence",
                    (f"start the line with '{colons}'"),
                )
            elif name:
                self._unknown += 1  # its ':::' closes it: that one is not said again
                message, hint = f"unknown container '::: {name}'", "containers: " + ", ".join(CONTAINERS)
                if containers:
                    hint += f"; a closing line holds only '{containers[-1].markup}'"
            elif self._unknown:
                self._unknown -= 1
                continue
            elif containers:
                message, hint = (
                    f"'{colons}' closes nothing here",
                    (
                        f"the '{containers[-1].markup} {container_name(containers[-1].info)}' "
                        f"opened on line {self.loc(containers[-1]).line} closes with '{containers[-1].markup}'"
                    ),
                )
            else:
                self._unknown += 1  # an opening line without its name, perhaps: its ':::' is not said again
                message, hint = f"'{colons}' closes no open container", "to open one, name it: ::: verse, ::: pullquote"
            self.errors.append(TypesetError(message, where, hint))

    def _spend(self, thing: str, count: int, token: Token | None) -> bool:
        """Add ``count`` of ``thing`` to the article's budget; False (and an error at ``token``) past it."""
        self.spent[thing] += count
        total = sum(COSTS[name] * spent for name, spent in self.spent.items())
        if total <= BUDGET_SECONDS:
            return True
        shares = ", ".join(f"{name} {COSTS[name] * spent:.1f} s" for name, spent in self.spent.items() if spent)
        self.error(
            "the article is too large to set: its text, elements, footnotes and images would take about "
            f"{total:.1f} s to set, past the budget of {BUDGET_SECONDS:.0f} s ({shares})",
            token,
            hint="is this one article? split a long text into several sources, or scale its images down",
        )
        return False

    def _count(self, elements: int, token: Token | None, kind: str = "elements") -> bool:
        """Count elements the engine will lay out; False (and an error) past the limit."""
        self.elements += elements
        if self.elements <= MAX_ELEMENTS:
            return self._spend(kind, elements, token)
        self.error(
            f"the article is too long to set: more than {MAX_ELEMENTS} elements "
            "(paragraphs, list items, table cells, emphasis, links, line breaks, verse lines)",
            token,
            hint="is this one article? split a long text into several sources",
        )
        return False

    def _assign_directions(self, tokens: list[Token]) -> None:
        """Each block's direction, decided against its parent's (a Dari quote inside an
        English one inside a Dari article turns right to left again); ``dir`` where it changes."""
        stack = [self.direction]
        for token in tokens:
            if token.nesting == 1 and token.type in BLOCK_OPENS:
                direction = block_direction(token.meta.get("text", ""), stack[-1])
                token.meta["dir"] = direction
                if direction != stack[-1]:
                    token.attrSet("dir", direction)
                stack.append(direction)
            elif token.nesting == -1 and token.type.replace("_close", "_open") in BLOCK_OPENS and len(stack) > 1:
                stack.pop()

    def _check_inline(self, inline: Token, role: str, narrow: bool = False) -> bool:
        """Check links, images, nesting and size of one inline run; False when the rest need not be checked.

        ``narrow``: the run is set in a table cell, whose narrowest width the engine measures (at a cost
        that grows with the square of each long word's length: the budget charges it)."""
        shown: list[str] = []  # the text the PDF will show, after references are decoded
        captions: list[str] = []  # image captions (set in a box the engine measures the same way)
        children = inline.children or []
        depth = 0
        for child in children:
            depth += child.nesting
            if depth > MAX_INLINE_NESTING:
                self.error(f"emphasis and links are nested too deeply (more than {MAX_INLINE_NESTING} levels)", inline)
                return False
        elements = sum(1 for c in children if c.nesting == 1 or c.type in _ELEMENT_TOKENS)
        # In verse, each line a hemistich: the dearest element.
        lines = sum(1 for c in children if c.type in ("softbreak", "hardbreak")) if role == "verse" else 0
        if not (self._count(elements, inline) and self._count(lines, inline, "hemistichs")):
            return False
        for child in children:
            if child.type == "footnote_ref":
                if child.meta["id"] not in self.notes and not self._spend("footnotes", 1, inline):
                    return False
                self.notes.add(child.meta["id"])
                if len(self.notes) > MAX_FOOTNOTES:
                    self.error(
                        f"too many footnotes: more than {MAX_FOOTNOTES}",
                        inline,
                        hint="each footnote costs the engine a page layout: keep the notes that matter",
                    )
                    return False
            if child.type in ("softbreak", "hardbreak"):
                shown.append("\n")  # a line end ends a word
            if child.type == "text":
                child.content = child.content.translate(OVERRIDES_TO_EMBEDDINGS)
                shown.append(child.content)
            if child.type == "code_inline":
                shown.append(child.content)
            if child.type == "image":
                title = str(child.attrGet("title") or "").translate(OVERRIDES_TO_EMBEDDINGS)
                if title:
                    child.attrSet("title", title)
                shown.append("\n" + title + "\n")  # the caption: a block of its own
                for part in child.children or ():
                    part.content = part.content.translate(OVERRIDES_TO_EMBEDDINGS)
                    shown.append(part.content)
                shown.append("\n")
                captions.append(title + "\n" + "".join(part.content for part in child.children or ()))
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
        long_word = longest_word("".join(shown))
        if len(long_word) > MAX_WORD:
            self.error(
                f"a word of {len(long_word)} characters without a space; the limit is {MAX_WORD}",
                inline,
                hint="put spaces in it; a long address can stand behind a link: [text](https://…)",
            )
            return False
        text = "".join(shown)
        if not self._spend("characters", len(text) - text.count(" ") - text.count("\n"), inline):
            return False
        lengths = [match.end() - match.start() for match in WORD.finditer(text if narrow else "\n".join(captions))]
        if not self._spend("long words", sum(n * n for n in lengths if n > LONG_RUN), inline):
            return False
        if role == "body":
            break_long_runs(children)
            for image in (child for child in children if child.type == "image"):  # its caption: title, else alt
                if image.attrGet("title"):
                    image.attrSet("title", break_text(str(image.attrGet("title"))))
                break_long_runs(image.children or [])
        written = set(inline.content)
        decoded = "".join(char for char in dict.fromkeys("".join(shown)) if char not in written and ord(char) > 0x7F)
        if decoded:
            self.references.append((decoded, inline, role))
        return True

    def check_references(self) -> None:
        """Characters written as references (``&#x1F600;``) against the fonts: the coverage
        check of the build reads the source as written, where they are ASCII."""
        if not self.references:
            return
        from typeset.model import Text
        from typeset.source.config import find_config, load_publication
        from typeset.typography import fonts  # only an article with references needs them here

        publication = load_publication(find_config(self.path))
        texts = [
            Text(char, self._reference_location(char, inline), role)
            for chars, inline, role in self.references
            for char in chars
        ]
        fonts.check_coverage(fonts.folders_of(publication.root), publication.fonts, texts, self.direction)

    def _reference_location(self, char: str, inline: Token) -> Location:
        """Where the reference that writes ``char`` stands (line and column), else the block's line."""
        start, end = inline.map or (0, 1)
        for number in range(start, min(end, len(self.lines))):
            for match in _REFERENCE.finditer(self.lines[number]):
                if char in html_module.unescape(match.group()).translate(OVERRIDES_TO_EMBEDDINGS):
                    return Location(self.path, self.first_line + number, match.start() + 1)
        return self.loc(inline)

    def _image_path(self, src: str, token: Token) -> Path | None:
        parts = urlsplit(src)
        hint = "images must be files in the article's folder, given by a relative path (e.g. images/map.png)"
        if parts.scheme or parts.netloc or src.startswith("/"):
            self.error(f"image '{src}' is not a file in the article's folder", token, hint=hint)
            return None
        try:
            folder = self.path.parent.resolve()
            target = (folder / unquote(parts.path)).resolve()
            if not target.is_relative_to(folder):
                self.error(f"image '{src}' is outside the article's folder", token, hint=hint)
                return None
            if not target.is_file():
                self.error(f"image '{src}' not found", token)
                return None
            size = target.stat().st_size
        except (OSError, ValueError, RuntimeError) as error:  # a name too long, a NUL byte, a symlink loop
            reason = (
                "a loop of symbolic links"
                if isinstance(error, RuntimeError)
                else error.strerror or str(error)
                if isinstance(error, OSError)
                else "not a usable file name"
            )
            self.error(f"image '{src}' cannot be read: {reason}", token, hint=hint)
            return None
        problem = _image_problem(target, size)
        if isinstance(problem, tuple):
            self.error(f"image '{src}' {problem[0]}", token, hint=problem[1])
            return None
        if target not in self.images:
            self.images.add(target)
            decoded = problem.pixels if problem.format in _DECODED_FORMATS else 0
            self.decoded_pixels += decoded
            self.image_bytes += size
            if not self._within_image_budget(src, token):
                return None
            if not (self._spend("decoded pixels", decoded, token) and self._spend("image bytes", size, token)):
                return None
        return target

    def _within_image_budget(self, src: str, token: Token) -> bool:
        """The images so far within the article's budget; else an error at the image that passes it."""
        if self.decoded_pixels > MAX_DECODED_PIXELS:
            self.error(
                f"image '{src}' brings the article's PNG, GIF and WebP images to {self.decoded_pixels / 1e6:.1f} "
                f"megapixels; the limit is {MAX_DECODED_PIXELS // 10**6} megapixels in all",
                token,
                hint="the engine decodes and compresses these again: scale them down, or save photographs as JPEG",
            )
            return False
        if self.image_bytes > MAX_IMAGES_BYTES:
            self.error(
                f"image '{src}' brings the article's images to {self.image_bytes / 2**20:.1f} MB; "
                f"the limit is {MAX_IMAGES_BYTES // 2**20} MB in all",
                token,
                hint="scale the images down (an A4 page at 300 dpi takes about 9 megapixels)",
            )
            return False
        return True

    @staticmethod
    def _link_allowed(href: str) -> bool:
        if href.startswith("#"):
            return True
        parts = urlsplit(href)
        return parts.scheme in _LINK_SCHEMES and (parts.scheme == "mailto" or bool(parts.netloc))


@dataclass(frozen=True)
class ImageHeader:
    format: str  # Pillow's name: PNG, JPEG, GIF, WEBP
    pixels: int


def _image_problem(path: Path, size: int) -> tuple[str, str] | ImageHeader:
    """What keeps ``path`` from being set as an image (message, hint), else its format and size,
    from its file size and header only."""
    from PIL import Image  # Pillow comes with WeasyPrint; imported when an article has an image

    scale = "an A4 page at 300 dpi takes about 9 megapixels: scale the image down"
    if size > MAX_IMAGE_BYTES:
        return f"is too large ({size / 2**20:.1f} MB; the limit is {MAX_IMAGE_BYTES // 2**20} MB)", scale
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Pillow's own decompression-bomb warning: the limit here is lower
            try:
                with Image.open(path, formats=IMAGE_FORMATS) as image:  # reads the header, decodes nothing
                    (width, height), kind = image.size, str(image.format)
            except Image.DecompressionBombError:  # over twice Pillow's own limit: read the header without it
                width, height, kind = _header_size(path)
    except Exception:
        return (
            "is not a PNG, JPEG, GIF or WebP image",
            "export it as PNG or JPEG (SVG, PDF and other formats are not accepted)",
        )
    if width * height > MAX_IMAGE_PIXELS:
        megapixels = f"{width * height / 1e6:.1f} megapixels"
        limit = f"the limit is {MAX_IMAGE_PIXELS // 10**6} megapixels"
        return f"is too large ({width}×{height} pixels, {megapixels}; {limit})", scale
    return ImageHeader(kind, width * height)


def _header_size(path: Path) -> tuple[int, int, str]:
    """Width, height and format from the header, by the format's own reader (Image.open refuses to say)."""
    from PIL import Image

    with path.open("rb") as file:
        prefix = file.read(16)
        for name in IMAGE_FORMATS:
            factory, accept = Image.OPEN[name]
            if accept is None or accept(prefix):
                file.seek(0)
                width, height = factory(file, str(path)).size
                return width, height, name
    raise ValueError("not an image")
