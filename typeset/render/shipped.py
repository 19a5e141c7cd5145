"""The engine's fetcher on a cluster worker (typeset.jobs.cluster): the project's files from what was
sent with the render, typeset's own (fonts, theme) from the worker's folders, each under the URL it
has on the machine that sent it, so that the engine sees what it would see there."""

from __future__ import annotations

import mimetypes
import os
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcherResponse

from typeset.render.fetcher import FolderFetcher, RefusedURL


class ShippedFetcher(FolderFetcher):
    """Serve ``files`` (resolved path there → bytes) and, below each folder of ``own`` (there → here),
    the file of the same name here (with :class:`FolderFetcher`'s checks); refuse the rest."""

    def __init__(self, files: dict[str, bytes], own: dict[Path, Path]):
        super().__init__(list(own.values()))
        self.files = files
        self.own = own

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise RefusedURL(url, "typeset reads no network or non-file resources")
        path = Path(os.path.normpath(url2pathname(parts.path)))
        body = self.files.get(str(path))
        if body is None:
            for there, here in self.own.items():
                if path.is_relative_to(there):
                    body = super().fetch((here / path.relative_to(there)).as_uri(), headers).read()
                    break
            else:
                raise RefusedURL(
                    url,
                    "not sent to the cluster (a worker is sent an article's images and its publication's templates/)",
                )
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), body=body, headers={"Content-Type": mime})
