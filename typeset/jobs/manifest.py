"""The build manifest: what each PDF was built from, so that nothing is built twice.

An output is up to date when the fingerprint of everything that decides it is
the one recorded when it was written, and the file is still the one written:

- the source's bytes, and the bytes of every file it pulled in (images);
- the publication config's bytes;
- every template the lookup can reach (the publication's and the theme's, by content);
- the fonts in ``fonts/`` (typeset's, by size and time; a publication's own, by content);
- typeset's own code and version, WeasyPrint's version.

The manifest is ``<output folder>/.typeset-manifest.json``, written atomically;
deleting it (or ``--force``) rebuilds everything. This module is on the path
of a no-change build, so it imports nothing heavy: no engine, no Markdown.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import os
import re
import stat
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from typeset import __version__
from typeset import cache as typeset_cache
from typeset.files import real_path, write_atomic
from typeset.resources import FONTS_DIR, THEME_DIR
from typeset.typography.fonts import FONT_SUFFIXES, PUBLICATION_FONTS

LOGGER = logging.getLogger("typeset.jobs.manifest")
MANIFEST_NAME = ".typeset-manifest.json"
_FORMAT = 2


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


Stamp = tuple[tuple[str, int, int], ...]


def _files(folder: Path, suffixes: tuple[str, ...] = ()) -> list[Path]:
    """The files below ``folder`` (of one of ``suffixes``), in a stable order; no compiled code."""
    if not folder.is_dir():
        return []
    return [
        path
        for path in sorted(folder.rglob("*"))
        if path.is_file() and (not suffixes or path.suffix in suffixes) and "__pycache__" not in path.parts
    ]


def _stamp(folder: Path, suffixes: tuple[str, ...] = ()) -> Stamp:
    """Name, size and modification time of every file below ``folder``: cheap to take, changes with any file."""
    stamp = []
    for path in _files(folder, suffixes):
        stat = path.stat()
        stamp.append((str(path.relative_to(folder)), stat.st_size, stat.st_mtime_ns))
    return tuple(stamp)


@cache
def _hash_of(folder: Path, stamp: Stamp) -> str:
    """The contents' hash of the files of ``stamp``, for the fonts: kept in the cache folder between
    runs under a key made of the stamp itself, so that their 5 MB are not read on every start (they
    are typeset's own files, replaced whole, never edited in place)."""
    key = hashlib.sha256(repr((str(folder.resolve()), stamp)).encode()).hexdigest()[:32]
    stored = typeset_cache.load_json("trees", key, lambda value: isinstance(value, str) and len(value) == 64)
    if isinstance(stored, str):
        return stored
    digest = hashlib.sha256()
    for name, _, _ in stamp:
        digest.update(name.encode() + b"\0" + file_hash(folder / name).encode())
    value = digest.hexdigest()
    typeset_cache.store_json("trees", key, value)
    return value


def _tree_hash(folder: Path, suffixes: tuple[str, ...] = ()) -> str:
    return _hash_of(folder, _stamp(folder, suffixes))


@cache
def _versions() -> str:
    """typeset's version and the installed engine: the names, sizes and times of WeasyPrint's files
    (any upgrade or patch shows; cheaper than importlib.metadata, and the engine is not imported)."""
    spec = importlib.util.find_spec("weasyprint")
    engine = _stamp(Path(spec.origin).parent, (".py", ".css")) if spec and spec.origin else ()
    return f"{__version__}\0{hashlib.sha256(repr(engine).encode()).hexdigest()}"


@cache
def _code_hash() -> str:
    """typeset's own code, by content: once per process (the code that runs is the code it started with)."""
    return _content_hash(Path(__file__).resolve().parents[1], suffixes=(".py", ".yaml"))


def engine_fingerprint() -> str:
    """typeset's code and version, WeasyPrint's version, the theme and the fonts: the same for every article."""
    parts = [_versions(), _code_hash(), _content_hash(THEME_DIR), _tree_hash(FONTS_DIR)]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _content_hash(folder: Path, suffixes: tuple[str, ...] = ()) -> str:
    """The hash of every file below ``folder`` (of one of ``suffixes``), by name and content: for
    small trees (templates, typeset's code). Not by size and time: a copy that keeps both
    (``cp -p``, ``rsync -a``) or a same-length edit still shows."""
    digest = hashlib.sha256()
    for path in _files(folder, suffixes):
        digest.update(str(path.relative_to(folder)).encode("utf-8", "surrogateescape") + b"\0")
        digest.update(file_hash(path).encode() + b"\0")
    return digest.hexdigest()


def publication_fingerprint(config: Path) -> str:
    """The config's bytes, its templates' and its own fonts' (typeset.typography.fonts.folders_of), by
    content: every edit must show, and a publication's few fonts are hashed in milliseconds."""
    parts = f"{file_hash(config)}\0{_content_hash(config.parent / 'templates')}"
    own_fonts = config.parent / PUBLICATION_FONTS
    if own_fonts.is_dir():  # (a publication without one keeps the fingerprint it had)
        parts += f"\0{_content_hash(own_fonts, FONT_SUFFIXES)}"
    return hashlib.sha256(parts.encode()).hexdigest()


def fingerprint(source: Path, publication: str, engine: str) -> str:
    """The fingerprint of everything but the files the source pulls in (those are recorded per entry):
    ``publication`` and ``engine`` are :func:`publication_fingerprint` and :func:`engine_fingerprint`."""
    return hashlib.sha256(f"{engine}\0{publication}\0{file_hash(source)}".encode()).hexdigest()


#: The start of the first part of the ``/ID`` of every PDF typeset writes ("typeset!" in hex): with the
#: manifest lost, a PDF typeset wrote is still told from a file it did not (which it never overwrites).
_MARK = b"7479706573657421"
_MARKED = re.compile(
    rb"/ID \[\("
    + _MARK
    + rb"[0-9a-f]{32}\)"  # as typeset.render.pdf writes it
    + rb"|/ID \[<"
    + _MARK.hex().encode()
    + rb"[0-9a-f]{64}>"  # as qpdf writes it (bound editions)
)


def document_id(publication: str, slug: str) -> bytes:
    """The permanent part of a PDF's ``/ID``: the same for every build of one article of one publication."""
    return _MARK + hashlib.sha256(f"{publication}\0{slug}".encode()).hexdigest()[:32].encode()


def written_by_typeset(path: Path) -> bool:
    """Whether ``path`` is a regular file that typeset wrote (its ``/ID`` says so, at the file's end)."""
    try:
        if not stat.S_ISREG(path.lstat().st_mode):
            return False
        with path.open("rb") as file:
            file.seek(max(path.stat().st_size - 65536, 0))
            return bool(_MARKED.search(file.read()))
    except OSError:
        return False


def _hex(value: object, length: int = 64) -> bool:
    return isinstance(value, str) and len(value) == length and all(c in "0123456789abcdef" for c in value)


@dataclass
class Entry:
    fingerprint: str
    output: str
    output_hash: str
    dependencies: dict[str, str] = field(default_factory=dict)  # path → hash

    @classmethod
    def read(cls, value: object) -> Entry | None:
        """An entry from the manifest's JSON, if it has the right shape."""
        if not isinstance(value, dict) or set(value) != {"fingerprint", "output", "output_hash", "dependencies"}:
            return None
        dependencies = value["dependencies"]
        if (
            not _hex(value["fingerprint"])
            or not _hex(value["output_hash"])
            or not isinstance(value["output"], str)
            or not isinstance(dependencies, dict)
            or not all(isinstance(path, str) and _hex(digest) for path, digest in dependencies.items())
        ):
            return None
        return cls(value["fingerprint"], value["output"], value["output_hash"], dict(dependencies))


class Manifest:
    """``<output folder>/.typeset-manifest.json``: for each source, what its PDF was built from.

    Written with a format version and the SHA-256 of its entries: a manifest that fails the
    check, or an entry of the wrong shape, is ignored with a warning (those PDFs are built again).
    """

    def __init__(self, out_dir: Path):
        self.path = out_dir / MANIFEST_NAME
        self.entries: dict[str, Entry] = {}
        self.changed = False
        self.unsaved = False  # a save failed (reported once)
        self.earlier_owners: dict[str, str] = {}  # output → source, from an older typeset's manifest
        self._read()

    def _read(self) -> None:
        try:
            if not self.path.exists():
                return
            if not stat.S_ISREG(self.path.stat().st_mode):
                raise ValueError("not a file")
            with self.path.open("rb") as file:
                data = json.loads(file.read(256 * 1024 * 1024))
            if isinstance(data, dict) and isinstance(data.get("format"), int) and data["format"] < _FORMAT:
                # An older typeset's manifest: its PDFs are built again, nothing is wrong; which source
                # owns which PDF still holds (those PDFs carry no mark of typeset's: see written_by_typeset).
                entries = data.get("entries")
                for source, value in entries.items() if isinstance(entries, dict) else ():
                    if isinstance(source, str) and isinstance(value, dict) and isinstance(value.get("output"), str):
                        self.earlier_owners[value["output"]] = source
                self.changed = True
                return
            if not isinstance(data, dict) or data.get("format") != _FORMAT or not isinstance(data.get("entries"), dict):
                raise ValueError("not a manifest of this typeset")
            earlier = data.get("earlier", {})
            if data.get("check") != _check([data["entries"], earlier]):
                raise ValueError("its check does not match")
        except (OSError, ValueError, RecursionError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            LOGGER.warning("ignored the build manifest %s (%s): its PDFs are built again", self.path, reason)
            self.changed = True
            return
        if isinstance(earlier, dict):
            self.earlier_owners = {k: v for k, v in earlier.items() if isinstance(k, str) and isinstance(v, str)}
        for source, value in data["entries"].items():
            entry = Entry.read(value)
            if entry is None:
                LOGGER.warning("ignored an entry of the build manifest %s (wrong shape): built again", self.path)
                self.changed = True
            else:
                self.entries[source] = entry

    @staticmethod
    def key(source: Path) -> str:
        return str(real_path(source))

    def up_to_date(self, source: Path, print_: str, output: Path) -> bool:
        """Whether ``output`` is still what ``source`` builds into (fingerprint, dependencies, the file itself).

        A dependency is only ever read if it is a regular file inside the source's folder (where
        images must be): a damaged manifest cannot make typeset open a device, a pipe or a file
        elsewhere.
        """
        key = self.key(source)
        entry = self.entries.get(key)
        if entry is None or entry.fingerprint != print_ or entry.output != str(real_path(output)):
            return False
        folder = Path(key).parent  # the source's real folder
        try:
            if not _regular(output) or file_hash(output) != entry.output_hash:
                return False
            for name, digest in entry.dependencies.items():
                path = Path(name)
                if not path.is_absolute() or not real_path(path).is_relative_to(folder) or not _regular(path):
                    return False
                if file_hash(path) != digest:
                    return False
        except (OSError, ValueError, RuntimeError):
            return False
        return True

    def owner(self, output: Path) -> str | None:
        """The source (its key) whose PDF ``output`` is, if any."""
        target = str(real_path(output))
        found = next((source for source, entry in self.entries.items() if entry.output == target), None)
        return found or self.earlier_owners.get(target)

    def record(self, source: Path, print_: str, output: Path, dependencies: list[Path]) -> None:
        self.entries[self.key(source)] = Entry(
            print_,
            str(real_path(output)),
            file_hash(output),
            {str(path): file_hash(path) for path in dependencies},
        )
        self.earlier_owners.pop(str(real_path(output)), None)
        self.changed = True

    def forget(self, source: Path | str) -> None:
        key = source if isinstance(source, str) else self.key(source)
        if self.entries.pop(key, None) is not None:
            self.changed = True

    def save(self) -> None:
        """Write the manifest, if it changed, through a temporary file and a rename (never half a manifest)."""
        if not self.changed:
            return
        entries = {source: vars(entry) for source, entry in sorted(self.entries.items())}
        earlier = dict(sorted(self.earlier_owners.items()))
        data = {"format": _FORMAT, "check": _check([entries, earlier]), "entries": entries, "earlier": earlier}
        write_atomic(self.path, json.dumps(data, indent=1).encode("utf-8"), durable=False)
        self.changed = False


#: What follows an edition file's path in the key of its other outputs: ``weekly.yaml#print`` owns
#: ``weekly.print.pdf`` (typeset.edition.build names them).
VARIANTS = ("#print#booklet", "#print", "#booklet")


def variant_key(path: Path, variant: str) -> Path:
    """The manifest's key of an edition's output ``variant`` (one of :data:`VARIANTS`, or "": the edition itself)."""
    return path.with_name(path.name + variant) if variant else path


def source_of(key: str) -> Path:
    """The source or edition file an entry's key names: the key itself, or an edition's without its variant."""
    if not os.path.lexists(key):
        for variant in VARIANTS:
            if key.endswith(variant):
                return Path(key[: -len(variant)])
    return Path(key)


def remove_orphans(manifest: Manifest) -> list[tuple[Path, Path]]:
    """Remove the outputs whose source or edition file no longer exists, as ``manifest`` records them,
    and forget them (the caller saves it): (output, its source) for each removed. Never a file
    typeset did not write: an output is removed only if it is still the file recorded (its hash), or
    carries typeset's mark; one replaced by a file of the user's is left, and forgotten all the same.
    A stat per entry when nothing is gone: a thousand entries in 1 ms."""
    removed = []
    try:
        folder = real_path(manifest.path.parent)
    except (OSError, RuntimeError):
        return []
    for key, entry in list(manifest.entries.items()):
        if os.path.lexists(key):
            continue
        source = source_of(key)
        if os.path.lexists(source):
            continue
        manifest.forget(key)
        output = Path(entry.output)
        try:
            if output.parent != folder or not _regular(output):
                continue
            if file_hash(output) == entry.output_hash or written_by_typeset(output):
                output.unlink()
                removed.append((output, source))
        except (OSError, ValueError):
            continue  # gone meanwhile, or unreadable: left as it is
    return removed


def _check(entries: object) -> str:
    return hashlib.sha256(json.dumps(entries, sort_keys=True).encode("utf-8", "surrogateescape")).hexdigest()


def _regular(path: Path) -> bool:
    return stat.S_ISREG(path.stat().st_mode)
