"""Editions: a week's articles bound into one issue PDF, for the screen or for a print shop.

Each part (the cover, the table of contents, every article, the folios) is rendered
on its own and cached (``parts``); the binder composes them with pikepdf (``bind``):
blank versos, folios, live contents links, bookmarks. So an edit to one article
costs that article's render and a binding, whatever it does to later page numbers:
the binder also stamps the contents' page numbers, so the contents are set again only
when an entry's title, author, section or order changes.
"""

#: How a contents entry links to its article before binding: ``typeset:article/<index>``
#: (the index in the edition's order, from 0). The binder turns these URIs into
#: links to the article's first page.
TOC_LINK_PREFIX = "typeset:article/"
#: A contents entry's page number before binding: an empty box, ``typeset:page/<index>``,
#: in which the binder stamps the number of the article's first page (and which it makes
#: a link to that page, like the entry's other links).
PAGE_LINK_PREFIX = "typeset:page/"
#: Where the parts of ``<output>/<edition>.pdf`` are kept (safe to delete: they are rendered again).
PARTS_DIR = ".typeset-parts"
