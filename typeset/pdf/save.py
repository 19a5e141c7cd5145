"""The deterministic save: the same PDF objects give the same bytes."""

from __future__ import annotations

import io

import pikepdf
from pikepdf import Name


def save(pdf: pikepdf.Pdf) -> bytes:
    """``pdf``'s bytes: the same objects give the same bytes (the ``/ID``'s second half is a
    hash of the content; nothing in the file comes from the clock), at the catalog's ``/Version``."""
    buffer = io.BytesIO()
    version = str(pdf.Root.get("/Version", Name("/1.7")))[1:]
    pdf.save(
        buffer,
        min_version=version,
        deterministic_id=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        fix_metadata_version=False,
    )
    return buffer.getvalue()
