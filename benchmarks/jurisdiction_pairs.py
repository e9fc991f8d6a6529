"""A batch whose records each ask for their own jurisdictions, next to one that asks for one.

    python benchmarks/jurisdiction_pairs.py             # 300 records, 276 different pairs
    python benchmarks/jurisdiction_pairs.py --records 100

Runs the command line in-process on a JSONL batch twice, in one run: every record with a
different pair of jurisdictions (each needs a checker of its own), then every record with the
same pair; prints both times, the ratio and the cost per new pair. Issue 15 item 10: the
different-pairs batch of 300 records took 74 s before the core matcher was shared, 3.8 s
after (back to back on the 2-core development machine; 9.4 s in a later, busier run).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import itertools
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from disclosure_check.cli import main  # noqa: E402
from disclosure_check.jurisdictions import known_jurisdictions  # noqa: E402


def run(records: list[dict[str, object]]) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "batch.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
        started = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            main(["--format", "jsonl", "-q", str(path)])
        return time.perf_counter() - started


def main_() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=300)
    n = parser.parse_args().records
    codes = sorted({c for c in known_jurisdictions() if c not in ("GB", "EU")})
    pairs = list(itertools.combinations(codes, 2))
    caption = "#ad code GLOW{} new drop from @glowco"
    same = [{"caption": caption.format(i), "jurisdiction": ["FR", "UK"]} for i in range(n)]
    different = [
        {"caption": caption.format(i), "jurisdiction": list(pairs[i % len(pairs)])}
        for i in range(n)
    ]
    one = run(same)
    many = run(different)
    new_pairs = min(n, len(pairs))
    print(f"{n} records, one pair:        {one:6.2f} s")
    print(f"{n} records, {new_pairs} different pairs: {many:6.2f} s  ({many / one:.1f}x)")
    print(f"cost of a new pair:           {(many - one) / new_pairs * 1000:6.1f} ms")


if __name__ == "__main__":
    main_()
