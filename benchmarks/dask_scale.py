"""The Dask path against one process: speed-up and memory on a LocalCluster of 2 workers.

    python benchmarks/dask_scale.py                        # 1,000,000 captions
    python benchmarks/dask_scale.py --captions 200000 --partitions 40

Generates the captions of `benchmarks/throughput.py` (seeded), then checks them
1. in this process, `Checker.check` on each caption, keeping only its rule ids;
2. with `disclosure_check.dask.check_bag` on a `distributed.LocalCluster` of 2 worker processes
   with one thread each, reading the same captions from JSONL files (one per partition, written
   before the clock starts, as a real job reads its input) and sending back only the rule ids.
It prints captions/second for both and their ratio, the peak RSS of the single process and of
each worker, how many Checkers each worker holds after the job (one per set of arguments,
not one per partition), and whether both paths gave the same rule ids for every caption.
The speed-up is bounded by the cores (2 here), by what the workers share with the scheduler and
this process on those cores, and by moving the captions and results between processes.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
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
    checker = checker_for(**ARGUMENTS)
    ids = [";".join(sorted({f.rule_id for f in checker.check(c).findings})) for c in captions]
    return time.perf_counter() - start, ids


def write_files(captions: list[str], partitions: int, folder: Path) -> list[str]:
    """The captions as JSONL files, one per partition, as a real job would read them."""
    size = -(-len(captions) // partitions)
    paths = []
    for start in range(0, len(captions), size):
        path = folder / f"posts-{start // size:04d}.jsonl"
        chunk = captions[start : start + size]
        lines = (json.dumps({"id": start + i, "caption": c}) for i, c in enumerate(chunk))
        path.write_text("\n".join(lines) + "\n", "utf-8")
        paths.append(str(path))
    return paths


def on_cluster(paths: list[str]) -> tuple[float, list[str], list[dict[str, float]]]:
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        client.run(_warm)
        start = time.perf_counter()
        # Each worker reads its own files; only the rule ids come back to this process.
        bag = db.read_text(paths).map(json.loads)
        ids = check_bag(bag, **ARGUMENTS).pluck("rule_ids").compute()
        elapsed = time.perf_counter() - start
        facts = list(client.run(_worker_facts).values())
    return elapsed, list(ids), facts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--captions", type=int, default=1_000_000)
    parser.add_argument("--partitions", type=int, default=200)
    args = parser.parse_args()
    captions = generate(args.captions)
    one, ids_one = single(captions)
    with tempfile.TemporaryDirectory() as folder:
        paths = write_files(captions, args.partitions, Path(folder))
        many, ids_many, workers = on_cluster(paths)
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
