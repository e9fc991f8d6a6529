"""Checking a batch in several processes, each with its own Checker, in input order.

Work goes out in chunks with a bounded number in flight, so a batch of any size streams: memory
holds a few chunks, not the batch. Each worker builds its Checker once, from the same arguments
as the parent's.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .checker import BatchError, Checker
    from .model import Report

_worker_checker: Checker | None = None


def _init_worker(arguments: dict[str, Any], inherited: bool) -> None:
    global _worker_checker
    from .checker import Checker

    # A forked worker already holds the parent's checker (compiled vocabulary included).
    if not (inherited and _worker_checker is not None):
        _worker_checker = Checker(**arguments)


def _check_chunk(start: int, chunk: list[Any]) -> list[Report | BatchError]:
    assert _worker_checker is not None
    from .checker import BatchError

    out: list[Report | BatchError] = []
    for offset, result in enumerate(_worker_checker.check_many(chunk, errors="collect")):
        if isinstance(result, BatchError):
            result = BatchError(start + offset, result.id, result.error, result.kind)
        out.append(result)
    return out


def check_parallel(
    checker: Checker,
    items: Iterable[str | Mapping[str, Any]],
    *,
    workers: int,
    chunk_size: int,
    context: str | None,
) -> Iterator[Report | BatchError]:
    """Results in input order; bad records come back as BatchError (the caller decides)."""
    global _worker_checker
    methods = multiprocessing.get_all_start_methods()
    if context is None:
        # Forking a single-threaded parent is safe and lets workers inherit the built checker;
        # with other threads running, fork can deadlock, so a clean server process is used.
        if "fork" in methods and threading.active_count() == 1:
            context = "fork"
        else:
            context = "forkserver" if "forkserver" in methods else "spawn"
    mp_context = multiprocessing.get_context(context)
    inherited = context == "fork"
    if inherited:
        _worker_checker = checker
    iterator = iter(items)
    pending: deque[Future[list[Report | BatchError]]] = deque()
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=mp_context,
        initializer=_init_worker,
        initargs=(checker.arguments, inherited),
    ) as pool:
        start = 0

        def submit() -> bool:
            nonlocal start
            chunk = list(islice(iterator, chunk_size))
            if not chunk:
                return False
            pending.append(pool.submit(_check_chunk, start, chunk))
            start += len(chunk)
            return True

        for _ in range(workers * 4):
            if not submit():
                break
        while pending:
            results = pending.popleft().result()
            submit()
            yield from results
