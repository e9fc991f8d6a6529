"""Reports cross the process boundary as tuples (wire.py) and come back equal, field for field."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest
from conftest import corpus_records

import disclosure_check as dc
from disclosure_check import wire

TESTS = Path(__file__).parent
RECORDS = corpus_records(*sorted((TESTS / "corpus").glob("*.jsonl")))
ITEMS = [
    {"id": r["id"], "caption": r["caption"], "language": r.get("language"), "post": r.get("post")}
    for r in RECORDS
]


@pytest.mark.parametrize("jurisdiction", [None, ("FR", "DE", "US", "UK", "IT")])
def test_every_report_of_the_corpora_round_trips(jurisdiction):
    checker = dc.Checker(jurisdiction, "instagram")
    for item in ITEMS:
        report = checker.check(item["caption"], post=item["post"])
        back = wire.decode(wire.encode(report), report.caption)
        assert back == report
        assert [s.basis for s in back.signals] == [s.basis for s in report.signals]
        assert back.post == report.post and back.to_dict() == report.to_dict()


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="needs the fork start method"
)
@pytest.mark.parametrize("method", [None, "forkserver"])
def test_workers_return_the_serial_reports_on_the_corpora(method):
    checker = dc.Checker(("FR", "DE", "US", "UK", "IT"), "instagram")
    serial = [r.to_dict() for r in checker.check_many(ITEMS)]
    parallel = checker.check_many(ITEMS, workers=2, chunk_size=37, mp_context=method)
    assert [r.to_dict() for r in parallel] == serial
