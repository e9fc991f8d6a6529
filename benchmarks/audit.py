"""Cost of an account audit next to checking the same posts alone, and its memory, in one run.

    python benchmarks/audit.py                          # 100,000 posts from 1,000 accounts
    python benchmarks/audit.py --posts 20000 --accounts 200 --memory 5000,10000,20000,40000

The feed is generated, seeded: per account a usual topic, plain posts, disclosed, hidden and
missing partnerships, gifts, an off-topic partner and dropshipping pitches, over 24 months.
Prints the time of `Checker.check_many` over the captions, the time of `audit` over the same
records (it checks them too), measured check, audit, audit, check so that the load of a shared
machine falls on both alike, their ratio (target: at most 1.2), and the peak traced memory of
an audit streamed from a generator for growing numbers of posts with the number of accounts
fixed (target: flat in the number of posts once each account's months and brands are seen; the
peak includes the audit's own Checker).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import disclosure_check as dc  # noqa: E402
from disclosure_check.audits import audit  # noqa: E402

TOPICS = {
    "beauty": ("sérum", "crème", "maquillage", "#skincare"),
    "food": ("recette", "gâteau", "brunch", "#foodie"),
    "travel": ("voyage", "plage", "hôtel", "#travel"),
    "gaming": ("console", "manette", "stream", "#gaming"),
}
KINDS = [
    ("plain", 40), ("clear", 25), ("missing", 12), ("hidden", 5), ("ambiguous", 5),
    ("gift", 8), ("off", 3), ("drop", 2),
]  # fmt: skip
TEMPLATES = {
    "plain": "Ma journée {e} {a} et {b}, {c} {tag}",
    "clear": "Publicité | {a} avec @{brand}, code {code} pour -{n} % {tag}",
    "missing": "Mon {a} préféré avec @{brand} {e} code {code} {tag}",
    "hidden": "{a} avec @{brand}, code {code} {e}\n\n\n\n\n\n\n\n.\n{tag} #love #style #publicite",
    "ambiguous": "#sponsorisé {a} et {b} avec @{brand}, code {code}",
    "gift": "Offert par @{brand} : {a} et {b} {e}",
    "off": "Publicité | Mon nouveau {x} avec @{brand}, code {code}",
    "drop": "Le produit viral {e} stock limité, livraison offerte, lien en bio",
}
EMOJI = ["✨", "🌿", "🔥", "😍", "☕", "🎁"]


def feed(posts: int, accounts: int, seed: int = 7) -> Iterator[dict[str, object]]:
    rng = random.Random(seed)
    topics = list(TOPICS)
    kinds = [k for k, w in KINDS for _ in range(w)]
    for i in range(posts):
        account = i % accounts
        words = TOPICS[topics[account % len(topics)]]
        other = TOPICS[topics[(account + 1) % len(topics)]]
        text = TEMPLATES[rng.choice(kinds)].format(
            a=rng.choice(words[:3]),
            b=rng.choice(words[:3]),
            c=rng.choice(words[:3]),
            tag=words[3],
            x=other[0],
            e=rng.choice(EMOJI),
            brand=f"brand{account % 50}x{rng.randint(0, 3)}",
            code=f"C{rng.randint(100, 999)}",
            n=rng.randint(10, 30),
        )
        yield {
            "id": str(i),
            "account": f"creator{account:04d}",
            "date": f"{2023 + (i // 400) % 2}-{1 + (i // 37) % 12:02d}-{1 + i % 28:02d}",
            "caption": text,
        }


def timed_check(posts: int, accounts: int) -> float:
    checker = dc.Checker("FR")
    start = time.perf_counter()
    for _ in checker.check_many(r["caption"] for r in feed(posts, accounts)):
        pass
    return time.perf_counter() - start


def timed_audit(posts: int, accounts: int) -> float:
    start = time.perf_counter()
    audit(feed(posts, accounts), jurisdiction="FR")
    return time.perf_counter() - start


def peak_memory(posts: int, accounts: int) -> int:
    dc.Checker("FR")  # build once outside the measure: packs and vocabulary are not the audit
    tracemalloc.start()
    audit(feed(posts, accounts), jurisdiction="FR")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--posts", type=int, default=100_000)
    p.add_argument("--accounts", type=int, default=1_000)
    p.add_argument(
        "--memory", default="10000,20000,40000,80000", help="post counts, comma-separated"
    )
    p.add_argument("--memory-accounts", type=int, default=200)
    p.add_argument("--no-abba", dest="abba", action="store_false", help="check once, audit once")
    args = p.parse_args()
    timed_check(500, 50)  # warm-up: packs loaded, caches filled
    print(f"{args.posts:,} posts from {args.accounts:,} accounts")
    checks, audits = [], []
    for step in ("check", "audit", "audit", "check")[: 4 if args.abba else 2]:
        if step == "check":
            checks.append(timed_check(args.posts, args.accounts))
        else:
            audits.append(timed_audit(args.posts, args.accounts))
        print(f"  {step:<5} {(checks if step == 'check' else audits)[-1]:7.1f} s")
    check, full = sum(checks) / len(checks), sum(audits) / len(audits)
    print(f"check_many alone: {check:.1f} s ({args.posts / check:,.0f} posts/s)")
    print(f"audit:            {full:.1f} s ({args.posts / full:,.0f} posts/s)")
    print(f"audit / check:    {full / check:.3f}  (target <= 1.2)")
    print(f"peak traced memory of a streamed audit, {args.memory_accounts} accounts:")
    for n in (int(x) for x in args.memory.split(",")):
        print(f"  {n:>7,} posts: {peak_memory(n, args.memory_accounts) / 2**20:6.1f} MiB")


if __name__ == "__main__":
    main()
