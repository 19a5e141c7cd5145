"""A bench's figures written into its own section of the benchmarks page (docs/benchmarks.md).

A bench given ``--markdown PATH`` prints as usual, and when it ends well replaces what stands between
``<!-- bench: NAME begin -->`` and ``<!-- bench: NAME end -->`` in PATH with the date, the command and
what it printed. The rest of the page (the dated figures, the prose) is left as it is.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import os
import re
import shlex
import sys
from collections.abc import Iterator
from pathlib import Path


def markers(name: str) -> tuple[str, str]:
    return f"<!-- bench: {name} begin -->", f"<!-- bench: {name} end -->"


def replace_section(page: str, name: str, body: str) -> str:
    """``page`` with its section ``name`` holding ``body``; a ValueError when the page has not its markers
    exactly once each, in order."""
    begin, end = markers(name)
    found = [(m.start(), m.end()) for m in re.finditer(re.escape(begin), page)]
    ends = [(m.start(), m.end()) for m in re.finditer(re.escape(end), page)]
    if len(found) != 1 or len(ends) != 1 or found[0][1] > ends[0][0]:
        raise ValueError(f"the page needs one line {begin} and, below it, one line {end}")
    return page[: found[0][1]] + "\n" + body.strip("\n") + "\n" + page[ends[0][0] :]


def section(command: str, output: str, when: datetime.datetime, machine: str = "") -> str:
    """A run as the page shows it: when, on what, the command, and its output in a fenced block."""
    on = f", {machine}" if machine else ""
    return f"Run on {when:%Y-%m-%d %H:%M} UTC{on}:\n\n```sh\n{command}\n```\n\n```\n{output.rstrip()}\n```"


def machine() -> str:
    """The cores and how loaded they were as the run ended (the machine is shared: its speed varies)."""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    cores = f"{os.cpu_count()} cores"
    return f"{cores}, load average {load:.1f}" if load is not None else cores


@contextlib.contextmanager
def recorded(page: Path | None, name: str) -> Iterator[None]:
    """Print as usual; when ``page`` is given and the block ends without an exception, write what was
    printed into the page's section ``name``. The markers are checked first, so a long run is not lost
    to a page without them."""
    if page is None:
        yield
        return
    text = page.read_text(encoding="utf-8")
    replace_section(text, name, "")  # the markers, checked before the run
    captured = io.StringIO()
    real = sys.stdout

    class Tee(io.TextIOBase):
        def write(self, data: str) -> int:
            captured.write(data)
            return real.write(data)

        def flush(self) -> None:
            real.flush()

    with contextlib.redirect_stdout(Tee()):
        yield
    command = shlex.join(["python", *sys.argv])
    now = datetime.datetime.now(datetime.UTC)
    text = page.read_text(encoding="utf-8")  # as it is now: edited meanwhile, perhaps
    body = section(command, captured.getvalue(), now, machine())
    page.write_text(replace_section(text, name, body), encoding="utf-8")
    print(f"{page}: section {name} rewritten")
