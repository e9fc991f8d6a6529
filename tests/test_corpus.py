"""The labelled corpus as a regression guard: signal precision/recall and false alarms.

The numbers the issue asks for (precision >= 0.97, recall >= 0.95 per signal kind, at most 2 %
of non-commercial captions with a warning or error) are asserted on the development corpus
(part1, part2), which the vocabularies were tuned on; `benchmarks/accuracy.py` also reports the
held-out set, written without looking at the library.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import accuracy  # noqa: E402

DEV = [ROOT / "tests" / "corpus" / "part1.jsonl", ROOT / "tests" / "corpus" / "part2.jsonl"]


def test_corpus_is_large_and_well_formed():
    records = accuracy.load(DEV)
    assert len(records) >= 400
    assert len({r["id"] for r in records}) == len(records)
    languages = {r["language"] for r in records}
    assert {"en", "fr", "de", "es", "it", "nl", "pt", "pl", "sv", "da", "no", "fi"} <= languages


def test_signal_precision_and_recall_meet_the_targets():
    result = accuracy.evaluate(accuracy.load(DEV), given_language=False)
    for kind, m in result["signals"].items():
        assert m["precision"] >= 0.97, (kind, m, result["mistakes"].get(kind))
        assert m["recall"] >= 0.95, (kind, m, result["mistakes"].get(kind))
    assert result["false_alarm_rate"] <= 0.02, result["mistakes"].get("false-alarm")
