"""The Dask path against one process: speed-up and memory on a LocalCluster of 2 workers.

    python benchmarks/dask_scale.py                        # 1,000,000 captions
    python benchmarks/dask_scale.py --captions 200000 --partitions 40

Generates the captions of `benchmarks/throughput.py` (seeded), then checks them
1. in this process, `Checker.check` on each caption, keeping only each record's `rule_ids`;
2. with `disclosure_check.dask.check_bag` on a `distributed.LocalCluster` of 2 worker processes
   with one thread each (the cluster is started before the clock starts; the captions go to the
   workers as a bag of partitions).
It prints captions/second for both and their ratio, the peak RSS of the single process and of
each worker, how many Checkers each worker holds after the job (one per set of arguments,
not one per partition), and whether both paths gave the same rule ids for every caption.
The speed-up is bounded by the cores (2 here), by what the workers share with the scheduler and
this process on those cores, and by moving the captions and results between processes.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import dask.bag as db  # noqa: E402
from distributed import Client, LocalCluster  # noqa: E402
from throughput import generate  # noqa: E402

import disclosure_check as dc  # noqa: E402
from disclosure_check.checker import checker_for  # noqa: E402
from disclosure_check.dask import check_bag  # noqa: E402
from disclosure_check.records import check_records  # noqa: E402

ARGUMENTS = {"jurisdiction": "FR"}


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _worker_facts() -> dict[str, float]:
    """Runs on each worker: its peak RSS and how many Checkers it holds after the job."""
    import gc

    alive = sum(isinstance(o, dc.Checker) for o in gc.get_objects())
    return {"rss_mib": _peak_rss_mib(), "checkers": alive}


def _warm() -> None:
    """Build the Checker the checks will use (the per-process cache), outside the clock."""
    checker_for(**ARGUMENTS)


def single(captions: list[str]) -> tuple[float, list[str]]:
    _warm()
    start = time.perf_counter()
    ids = [row["rule_ids"] for row in check_records(captions, ARGUMENTS)]
    return time.perf_counter() - start, ids


def on_cluster(captions: list[str], partitions: int) -> tuple[float, list[str], list[dict]]:
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        client.run(_warm)
        bag = db.from_sequence(captions, npartitions=partitions)
        start = time.perf_counter()
        ids = [row["rule_ids"] for row in check_bag(bag, **ARGUMENTS).compute()]
        elapsed = time.perf_counter() - start
        facts = list(client.run(_worker_facts).values())
    return elapsed, ids, facts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--captions", type=int, default=1_000_000)
    parser.add_argument("--partitions", type=int, default=200)
    args = parser.parse_args()
    captions = generate(args.captions)
    one, ids_one = single(captions)
    many, ids_many, workers = on_cluster(captions, args.partitions)
    n = len(captions)
    print(f"{n:,} captions, jurisdiction {ARGUMENTS['jurisdiction']}, {args.partitions} partitions")
    print(f"  one process:            {n / one:8,.0f} captions/s ({one:.1f} s)")
    print(f"  LocalCluster, 2 workers: {n / many:8,.0f} captions/s ({many:.1f} s)")
    print(f"  speed-up:               {one / many:8.2f}x")
    rss = _peak_rss_mib()
    print(f"  peak RSS, one process:   {rss:8.0f} MiB (includes the generated captions)")
    for i, facts in enumerate(workers):
        print(
            f"  worker {i}: peak RSS {facts['rss_mib']:.0f} MiB, "
            f"Checkers held after the job: {facts['checkers']:.0f}"
        )
    same = ids_one == ids_many
    print(f"  same rule ids for every caption: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
