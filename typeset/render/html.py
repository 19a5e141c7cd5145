"""Model → HTML, through layered Jinja2 templates in a sandbox.

Template lookup: the publication's own ``templates/`` first, then the theme
(``templates/`` of typeset). ``!base/NAME`` always names the theme's template,
so a publication's template can extend the one it replaces. Templates render
in typeset.render.sandbox; whatever goes wrong in one (its syntax, an undefined name,
a missing include, a refused escape, a runaway loop) is a TypesetError at the
template's line.
"""

from __future__ import annotations

import re
import types
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from markupsafe import Markup, escape

from typeset import __version__
from typeset.errors import Location, TypesetError
from typeset.model import Article, Publication
from typeset.render import sandbox
from typeset.render.templatecache import bytecode_cache
from typeset.render.templatelimits import TemplateLimit
from typeset.resources import THEME_DIR
from typeset.source import look
from typeset.typography import fonts, localize, scripts, verse, words
from typeset.typography.direction import isolate_runs

#: What a template sees (besides the globals below): the hint of an undefined name lists them.
CONTEXT_NAMES = ("article", "publication", "document", "families", "font_faces", "ink", "sizes", "verse_header")


@jinja2.pass_context
def _inline_text(context: jinja2.runtime.Context, value: str) -> Markup:
    """A piece of the article's text as set: other-direction runs isolated, digits native (unless as-written),
    runs of the other script in their spans (typeset.typography.scripts: their face and size)."""
    article: Article = context["article"]
    digits = article.lang if article.native_digits(context["publication"]) else None
    text = localize.running_text(value, article.direction, digits)
    return Markup(scripts.mark_runs(str(escape(text)), article.direction))


def _css_string(value: str) -> str:
    """A CSS string literal (quoted) holding ``value``, safe inside <style>."""
    return '"' + re.sub(r'[\\"\n\r<>&]', lambda m: f"\\{ord(m.group()):x} ", value) + '"'


FILTERS: dict[str, Callable[..., Any]] = {
    "css_string": _css_string,
    "isolate": isolate_runs,
    "inline": _inline_text,
    "tie": lambda html: Markup(words.tie_last_words(str(html))),
    "format_date": localize.format_date,
    "digits": localize.native_digits,
    "house_date": localize.house_date,
    "long_date": localize.long_date,
}


@lru_cache(maxsize=8)
def environment(publication_root: Path) -> sandbox.Sandbox:
    env = sandbox.Sandbox(
        sandbox.LayeredLoader(publication_root / "templates", THEME_DIR),
        autoescape=jinja2.select_autoescape(["html"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=bytecode_cache(),
    )
    env.add_filters(FILTERS)
    env.globals["typeset_version"] = __version__
    env.globals["beyt"] = verse.beyt_html
    env.globals["verse_css"] = {"body": verse.BODY_SIZE, "header": verse.HEADER_SIZE, "gap": verse.GAP}
    return env


#: The theme's inks (templates/style.css ``ink.*``): RGB greys on screen; for a print shop, black
#: text in pure K (DeviceCMYK 0 0 0 1, not RGB black, which a printer separates into four inks)
#: and the grey rules as tints of K alone.
INKS: dict[str, dict[str, str]] = {
    "screen": {
        "text": "#111",
        "muted": "#555",
        "link": "#1a4d8f",
        "caption": "#444",
        "rule": "#999",
        "strong_rule": "#222",
        "note_rule": "#444",
        "masthead": "#111",
    },
    "print": {
        "text": "device-cmyk(0 0 0 1)",
        "muted": "device-cmyk(0 0 0 1)",
        "link": "device-cmyk(0 0 0 1)",
        "caption": "device-cmyk(0 0 0 1)",
        "rule": "device-cmyk(0 0 0 0.4)",
        "strong_rule": "device-cmyk(0 0 0 0.87)",
        "note_rule": "device-cmyk(0 0 0 0.73)",
        "masthead": "device-cmyk(0 0 0 1)",
    },
}


@dataclass(frozen=True)
class Document:
    """What the page's root says about the whole document (base.html, style.css): an article's
    language and direction, or an edition part's (its cover, its contents)."""

    lang: str
    direction: str
    title: str
    date: date


def theme_context(publication: Publication, direction: str, profile: str = "screen") -> dict[str, Any]:
    """What every theme template sees of the fonts and inks, for a document of ``direction``."""
    chain = publication.fonts.chain
    return {
        "publication": publication,
        "font_faces": fonts.font_face_css(fonts.folders_of(publication.root), publication.fonts),
        "families": {role: fonts.css_families(chain(role, direction)) for role in ("body", "masthead")}
        | {
            "verse": fonts.verse_families(publication.fonts, direction),
            "latin": fonts.css_families(chain("body", "ltr")),
            "arabic": fonts.css_families(chain("body", "rtl")),
        },
        "ink": inks(publication, profile),
        "sizes": {key: f"{size:g}" for key, size in ({**look.default_sizes(), **publication.sizes}).items()},
    }


def inks(publication: Publication, profile: str) -> dict[str, str]:
    """The theme's inks for ``profile``: on screen, the publication's colours (typeset.source.look) over
    the theme's greys; a print edition's stay black ink (INKS)."""
    if profile != "screen":
        return INKS[profile]
    colours = {**look.COLOURS, **publication.colours}
    mapped = {"text": colours["text"], "link": colours["accent"], "rule": colours["rule"]}
    return INKS["screen"] | mapped | {"masthead": colours["masthead"]}


def render_article(
    article: Article,
    publication: Publication,
    header: verse.Poem | None = None,
    *,
    template: str = "article.html",
    profile: str = "screen",
    extra: dict[str, Any] | None = None,
) -> str:
    """The complete HTML document of one article (self-contained: CSS inline); ``header``: the verse
    header as set (typeset.typography.verse.set_header), when the caller has it already.

    ``template``, ``profile`` and ``extra`` (more names for the template) set the article another
    way: as a part of an edition (typeset.edition.parts)."""
    context = theme_context(publication, article.direction, profile)
    context["article"] = article
    context["document"] = Document(article.lang, article.direction, article.title, article.date)
    if header is None:
        header = verse.set_header(publication, fonts.verse_faces(fonts.folders_of(publication.root), publication.fonts))
    context["verse_header"] = header
    return render_template(template, publication, context | (extra or {}))


def render_template(name: str, publication: Publication, context: dict[str, Any]) -> str:
    """Template ``name`` (the publication's, else the theme's) rendered in the sandbox; a problem in a
    template is a TypesetError at its line."""
    templates = publication.root / "templates"
    try:
        env = environment(publication.root)
        return sandbox.render(env.get_template(name), context)
    except Exception as error:  # each the user's is located; typeset's own is raised again
        located = _located(error, templates)
        if located is None:
            raise
        raise located from None


def _located(error: BaseException, templates: Path) -> TypesetError | None:
    """``error`` as the user's problem, at the template line it arose from; None if it is typeset's."""
    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename:
        if isinstance(error, jinja2.TemplateAssertionError) and "filter" in (error.message or ""):
            hint = "typeset's filters: " + ", ".join(FILTERS) + ", and Jinja's built-in ones (not random)"
        else:
            hint = "see https://jinja.palletsprojects.com/en/3.1.x/templates/"
        return TypesetError(
            f"template syntax: {error.message}", Location(Path(error.filename), error.lineno), hint=hint
        )
    where = _template_line(error.__traceback__, templates)
    if isinstance(error, sandbox.TemplateRefused):
        location = Location(error.path) if error.path else where
        hint = "templates are read only from regular files inside the publication's templates/ and the theme"
        return TypesetError(error.message or "template refused", location or Location(templates), hint=hint)
    if isinstance(error, jinja2.TemplateNotFound):
        return TypesetError(
            f"template '{error.name}' not found",
            where or Location(templates),
            hint=f"templates are looked up in {templates}/, then in the theme; '!base/NAME' names the theme's own",
        )
    if isinstance(error, TemplateLimit | MemoryError):
        message = str(error) if isinstance(error, TemplateLimit) else "the templates ran out of memory"
        return TypesetError(message, where, hint="a template may not loop, recurse or grow a value without end")
    if isinstance(error, SecurityError):
        return TypesetError(
            f"not allowed in a template: {error.message}",
            where,
            hint="templates see the article and the publication as data: no Python internals, files or modules",
        )
    if isinstance(error, jinja2.UndefinedError):
        return TypesetError(
            error.message or "undefined",
            where,
            hint="a template sees " + ", ".join(CONTEXT_NAMES) + ", typeset_version and beyt()",
        )
    if isinstance(error, RecursionError) and where is not None:
        return TypesetError(
            "the templates include or call each other without end", where, hint="a template may not recurse forever"
        )
    if where is not None and where.path.is_relative_to(templates):  # the publication's own code failed
        return TypesetError(f"{type(error).__name__}: {error}", where)
    if isinstance(error, jinja2.TemplateError):
        return TypesetError(error.message or type(error).__name__, where or Location(templates))
    return None


def _template_line(trace: types.TracebackType | None, templates: Path) -> Location | None:
    """The innermost line of a template (the publication's or the theme's) in ``trace``."""
    found: Location | None = None
    while trace is not None:
        filename = Path(trace.tb_frame.f_code.co_filename)
        if filename.is_relative_to(templates) or filename.is_relative_to(THEME_DIR):
            found = Location(filename, trace.tb_lineno)
        trace = trace.tb_next
    return found
