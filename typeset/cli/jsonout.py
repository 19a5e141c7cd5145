"""``--json``: what ``check``, ``build``, ``edition`` and ``search`` say, for a script (part of the CLI).

JSON Lines on stdout, one object a line, each with its ``type``, as the command goes:

- ``{"type": "diagnostic", "file", "line", "column", "severity", "message", "hint"}``: each error,
  warning or note, as it would be printed (``file``, ``line``, ``column``, ``hint`` may be null);
- ``{"type": "output", "source", "output", "status"}``: each article or edition done (``status``:
  ``built``, ``ok``, ``up to date``, ``failed``);
- ``{"type": "hit", "rank", "title", "author", "date", "lang", "section", "kind", "version", "path",
  "snippet"}``: each match of ``search``;
- last, ``{"type": "summary", "command", "exit", …counts}``: always, whatever ended the command
  (``exit`` is its exit status, unchanged by ``--json``; ``errors`` and ``warnings`` count the
  diagnostics, the other counts are the command's: ``built``, ``up_to_date``, ``failed`` for ``build``
  and ``edition``, ``ok``, ``failed``, ``editions_ok``, ``editions_failed`` for ``check``, ``hits`` for
  ``search``).

One object a line (rather than one document) so that a script reads each problem as it comes and a
build killed half-way leaves what it did readable. Everything else (progress, "built x -> y") goes to
stderr as text, so stdout holds only the objects.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from typeset.errors import Diagnostic

JSON_MODE = "typeset.json"  # key in click's context meta: the summary being gathered (absent: text)

json_option = click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Write JSON Lines to stdout: one object per diagnostic (or match), then a summary (see README, For scripts).",
)


def summary() -> dict[str, Any] | None:
    """The summary of the command running with ``--json`` (counts are added to it), else None."""
    context = click.get_current_context(silent=True)
    found: dict[str, Any] | None = context.find_root().meta.get(JSON_MODE) if context else None
    return found


def emit(record: dict[str, Any]) -> None:
    """Write one object, on one line, to stdout (flushed: a script reads it as it comes)."""
    sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def diagnostic(item: Diagnostic) -> dict[str, Any]:
    where = item.location
    return {
        "type": "diagnostic",
        "file": str(where.path) if where else None,
        "line": where.line if where else None,
        "column": where.column if where else None,
        "severity": item.severity,
        "message": item.message,
        "hint": item.hint,
    }


def output(status: str, source: Path, written: Path | None) -> None:
    """Say one article or edition done, when ``--json`` is on."""
    if summary() is not None:
        emit({"type": "output", "source": str(source), "output": str(written) if written else None, "status": status})


def count(key: str, by: int = 1) -> None:
    """Add to a count of the summary, when ``--json`` is on."""
    found = summary()
    if found is not None:
        found[key] = found.get(key, 0) + by


@contextmanager
def reporting(as_json: bool, command: str) -> Iterator[None]:
    """Run a command's body; with ``as_json``, end with its summary, whatever ends it (its exit status,
    a usage error: said as a diagnostic first, and given to click as usual)."""
    if not as_json:
        yield
        return
    root = click.get_current_context().find_root()
    record: dict[str, Any] = {"type": "summary", "command": command, "errors": 0, "warnings": 0}
    root.meta[JSON_MODE] = record
    try:
        yield
    except SystemExit as end:
        record["exit"] = end.code if isinstance(end.code, int) else 0 if end.code is None else 1
        raise
    except click.ClickException as error:
        emit(diagnostic(Diagnostic("error", error.format_message())))
        record["exit"] = error.exit_code
        raise
    except BaseException:
        record["exit"] = 3
        raise
    else:
        record["exit"] = 0
    finally:
        root.meta.pop(JSON_MODE, None)
        emit(record)
