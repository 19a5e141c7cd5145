"""Small WeasyPrint documents for the print-shop tests: A5 pages with bleed, RGB-black text,
a background, a rule, a link and an image; fonts only from fonts/."""

from __future__ import annotations

import base64
import io

import pikepdf
import weasyprint
from PIL import Image

from typeset.resources import FONTS_DIR

TRIM_W, TRIM_H = 148 * 72 / 25.4, 210 * 72 / 25.4
BLEED = 3 * 72 / 25.4


def _png(width: int, height: int) -> str:
    image = Image.new("RGB", (width, height), (200, 30, 30))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def render(pages: int = 3, bleed: bool = True, image_px: int = 600, size: str = "148mm 210mm") -> bytes:
    """``pages`` pages, each saying ``Page N``; page 1 also has a 30 mm wide image of ``image_px`` pixels
    (600: 508 dpi; 60: 51 dpi), a blue link and a black rule."""
    font = (FONTS_DIR / "NotoSerif-Regular.ttf").as_uri()
    css = f"""
      @font-face {{ font-family: Body; src: url({font}) }}
      @page {{ size: {size}; margin: 20mm; background: #eeeeff; {"bleed: 3mm;" if bleed else ""} }}
      body {{ font-family: Body; color: #000; font-size: 11pt }}
      h1 {{ font-size: 30pt; border-bottom: 1pt solid #000; break-before: page }}
      h1:first-child {{ break-before: auto }}
      a {{ color: #1a4d8f }}
    """
    body = []
    for number in range(1, pages + 1):
        body.append(f"<h1>Page {number}</h1><p>Black text on page {number}.</p>")
        if number == 1:
            body.append('<p>See <a href="https://example.org/">a link</a>.</p>')
            body.append(f'<img src="{_png(image_px, image_px * 2 // 3)}" style="width: 30mm">')
    html = f"<html lang=en><style>{css}</style><body>{''.join(body)}</body></html>"
    return weasyprint.HTML(string=html).write_pdf()


def open_pdf(data: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(data))
