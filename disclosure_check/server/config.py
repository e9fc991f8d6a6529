"""How one service is set up: its limits, CORS origins, cache bound and worker threads."""

from __future__ import annotations

from dataclasses import dataclass, field

from .limits import Limits


@dataclass(frozen=True, slots=True)
class ServerConfig:
    limits: Limits = field(default_factory=Limits)
    # Origins a browser may call the API from; empty (the default) sends no CORS headers.
    cors_origins: tuple[str, ...] = ()
    max_checkers: int = 64
    # Checks hold the GIL, so more threads than this add waiting, not throughput.
    worker_threads: int = 4
