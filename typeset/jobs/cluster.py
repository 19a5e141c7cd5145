"""Renders on a Dask distributed cluster (``--scheduler ADDRESS``), when one machine is not enough.

A :class:`ClusterBackend` connects to a scheduler, checks that every worker runs the same
typeset as this process (:func:`fingerprint_parts`: typeset's code and version, the theme and
the fonts by content, the engine and the libraries that decide a PDF's bytes by version)
before it sends any work, and then runs a module-level function over jobs, a bounded number at
a time, giving each answer back here as it comes (:meth:`ClusterBackend.map`).

Nothing on a worker reads this machine's files, nor writes any of its own: what a render reads
travels with it (:class:`Shipment`: the HTML, and the bytes of the images and of the
publication's ``templates/``; the fonts and the theme are the worker's own, the same by
fingerprint), and what it makes comes back as bytes, which this process writes (atomically, and
in the manifest or the archive's ``SHA256SUMS``) as it does for its own workers. So workers need
no shared storage, and the bytes are those of a local run: the engine is asked for the very URLs
it would be asked here, and served the very bytes.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import importlib.metadata
import sys
import tempfile
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from typeset import __version__
from typeset.errors import Diagnostic, InternalError, Location, TypesetError
from typeset.files import write_atomic
from typeset.jobs.engine import Request, engine_warnings, load_engine
from typeset.resources import FONTS_DIR, THEME_DIR

if TYPE_CHECKING:
    from typeset.jobs.job import Job

J = TypeVar("J")
#: What the engine and the PDF writer are made of besides typeset: a different version of any may change a byte.
_DISTRIBUTIONS = ("weasyprint", "pydyf", "tinycss2", "cssselect2", "tinyhtml5", "fonttools", "pillow", "pikepdf")
_HINT = (
    "install on every worker the same typeset, engine and fonts as here (the same release of typeset, "
    "from the same files, in the same Python environment), then start the worker again"
)


def fingerprint_parts() -> dict[str, str]:
    """What decides the bytes of a PDF besides its inputs, as this process has it: typeset's code,
    theme and fonts (by content, wherever typeset is installed), the engine's packages and the
    native libraries (by version: not by file times, which differ from one install to the next).
    Run on each worker by :meth:`ClusterBackend.check`; loads the engine."""
    from typeset.jobs.manifest import _code_hash, _content_hash, _tree_hash

    load_engine()
    from weasyprint.text import ffi

    parts = {
        "typeset": __version__,
        "typeset's code": _code_hash(),
        "theme": _content_hash(THEME_DIR),
        "fonts": _tree_hash(FONTS_DIR),
        "Python": ".".join(map(str, sys.version_info[:2])),
        "zlib": zlib.ZLIB_RUNTIME_VERSION,
        "Pango": str(ffi.pango.pango_version()),
        "HarfBuzz": _library_version("harfbuzz", "hb_version_string"),
        "libharfbuzz-subset": "no" if ffi.harfbuzz_subset is None else "yes",
        "fontconfig": str(ffi.fontconfig.FcGetVersion()) if hasattr(ffi.fontconfig, "FcGetVersion") else "",
    }
    for name in _DISTRIBUTIONS:
        try:
            parts[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            parts[name] = "none"
    return parts


def _library_version(name: str, function: str) -> str:
    """A C library's version string (``hb_version_string``), or "unknown"."""
    found = ctypes.util.find_library(name)
    try:
        call = getattr(ctypes.CDLL(found or f"lib{name}.so.0"), function)
    except (OSError, AttributeError):
        return "unknown"
    call.restype = ctypes.c_char_p
    return str(call().decode())


def fingerprint(parts: dict[str, str]) -> str:
    return hashlib.sha256(repr(sorted(parts.items())).encode()).hexdigest()


@cache
def _mine() -> str:
    """This process's fingerprint (a worker checks it with each task: it may have joined after the check)."""
    return fingerprint(fingerprint_parts())


class ClusterBackend:
    """A Dask distributed cluster that renders: connect, :meth:`check`, :meth:`map`, :meth:`close`."""

    def __init__(self, address: str, timeout: float = 10.0):
        try:
            from distributed import Client
        except ImportError:
            raise TypesetError(
                "--scheduler needs Dask distributed, which is not installed",
                hint="pip install 'typeset[cluster]' (the same on every worker)",
            ) from None
        self.address = address
        self.timeout = timeout
        try:
            self.client = Client(address, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as error:
            raise TypesetError(
                f"cannot reach the scheduler at {address}: {error}",
                hint="start one (dask scheduler) and its workers (dask worker ADDRESS), or check the address",
            ) from None
        self.expected = ""

    def check(self) -> None:
        """Wait for a worker, then ask every worker for its fingerprint: a TypesetError (nothing is sent)
        for the first that differs from this process's, or cannot run typeset at all."""
        try:
            self.client.wait_for_workers(1, timeout=self.timeout)
        except TimeoutError:
            raise TypesetError(
                f"the scheduler at {self.address} has no workers",
                hint=f"start one on each machine: dask worker {self.address} --nthreads 1 --nworkers N",
            ) from None
        mine = fingerprint_parts()
        self.expected = fingerprint(mine)
        answers = self.client.run(fingerprint_parts, on_error="return")
        for worker, theirs in sorted(answers.items()):
            if isinstance(theirs, BaseException):
                raise TypesetError(
                    f"worker {worker}: cannot run typeset: {type(theirs).__name__}: {theirs}", hint=_HINT
                )
            if fingerprint(theirs) != self.expected:
                differ = [
                    f"{key} {theirs.get(key, 'none')}, not {mine.get(key, 'none')}"
                    for key in sorted(mine.keys() | theirs.keys(), key=list({**mine, **theirs}).index)
                    if theirs.get(key) != mine.get(key)
                ]
                raise TypesetError(
                    f"worker {worker}: typeset {fingerprint(theirs)[:16]} differs from this one's {self.expected[:16]}",
                    hint=f"it differs in: {'; '.join(differ) or 'what it names'}; " + _HINT,
                )

    def map(
        self,
        fn: Callable[..., Any],
        jobs: Iterable[J],
        pack: Callable[[J], tuple[Any, ...]],
        sent: Callable[[J], None] = lambda job: None,
    ) -> Iterator[tuple[J, Any]]:
        """``fn(*pack(job))`` for each job, on the workers: each job with its answer (or the exception
        raised packing it, here, or doing it, there), in the order they finish. ``pack`` runs here,
        as a job is sent (``sent``): at most two tasks per worker thread are in flight, so that the
        scheduler and this process hold a window of the work, never all of it."""
        from distributed import as_completed

        assert self.expected, "check() first"
        window = 2 * max(1, sum(self.client.nthreads().values()))
        queue = iter(jobs)
        flight: dict[Any, J] = {}  # future → its job
        finished = as_completed(loop=self.client.loop)
        try:
            while True:
                while len(flight) < window:
                    job = next(queue, None)
                    if job is None:
                        break
                    try:
                        arguments = pack(job)
                    except Exception as error:
                        yield job, error
                        continue
                    future = self.client.submit(_call, fn, self.expected, *arguments, pure=False)
                    flight[future] = job
                    finished.add(future)
                    sent(job)
                if not flight:
                    return
                future = next(finished)
                job = flight.pop(future)
                try:
                    answer = future.result()
                except Exception as error:
                    answer = error
                future.release()  # its result is dropped by the worker that holds it
                yield job, answer
        finally:
            if flight:  # interrupted: what is still out is called back
                self.client.cancel(list(flight))

    def close(self) -> None:
        self.client.close()


def open_cluster(address: str) -> ClusterBackend:
    """The cluster at ``address``, checked (TypesetError, and nothing left open, when it cannot be used)."""
    backend = ClusterBackend(address)
    try:
        backend.check()
    except BaseException:
        backend.close()
        raise
    return backend


@contextmanager
def connect(address: str | None) -> Iterator[ClusterBackend | None]:
    """The cluster at ``address``, checked (None without one), closed at the end."""
    backend = open_cluster(address) if address is not None else None
    try:
        yield backend
    finally:
        if backend is not None:
            backend.close()


_RENDERING = threading.Lock()  # one render at a time in a worker process: the engine's state is the process's


def _call(fn: Callable[..., Any], expected: str, *arguments: Any) -> Any:
    """On a worker: ``fn(*arguments)``, once the worker is known to be the same typeset as the client's."""
    with _RENDERING:
        mine = _mine()
        if mine != expected:
            raise TypesetError(
                f"a worker joined that differs from this typeset: typeset {mine[:16]}, not {expected[:16]}", hint=_HINT
            )
        _worker_temporaries()
        return fn(*arguments)


def _worker_temporaries() -> None:
    """The engine's font copies and verify's folders in the worker's own folder, which Dask removes."""
    try:
        from distributed import get_worker

        folder = get_worker().local_directory
    except (ImportError, ValueError):
        return
    if tempfile.tempdir != folder:
        tempfile.tempdir = folder


def run_each(
    backend: ClusterBackend,
    todo: list[Job],
    on_start: Callable[[Job], None],
    finished: Callable[[Job], None],
    fn: Callable[..., Any],
    pack: Callable[[Job], tuple[Any, ...]],
    land: Callable[[Job, Any], None],
) -> None:
    """The cluster's counterpart of typeset.jobs.batch.run_each: ``fn(*pack(job))`` on a worker, and
    ``land(job, answer)`` here (writing what came back); a job that could not travel or whose worker
    died gets the error; ``finished`` gets each job, here."""
    for job, answer in backend.map(fn, todo, pack, on_start):
        if isinstance(answer, BaseException):
            job.errors.append(failure(answer, Location(job.source)))
        else:
            land(job, answer)
        finished(job)


def failure(error: BaseException, location: Location) -> TypesetError:
    """A job's error for what happened to it on its way to, on, or from a worker."""
    if isinstance(error, TypesetError):
        return TypesetError(error.message, location, error.hint) if error.location is None else error
    if type(error).__name__ == "KilledWorker":
        return TypesetError(
            "rendering stopped: the cluster's workers died on it (killed, or out of memory)",
            location,
            hint="build this source alone, without --scheduler, to see more",
        )
    if isinstance(error, OSError):
        return TypesetError(f"cannot read: {error.strerror or error}", location)
    return InternalError.of(error, location)


class Shipment(NamedTuple):
    """A render as it travels to a worker: the request, the bytes of the files it may read that are
    the project's (by their resolved path here), and this machine's typeset folders (served from
    the worker's own: they are the same, by fingerprint)."""

    request: Request
    files: dict[str, bytes]
    own: dict[str, str]  # this machine's fonts and theme folder → "fonts", "theme"


class Rendered(NamedTuple):
    data: bytes | None
    warnings: list[Diagnostic]
    errors: list[TypesetError]


def shipment(job: Job) -> Shipment:
    """What rendering a prepared job takes on another machine (OSError: a file that cannot be read)."""
    from typeset.jobs.batch import dependencies
    from typeset.jobs.job import render_request
    from typeset.typography import fonts

    assert job.publication is not None
    request = render_request(job)
    paths = list(dependencies(job))
    for folder in (job.publication.root / "templates", *fonts.folders_of(job.publication.root)[:-1]):
        if folder.is_dir():  # its templates, and its own fonts (typeset's are the worker's: "own" below)
            paths += [path for path in sorted(folder.rglob("*")) if path.is_file()]
    files = {str(path.resolve()): path.read_bytes() for path in paths}
    own = {str(FONTS_DIR.resolve()): "fonts", str(THEME_DIR.resolve()): "theme"}
    return Shipment(request, files, own)


def render_shipped(parcel: Shipment) -> Rendered:
    """On a worker: the PDF of a shipment (typeset.jobs.engine.write's errors, without the write)."""
    load_engine()
    from typeset.render.pdf import render_pdf
    from typeset.render.shipped import ShippedFetcher

    request = parcel.request
    own = {Path(there): {"fonts": FONTS_DIR, "theme": THEME_DIR}[name] for there, name in parcel.own.items()}
    warnings: list[Diagnostic] = []
    try:
        with engine_warnings(request.source, warnings):
            data = render_pdf(*request, fetcher=ShippedFetcher(parcel.files, own))
    except TypesetError as error:
        return Rendered(None, warnings, [error])
    except Exception as error:
        return Rendered(None, warnings, [InternalError.of(error, Location(request.source))])
    return Rendered(data, warnings, [])


def render_each(
    backend: ClusterBackend, todo: list[Job], on_start: Callable[[Job], None], finished: Callable[[Job], None]
) -> None:
    """Render and write each prepared job of a batch (typeset.jobs.batch.run) on the cluster."""
    run_each(backend, todo, on_start, finished, render_shipped, pack_render, land_render)


def pack_render(job: Job) -> tuple[Shipment]:
    return (shipment(job),)


def land_render(job: Job, answer: Rendered) -> None:
    """Here: the rendered PDF written where a local render would have written it."""
    assert job.output is not None
    job.warnings.extend(answer.warnings)
    job.errors.extend(answer.errors)
    if answer.data is not None:
        try:
            write_atomic(job.output, answer.data)
        except OSError as error:
            job.errors.append(TypesetError(f"cannot write {job.output}: {error.strerror or error}"))
