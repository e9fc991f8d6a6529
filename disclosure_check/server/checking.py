"""Running checks for the endpoints: in a worker thread, within the request's time limit."""

from __future__ import annotations

import time
from typing import Any

import anyio
import anyio.to_thread

import disclosure_check as dc

from .checkers import CheckerCache
from .limits import ApiError, Limits, invalid, over_limit
from .parsing import CheckRequest
from .responses import report_payload


class CheckRunner:
    """Checks requests off the event loop, at most `threads` at a time."""

    def __init__(self, cache: CheckerCache, limits: Limits, threads: int) -> None:
        self.cache = cache
        self.limits = limits
        self.limiter = anyio.CapacityLimiter(threads)

    async def run(self, request: CheckRequest) -> list[dict[str, Any]]:
        deadline = time.monotonic() + self.limits.time_limit_seconds
        try:
            with anyio.fail_after(self.limits.time_limit_seconds):
                # Abandoned on time-out: a thread cannot be stopped, but a batch stops at its
                # next item (the deadline below) and one caption is bounded by its length limit.
                return await anyio.to_thread.run_sync(
                    self._check_all, request, deadline, limiter=self.limiter, abandon_on_cancel=True
                )
        except TimeoutError:
            raise self._timeout() from None

    async def call(self, function: Any, *args: Any) -> Any:
        """Run a slower read-only function (building checkers) in the same threads."""
        return await anyio.to_thread.run_sync(function, *args, limiter=self.limiter)

    def _check_all(self, request: CheckRequest, deadline: float) -> list[dict[str, Any]]:
        checker = self.checker(request)
        out = []
        for index, item in enumerate(request.items):
            if time.monotonic() > deadline:
                raise self._timeout()
            try:
                report = checker.check(item.caption, language=item.language, post=item.post)
            except (ValueError, TypeError) as exc:
                where = f"items[{index}]: " if len(request.items) > 1 else ""
                out.append({"index": index, "id": item.id, "error": where + str(exc)})
                continue
            except dc.RuleError as exc:
                raise ApiError(500, "rule-failed", str(exc)) from exc
            out.append(report_payload(report, item.id))
        return out

    def checker(self, request: CheckRequest) -> dc.Checker:
        try:
            return self.cache.get(request.options)
        except (ValueError, TypeError, dc.DisclosureCheckError) as exc:
            raise invalid(str(exc)) from exc

    def _timeout(self) -> ApiError:
        seconds = self.limits.time_limit_seconds
        return over_limit(
            413,
            "time_limit_seconds",
            seconds,
            f"checking took longer than the {seconds:g} s a request may take "
            f"(time_limit_seconds): send fewer or shorter captions per request",
        )
