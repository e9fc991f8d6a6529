"""Speed, latency and memory of disclosure-check, next to a naive baseline, in one run.

    python benchmarks/throughput.py                  # 10,000 captions, 3 runs, median
    python benchmarks/throughput.py --captions 2000 --runs 5 --baseline 500

Prints captions/second for Checker.check (language left to the library) with no jurisdiction,
with FR, and with every jurisdiction pack at once; the same for a naive baseline written the
way a user would without the library (langdetect.detect on every caption, then one re.search
per term of the whole vocabulary); the ratio; p50/p99 single-check latency; the first check
after import; the import time; peak RSS; and the time of a 1 MB caption. It also prints the
cost of every market at once as a multiple of one market's, and the floor: folding plus one
scan of the vocabulary pattern over the same captions, with the library's cost as a multiple;
and check_many with one and two worker processes, alternating (`--workers-only` measures that
alone).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MARKER = re.compile(r"⟦(.*?)⟧(?:\{[^}]*\})?", re.S)
EMOJI = ["✨", "💕", "🔥", "😍", "☕", "🌿", "🏖️", "👟", "💄", "🎁", "📸", "❤️", "🙌🏼", "👩‍👩‍👧"]
TAGS = [
    "#ootd", "#skincare", "#travel", "#foodie", "#fitness", "#love", "#instagood", "#style",
    "#beauty", "#photooftheday", "#summer", "#reels", "#fashion", "#makeup", "#home",
]  # fmt: skip
COMMERCIAL_BITS = [
    "use code EMMA{n} for {n}% off", "code promo LEA{n} 🛍️", "mit dem Code ANNA{n}",
    "shop it here amzn.to/3x{n}Ab", "link in bio to shop ✨", "gifted by @glowco",
    "kortingscode SANNE{n}", "#ad", "Publicité |", "Werbung |", "#collab", "#sp",
    "https://liketk.it/4{n}xyz", "giveaway! tag a friend", "Reklama |", "#publi",
]  # fmt: skip


def seed_sentences() -> dict[str, list[str]]:
    """Real caption text from the corpora, per language, used as sentence material."""
    out: dict[str, list[str]] = {}
    corpora = sorted((ROOT / "tests" / "corpus").glob("*.jsonl"))
    for path in [*corpora, ROOT / "tests" / "data" / "language_samples.jsonl"]:
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                text = MARKER.sub(r"\1", record.get("marked", record.get("text", "")))
                pieces = re.split(r"(?<=[.!?])\s+|\n+", text)
                out.setdefault(record.get("language", "en"), []).extend(
                    p.strip() for p in pieces if p.strip() and not p.strip().startswith("#")
                )
    return out


def generate(n: int, seed: int = 1) -> list[str]:
    """A seeded corpus: one language per caption (weighted towards the big markets), lengths
    20-2,200 (median ~200), emoji, line breaks, hashtag piles, links, 1/3 commercial."""
    rng = random.Random(seed)
    pools = seed_sentences()
    languages = sorted(pools)
    weights = [8 if lang in ("en", "fr", "de", "es", "pt", "it") else 2 for lang in languages]
    captions = []
    for _ in range(n):
        sentences = pools[rng.choices(languages, weights)[0]]
        target = min(2200, max(20, int(rng.lognormvariate(5.3, 0.7))))
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < target:
            parts.append(rng.choice(sentences))
            if rng.random() < 0.3:
                parts.append(rng.choice(EMOJI))
            if rng.random() < 0.1:
                parts.append("\n")
        if rng.random() < 0.33:
            bit = rng.choice(COMMERCIAL_BITS).format(n=rng.randint(5, 40))
            parts.insert(rng.randrange(len(parts) + 1), bit)
        caption = " ".join(parts)[:target]
        if rng.random() < 0.35:
            caption += "\n\n" + " ".join(rng.sample(TAGS, rng.randint(3, 12)))
        captions.append(caption)
    return captions


def rate(fn, captions: list[str], runs: int) -> float:
    speeds = []
    for _ in range(runs):
        start = time.perf_counter()
        for caption in captions:
            fn(caption)
        speeds.append(len(captions) / (time.perf_counter() - start))
    return statistics.median(speeds)


def naive_baseline(vocabulary_terms: list[str]):
    """What a user writes without the library: detect, then one search per term."""
    import langdetect

    langdetect.DetectorFactory.seed = 0
    patterns = [re.compile(r"(?<!\w)" + re.escape(t) + r"(?!\w)", re.I) for t in vocabulary_terms]

    def check(caption: str) -> list[str]:
        with contextlib.suppress(Exception):  # it raises on text without features
            langdetect.detect(caption)
        return [p.pattern for p in patterns if p.search(caption)]

    return check


def in_subprocess(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return result.stdout.strip()


def workers_ratio(checker, captions: list[str], rounds: int) -> float:
    """check_many with workers=1 and workers=2 on the same captions, alternating, so that the
    load of a shared machine falls on both alike; the pool's start-up is part of the time."""
    ratios = []
    for k in range(rounds):
        times = {}
        for workers in (1, 2) if k % 2 == 0 else (2, 1):
            start = time.perf_counter()
            count = sum(1 for _ in checker.check_many(captions, workers=workers))
            times[workers] = time.perf_counter() - start
            assert count == len(captions)
        ratios.append(times[1] / times[2])
        print(
            f"{'check_many workers=1 / 2':28s} {len(captions) / times[1]:10,.0f} / "
            f"{len(captions) / times[2]:,.0f} captions/s ({ratios[-1]:.2f}x, round {k + 1})"
        )
    ratio = statistics.median(ratios)
    print(f"{'workers=2 / workers=1':28s} {ratio:10.2f}x (median of {rounds} rounds)")
    return ratio


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--captions", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline", type=int, default=1000, help="captions for the baseline")
    parser.add_argument(
        "--workers-only", action="store_true", help="only the check_many workers=2/workers=1 ratio"
    )
    args = parser.parse_args()
    if args.workers_only:
        import disclosure_check as dc

        workers_ratio(dc.Checker(None, "instagram"), generate(args.captions), args.runs)
        return 0

    import_ms = statistics.median(
        float(in_subprocess(
            "import time; t=time.perf_counter(); import disclosure_check; "
            "print((time.perf_counter()-t)*1000)"
        ))
        for _ in range(5)
    )  # fmt: skip
    cold_ms = float(
        in_subprocess(
            "import time, disclosure_check as dc; t=time.perf_counter(); "
            "dc.check('Use code EMMA20 at @glowco ✨'); print((time.perf_counter()-t)*1000)"
        )
    )

    import disclosure_check as dc
    from disclosure_check import discovery

    captions = generate(args.captions)
    lengths = sorted(len(c) for c in captions)
    print(
        f"corpus: {len(captions)} captions, length median {lengths[len(lengths) // 2]}, "
        f"min {lengths[0]}, max {lengths[-1]}; runs: {args.runs} (median)"
    )
    codes = [
        c
        for c in dc.known_jurisdictions()
        if discovery.available().get(c.lower(), discovery.available().get("uk")) is not None
    ]
    results = {}
    for label, jurisdiction in (("jurisdiction=None", None), ("jurisdiction=FR", "FR"),
                                (f"all {len(codes)} jurisdictions", codes)):  # fmt: skip
        checker = dc.Checker(jurisdiction, "instagram")
        for caption in captions[:200]:
            checker.check(caption)
        results[label] = rate(checker.check, captions, args.runs)
        print(f"{label:28s} {results[label]:10,.0f} captions/s")
    every = results[f"all {len(codes)} jurisdictions"]
    print(f"{'all markets / one market':28s} {results['jurisdiction=FR'] / every:10.1f}x the cost")

    # The floor: what no check can skip, folding the caption and one scan of the pattern.
    from disclosure_check.caption import Caption

    pattern = dc.Checker(None, "instagram").vocabulary.matcher._pattern  # noqa: SLF001
    floor = rate(lambda c: list(pattern.finditer(Caption(c).folded)), captions, args.runs)
    print(f"{'floor (fold + one scan)':28s} {floor:10,.0f} captions/s; the library costs "
          f"{floor / results['jurisdiction=None']:.1f}x it (None), "
          f"{floor / results['jurisdiction=FR']:.1f}x (FR)")  # fmt: skip

    checker = dc.Checker(None, "instagram")
    terms = sorted({e[0] for e in dc.Checker(codes).vocabulary.entries()})
    baseline = naive_baseline(terms)
    base_captions = captions[: args.baseline]
    baseline_rate = rate(baseline, base_captions, 1)
    ours_same = rate(checker.check, base_captions, args.runs)
    print(f"{'naive baseline':28s} {baseline_rate:10,.0f} captions/s ({len(terms)} terms, "
          f"{len(base_captions)} captions)")  # fmt: skip
    print(f"{'library / baseline':28s} {ours_same / baseline_rate:10.1f}x (same captions)")

    workers_ratio(checker, captions, args.runs)

    latencies = []
    for caption in captions[:2000]:
        start = time.perf_counter()
        checker.check(caption)
        latencies.append((time.perf_counter() - start) * 1e6)
    latencies.sort()
    p50 = latencies[len(latencies) // 2]
    p99 = latencies[int(len(latencies) * 0.99)]
    print(f"{'latency p50 / p99':28s} {p50:7.0f} us / {p99:.0f} us")
    print(f"{'first check after import':28s} {cold_ms:7.1f} ms")
    print(f"{'import disclosure_check':28s} {import_ms:7.1f} ms")

    rss = in_subprocess(
        "import sys; sys.path.insert(0, 'benchmarks'); import throughput as t; "
        "import disclosure_check as dc; c = dc.Checker(None, 'instagram')\n"
        f"for x in t.generate({args.captions}): c.check(x)\n"
        # VmHWM, not ru_maxrss: a child's ru_maxrss starts at its parent's size after fork.
        "print(int(next(l for l in open('/proc/self/status') if l.startswith('VmHWM'))"
        ".split()[1]) / 1024)"
    )
    print(f"{'peak RSS after the corpus':28s} {float(rss):7.1f} MB")

    plain = ("Lovely day at the beach with friends, code EMMA20 at @glowco ✨ " * 20000)[:1_000_000]
    start = time.perf_counter()
    checker.check(plain)
    mb_time = time.perf_counter() - start
    print(f"{'one 1 MB caption':28s} {mb_time:7.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
