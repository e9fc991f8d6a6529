"""Checking a batch: record by record, or in several processes, always in input order.

The engine knows nothing of batches; a batch wraps a function that checks one caption. Work
for processes goes out in chunks with a bounded number in flight, so a batch of any size
streams: memory holds a few chunks, not the batch. Each worker builds its checker once, from a
picklable factory (a forked worker inherits the parent's, compiled vocabulary included).
"""

from __future__ import annotations

import multiprocessing
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, Literal

from .errors import DisclosureCheckError, RuleError
from .model import Report

CheckOne = Callable[..., Report]  # check(caption, *, language=None, post=None) -> Report
Errors = Literal["raise", "collect"]
# What a bad record is: the caption or its fields are wrong, or a rule failed on it.
RECORD_ERRORS = (TypeError, ValueError, RuleError)


@dataclass(frozen=True, slots=True)
class BatchError:
    """A record of a batch that could not be checked; the batch goes on."""

    index: int
    id: str | None
    error: str
    kind: str  # the exception class name
    # The exception itself, so that errors="raise" raises the same type with the same fields
    # (RuleError's rule id, pack and distribution) in parallel runs as in serial ones.
    exception: BaseException | None = field(default=None, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "id": self.id, "error": self.error, "kind": self.kind}

    def reraise(self) -> None:
        if self.exception is not None:
            raise self.exception
        raise DisclosureCheckError(self.error)


def split_item(item: Any) -> tuple[Any, Any, str | None, Any]:
    """(id, caption, language, post) of a batch item: a caption string or a mapping."""
    if isinstance(item, Mapping):
        return item.get("id"), item.get("caption"), item.get("language"), item.get("post")
    return None, item, None, None


def check_item(check: CheckOne, item: str | Mapping[str, Any]) -> Report:
    if isinstance(item, Mapping) and "caption" not in item:
        raise ValueError("record has no 'caption' field")
    _, caption, language, post = split_item(item)
    return check(caption, language=language, post=post)


def check_serial(
    check: CheckOne, items: Iterable[str | Mapping[str, Any]], errors: Errors, start: int = 0
) -> Iterator[Report | BatchError]:
    for index, item in enumerate(items, start=start):
        try:
            yield check_item(check, item)
        except RECORD_ERRORS as exc:
            if errors == "raise":
                raise
            record_id = split_item(item)[0]
            yield BatchError(
                index,
                None if record_id is None else str(record_id),
                str(exc),
                type(exc).__name__,
                exc,
            )


# The worker process's checking function: set by the initializer, or inherited by fork.
_worker_check: CheckOne | None = None


def _init_worker(factory: Callable[[], Any], inherited: bool) -> None:
    global _worker_check
    if not (inherited and _worker_check is not None):
        _worker_check = factory().check


def _check_chunk(start: int, chunk: list[Any]) -> list[Report | BatchError]:
    if _worker_check is None:  # the initializer always runs first; a broken pool is loud
        raise RuntimeError("batch worker started without a checker")
    return list(check_serial(_worker_check, chunk, "collect", start))


def _start_method(requested: str | None) -> str:
    if requested is not None:
        return requested
    methods = multiprocessing.get_all_start_methods()
    # Forking a single-threaded parent is safe and lets workers inherit the built checker;
    # with other threads running, fork can deadlock, so a clean server process is used.
    if "fork" in methods and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def check_parallel(
    check: CheckOne,
    factory: Callable[[], Any],
    items: Iterable[str | Mapping[str, Any]],
    *,
    workers: int,
    chunk_size: int,
    context: str | None,
) -> Iterator[Report | BatchError]:
    """Results in input order; bad records come back as BatchError (the caller decides).

    `factory()` builds the checker a spawned worker uses (picklable, e.g. a partial of the
    Checker class with its arguments); `check` is the parent's, which a forked worker inherits.
    """
    global _worker_check
    method = _start_method(context)
    inherited = method == "fork"
    if inherited:
        _worker_check = check
    try:
        with ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context(method),
            initializer=_init_worker,
            initargs=(factory, inherited),
        ) as pool:
            yield from _in_order(pool, iter(items), workers * 4, chunk_size)
    finally:
        if inherited:
            _worker_check = None


def _in_order(
    pool: ProcessPoolExecutor, iterator: Iterator[Any], in_flight: int, chunk_size: int
) -> Iterator[Report | BatchError]:
    pending: deque[Future[list[Report | BatchError]]] = deque()
    start = 0

    def submit() -> bool:
        nonlocal start
        chunk = list(islice(iterator, chunk_size))
        if not chunk:
            return False
        pending.append(pool.submit(_check_chunk, start, chunk))
        start += len(chunk)
        return True

    for _ in range(in_flight):
        if not submit():
            break
    while pending:
        results = pending.popleft().result()
        submit()
        yield from results


def check_many(
    check: CheckOne,
    factory: Callable[[], Any],
    items: Iterable[str | Mapping[str, Any]],
    *,
    errors: Errors,
    workers: int,
    chunk_size: int,
    mp_context: str | None,
) -> Iterator[Report | BatchError]:
    if workers == 1:
        yield from check_serial(check, items, errors)
        return
    for result in check_parallel(
        check, factory, items, workers=workers, chunk_size=chunk_size, context=mp_context
    ):
        if isinstance(result, BatchError) and errors == "raise":
            result.reraise()
        yield result


def validate_batch_arguments(items: object, errors: object, workers: object, chunk: object) -> None:
    """Checked at the call, not when the first result is asked for."""
    if errors not in ("raise", "collect"):
        raise ValueError(f"errors must be 'raise' or 'collect', not {errors!r}")
    if isinstance(items, (str, bytes)) or not isinstance(items, Iterable):
        raise TypeError(
            f"check_many takes an iterable of captions or records, not "
            f"{type(items).__name__}; for a single caption use check()"
        )
    if not isinstance(workers, int) or isinstance(workers, bool) or workers < 1:
        raise ValueError(f"workers must be a whole number >= 1, not {workers!r}")
    if not isinstance(chunk, int) or isinstance(chunk, bool) or chunk < 1:
        raise ValueError(f"chunk_size must be a whole number >= 1, not {chunk!r}")
