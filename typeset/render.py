"""Model → HTML, through layered Jinja2 templates.

Template lookup: the publication's own ``templates/`` first, then the theme
(``templates/`` of typeset). ``!base/NAME`` always names the theme's template,
so a publication's template can extend the one it replaces.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import jinja2

from typeset import __version__, cache, fonts, localize
from typeset.direction import isolate_runs
from typeset.model import Article, Publication
from typeset.resources import FONTS_DIR, THEME_DIR
from typeset.verse import beyt_html, set_poem


@jinja2.pass_context
def _inline_text(context: jinja2.runtime.Context, value: str) -> str:
    """A piece of the article's text as set: other-direction runs isolated, digits native (unless as-written)."""
    article: Article = context["article"]
    digits = article.lang if article.native_digits(context["publication"]) else None
    return localize.running_text(value, article.direction, digits)


def _css_string(value: str) -> str:
    """A CSS string literal (quoted) holding ``value``, safe inside <style>."""
    return '"' + re.sub(r'[\\"\n\r<>&]', lambda m: f"\\{ord(m.group()):x} ", value) + '"'


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs (Jinja checks each against its source)."""
    folder = cache.subdir("jinja")
    return jinja2.FileSystemBytecodeCache(str(folder)) if folder else None


@lru_cache(maxsize=8)
def environment(publication_root: Path) -> jinja2.Environment:
    theme = jinja2.FileSystemLoader(THEME_DIR)
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [
                jinja2.PrefixLoader({"!base": theme}, delimiter="/"),
                jinja2.FileSystemLoader(publication_root / "templates"),
                theme,
            ]
        ),
        autoescape=jinja2.select_autoescape(["html"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=_bytecode_cache(),
    )
    env.filters["css_string"] = _css_string
    env.filters["isolate"] = isolate_runs
    env.filters["inline"] = _inline_text
    env.filters["format_date"] = localize.format_date
    env.filters["digits"] = localize.native_digits
    env.filters["house_date"] = localize.house_date
    env.filters["long_date"] = localize.long_date
    env.globals["typeset_version"] = __version__
    env.globals["beyt"] = beyt_html
    return env


def render_article(article: Article, publication: Publication) -> str:
    """The complete HTML document of one article (self-contained: CSS inline)."""
    chain = publication.fonts.chain
    context = {
        "publication": publication,
        "article": article,
        "font_faces": fonts.font_face_css(FONTS_DIR, publication.fonts),
        "families": {role: fonts.css_families(chain(role, article.direction)) for role in ("body", "masthead", "verse")}
        | {"latin": fonts.css_families(chain("body", "ltr")), "arabic": fonts.css_families(chain("body", "rtl"))},
    }
    verse_font = fonts.regular_face(FONTS_DIR, publication.fonts.verse[0]).path
    header = [hemistich for beyt in publication.verse_header for hemistich in beyt]
    context["verse_header"] = set_poem(header, verse_font, publication.kashida)
    return environment(publication.root).get_template("article.html").render(context)
