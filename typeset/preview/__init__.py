"""The live preview's web server (``nashr serve``): the page, pdf.js, the build's state, the PDFs."""
