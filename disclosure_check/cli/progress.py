"""The progress bar drawn on stderr while a batch is checked."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from typing import TextIO

from ..inputs import Input


class Progress:
    """A one-line progress bar on stderr, drawn at most five times a second."""

    def __init__(self, stream: TextIO, total: int | None, enabled: bool) -> None:
        self.stream = stream
        self.total = total
        self.enabled = enabled
        self.started = time.monotonic()
        self.last = 0.0
        self.drawn = False

    @classmethod
    def for_inputs(cls, stream: TextIO, inputs: Sequence[Input], quiet: bool) -> Progress:
        """A bar for batch inputs on a terminal, with a total when every batch is a file."""
        batch = [i for i in inputs if i.kind in ("jsonl", "json", "csv")]
        sizes = [os.path.getsize(i.name) for i in batch if i.name != "-" and os.path.isfile(i.name)]
        total = sum(sizes) if batch and len(sizes) == len(batch) else None
        enabled = bool(batch) and not quiet and stream.isatty() and os.environ.get("TERM") != "dumb"
        return cls(stream, total, enabled)

    def update(self, done: int, count: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        # The first second includes building the checkers: a rate from it would be wrong.
        if now - self.last < 0.2 or now - self.started < 1.0:
            return
        self.last = now
        elapsed = max(now - self.started, 1e-6)
        rate = count / elapsed
        text = f"{count:,} captions  {rate:,.0f}/s"
        if self.total:
            fraction = min(done / self.total, 1.0)
            filled = int(fraction * 24)
            eta = elapsed * (1 - fraction) / fraction if fraction > 0 else 0.0
            minutes, seconds = divmod(int(eta), 60)
            text = (
                f"[{'#' * filled}{'-' * (24 - filled)}] {fraction:4.0%}  {text}  "
                f"ETA {minutes}:{seconds:02d}"
            )
        self.stream.write("\r\x1b[K" + text)
        self.stream.flush()
        self.drawn = True

    def clear(self) -> None:
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.drawn = False
