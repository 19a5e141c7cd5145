"""PDF post-processing shared by editions and the archive, after the engine has written a PDF (pikepdf).

- ``variants``: the one table of output variants (PDF/A-3u, PDF/X-4): what each file must carry
  (PDF version, XMP identification, /Info entries, output intent), and the output intent written from it;
- ``metadata``: XMP and /Info from the document's own date and identity, never the clock;
- ``save``: the deterministic save (the same pages, the same bytes);
- ``pdfa``: a typeset PDF made PDF/A-3u with what made it attached (the archive);
- ``pdfx``: a bound edition made PDF/X-4 for a print shop: boxes, crop marks, CMYK, output intent;
- ``colour``: RGB to the print profile's CMYK (littleCMS), and the sRGB profile.

Nothing here reads the clock, draws a random number or imports an upper stage (``edition``, ``archive``).
"""
