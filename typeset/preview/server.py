"""The live preview's HTTP server: the standard library's, on localhost only.

It serves four things: the page (``/``, from ``static/``), its scripts and pdf.js (``/static/…``,
only the files shipped there), the state of the last build as JSON (``/state``, polled by the page),
and the PDFs that build wrote (``/pdf/NAME``, only names the state lists). Nothing else of the
disk is reachable, and nothing is cached by the browser (each build is fetched anew). A request
must name this address (``Host: 127.0.0.1:PORT`` or ``localhost:PORT``): a web page that points
another name at 127.0.0.1 (DNS rebinding) reads nothing.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

LOGGER = logging.getLogger("typeset.preview")
STATIC = Path(__file__).resolve().parent / "static"
_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",  # a module script must be served as JavaScript
    ".pdf": "application/pdf",
}

State = Callable[[], dict[str, Any]]
Find = Callable[[str], Path | None]  # a PDF's name → its file, if the state lists it


class PreviewServer(ThreadingHTTPServer):
    """Serves the preview on ``127.0.0.1:port`` (0: a free port, then ``server_port`` says which)."""

    daemon_threads = True

    def __init__(self, port: int, state: State, find: Find) -> None:
        self.state, self.find = state, find
        self.files = {
            path.relative_to(STATIC).as_posix(): path
            for path in STATIC.rglob("*")
            if path.is_file() and path.suffix in _TYPES
        }
        super().__init__(("127.0.0.1", port), _Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_port}/"


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer

    def do_GET(self) -> None:
        port = self.server.server_port
        if self.headers.get("Host") not in (f"127.0.0.1:{port}", f"localhost:{port}"):
            self.send_error(HTTPStatus.FORBIDDEN)  # another name for this address: a page's DNS rebinding
            return
        path = unquote(urlsplit(self.path).path)
        if path == "/":
            self._file(STATIC / "index.html")
        elif path.startswith("/static/") and path[len("/static/") :] in self.server.files:
            self._file(self.server.files[path[len("/static/") :]])
        elif path == "/state":
            self._send(json.dumps(self.server.state(), ensure_ascii=False).encode(), "application/json")
        elif path.startswith("/pdf/") and (found := self.server.find(path[len("/pdf/") :])) is not None:
            self._file(found)
        else:
            self.send_error(HTTPStatus.NOT_FOUND)

    def _file(self, path: Path) -> None:
        try:
            data = path.read_bytes()
        except OSError:  # removed since the state listed it
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        self._send(data, _TYPES.get(path.suffix, "application/octet-stream"))

    def _send(self, data: bytes, kind: str) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        LOGGER.debug(format, *args)  # not the terminal's: the session says what matters
