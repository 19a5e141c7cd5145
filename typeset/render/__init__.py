"""Rendering: the model through the sandboxed templates to HTML, HTML to PDF, the PDF's text layer."""
