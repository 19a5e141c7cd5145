"""Headless Chromium (Debian's ``chromium``) driven through the DevTools protocol over a pipe.

``--remote-debugging-pipe`` makes Chromium read commands on its file descriptor 3 and write answers
on 4, each a JSON object ended by a NUL: no websocket, no driver, nothing to install beyond Chromium.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _high(fds: tuple[int, int]) -> tuple[int, int]:
    """The pipe's two ends moved to 10 and above, clear of 3 and 4, where the browser's must go."""
    moved = tuple(fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in fds)
    for fd in fds:
        os.close(fd)
    return moved[0], moved[1]


class Browser:
    """One headless Chromium with one page open at ``url``; ``evaluate`` runs JavaScript in it."""

    def __init__(self, url: str, profile: Path) -> None:
        assert CHROMIUM is not None
        to_chrome, self._writer = _high(os.pipe())
        self._reader, from_chrome = _high(os.pipe())
        # fd 3 and 4 of the browser: bash (dash takes no fd over 9) moves the two pipe ends there, then becomes Chromium.
        script = f'exec "$0" "$@" 3<&{to_chrome} 4>&{from_chrome} {to_chrome}<&- {from_chrome}>&-'
        self.process = subprocess.Popen(
            [
                "bash",
                "-c",
                script,
                CHROMIUM,
                "--headless",
                "--remote-debugging-pipe",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                f"--user-data-dir={profile}",
                "about:blank",
            ],
            pass_fds=(to_chrome, from_chrome),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_chrome)
        os.close(from_chrome)
        self._buffer = b""
        self._id = 0
        target = self.send("Target.createTarget", {"url": url})["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]

    def send(self, method: str, params: dict[str, Any], session: str | None = None) -> dict[str, Any]:
        self._id += 1
        message: dict[str, Any] = {"id": self._id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._writer, json.dumps(message).encode() + b"\0")
        while True:
            answer = self._receive()
            if answer.get("id") == self._id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return dict(answer["result"])

    def _receive(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            chunk = os.read(self._reader, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed its pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return dict(json.loads(message))

    def evaluate(self, expression: str) -> Any:
        answer = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True}, self.session)
        return answer["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 60) -> Any:
        """The value of ``expression`` once it is truthy (None after ``timeout`` seconds)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.2)
        return None

    def close(self) -> None:
        with contextlib.suppress(RuntimeError, OSError):
            self.send("Browser.close", {})
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._writer)
        os.close(self._reader)
