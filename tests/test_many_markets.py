"""Several markets in one check share the work that does not depend on the market: the label a
fix inserts is worked out once per set of proposals and kept. Keeping it must be invisible: a
checker whose caches are warm gives the same reports as one that works everything out afresh
for every caption (issue 13)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from conftest import corpus_records

import disclosure_check as dc

RECORDS = corpus_records(*sorted((Path(__file__).parent / "corpus").glob("*.jsonl")))
CODES = [c for c in dc.known_jurisdictions() if c != "UK"]
_rng = random.Random(13)
COMBINATIONS = [
    tuple(CODES),
    ("FR", "BE"),
    ("US", "GB", "FR", "DE"),
    *(tuple(sorted(_rng.sample(CODES, _rng.randint(3, 8)))) for _ in range(3)),
]


def _cold(checker: dc.Checker) -> dc.Checker:
    chooser = checker._labels
    for cache in (getattr(chooser, "_covers", {}), chooser._proposed, chooser._clear):
        cache.clear()
    return checker


@pytest.mark.parametrize("codes", COMBINATIONS, ids="+".join)
def test_shared_label_work_gives_the_reports_of_a_fresh_start(codes):
    records = RECORDS if len(codes) in (2, len(CODES)) else RECORDS[::3]
    warm = dc.Checker(list(codes), "instagram")
    cold = dc.Checker(list(codes), "instagram")
    fixes = 0
    for record in records:
        expected = _cold(cold).check(record["caption"], post=record.get("post")).to_dict()
        got = warm.check(record["caption"], post=record.get("post")).to_dict()
        assert got == expected, record.get("id")
        fixes += sum(f["fix"] is not None for f in got["findings"])
    assert fixes, "no finding carried a fix: the label choice was not exercised"
