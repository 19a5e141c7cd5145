"""The theme's stylesheets parsed once per process, not once per document.

Every article's HTML carries the theme's CSS in its ``<style>`` (templates/base.html includes
style.css): the same text for every article of one publication and direction. WeasyPrint parses
each ``<style>`` again for every document (tinycss2, the selectors compiled, every declaration
validated): 10–14% of an archive run, 0.08 s of a warm edit. Here the engine's ``CSS`` (as
``weasyprint.css`` calls it for a ``<style>``) is wrapped: a stylesheet given as a string is
parsed once per process for its text, base URL, media type, URL fetcher's folders and font
configuration, and reused after that.

What parsing a stylesheet does to the document besides making its rules is done again at each
reuse, so that a document sees what it would have seen: its ``@page`` rules and layers appended
to the document's lists (the reused object is a copy that points at this document's lists, as a
fresh one would), its ``@counter-style`` and ``@color-profile`` rules added to the document's maps,
and the warnings its parse gave logged again (typeset reports them per article). ``@font-face``
rules registered their fonts in the font configuration at the first parse; the configuration is
part of the key (one per process: typeset.render.pdf.font_configuration).

A changed template or theme gives another text, so another key: a long-lived process
(``typeset watch``) sees it. At most :data:`KEPT` stylesheets are kept (the least used go).
"""

from __future__ import annotations

import copy
import logging
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

#: How many parsed stylesheets a process keeps (a publication has a few: each direction, each profile).
KEPT = 16


@dataclass
class _Parsed:
    css: Any  # weasyprint.CSS
    page_rules: list[Any]  # what parsing it appended to the document's lists, added to its maps
    layers: list[Any]
    counter_style: dict[Any, Any]
    color_profiles: dict[Any, Any]
    records: list[logging.LogRecord]  # what the engine warned about while parsing it
    font_config: Any  # (kept alive: its id is in the key)


_KEPT: OrderedDict[tuple[Any, ...], _Parsed] = OrderedDict()


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _added(after: dict[Any, Any], before: dict[Any, Any]) -> dict[Any, Any]:
    return {key: value for key, value in after.items() if key not in before or before[key] is not value}


def install() -> None:
    """Wrap the engine's ``CSS`` where ``weasyprint.css`` makes the stylesheets of a document (once)."""
    import weasyprint.css as engine_css

    real = engine_css.CSS
    if getattr(real, "_typeset_once", False):
        return

    def css(*args: Any, **kwargs: Any) -> Any:
        string = kwargs.get("string")
        if args or string is None or kwargs.get("url") is not None or kwargs.get("matcher") is not None:
            return real(*args, **kwargs)
        key = _key(kwargs)
        if key is None:
            return real(*args, **kwargs)
        page_rules = kwargs.get("page_rules")
        layers = kwargs.get("layers")
        counter_style = kwargs.get("counter_style")
        color_profiles = kwargs.get("color_profiles")
        parsed = _KEPT.get(key)
        if parsed is None:
            before = (
                len(page_rules) if page_rules is not None else 0,
                len(layers) if layers is not None else 0,
                dict(counter_style) if counter_style is not None else {},
                dict(color_profiles) if color_profiles is not None else {},
            )
            logger = logging.getLogger("weasyprint")
            handler = _Records()
            logger.addHandler(handler)
            try:
                made = real(*args, **kwargs)
            finally:
                logger.removeHandler(handler)
            parsed = _Parsed(
                made,
                list(made.page_rules[before[0] :]),
                list(made.layers[before[1] :]),
                _added(counter_style, before[2]) if counter_style is not None else {},
                _added(color_profiles, before[3]) if color_profiles is not None else {},
                handler.records,
                kwargs.get("font_config"),
            )
            _KEPT[key] = parsed
            while len(_KEPT) > KEPT:
                _KEPT.popitem(last=False)
            return made
        _KEPT.move_to_end(key)
        logger = logging.getLogger("weasyprint")
        for record in parsed.records:
            if logger.isEnabledFor(record.levelno):
                logger.handle(record)
        reused = copy.copy(parsed.css)  # its rules shared; its lists this document's, as a fresh one's are
        reused.page_rules = page_rules if page_rules is not None else []
        reused.page_rules.extend(parsed.page_rules)
        reused.layers = layers if layers is not None else []
        reused.layers.extend(parsed.layers)
        if counter_style is not None:
            counter_style.update(parsed.counter_style)
        if color_profiles is not None:
            color_profiles.update(parsed.color_profiles)
        return reused

    css._typeset_once = True  # type: ignore[attr-defined]
    engine_css.CSS = css  # type: ignore[assignment,misc]


def _key(kwargs: dict[str, Any]) -> tuple[Any, ...] | None:
    """What decides a parsed stylesheet besides its text; None when it cannot be told (not kept)."""
    fetcher = kwargs.get("url_fetcher")
    roots = getattr(fetcher, "roots", None)
    if fetcher is not None and roots is None:
        return None  # another fetcher than typeset's: what it may read is not known here
    font_config = kwargs.get("font_config")
    folders = tuple(str(root) for root in roots) if roots is not None else ()
    return (
        kwargs["string"],
        str(kwargs.get("base_url")),
        kwargs.get("media_type"),
        kwargs.get("encoding"),
        folders,
        id(font_config) if font_config is not None else None,
    )
