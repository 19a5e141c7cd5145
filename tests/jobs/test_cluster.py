"""``--scheduler``: build, archive and verify on a Dask distributed cluster (typeset.jobs.cluster).

A LocalCluster of two worker processes stands for machines: every worker is checked by
fingerprint before any work is sent, and what comes back is byte for byte a local run's.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import INPUT, ROOT, cli

DOT = ROOT / "tests" / "data" / "dot.png"


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    # Imported here, not as the module is collected: with Dask imported during collection, a test
    # that ran before these (tests/test_batch.py's located engine errors) saw its pool worker die.
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped articles, and one that shows an image (which must travel to the worker)."""
    folder = tmp_path_factory.mktemp("project") / "input"
    shutil.copytree(INPUT, folder, ignore=shutil.ignore_patterns("editions"))
    (folder / "images").mkdir()
    shutil.copy(DOT, folder / "images" / "dot.png")
    (folder / "pictured.md").write_text(
        "---\ntitle: A Picture\nauthor: Tester\ndate: 2025-06-03\nlang: en\nsection: european-languages\n---\n\n"
        'Before.\n\n![A dot](images/dot.png "The dot")\n\nAfter.\n',
        encoding="utf-8",
    )
    return folder


def digests(folder: Path, pattern: str = "*.pdf") -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob(pattern))
    }


@pytest.mark.slow
def test_build_on_the_cluster_writes_the_bytes_of_a_local_build(scheduler: str, sources: Path, tmp_path: Path) -> None:
    local, remote = tmp_path / "local", tmp_path / "remote"
    assert cli("build", str(sources), "-o", str(local), "--jobs", "1")[0] == 0
    code, out, err = cli("build", str(sources), "-o", str(remote), "--scheduler", scheduler)
    assert code == 0, err
    assert out.splitlines()[-1] == "4 built"
    assert len(digests(local)) == 4
    assert digests(remote) == digests(local)
    # What was written here is recorded as a local build records it: nothing to do the second time.
    code, out, err = cli("build", str(sources), "-o", str(remote), "--scheduler", scheduler)
    assert code == 0, err
    assert out.splitlines()[-1] == "0 built, 4 up to date"


@pytest.mark.slow
def test_archive_and_verify_on_the_cluster_are_a_local_runs(scheduler: str, sources: Path, tmp_path: Path) -> None:
    local, remote = tmp_path / "local", tmp_path / "remote"
    assert cli("archive", str(sources), "--archive", str(local), "--jobs", "1")[0] == 0
    code, _, err = cli("archive", str(sources), "--archive", str(remote), "--scheduler", scheduler)
    assert code == 0, err
    assert len(digests(local)) == 4
    assert digests(remote) == digests(local)
    assert (remote / "SHA256SUMS").read_bytes() == (local / "SHA256SUMS").read_bytes()

    code, out, err = cli("archive", "verify", "--archive", str(remote), "--scheduler", scheduler)
    assert code == 0, err
    assert out.splitlines()[-1] == "4 verified"

    # A changed file: the cluster says what a local verify says, line for line.
    archived = next(iter(sorted(remote.rglob("v1.pdf"))))
    archived.chmod(0o644)
    data = bytearray(archived.read_bytes())
    data[len(data) // 2] ^= 0x01
    archived.write_bytes(bytes(data))
    remote_code, _, remote_err = cli("archive", "verify", "--archive", str(remote), "--scheduler", scheduler)
    local_code, _, local_err = cli("archive", "verify", "--archive", str(remote), "--jobs", "1")
    assert remote_code == local_code == 1
    name = archived.relative_to(remote).as_posix()
    errors = [line for line in remote_err.splitlines() if "error:" in line]
    assert errors == [line for line in local_err.splitlines() if "error:" in line]
    assert f"{remote / name}: error: changed since it was archived: its SHA-256 is not SHA256SUMS's" in errors


def _fonts_differ() -> None:
    """In a worker: typeset's fingerprint as another install's (other fonts)."""
    from typeset.jobs import cluster

    original = cluster.fingerprint_parts
    cluster._original_parts = original  # type: ignore[attr-defined]
    cluster.fingerprint_parts = lambda: {**original(), "fonts": "0" * 64}


def _restore() -> None:
    from typeset.jobs import cluster

    cluster.fingerprint_parts = cluster._original_parts  # type: ignore[attr-defined]


@pytest.mark.slow
def test_a_worker_with_another_typeset_is_refused_before_any_work(
    scheduler: str, sources: Path, tmp_path: Path
) -> None:
    from distributed import Client

    from typeset.jobs.cluster import fingerprint, fingerprint_parts

    with Client(scheduler, set_as_default=False) as client:
        worker = sorted(client.nthreads())[0]
        client.run(_fonts_differ, workers=[worker])
        try:
            out = tmp_path / "out"
            code, _, err = cli("build", str(sources), "-o", str(out), "--scheduler", scheduler)
            verify_code, _, verify_err = cli("archive", "verify", "--archive", str(tmp_path), "--scheduler", scheduler)
        finally:
            client.run(_restore, workers=[worker])
    mine = fingerprint_parts()
    theirs = fingerprint({**mine, "fonts": "0" * 64})
    assert code == 1
    assert err.splitlines()[0] == (
        f"error: worker {worker}: typeset {theirs[:16]} differs from this one's {fingerprint(mine)[:16]}"
    )
    assert err.splitlines()[1] == (
        f"  hint: it differs in: fonts {'0' * 64}, not {mine['fonts']}; install on every worker the same typeset, "
        "engine and fonts as here (the same release of typeset, from the same files, in the same Python "
        "environment), then start the worker again"
    )
    assert not out.exists()  # nothing was rendered, nothing written
    assert verify_code == 1 and verify_err.splitlines()[0] == err.splitlines()[0]


@pytest.mark.slow
def test_an_unreachable_scheduler_is_an_error_not_a_trace(sources: Path, tmp_path: Path) -> None:
    code, _, err = cli("build", str(sources), "-o", str(tmp_path / "out"), "--scheduler", "tcp://127.0.0.1:9")
    assert code == 1
    assert err.startswith("error: cannot reach the scheduler at tcp://127.0.0.1:9: ")
    assert "\n  hint: start one (dask scheduler) and its workers (dask worker ADDRESS), or check the address" in err
    assert "Traceback" not in err


def test_a_worker_reads_only_what_was_sent_and_its_own_fonts(tmp_path: Path) -> None:
    """The fetcher of a worker: a shipped file by its path there, typeset's fonts from its own folder,
    each under the URL it has there; a file not sent is refused, even one that exists here."""
    from typeset.render.fetcher import RefusedURL
    from typeset.render.shipped import ShippedFetcher
    from typeset.resources import FONTS_DIR

    there = Path("/elsewhere/typeset/fonts")
    fetcher = ShippedFetcher({"/project/images/a.png": b"PNG"}, {there: FONTS_DIR})
    shipped = fetcher.fetch("file:///project/images/a.png")
    assert (shipped.url, shipped.read(), shipped.headers["Content-Type"]) == (
        "file:///project/images/a.png",
        b"PNG",
        "image/png",
    )
    font = sorted(FONTS_DIR.rglob("*.ttf"))[0]
    served = fetcher.fetch((there / font.relative_to(FONTS_DIR)).as_uri())
    assert served.url == (there / font.relative_to(FONTS_DIR)).as_uri()
    assert served.read() == font.read_bytes()
    present = tmp_path / "here.png"
    present.write_bytes(b"PNG")
    with pytest.raises(RefusedURL, match="not sent to the cluster"):
        fetcher.fetch(present.as_uri())
    with pytest.raises(RefusedURL, match="not sent to the cluster"):
        fetcher.fetch("file:///elsewhere/typeset/fonts/../../../project/secret.txt")


def _joined_later() -> None:
    """In a worker: as if it joined after the check, with another typeset."""
    from typeset.jobs import cluster

    cluster._checked_mine = cluster._mine  # type: ignore[attr-defined]
    cluster._mine = lambda: "f" * 64


def _joined_restore() -> None:
    from typeset.jobs import cluster

    cluster._mine = cluster._checked_mine  # type: ignore[attr-defined]


@pytest.mark.slow
def test_a_worker_that_differs_after_the_check_fails_each_task_it_gets(
    scheduler: str, sources: Path, tmp_path: Path
) -> None:
    """The check is made as the run starts; a worker that joins later is checked with each task."""
    from distributed import Client

    from typeset.jobs.cluster import fingerprint, fingerprint_parts

    article = sources / "pictured.md"
    with Client(scheduler, set_as_default=False) as client:
        client.run(_joined_later)
        try:
            code, _, err = cli("build", str(article), "-o", str(tmp_path / "out"), "--scheduler", scheduler)
        finally:
            client.run(_joined_restore)
    assert code == 1
    assert err.splitlines()[0] == (
        f"{article}: error: a worker joined that differs from this typeset: typeset {'f' * 16}, "
        f"not {fingerprint(fingerprint_parts())[:16]}"
    )
    assert not (tmp_path / "out" / "pictured.pdf").exists()
