"""The checker cache: one Checker per option set, built once, bounded."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

pytest.importorskip("starlette", reason="the server tests need the 'server' extra")

from disclosure_check.server.checkers import CheckerCache, CheckerOptions

FR = CheckerOptions(("FR",))
UK = CheckerOptions(("UK",), "instagram")


def test_a_burst_for_one_option_set_builds_one_checker() -> None:
    cache = CheckerCache()
    with ThreadPoolExecutor(8) as pool:
        checkers = list(pool.map(lambda _: cache.get(FR), range(32)))
    assert cache.built == 1
    assert all(c is checkers[0] for c in checkers)
    assert checkers[0].jurisdictions == ("FR",)


def test_the_least_recently_used_checker_is_forgotten_past_the_bound() -> None:
    cache = CheckerCache(max_checkers=2)
    fr = cache.get(FR)
    cache.get(UK)
    assert cache.get(FR) is fr  # FR is now the most recently used
    cache.get(CheckerOptions())
    assert len(cache) == 2
    assert cache.get(FR) is fr
    assert cache.built == 3
    cache.get(UK)  # forgotten, so built again
    assert cache.built == 4


def test_bad_options_raise_the_library_error_and_leave_nothing_behind() -> None:
    cache = CheckerCache()
    with pytest.raises(ValueError, match="unknown jurisdiction 'ZZ'"):
        cache.get(CheckerOptions(("ZZ",)))
    with pytest.raises(ValueError, match="unknown jurisdiction 'ZZ'"):
        cache.get(CheckerOptions(("ZZ",)))
    assert len(cache) == 0
    assert cache.built == 0


def test_the_bound_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_checkers must be >= 1"):
        CheckerCache(0)
