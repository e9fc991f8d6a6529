"""Do the suggested fixes settle? Apply every corrected caption and check it again.

    python benchmarks/fix_settle.py            # 200 corpus captions, every market, 20 combos
    python benchmarks/fix_settle.py --show 3   # and up to 3 examples of each failure

A fix is unsettled when the corrected caption, checked again, still has a finding of severity
warning or above from a rule that had a fix, or a finding the first check did not have; it is
not idempotent when fixing the corrected caption changes it again. Prints counts per standard
rule number (xx101 … xx104) or core rule, over the labelled corpora in tests/corpus/.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import disclosure_check as dc  # noqa: E402

MARKER = re.compile(r"⟦(.*?)⟧(?:\{[^}]*\})?", re.S)


def captions() -> list[str]:
    out = []
    for path in sorted((ROOT / "tests" / "corpus").glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                out.append(MARKER.sub(lambda m: m.group(1), json.loads(line)["marked"]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--captions", type=int, default=200)
    parser.add_argument("--combinations", type=int, default=10, help="of 2 and of 4 markets each")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", type=int, default=0, help="examples of each failure")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    sample = rng.sample(captions(), args.captions)
    codes = dc.known_jurisdictions()
    audiences = [[c] for c in codes]
    audiences += [rng.sample(codes, n) for n in (2, 4) for _ in range(args.combinations)]
    failures: collections.Counter[str] = collections.Counter()
    examples: dict[str, list[tuple[object, ...]]] = collections.defaultdict(list)
    checks = 0
    for audience in audiences:
        checker = dc.Checker(audience)
        for caption in sample:
            report = checker.check(caption)
            fixed = {f.rule_id for f in report.findings if f.fix}
            if not fixed:
                continue
            checks += 1
            before = {f.rule_id for f in report.findings}
            again = checker.check(report.corrected_caption)
            left = [
                f
                for f in again.findings
                if f.severity.rank >= dc.Severity.WARNING.rank
                and (f.rule_id in fixed or f.rule_id not in before)
            ]
            if left:
                rule = left[0].rule_id
                kind = rule if rule.startswith("DC") else f"xx{rule[2:]}"
                failures[kind] += 1
                examples[kind].append((audience, caption[:70], report.corrected_caption[:90]))
            if again.corrected_caption != report.corrected_caption:
                failures["not idempotent"] += 1
    print(f"{checks} fixed captions re-checked ({len(audiences)} audiences)")
    for kind, count in failures.most_common():
        print(f"  {kind:16s} {count}")
        for example in examples.get(kind, [])[: args.show]:
            print(f"      {example}")
    if not failures:
        print("  every fix settles")


if __name__ == "__main__":
    main()
