"""``archive/verify-log.jsonl``: every ``typeset archive verify`` run, recorded as a fixity event.

One JSON object a line, appended (never rewritten), in the spirit of PREMIS's fixity
check events (its semantic units by their names: ``eventType``, ``eventDateTime``,
``eventDetail``, ``eventOutcome``, the agent and the objects linked)::

    {"eventType": "fixity check", "eventIdentifier": "uuid:…", "eventDateTime": "2026-12-08T02:40:11Z",
     "eventDetail": "…what was checked…", "eventOutcome": "pass", "eventOutcomeDetail": [],
     "linkingAgent": {"name": "typeset", "version": "…", "role": "executing program"},
     "objects": [{"path": "articles/…/v1.pdf", "sha256": "…", "outcome": "pass"}, …]}

The log is the archive's memory of what was there: a file an earlier run checked that is now
neither present nor listed in ``SHA256SUMS`` is reported by verify (a version rolled back with its
manifest line). It is written through no symbolic link, with ``O_APPEND``, and synced.
"""

from __future__ import annotations

import datetime
import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from typeset.errors import Location, TypesetError

LOG_NAME = "verify-log.jsonl"
EVENT_TYPE = "fixity check"
DETAIL = (
    "typeset archive verify: every file SHA256SUMS lists read (no symbolic link followed) and its SHA-256 "
    "compared; its attachments against its record's sums; extracted and rebuilt with this typeset, compared byte "
    "for byte; the history (every version numbered below a listed one, every file the catalog and earlier fixity "
    "checks name) present and listed; every file below articles/ and editions/ listed"
)


@dataclass(frozen=True)
class Checked:
    """A file an earlier fixity check named: where it was, on which line of the log, and when."""

    path: str
    line: int
    date: str
    sha256: str  # as SHA256SUMS listed it then


def event(outcomes: dict[str, tuple[str, bool]], problems: list[str], version: str, now: datetime.datetime) -> dict:
    """The fixity event of one verify run: ``outcomes`` maps each file checked to (its SHA-256 as
    listed, whether it passed); ``problems`` are the lines verify printed."""
    return {
        "eventType": EVENT_TYPE,
        "eventIdentifier": f"uuid:{uuid.uuid4()}",
        "eventDateTime": now.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "eventDetail": DETAIL,
        "eventOutcome": "pass" if not problems else "fail",
        "eventOutcomeDetail": problems,
        "linkingAgent": {"name": "typeset", "version": version, "role": "executing program"},
        "objects": [
            {"path": path, "sha256": digest, "outcome": "pass" if passed else "fail"}
            for path, (digest, passed) in sorted(outcomes.items())
        ],
    }


def append(archive: Path, value: dict) -> None:
    """Append ``value`` as one line to the archive's log (made if missing), synced; never through a link."""
    path = archive / LOG_NAME
    line = json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n"
    if path.is_symlink():
        from typeset.archive.sums import link_error

        raise link_error(path)
    try:
        fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o644)
        try:
            if os.fstat(fd).st_size and not _ends_a_line(fd):
                line = b"\n" + line  # a torn last line (a killed run) stays its own line
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as error:
        raise TypesetError(f"cannot write the verify log: {error.strerror or error}", Location(path)) from None


def _ends_a_line(fd: int) -> bool:
    return os.pread(fd, 1, os.fstat(fd).st_size - 1) == b"\n"


def checked(archive: Path) -> tuple[list[Checked], list[TypesetError]]:
    """Every file an earlier fixity check of the log named (the last time each was named), and the
    log's problems (a line that is no event: each at its line)."""
    path = archive / LOG_NAME
    if path.is_symlink() or not path.exists():
        return [], []  # (a link is reported as one: typeset.archive.sums.links)
    try:
        data = path.read_bytes()
    except OSError as error:
        return [], [TypesetError(f"cannot read the verify log: {error.strerror or error}", Location(path))]
    found: dict[str, Checked] = {}
    problems = []
    for number, line in enumerate(data.split(b"\n"), 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
            if not isinstance(value, dict) or value.get("eventType") != EVENT_TYPE:
                raise ValueError
            when = str(value["eventDateTime"])
            for item in value["objects"]:
                found[str(item["path"])] = Checked(str(item["path"]), number, when, str(item["sha256"]))
        except (ValueError, KeyError, TypeError):
            problems.append(TypesetError("not a fixity event of typeset's verify log", Location(path, number)))
    return list(found.values()), problems
