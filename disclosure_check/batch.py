"""Checking a batch: record by record, or in several processes, always in input order.

The engine knows nothing of batches; a batch wraps a function that checks one caption. Work
for processes goes out in chunks with a bounded number in flight, so a batch of any size
streams: memory holds a few chunks, not the batch. The pool is this module's own (processes
and pipes, no threads in the parent), so that it can tell which chunk a dead worker held:

- a worker that dies (killed, out of memory, a crash in a C extension) is noticed through its
  process sentinel, never waited for; its chunk goes once more to a fresh worker, and if that
  one dies too, each record of the chunk comes back as a BatchError naming the cause;
- results and errors together are the records in, in input order; no worker outlives the
  batch (a worker also stops when its parent's end of the pipe closes, however the parent died);
- reports cross the process boundary as tuples of primitives (wire.py) and are rebuilt in the
  parent around the captions the parent already holds.

A worker is forked (inheriting the parent's built checker) only when the parent runs a single
thread; otherwise another thread may hold a lock at the fork, which the child would wait for
forever, so the worker comes from a clean fork server and builds its checker from a picklable
factory (docs/scaling.md gives the start-up cost of each).
"""

from __future__ import annotations

import multiprocessing
import pickle
import signal
import threading
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from contextlib import closing, suppress
from dataclasses import dataclass, field, replace
from itertools import islice
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, Literal

from . import wire
from .errors import DisclosureCheckError, RuleError, WorkerError
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


RETRIES = 1  # a chunk whose worker died is given to a fresh worker this many more times
_STOP_SECONDS = 5.0  # an idle worker told to stop exits at once; a stuck one is killed after this


def _start_method(requested: str | None) -> str:
    if requested is not None:
        return requested
    methods = multiprocessing.get_all_start_methods()
    # A single-threaded parent cannot have a lock held by another thread at the fork, and a
    # forked worker inherits the built checker; with other threads, a clean server process.
    if "fork" in methods and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


# -- the worker process ------------------------------------------------------------------


def _serve(conn: Connection, inherited: list[Connection], source: Any, forked: bool) -> None:
    """A worker's life: build (or inherit) the check function, then check chunks until the
    parent closes its end of the pipe."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    for other in inherited:  # the parent's ends, copied by fork: EOF must reach this worker
        other.close()
    try:
        check: CheckOne = source if forked else source().check
    except Exception as exc:  # reported by the parent as an error of the whole batch
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    while True:
        try:
            start, items = conn.recv()
            conn.send(("done", _check_chunk(check, start, items)))
        except (EOFError, OSError):  # the parent is done, or gone
            return


Payload = tuple[list[wire.Record | None], dict[int, BatchError]]


def _check_chunk(check: CheckOne, start: int, items: list[Any]) -> Payload:
    records: list[wire.Record | None] = []
    errors: dict[int, BatchError] = {}
    for result in check_serial(check, items, "collect", start):
        if isinstance(result, BatchError):
            errors[len(records)] = _picklable(result)
            records.append(None)
        else:
            records.append(wire.encode(result))
    return records, errors


def _picklable(error: BatchError) -> BatchError:
    try:
        pickle.dumps(error.exception)
    except Exception:  # an exception that cannot cross: the parent raises its message
        return replace(error, exception=None)
    return error


# -- the parent ------------------------------------------------------------------------


@dataclass(eq=False)
class _Task:
    start: int
    items: list[Any]
    causes: list[str] = field(default_factory=list)
    payload: Payload | None = None

    @property
    def finished(self) -> bool:
        return self.payload is not None or len(self.causes) > RETRIES

    def results(self) -> Iterator[Report | BatchError]:
        if self.payload is None:  # every worker that took it died
            yield from self._lost()
            return
        records, errors = self.payload
        for offset, (item, record) in enumerate(zip(self.items, records, strict=True)):
            yield errors[offset] if record is None else wire.decode(record, split_item(item)[1])

    def _lost(self) -> Iterator[BatchError]:
        end = self.start + len(self.items) - 1
        message = (
            f"the worker process checking records {self.start}-{end} "
            f"{' and on the retry '.join(self.causes)}; these records were not checked. A "
            f"record may crash the checker, or the machine may be short of memory: check "
            f"these records with workers=1 to find out"
        )
        for offset, item in enumerate(self.items):
            record_id = split_item(item)[0]
            yield BatchError(
                self.start + offset,
                None if record_id is None else str(record_id),
                message,
                WorkerError.__name__,
                WorkerError(message),
            )


class _Worker:
    """One worker process and the parent's end of its pipe; it holds one task at a time."""

    def __init__(
        self, check: CheckOne, factory: Callable[[], Any], method: str, others: list[Connection]
    ) -> None:
        context = multiprocessing.get_context(method)
        self.conn, child = context.Pipe()
        forked = method == "fork"
        self.process: BaseProcess = context.Process(  # type: ignore[attr-defined]
            target=_serve,
            args=(
                child,
                [*others, self.conn] if forked else [],
                check if forked else factory,
                forked,
            ),
            name="disclosure-check batch worker",
            daemon=True,
        )
        self.process.start()
        child.close()
        self.task: _Task | None = None

    def cause(self) -> str:
        """Why the process ended, once its sentinel says it has."""
        self.process.join(_STOP_SECONDS)
        code = self.process.exitcode
        if code is None:
            self.stop()
            return "stopped answering (its pipe closed)"
        if code < 0:
            return f"was killed by signal {signal.Signals(-code).name}"
        return f"exited with code {code}"

    def stop(self) -> None:
        self.conn.close()
        if self.task is not None:  # busy: its result is not wanted any more
            self.process.terminate()
        self.process.join(_STOP_SECONDS)
        if self.process.exitcode is None:
            self.process.kill()
            self.process.join()


class _Pool:
    def __init__(
        self, check: CheckOne, factory: Callable[[], Any], workers: int, requested: str | None
    ) -> None:
        self._check, self._factory, self._requested = check, factory, requested
        self.workers: list[_Worker] = []
        for _ in range(workers):
            self.workers.append(self._start())

    def _start(self) -> _Worker:
        method = _start_method(self._requested)  # again for each worker: threads may have started
        return _Worker(self._check, self._factory, method, [w.conn for w in self.workers])

    def close(self) -> None:
        for worker in self.workers:
            worker.stop()

    def run(self, chunks: Iterator[_Task], in_flight: int) -> Iterator[Report | BatchError]:
        order: deque[_Task] = deque()  # read and not yet yielded, in input order
        while True:
            self._dispatch(chunks, order, in_flight)
            if not order:
                return
            if not order[0].finished:
                self._wait()
                continue
            head = order.popleft()
            self._dispatch(chunks, order, in_flight)  # keep the workers busy while we yield
            yield from head.results()

    def _dispatch(self, chunks: Iterator[_Task], order: deque[_Task], in_flight: int) -> None:
        for index, worker in enumerate(self.workers):
            if worker.task is None and len(order) < in_flight:
                task = next(chunks, None)
                if task is None:
                    return
                order.append(task)
                self._send(index, task)

    def _send(self, index: int, task: _Task) -> None:
        worker = self.workers[index]
        worker.task = task
        # A worker that died idle cannot take it; its sentinel tells _wait, which retries it.
        with suppress(OSError):
            worker.conn.send((task.start, task.items))

    def _wait(self) -> None:
        busy = [(i, w) for i, w in enumerate(self.workers) if w.task is not None]
        ready = set(wait([x for _, w in busy for x in (w.conn, w.process.sentinel)]))
        for index, worker in busy:
            if worker.conn in ready or worker.process.sentinel in ready:
                self._collect(index, worker)

    def _collect(self, index: int, worker: _Worker) -> None:
        task = worker.task
        assert task is not None
        try:
            kind, payload = worker.conn.recv() if worker.conn.poll() else (None, None)
        except (EOFError, OSError):
            kind = payload = None
        if kind == "failed":
            raise DisclosureCheckError(f"a batch worker could not build its checker: {payload}")
        if kind == "done":
            worker.task, task.payload = None, payload
            return
        task.causes.append(worker.cause())
        worker.task = None
        worker.stop()
        self.workers[index] = self._start()
        if len(task.causes) <= RETRIES:
            self._send(index, task)  # once more, in the fresh worker


def _chunks(items: Iterator[Any], chunk_size: int) -> Iterator[_Task]:
    start = 0
    while chunk := list(islice(items, chunk_size)):
        yield _Task(start, chunk)
        start += len(chunk)


def check_parallel(
    check: CheckOne,
    factory: Callable[[], Any],
    items: Iterable[str | Mapping[str, Any]],
    *,
    workers: int,
    chunk_size: int,
    context: str | None,
) -> Generator[Report | BatchError, None, None]:
    """Results in input order; bad records come back as BatchError (the caller decides).

    `factory()` builds the checker a worker from the fork server uses (picklable, e.g. a
    partial of the Checker class with its arguments); `check` is the parent's, which a forked
    worker inherits.
    """
    pool = _Pool(check, factory, workers, context)
    try:
        yield from pool.run(_chunks(iter(items), chunk_size), workers * 4)
    finally:
        pool.close()


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
    results = check_parallel(
        check, factory, items, workers=workers, chunk_size=chunk_size, context=mp_context
    )
    with closing(results):  # raising here stops the workers now, not when the frame is freed
        for result in results:
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
