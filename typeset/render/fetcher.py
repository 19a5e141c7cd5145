"""The only way the engine may read anything: files inside allowed folders.

No network, no ``data:`` or ``file:`` URL outside the project's ``fonts/`` and
``templates/`` and the source's own folder, only regular files (not a pipe or a
device, which could block or never end) of at most :data:`MAX_BYTES`. A refusal
stops the render with a clear error (FatalURLFetchingError), so nothing is
silently left out.
"""

from __future__ import annotations

import mimetypes
import stat
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint import URLFetcher
from weasyprint.urls import FatalURLFetchingError, URLFetcherResponse

#: The largest file served (a font is a few MB; images are checked to 50 MB by typeset.source.markup).
MAX_BYTES = 64 * 1024 * 1024


class RefusedURL(FatalURLFetchingError):
    def __init__(self, url: str, reason: str):
        super().__init__(f"refused to read '{url}': {reason}")
        self.url = url
        self.reason = reason


class FolderFetcher(URLFetcher):
    """Serve ``file:`` URLs whose real path lies inside one of ``roots``; refuse the rest."""

    def __init__(self, roots: list[Path]):
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.roots = [root.resolve() for root in roots]

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise RefusedURL(url, "typeset reads no network or non-file resources")
        try:
            path = Path(url2pathname(parts.path)).resolve()
        except (OSError, RuntimeError, ValueError):  # a symlink loop, a NUL byte, a name too long
            raise RefusedURL(url, "not a usable file name") from None
        if not any(path.is_relative_to(root) for root in self.roots):
            raise RefusedURL(url, "outside the allowed folders (" + ", ".join(map(str, self.roots)) + ")")
        try:
            if not stat.S_ISREG(path.stat().st_mode):
                raise RefusedURL(url, "not a regular file")
            with path.open("rb") as file:
                body = file.read(MAX_BYTES + 1)
        except (OSError, ValueError) as error:
            raise RefusedURL(url, getattr(error, "strerror", None) or "cannot read") from None
        if len(body) > MAX_BYTES:
            raise RefusedURL(url, f"larger than {MAX_BYTES // 2**20} MB")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), body=body, headers={"Content-Type": mime})
