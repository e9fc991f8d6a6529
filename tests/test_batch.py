"""Batches raise and report the same way whether they run in one process or several."""

from __future__ import annotations

import multiprocessing
import pickle

import pytest
from conftest import checker_with_rule

import disclosure_check as dc
from disclosure_check.errors import RuleError


class _Raises(dc.Rule):
    def check(self, ctx):
        raise KeyError("boom")


def _checker_with_faulty_rule() -> dc.Checker:
    return checker_with_rule(_Raises)


def test_rule_error_survives_pickling_with_its_fields():
    error = RuleError("rule FR999 failed", rule_id="FR999", pack="fr", distribution="d")
    copy = pickle.loads(pickle.dumps(error))
    assert isinstance(copy, RuleError)
    assert (copy.rule_id, copy.pack, copy.distribution, str(copy)) == (
        "FR999",
        "fr",
        "d",
        "rule FR999 failed",
    )


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="needs the fork start method"
)
def test_parallel_raise_is_the_serial_exception():
    checker = _checker_with_faulty_rule()
    captions = ["code GLOW20", "hello", "code GLOW20"]
    with pytest.raises(RuleError) as serial:
        list(checker.check_many(captions))
    with pytest.raises(RuleError) as parallel:
        list(checker.check_many(captions, workers=2, chunk_size=1, mp_context="fork"))
    assert (parallel.value.rule_id, parallel.value.pack) == ("FR999", "fr")
    assert str(parallel.value) == str(serial.value)


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="needs the fork start method"
)
def test_parallel_collect_keeps_order_and_reports_the_rule():
    checker = _checker_with_faulty_rule()
    # fork: the workers inherit this checker, faulty rule included (a spawned worker would
    # build its own from the checker's arguments, without it).
    captions = ["a", "code GLOW20", "b"]
    out = list(
        checker.check_many(captions, errors="collect", workers=2, chunk_size=1, mp_context="fork")
    )
    assert [type(r).__name__ for r in out] == ["BatchError", "BatchError", "BatchError"]
    assert [r.index for r in out] == [0, 1, 2]
    assert all(r.kind == "RuleError" and "FR999" in r.error for r in out)
