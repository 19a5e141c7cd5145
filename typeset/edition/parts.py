"""The parts of an edition, each an HTML document rendered on its own: the cover (with the
inside of the cover and the editor's note), the contents, each article, and a sheet of folios.

A part knows nothing of where it sits in the bound edition except what does not depend on it:
every part after the cover opens on a recto, so the side of each of its pages, and so its running
heads and mirrored margins, are its own; only its folios depend on its place, and those the binder
(typeset.edition.bind) stamps from the folio sheet. So an article's part is rendered once and kept,
whatever happens to the page count of the articles before it. The contents likewise leave each
entry's page number an empty box, which the binder fills from the number sheet: they are set
again only when an entry changes, not when an article grows a page.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from typeset import languages
from typeset.edition import PAGE_LINK_PREFIX, TOC_LINK_PREFIX
from typeset.errors import Location
from typeset.jobs.job import Job, bound_page
from typeset.languages import direction_of, language
from typeset.model import Edition, Publication, Section, Text
from typeset.render.html import Document, render_article, render_template, theme_context
from typeset.resources import THEME_DIR
from typeset.source import markup
from typeset.typography import fonts, geometry, localize, verse, words

#: The print profile's bleed: backgrounds run this far past the trim (a print shop's 3 mm).
BLEED_MM = 3.0
#: How high the cover's band stands above the trim's foot (it sits in the foot margin).
BAND_MM = 12.0

#: The pages of a chunk of the folio sheet or the number sheet: each chunk is rendered and cached on its
#: own, so an edition that grows past a chunk's end sets one more chunk, not the whole sheet again.
SHEET_CHUNK = 32
#: A contents entry's page number: its box's width and its type (size and line), the same in the
#: contents (an empty box) and on the number sheet (the number, in the box). The line is the one the
#: theme gives 11 pt text (style.css: 1.5 in a left-to-right document, 1.75 in a right-to-left one).
NUMBER_WIDTH_PT = 33.0
NUMBER_SIZE_PT = 11.0


@dataclass(frozen=True)
class TocRow:
    """One entry of the contents: the article at ``index`` (the edition's order, from 0). Its page
    number is not the contents' to know: the binder stamps it (``numbers_html``)."""

    index: int
    title: str
    author: str
    lang: str
    section: Section | None


def article_html(job: Job, edition: Edition) -> str:
    """The article of ``job`` (prepared for ``edition``: typeset.jobs.job.prepare) as a part of the
    edition: its opening (section label, byline, title) without the masthead, its first page a recto
    of the edition's binding, running heads, mirrored margins, no folios."""
    assert job.article is not None and job.publication is not None
    return render_article(
        job.article,
        job.publication,
        verse.unmeasured(()),  # not shown: the cover sets the verse header, once
        template="edition/article.html",
        profile=edition.profile,
        extra=_edition_context(edition, job.publication),
    )


def cover_header(edition: Edition) -> verse.Poem:
    """The verse header as the cover sets it (measured to the edition's page); its warnings:
    typeset.typography.verse.header_warnings."""
    publication = bound_page(edition.publication, edition)
    return verse.set_header(publication, fonts.verse_faces(fonts.folders_of(publication.root), publication.fonts))


def front_html(edition: Edition, header: verse.Poem) -> str:
    """The front of the edition: the cover (page 1), the inside of the cover (page 2, blank), and
    from page 3 the editor's note, if there is one. The blank page is the part's own, so what
    follows the front opens on a recto like any other part."""
    publication = bound_page(edition.publication, edition)
    lang, direction = edition.lang, edition.direction
    fonts.check_coverage(fonts.folders_of(publication.root), publication.fonts, _edition_texts(edition), direction)
    note = None
    if edition.note:
        poems = verse.PoemSetter(publication, fonts.verse_faces(fonts.folders_of(publication.root), publication.fonts))
        digits = lang if publication.digits == "native" else None
        punctuation = publication.punctuation == "native"
        context = markup.BodyContext(direction, lang, digits, poems, punctuation)
        body = markup.parse_body(edition.note, edition.path, edition.note_line, context)
        note = Markup(body.html)
    date_style = edition.date_style or publication.date_styles.get(lang)
    cover = {
        "title": localize.running_text(edition.title, direction, lang),
        "number": f"{language(lang).issue} {localize.running_text(edition.number, direction, lang)}",
        "date": localize.format_date(edition.date, lang, date_style),
    }
    signed = {
        "heading": language(lang).note_heading,
        "signature": localize.running_text(edition.note_signature or publication.name_in(direction), direction, lang),
    }
    extra = {"verse_header": header, "cover": cover, "note": note, "band": _band(edition, publication)}
    extra["note_page"] = signed
    return _render("edition/front.html", edition, publication, extra)


def toc_html(edition: Edition, rows: list[TocRow]) -> str:
    """The contents: entries grouped under their sections (both labels), each its title and author
    in the article's own direction, a link to ``TOC_LINK_PREFIX + index``, and the empty box of its
    page number, a link to ``PAGE_LINK_PREFIX + index`` (the binder points both at the article's
    first page, and stamps its number in the box)."""
    publication = bound_page(edition.publication, edition)
    groups = [
        {"section": section, "rows": [_toc_entry(row, edition) for row in group]}
        for section, group in itertools.groupby(rows, key=lambda row: row.section)
    ]
    heading = language(edition.lang).contents
    return _render("edition/toc.html", edition, publication, {"heading": heading, "groups": groups})


def folios_html(edition: Edition, first: int) -> str:
    """A chunk of the folio sheet: ``SHEET_CHUNK`` pages of the edition's size, its page i showing only
    the folio ``first + i - 1`` (``first`` odd), in the edition's digits, at the foot of the page's
    outer edge (a recto is a right-hand page in a left-bound edition, a left-hand page in a right-bound
    one): the binder lays it over the edition's page of that number."""
    publication = bound_page(edition.publication, edition)
    folios = [localize.native_digits(str(first + i), edition.lang) for i in range(SHEET_CHUNK)]
    return _render("edition/folios.html", edition, publication, {"folios": folios})


def numbers_html(edition: Edition, first: int) -> str:
    """A chunk of the number sheet: ``SHEET_CHUNK`` pages, each the box of a contents entry's page
    number (``toc_html``), showing the odd numbers from ``first`` (1, 3, 5 …) in the edition's digits
    as the contents would set them there. Odd numbers only: an article opens on a recto, an odd page
    in both bindings (and a page of a sheet costs the engine as much as a page of text)."""
    publication = bound_page(edition.publication, edition)
    numbers = [localize.native_digits(str(first + 2 * i), edition.lang) for i in range(SHEET_CHUNK)]
    return _render("edition/numbers.html", edition, publication, {"numbers": numbers})


def render_part(html: str, edition: Edition, base: Path, masthead: bool = False) -> bytes:
    """The PDF of one part; it may read only the fonts, the theme, the publication's templates and
    ``base``'s folder (an article's images: its source; the note's: the edition file)."""
    from typeset.render.pdf import render_pdf  # the engine is imported only when a PDF is made

    publication = edition.publication
    roots = [*fonts.folders_of(publication.root), THEME_DIR, publication.root / "templates", base.parent]
    shown = (publication.fonts.nastaliq, publication.masthead) if masthead else ((), "")
    return render_pdf(html, base, roots, edition.direction, shown, publication.fonts.verse)


def _render(template: str, edition: Edition, publication: Publication, extra: dict[str, Any]) -> str:
    """A part that is not an article: the edition's language and direction are the document's."""
    context = theme_context(publication, edition.direction, edition.profile)
    context["document"] = Document(edition.lang, edition.direction, edition.title, edition.date)
    context["verse_header"] = verse.unmeasured(())
    return render_template(template, publication, context | _edition_context(edition, publication) | extra)


def _edition_context(edition: Edition, publication: Publication) -> dict[str, Any]:
    """What every part's template knows of the edition's pages (templates/edition/page.css)."""
    _, outer, _, inner = geometry.margins(publication.page_margin) or (0.0, 0.0, 0.0, 0.0)
    ltr = edition.direction == "ltr"
    return {
        "edition": edition,
        "recto": "right" if ltr else "left",  # the side a part's first page is on
        "bound": {"inner": f"{inner:.3f}pt", "outer": f"{outer:.3f}pt"},
        "bleed": f"{BLEED_MM}mm" if edition.profile == "print" else None,
        "running_name": edition.publication.name_in(edition.direction),  # the edition's, in its script
        "counter_style": "decimal" if ltr else ("arabic-indic" if edition.lang == "ar" else "persian"),
        "link_prefix": TOC_LINK_PREFIX,
        "page_prefix": PAGE_LINK_PREFIX,
        "number_box": _number_box(edition),
    }


def _number_box(edition: Edition) -> dict[str, float]:
    line = NUMBER_SIZE_PT * (1.5 if edition.direction == "ltr" else 1.75)
    return {"width": NUMBER_WIDTH_PT, "size": NUMBER_SIZE_PT, "line": round(line, 3)}


def _band(edition: Edition, publication: Publication) -> dict[str, str]:
    """How far the cover's band reaches past the page area: to the trim's edges, or into the bleed."""
    _, outer, bottom, inner = geometry.margins(publication.page_margin) or (0.0, 0.0, 0.0, 0.0)
    bleed = BLEED_MM * geometry.PT_PER_MM if edition.profile == "print" else 0.0
    left, right = (inner, outer) if edition.direction == "ltr" else (outer, inner)  # page 1: a recto
    reach = {
        "left": left + bleed,
        "right": right + bleed,
        "bottom": bottom + bleed,
        "height": bleed + BAND_MM * geometry.PT_PER_MM,
    }
    return {key: f"{value:.3f}pt" for key, value in reach.items()}


def _toc_entry(row: TocRow, edition: Edition) -> dict[str, Any]:
    direction = direction_of(row.lang)
    return {
        "index": row.index,
        "lang": row.lang,
        "direction": direction,
        "latin": direction == "ltr" and edition.direction == "rtl",  # set in the Latin faces (style.css .latin)
        # Its last two words on one line, as an article's title (typeset.typography.words.tie_last_words).
        "title": Markup(words.tie_last_words(str(escape(localize.running_text(row.title, direction, row.lang))))),
        "author": localize.running_text(row.author, direction, row.lang),
    }


def _edition_texts(edition: Edition) -> list[Text]:
    """The edition's own texts the cover shows, and its note, for the font coverage check."""
    texts = list(edition.texts)
    for number, line in enumerate((edition.note or "").split("\n")):
        texts.append(Text(line, Location(edition.path, edition.note_line + number, 1)))
    words = (language(edition.lang).contents, language(edition.lang).issue, language(edition.lang).note_heading)
    return [*texts, *(Text(word, Location(Path(languages.__file__))) for word in words)]
