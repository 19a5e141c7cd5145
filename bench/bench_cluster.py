"""What a Dask cluster costs beside local processes, on the same articles, in the same run.

    .venv/bin/python bench/bench_cluster.py [--articles 20] [--rounds 3]

The same ``typeset build --force``, then ``typeset archive verify``, of ``--articles`` articles
(bench/bench.py's variants of the shipped ones), as a user runs them (a process of its own),
interleaved round by round:

- local: ``--jobs 2`` (this machine's two cores: a process pool forked by the command);
- cluster: ``--scheduler`` on a ``distributed.LocalCluster`` of two worker processes (one thread
  each) started here and kept between rounds, as a cluster is (its workers' engine stays loaded).

CPU-seconds are counted per process: the command and its pool (its children, waited for), the
cluster's workers (asked with ``client.run``), and the scheduler and the nannies (this process: a
LocalCluster runs them here). From them: a render's CPU per article on a worker, the cluster's overhead per
article (all of its CPU, less the local run's), the scheduler's CPU per task (2000 empty tasks), and the bytes that
travel per article (the shipment out, the PDF back). The machine is shared and noisy: the ratios
of the same round are the figures that hold.
"""

from __future__ import annotations

import argparse
import os
import pickle
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from bench import make_articles  # noqa: E402


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def process_cpu() -> float:
    """In a worker: its CPU-seconds so far."""
    import psutil

    times = psutil.Process().cpu_times()
    return float(times.user + times.system)


def nothing(number: int) -> int:
    return number


def empty_tasks(client: Any, count: int) -> tuple[float, float]:
    """``count`` tasks that do nothing, through the scheduler: (CPU-s of this process, which runs the
    scheduler and the nannies; the workers' CPU-s), per task."""
    workers = client.run(process_cpu)
    before = own_cpu()
    futures = client.map(nothing, range(count), pure=False)
    client.gather(futures)
    del futures
    here = own_cpu() - before
    there = sum(client.run(process_cpu)[w] - workers[w] for w in workers)
    return here / count, there / count


def typeset(*arguments: str) -> tuple[float, float]:
    """A typeset command in a process of its own: (wall seconds, CPU of it and its children)."""
    before = children_cpu()
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "typeset", *arguments, "-q"], check=True, capture_output=True)
    return time.perf_counter() - start, children_cpu() - before


def rounds(client: Any, address: str, count: int, local: list[str], remote: list[str]) -> dict[str, float]:
    """``local`` beside ``remote`` + ``--scheduler address``, ``count`` rounds: the medians of each CPU part."""
    rows: list[dict[str, float]] = []
    for _ in range(count):
        local_wall, local_cpu = typeset(*local, "--jobs", "2")
        workers = client.run(process_cpu)
        here = own_cpu()
        wall, command = typeset(*remote, "--scheduler", address)
        worker_cpu = sum(client.run(process_cpu)[w] - workers[w] for w in workers)
        rows.append(
            {
                "local wall": local_wall,
                "local cpu": local_cpu,
                "cluster wall": wall,
                "command cpu": command,
                "worker cpu": worker_cpu,
                "scheduler cpu": own_cpu() - here,
            }
        )
    return {key: statistics.median(row[key] for row in rows) for key in rows[0]}


def report(name: str, n: int, median: dict[str, float]) -> None:
    cluster_cpu = median["command cpu"] + median["worker cpu"] + median["scheduler cpu"]
    print(f"{name}, {n} articles:")
    print(f"  local --jobs 2:      {median['local wall']:.2f} s wall, {median['local cpu']:.2f} CPU-s")
    print(
        f"  cluster (2 workers): {median['cluster wall']:.2f} s wall, {cluster_cpu:.2f} CPU-s "
        f"(command {median['command cpu']:.2f}, workers {median['worker cpu']:.2f}, "
        f"scheduler and nannies {median['scheduler cpu']:.2f})"
    )
    local, render = median["local cpu"] / n, median["worker cpu"] / n
    print(f"  per article: local {local:.3f} CPU-s; on a worker {render:.3f} CPU-s")
    print(
        f"  cluster overhead: {(cluster_cpu - median['local cpu']) / n:+.3f} CPU-s per article, "
        f"wall {median['cluster wall'] / median['local wall']:.2f}x local"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    import distributed

    from typeset.jobs.cluster import shipment
    from typeset.jobs.job import prepare

    with tempfile.TemporaryDirectory(prefix="typeset-bench-cluster-") as temporary:
        folder = Path(temporary) / "input"
        folder.mkdir()
        articles = make_articles(folder, args.articles)
        before = time.process_time()
        shipped = [len(pickle.dumps(shipment(prepare(article)))) for article in articles]
        client_share = (time.process_time() - before) / len(articles)  # read, check, template, pack: serial
        out, archive = Path(temporary) / "out", Path(temporary) / "archive"
        with (
            distributed.LocalCluster(
                n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
            ) as cluster,
            distributed.Client(cluster, set_as_default=False) as client,
        ):
            address = cluster.scheduler_address
            build = ["build", str(folder), "-o", str(out), "--force"]
            typeset(*build, "--scheduler", address)  # the workers' engine loaded
            built = rounds(client, address, args.rounds, build, build)
            result_bytes = statistics.mean(path.stat().st_size for path in out.glob("*.pdf"))
            typeset("archive", str(folder), "--archive", str(archive), "--jobs", "2")
            archived = statistics.mean(path.stat().st_size for path in archive.rglob("v1.pdf"))
            verify = ["archive", "verify", "--archive", str(archive)]
            verified = rounds(client, address, args.rounds, verify, verify)
            scheduler_task, worker_task = empty_tasks(client, 2000)

    n = args.articles
    print(f"{args.rounds} rounds (medians), {os.cpu_count()} CPUs")
    report("build --force", n, built)
    report("archive verify", n, verified)
    print(
        f"an empty task (2000 of them): {1000 * scheduler_task:.2f} ms CPU of the scheduler and nannies, "
        f"{1000 * worker_task:.2f} ms of the workers"
    )
    print(f"the client's share of a build, per article (read, check, templates, pack): {client_share:.3f} CPU-s")
    print(
        f"bytes per article: build {statistics.mean(shipped) / 1024:.0f} KiB sent, {result_bytes / 1024:.0f} KiB "
        f"back; verify {archived / 1024:.0f} KiB sent, a line back"
    )


if __name__ == "__main__":
    main()
