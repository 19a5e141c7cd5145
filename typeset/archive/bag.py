"""``typeset archive export DEST``: the archive, or part of it, as a BagIt bag (RFC 8493) for a library.

Archivists deposit BagIt bags (national libraries, Archivematica); the bag is made by the
Library of Congress's ``bagit`` library, not by hand::

    DEST/bagit.txt                                   BagIt-Version 1.0, UTF-8
    DEST/bag-info.txt                                the publication, its dates, Bag-Count, Payload-Oxum, …
    DEST/manifest-sha256.txt, manifest-sha512.txt    every payload file's sums
    DEST/tagmanifest-sha256.txt, tagmanifest-sha512.txt
    DEST/data/articles/…/v1.pdf, data/editions/…     the archived files chosen, at their archive paths
    DEST/data/SHA256SUMS                             their lines of the archive's manifest

What goes in: every archived file (each version), or those whose record's date is within
``--from``/``--to``, or one edition's versions (``--edition NAME``) and every version of the
articles it gathers. Each file is read without following a link and must have the SHA-256 that
``SHA256SUMS`` lists (else nothing is exported: ``typeset archive verify`` says more). The bag is
made in a temporary folder beside DEST and renamed to it: DEST must not exist, and is never
inside the archive.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from typeset import __version__
from typeset.archive.record import RECORD_NAME, Record
from typeset.archive.sums import NAME, Sums, link_error, links
from typeset.errors import ErrorList, Location, TypesetError
from typeset.files import real_path

CHECKSUMS = ("sha256", "sha512")


@dataclass(frozen=True)
class Exported:
    dest: Path
    files: list[str]  # archive paths, sorted
    records: list[Record]
    info: dict[str, str]  # what bag-info.txt holds, besides what bagit adds


def export(
    archive_dir: Path,
    dest: Path,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    edition: str | None = None,
    workers: int = 1,
) -> Exported:
    """Write the chosen part of ``archive_dir`` to ``dest`` as a BagIt bag; TypesetError (ErrorList)
    when it cannot be done, and then nothing is left at ``dest``."""
    _check_places(archive_dir, dest)
    sums = Sums(archive_dir)
    if sums.problems:
        raise ErrorList(sums.problems)
    if not sums.path.is_file():
        raise TypesetError(f"the archive has no {NAME}: nothing to export", Location(sums.path))
    found = links(archive_dir)
    if found:
        raise ErrorList([link_error(archive_dir / name) for name in found])
    contents = _read(archive_dir, sums)
    chosen = _choose(contents, date_from, date_to, edition)
    info = _bag_info(contents, chosen, date_from, date_to, edition)
    dest.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(dir=dest.parent, prefix=f".{dest.name}.typeset-{os.getpid()}-", suffix=".tmp"))
    try:
        temporary.chmod(0o755)
        for name in chosen:
            target = temporary / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(contents[name][1])
        lines = "".join(f"{sums.entries[name]}  {name}\n" for name in chosen)
        (temporary / NAME).write_text(lines, encoding="utf-8")
        _make_bag(temporary, info, workers)
        try:
            os.rename(temporary, dest)  # (fails when DEST was made meanwhile)
        except OSError as error:
            raise TypesetError(f"cannot write the bag: {error.strerror or error}", Location(dest)) from None
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    return Exported(dest, chosen, [contents[name][0] for name in chosen], info)


def _check_places(archive_dir: Path, dest: Path) -> None:
    if not archive_dir.is_dir():
        raise TypesetError(
            f"no archive folder {archive_dir}/", Location(archive_dir), hint="`typeset archive` makes one"
        )
    if dest.exists() or dest.is_symlink():
        raise TypesetError(
            "exists: a bag is written to a new folder, never into one that is there",
            Location(dest),
            hint="name a folder that does not exist yet",
        )
    if real_path(dest.parent).is_relative_to(real_path(archive_dir)):
        raise TypesetError(
            f"inside the archive {archive_dir}/: a bag is written elsewhere",
            Location(dest),
            hint="name a folder outside the archive",
        )


def _read(archive_dir: Path, sums: Sums) -> dict[str, tuple[Record, bytes]]:
    """Every listed file's record and bytes, each checked against its sum (all problems at once)."""
    import pikepdf

    found: dict[str, tuple[Record, bytes]] = {}
    problems: list[TypesetError] = []
    for name, digest in sorted(sums.entries.items()):
        path = archive_dir / name
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
            with os.fdopen(fd, "rb") as file:
                data = file.read()
        except OSError as error:
            problems.append(TypesetError(f"cannot read: {error.strerror or error}", Location(path)))
            continue
        if hashlib.sha256(data).hexdigest() != digest:
            problems.append(TypesetError(f"changed since it was archived: its SHA-256 is not {NAME}'s", Location(path)))
            continue
        try:
            with pikepdf.open(io.BytesIO(data)) as pdf:  # (the bytes checked, not the file again)
                spec = pdf.attachments.get(RECORD_NAME)
                record = Record.from_json(spec.get_file().read_bytes()) if spec is not None else None
        except (ValueError, pikepdf.PdfError):
            record = None
        if record is None:
            problems.append(TypesetError(f"carries no {RECORD_NAME} that can be read", Location(path)))
            continue
        found[name] = (record, data)
    if problems:
        for problem in problems:
            problem.hint = "nothing was exported; typeset archive verify says what is wrong"
        raise ErrorList(problems)
    return found


def _choose(
    contents: dict[str, tuple[Record, bytes]],
    date_from: datetime.date | None,
    date_to: datetime.date | None,
    edition: str | None,
) -> list[str]:
    def within(record: Record) -> bool:
        day = datetime.date.fromisoformat(record.date)
        return (date_from is None or day >= date_from) and (date_to is None or day <= date_to)

    chosen = [name for name, (record, _) in contents.items() if within(record)]
    if edition is not None:
        editions = [
            name for name in chosen if contents[name][0].kind == "edition" and contents[name][0].slug == edition
        ]
        if not editions:
            raise TypesetError(
                f"no edition {edition!r} in the archive" + (" within those dates" if date_from or date_to else ""),
                hint="an edition is named by its file's name (weekly for editions/weekly.yaml)",
            )
        gathered = {slug for name in editions for slug in contents[name][0].articles}
        chosen = editions + [
            name for name, (record, _) in contents.items() if record.kind == "article" and record.slug in gathered
        ]
    if not chosen:
        raise TypesetError("nothing to export: no archived file within those dates")
    return sorted(set(chosen))


def _publication(contents: dict[str, tuple[Record, bytes]], names: list[str]) -> tuple[str, str]:
    """The publication's name (English, then its own script) and e-mail, from a chosen file's config."""
    import pikepdf
    import yaml

    from typeset.source.config import CONFIG_NAME

    for name in names:
        try:
            with pikepdf.open(io.BytesIO(contents[name][1])) as pdf:
                spec = pdf.attachments.get(CONFIG_NAME)
                config = yaml.safe_load(spec.get_file().read_bytes()) if spec is not None else None
        except (pikepdf.PdfError, yaml.YAMLError, ValueError):
            continue
        if isinstance(config, dict):
            title = config.get("name")
            if isinstance(title, dict):
                title = " / ".join(str(value) for value in title.values() if value)
            email = config.get("email")
            return str(title or ""), str(email) if isinstance(email, str) else ""
    return "", ""


def _bag_info(
    contents: dict[str, tuple[Record, bytes]],
    chosen: list[str],
    date_from: datetime.date | None,
    date_to: datetime.date | None,
    edition: str | None,
) -> dict[str, str]:
    records = [contents[name][0] for name in chosen]
    days = sorted(record.date for record in records)
    articles = sum(record.kind == "article" for record in records)
    editions = len(records) - articles
    publication, email = _publication(contents, chosen)
    what = [
        f"{articles} article file{'s' if articles != 1 else ''}",
        f"{editions} edition file{'s' if editions != 1 else ''}",
    ]
    selection = []
    if edition:
        selection.append(f"the edition {edition} and the articles it gathers")
    if date_from or date_to:
        selection.append(f"dated {date_from or '…'} to {date_to or '…'}")
    info = {
        "Source-Organization": publication or "(the publication's name is not in its config)",
        "External-Description": (
            f"Articles and editions of {publication or 'a publication'} as archived by typeset: PDF/A-3u files, "
            f"each carrying its Markdown source, its images, the publication config and a JSON record "
            f"(record.json); every version kept (v1.pdf, v2.pdf, …). {' and '.join(what)}, "
            f"dated {days[0]} to {days[-1]}" + (f"; chosen: {', '.join(selection)}" if selection else "") + "."
        ),
        "Date-Start": days[0],
        "Date-End": days[-1],
        "Bag-Count": "1 of 1",
        "Bag-Group-Identifier": publication or "typeset archive",
        "Internal-Sender-Description": "typeset archive export"
        + (f" --edition {edition}" if edition else "")
        + (f" --from {date_from}" if date_from else "")
        + (f" --to {date_to}" if date_to else ""),
        "Typeset-Version": __version__,
    }
    if email:
        info["Contact-Email"] = email
    return info


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' if number != 1 else ''}"


def _make_bag(folder: Path, info: dict[str, str], workers: int) -> None:
    import bagit

    logging.getLogger("bagit").setLevel(logging.WARNING)  # it says each step at INFO
    try:
        bagit.make_bag(str(folder), dict(info), processes=max(1, workers), checksums=list(CHECKSUMS))
    except (bagit.BagError, OSError, RuntimeError) as error:
        raise TypesetError(f"the bag could not be made: {error}", Location(folder)) from None
