"""typeset: bilingual (Persian-script and Latin) article typesetting to PDF."""

__version__ = "0.1.0"
