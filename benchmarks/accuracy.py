"""Precision and recall of signals, commerciality and finding categories on the labelled corpus.

    python benchmarks/accuracy.py                 # the table
    python benchmarks/accuracy.py --errors 20     # plus the first 20 disagreements per measure
    python benchmarks/accuracy.py --json          # machine-readable

The corpus is tests/corpus/*.jsonl (format: docs/data-formats.md). Signals are compared by
kind and exact span; categories per caption, counting findings of severity warning or error.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import disclosure_check as dc  # noqa: E402

MARKER = re.compile(r"⟦(.*?)⟧\{([^}]*)\}", re.S)
TARGET_PRECISION, TARGET_RECALL, TARGET_FALSE_ALARMS = 0.97, 0.95, 0.02


def unmark(marked: str) -> tuple[str, set[tuple[str, int, int]]]:
    out, spans, pos, length = [], set(), 0, 0
    for m in MARKER.finditer(marked):
        before = marked[pos : m.start()]
        out.append(before)
        length += len(before)
        spans.add((m.group(2), length, length + len(m.group(1))))
        out.append(m.group(1))
        length += len(m.group(1))
        pos = m.end()
    out.append(marked[pos:])
    return "".join(out), spans


def load(paths: list[Path]) -> list[dict]:
    records = []
    for path in paths:
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            if line.strip():
                record = json.loads(line)
                record["_where"] = f"{path.name}:{number}"
                records.append(record)
    return records


def ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def scores(tp: int, fp: int, fn: int) -> dict[str, float]:
    return {"precision": ratio(tp, tp + fp), "recall": ratio(tp, tp + fn), "support": tp + fn}


# Phrase signals are judged by overlap: "To nie reklama" and "nie reklama" are the same denial.
# Token signals (a code, a URL, an @handle) must match exactly.
PHRASE_KINDS = {"gifted", "call-to-action", "giveaway", "own-brand", "denial"}


def pair(got: set, expected: set, *, strict: bool) -> tuple[set, set]:
    """The predicted and expected spans that match each other, one to one."""
    matched_got, matched_expected = set(got & expected), set(got & expected)
    if strict:
        return matched_got, matched_expected
    for item in sorted(expected - matched_expected):
        kind, start, end = item
        if kind not in PHRASE_KINDS:
            continue
        for other in sorted(got - matched_got):
            if other[0] == kind and other[1] < end and start < other[2]:
                matched_got.add(other)
                matched_expected.add(item)
                break
    return matched_got, matched_expected


def evaluate(records: list[dict], *, given_language: bool, strict: bool = False) -> dict:
    checkers: dict[tuple, dc.Checker] = {}
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    ctp: Counter[str] = Counter()
    cfp: Counter[str] = Counter()
    cfn: Counter[str] = Counter()
    mistakes: dict[str, list[str]] = {}
    commercial_right = 0
    non_commercial = false_alarms = 0

    def note(measure: str, text: str) -> None:
        mistakes.setdefault(measure, []).append(text)

    for record in records:
        caption, expected = unmark(record["marked"])
        jurisdiction = record.get("jurisdiction")
        platform = record.get("platform", "instagram")
        key = (jurisdiction, platform)
        if key not in checkers:
            checkers[key] = dc.Checker(jurisdiction, platform)
        report = checkers[key].check(
            caption,
            language=record.get("language") if given_language else None,
            post=record.get("post"),
        )
        got = {
            (s.kind.value, s.span.start, s.span.end)
            for s in report.signals
            if s.kind is not dc.SignalKind.SPONSORED_FLAG
        }
        where = record["_where"]
        matched_got, matched_expected = pair(got, expected, strict=strict)
        for item in matched_expected:
            tp[item[0]] += 1
        for kind, start, end in sorted(got - matched_got):
            fp[kind] += 1
            note(kind, f"{where} extra {kind} {caption[start:end]!r}")
        for kind, start, end in sorted(expected - matched_expected):
            fn[kind] += 1
            note(kind, f"{where} missed {kind} {caption[start:end]!r}")
        if report.commercial == record["commercial"]:
            commercial_right += 1
        else:
            note("commercial", f"{where} expected commercial={record['commercial']}")
        want = set(record.get("categories", []))
        have = {
            f.category.value
            for f in report.findings
            if f.severity in (dc.Severity.WARNING, dc.Severity.ERROR)
        }
        for category in want & have:
            ctp[category] += 1
        for category in have - want:
            cfp[category] += 1
            rules = [f.rule_id for f in report.findings if f.category.value == category]
            note(category, f"{where} extra {category} {rules}")
        for category in want - have:
            cfn[category] += 1
            note(category, f"{where} missed {category}")
        if not record["commercial"]:
            non_commercial += 1
            if have:
                false_alarms += 1
                note("false-alarm", f"{where} {sorted(have)}")

    kinds = sorted(set(tp) | set(fp) | set(fn))
    categories = sorted(set(ctp) | set(cfp) | set(cfn))
    return {
        "captions": len(records),
        "signals": {k: scores(tp[k], fp[k], fn[k]) for k in kinds},
        "categories": {c: scores(ctp[c], cfp[c], cfn[c]) for c in categories},
        "commercial_accuracy": ratio(commercial_right, len(records)),
        "non_commercial": non_commercial,
        "false_alarm_rate": ratio(false_alarms, non_commercial) if non_commercial else 0.0,
        "mistakes": mistakes,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--errors", type=int, default=0, help="show N disagreements per measure")
    parser.add_argument("--given-language", action="store_true", help="pass the corpus language")
    parser.add_argument("--strict", action="store_true", help="exact spans for phrase signals too")
    args = parser.parse_args()
    if args.paths:
        paths = args.paths
    else:
        # The development corpus (vocabularies were tuned on it) and, separately, the held-out
        # one (written without looking at the library): report them apart, never mixed.
        corpus = ROOT / "tests" / "corpus"
        dev = sorted(p for p in corpus.glob("*.jsonl") if p.name != "heldout.jsonl")
        for name, subset in (("development", dev), ("held-out", [corpus / "heldout.jsonl"])):
            if subset and subset[0].exists():
                print(f"== {name} ==")
                report(evaluate(load(subset), given_language=args.given_language,
                                strict=args.strict), subset, args)  # fmt: skip
                print()
        return 0
    report(
        evaluate(load(paths), given_language=args.given_language, strict=args.strict), paths, args
    )
    return 0


def report(result: dict, paths: list[Path], args: argparse.Namespace) -> None:
    if args.json:
        print(json.dumps({k: v for k, v in result.items() if k != "mistakes"}, indent=2))
        return
    print(f"{result['captions']} captions from {', '.join(p.name for p in paths)}")
    mode = "exact spans" if args.strict else "exact spans; phrase signals by overlap"
    print(f"signals compared by kind and span ({mode})\n")
    print(f"{'signal kind':26s} {'precision':>9s} {'recall':>7s} {'support':>8s}")
    for kind, m in result["signals"].items():
        flag = "" if m["precision"] >= TARGET_PRECISION and m["recall"] >= TARGET_RECALL else "  <"
        print(f"{kind:26s} {m['precision']:9.3f} {m['recall']:7.3f} {m['support']:8d}{flag}")
    print(f"\n{'finding category':26s} {'precision':>9s} {'recall':>7s} {'support':>8s}")
    for category, m in result["categories"].items():
        print(f"{category:26s} {m['precision']:9.3f} {m['recall']:7.3f} {m['support']:8d}")
    print(f"\ncommercial accuracy: {result['commercial_accuracy']:.3f}")
    print(
        f"non-commercial captions with a warning or error: {result['false_alarm_rate']:.3%} "
        f"of {result['non_commercial']} (target <= {TARGET_FALSE_ALARMS:.0%})"
    )
    if args.errors:
        for measure, items in sorted(result["mistakes"].items()):
            print(f"\n[{measure}] {len(items)}")
            for item in items[: args.errors]:
                print("  " + item)
    return 0


if __name__ == "__main__":
    sys.exit(main())
