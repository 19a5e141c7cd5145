"""The build manifest: what each PDF was built from, so that nothing is built twice.

An output is up to date when the fingerprint of everything that decides it is
the one recorded when it was written, and the file is still the one written:

- the source's bytes, and the bytes of every file it pulled in (images);
- the publication config's bytes;
- every template the lookup can reach (the publication's and the theme's);
- the fonts in ``fonts/``;
- typeset's own code and version, WeasyPrint's version.

The manifest is ``<output folder>/.typeset-manifest.json``, written atomically;
deleting it (or ``--force``) rebuilds everything. This module is on the path
of a no-change build, so it imports nothing heavy: no engine, no Markdown.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from typeset import __version__
from typeset import cache as typeset_cache
from typeset.files import write_atomic
from typeset.resources import FONTS_DIR, THEME_DIR

MANIFEST_NAME = ".typeset-manifest.json"
_FORMAT = 1


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


Stamp = tuple[tuple[str, int, int], ...]


def _stamp(folder: Path, suffixes: tuple[str, ...] = ()) -> Stamp:
    """Name, size and modification time of every file below ``folder``: cheap to take, changes with any file."""
    if not folder.is_dir():
        return ()
    stamp = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and (not suffixes or path.suffix in suffixes) and "__pycache__" not in path.parts:
            stat = path.stat()
            stamp.append((str(path.relative_to(folder)), stat.st_size, stat.st_mtime_ns))
    return tuple(stamp)


@cache
def _hash_of(folder: Path, stamp: Stamp) -> str:
    """The contents' hash of the files of ``stamp`` (computed once per stamp: a watching process
    sees a saved template as a new stamp, and hashes again). Kept in the cache folder between runs,
    under a key made of the stamp itself: the fonts (5 MB) are not read on every start."""
    key = hashlib.sha256(repr((str(folder.resolve()), stamp)).encode()).hexdigest()[:32]
    stored = typeset_cache.load_json("trees", key)
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


def engine_fingerprint() -> str:
    """typeset's code and version, WeasyPrint's version, the theme and the fonts: the same for every article."""
    code = _tree_hash(Path(__file__).resolve().parent, suffixes=(".py", ".yaml"))
    parts = [_versions(), code, _tree_hash(THEME_DIR), _tree_hash(FONTS_DIR)]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def publication_fingerprint(config: Path) -> str:
    stat = config.stat()
    config_hash = _hash_of(config.parent, ((config.name, stat.st_size, stat.st_mtime_ns),))
    return hashlib.sha256(f"{config_hash}\0{_tree_hash(config.parent / 'templates')}".encode()).hexdigest()


def fingerprint(source: Path, publication: str, engine: str) -> str:
    """The fingerprint of everything but the files the source pulls in (those are recorded per entry):
    ``publication`` and ``engine`` are :func:`publication_fingerprint` and :func:`engine_fingerprint`."""
    return hashlib.sha256(f"{engine}\0{publication}\0{file_hash(source)}".encode()).hexdigest()


@dataclass
class Entry:
    fingerprint: str
    output: str
    output_hash: str
    dependencies: dict[str, str] = field(default_factory=dict)  # path → hash


class Manifest:
    def __init__(self, out_dir: Path):
        self.path = out_dir / MANIFEST_NAME
        self.entries: dict[str, Entry] = {}
        self.changed = False
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("format") == _FORMAT:
                self.entries = {source: Entry(**entry) for source, entry in data["entries"].items()}
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            self.entries = {}  # no manifest, or an unreadable one: everything is built again

    @staticmethod
    def key(source: Path) -> str:
        return str(source.resolve())

    def up_to_date(self, source: Path, print_: str, output: Path) -> bool:
        """Whether ``output`` is still what ``source`` builds into (fingerprint, dependencies, the file itself)."""
        entry = self.entries.get(self.key(source))
        if entry is None or entry.fingerprint != print_ or entry.output != str(output.resolve()):
            return False
        try:
            if file_hash(output) != entry.output_hash:
                return False
            return all(file_hash(Path(path)) == digest for path, digest in entry.dependencies.items())
        except OSError:
            return False

    def record(self, source: Path, print_: str, output: Path, dependencies: list[Path]) -> None:
        self.entries[self.key(source)] = Entry(
            print_,
            str(output.resolve()),
            file_hash(output),
            {str(path): file_hash(path) for path in dependencies},
        )
        self.changed = True

    def forget(self, source: Path) -> None:
        if self.entries.pop(self.key(source), None) is not None:
            self.changed = True

    def save(self) -> None:
        """Write the manifest, if it changed, through a temporary file and a rename (never half a manifest)."""
        if not self.changed:
            return
        data = {"format": _FORMAT, "entries": {source: vars(entry) for source, entry in sorted(self.entries.items())}}
        write_atomic(self.path, json.dumps(data, indent=1).encode("utf-8"), durable=False)
        self.changed = False
