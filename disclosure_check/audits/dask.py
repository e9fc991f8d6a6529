"""Audits on Dask (extra: disclosure-check[dask]): each partition becomes per-account partial
results on a worker, and the partials are merged in a tree, so no worker holds the feed.

    import dask.bag as db
    from disclosure_check.audits.dask import audit_bag

    result = audit_bag(db.read_text("posts-*.jsonl").map(json.loads), jurisdiction="FR")

Partition sizes are counted first (one extra pass) so that every record keeps its position in
the whole feed: the evidence lists are then the same as in one process, whatever the partitions.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import accumulate
from typing import Any

from dask.delayed import delayed

from .accumulator import AccountTally, merge
from .api import checker_arguments, finish
from .run import SkipLog, cached_checkers, partial
from .values import Audit

Partial = tuple[dict[str, AccountTally], SkipLog]


def _partition(
    items: Sequence[Any], start: int, arguments: dict[str, Any], fields: dict[str, str]
) -> Partial:
    return partial(
        items,
        arguments,
        start=start,
        account_field=fields["account_field"],
        date_field=fields["date_field"],
    )


def _combine(parts: Sequence[Partial]) -> Partial:
    tallies: dict[str, AccountTally] = {}
    skips = SkipLog()
    for part_tallies, part_skips in parts:
        merge(tallies, part_tallies)
        skips.merge(part_skips)
    return tallies, skips


def audit_bag(
    bag: Any,
    jurisdiction: str | Sequence[str] | None = None,
    platform: str | None = None,
    *,
    account_field: str = "account",
    date_field: str = "date",
    split_every: int = 8,
    **checker_options: Any,
) -> Audit:
    """The Audit of a bag of records (or captions), computed on the current Dask scheduler."""
    arguments = checker_arguments(jurisdiction, platform, checker_options)
    checkers = cached_checkers(arguments)  # fail here, in the caller, on bad arguments
    fields = {"account_field": account_field, "date_field": date_field}
    parts = bag.to_delayed()
    sizes = delayed(list)([delayed(len)(p) for p in parts]).compute()
    starts = [0, *accumulate(sizes)][: len(parts)]
    level = [
        delayed(_partition)(p, s, arguments, fields) for p, s in zip(parts, starts, strict=True)
    ]
    while len(level) > 1:
        level = [
            delayed(_combine)(level[i : i + split_every]) for i in range(0, len(level), split_every)
        ]
    tallies, skips = level[0].compute() if level else ({}, SkipLog())
    return finish(tallies, skips, checkers.main.jurisdictions)
