"""One pass over a feed: records -> checked posts -> per-account tallies (in-process or workers)."""

from __future__ import annotations

import json
import threading
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..batch import BatchError
from ..checker import Checker
from .accumulator import AccountTally, tally
from .facts import PostFacts, post_facts
from .records import AuditRecord, Skipped, make_record

KEPT_SKIPS = 100  # skipped records listed with where and why (all are counted)


@dataclass
class SkipLog:
    count: int = 0
    by_reason: Counter[str] = field(default_factory=Counter)
    first: list[tuple[int, Skipped]] = field(default_factory=list)

    def add(self, index: int, skipped: Skipped) -> None:
        self.count += 1
        self.by_reason[skipped.kind or "other"] += 1
        if len(self.first) < KEPT_SKIPS or index < self.first[-1][0]:
            self.first.append((index, skipped))
            self.first.sort(key=lambda e: e[0])
            del self.first[KEPT_SKIPS:]

    def merge(self, other: SkipLog) -> SkipLog:
        self.count += other.count
        self.by_reason.update(other.by_reason)
        self.first = sorted([*self.first, *other.first], key=lambda e: e[0])[:KEPT_SKIPS]
        return self


def records(
    items: Iterable[Any],
    skips: SkipLog,
    *,
    start: int = 0,
    account_field: str = "account",
    date_field: str = "date",
) -> Iterator[AuditRecord]:
    """Valid records of the input; the others go to `skips` and the pass goes on."""
    for offset, item in enumerate(items):
        index = start + offset
        if isinstance(item, (AuditRecord, Skipped)):
            made = item
        else:
            made = make_record(item, index, account_field=account_field, date_field=date_field)
        if isinstance(made, Skipped):
            skips.add(index, made)
        else:
            yield made


class Checkers:
    """The audit's Checker, plus one per other platform a record names (built once each)."""

    def __init__(self, arguments: Mapping[str, Any]) -> None:
        self.arguments = dict(arguments)
        self.main = Checker(**self.arguments)
        self._others: dict[str, Checker] = {}
        self._lock = threading.Lock()

    def for_platform(self, platform: str | None) -> Checker:
        if platform is None or platform == self.arguments.get("platform"):
            return self.main
        with self._lock:
            checker = self._others.get(platform)
            if checker is None:
                checker = Checker(**{**self.arguments, "platform": platform})
                self._others[platform] = checker
            return checker


def _check_one(checkers: Checkers, record: AuditRecord, skips: SkipLog) -> PostFacts | None:
    try:
        checker = checkers.for_platform(record.platform)
        report = checker.check(record.caption, language=record.language, post=record.post)
    except (TypeError, ValueError) as exc:
        skips.add(record.index, Skipped(record.origin, str(exc), "bad-record"))
        return None
    return post_facts(record, report)


def facts_stream(
    checkers: Checkers,
    feed: Iterable[AuditRecord],
    skips: SkipLog,
    *,
    workers: int = 1,
    chunk_size: int = 256,
) -> Iterator[PostFacts]:
    """The checked posts of the feed (bad ones go to `skips`), in one or several processes."""
    if workers > 1:
        return _parallel(checkers, feed, skips, workers, chunk_size)
    return _serial(checkers, feed, skips)


def _serial(checkers: Checkers, feed: Iterable[AuditRecord], skips: SkipLog) -> Iterator[PostFacts]:
    for record in feed:
        facts = _check_one(checkers, record, skips)
        if facts is not None:
            yield facts


def _parallel(
    checkers: Checkers, feed: Iterable[AuditRecord], skips: SkipLog, workers: int, chunk_size: int
) -> Iterator[PostFacts]:
    # Records of the audit's platform go to check_many's workers; a record naming another
    # platform is checked here, by that platform's Checker, as it passes.
    pending: deque[AuditRecord] = deque()
    inline: deque[PostFacts] = deque()

    def items() -> Iterator[dict[str, Any]]:
        for record in feed:
            if checkers.for_platform(record.platform) is not checkers.main:
                facts = _check_one(checkers, record, skips)
                if facts is not None:
                    inline.append(facts)
                continue
            pending.append(record)
            yield {"caption": record.caption, "language": record.language, "post": record.post}

    results = checkers.main.check_many(
        items(), errors="collect", workers=workers, chunk_size=chunk_size
    )
    for result in results:
        record = pending.popleft()
        while inline:
            yield inline.popleft()
        if isinstance(result, BatchError):
            skips.add(record.index, Skipped(record.origin, result.error, "bad-record"))
        else:
            yield post_facts(record, result)
    yield from inline


def partial(
    items: Iterable[Any],
    arguments: Mapping[str, Any],
    *,
    start: int = 0,
    account_field: str = "account",
    date_field: str = "date",
    checkers: Callable[[Mapping[str, Any]], Checkers] | None = None,
) -> tuple[dict[str, AccountTally], SkipLog]:
    """The partial result of a slice of the feed starting at input position `start`."""
    skips = SkipLog()
    built = (checkers or cached_checkers)(arguments)
    feed = records(items, skips, start=start, account_field=account_field, date_field=date_field)
    return tally(facts_stream(built, feed, skips)), skips


_cache: dict[str, Checkers] = {}
_cache_lock = threading.Lock()


def cached_checkers(arguments: Mapping[str, Any]) -> Checkers:
    """One Checkers per set of arguments per process (Dask workers reuse theirs)."""
    key = json.dumps(dict(arguments), sort_keys=True, default=str)
    with _cache_lock:
        found = _cache.get(key)
        if found is None:
            found = _cache[key] = Checkers(arguments)
        return found
