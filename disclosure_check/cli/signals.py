"""SIGTERM and Ctrl-C during a run: stop between records, never inside a write.

A signal raises at once while the run waits for input or checks a caption, so that a run
blocked on a pipe still stops; inside `holding()` (a record being written, the document being
closed) it waits until the block ends, so that the output is never cut in the middle of an
item and the closing brackets can still be written.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType, TracebackType
from typing import Any


class Terminated(BaseException):
    """SIGTERM arrived. A BaseException, like KeyboardInterrupt, so that a rule's
    `except Exception` cannot swallow it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _exception(signum: int) -> BaseException:
    return KeyboardInterrupt() if signum == signal.SIGINT else Terminated(signum)


class SignalGuard:
    """Installs the handlers for the length of a `with` block (main thread only: Python
    delivers signals there, and nowhere else may install a handler)."""

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self) -> None:
        self.depth = 0
        self.pending: int | None = None
        self.previous: dict[int, Any] = {}

    def __enter__(self) -> SignalGuard:
        if threading.current_thread() is threading.main_thread():
            for signum in self.SIGNALS:
                self.previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for signum, handler in self.previous.items():
            signal.signal(signum, handler)
        self.previous.clear()

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.depth:
            self.pending = self.pending or signum
            return
        raise _exception(signum)

    @contextmanager
    def holding(self) -> Iterator[None]:
        """Signals that arrive inside the block are raised when it ends."""
        self.depth += 1
        try:
            yield
        finally:
            self.depth -= 1
        if not self.depth and self.pending is not None:
            signum, self.pending = self.pending, None
            raise _exception(signum)
