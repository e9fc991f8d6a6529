"""One `Checker` per option set, built once and kept, up to a bound.

Building a checker loads packs and compiles the vocabulary (tens of milliseconds); a check
takes well under one. So the service keeps the checkers it has built, keyed by the options
that change what a checker is, and forgets the least recently used one past the bound.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

import disclosure_check as dc


@dataclass(frozen=True, slots=True)
class CheckerOptions:
    """The options that make one checker differ from another (a cache key)."""

    jurisdictions: tuple[str, ...] = ()
    platform: str | None = None
    packs: tuple[str, ...] = ()


class CheckerCache:
    """Thread-safe: checks run in worker threads, and two may ask for one option set at once."""

    def __init__(self, max_checkers: int = 64) -> None:
        if max_checkers < 1:
            raise ValueError(f"max_checkers must be >= 1, not {max_checkers!r}")
        self.max_checkers = max_checkers
        self._checkers: OrderedDict[CheckerOptions, dc.Checker] = OrderedDict()
        self._building: dict[CheckerOptions, threading.Lock] = {}
        self._lock = threading.Lock()
        self.built = 0

    def get(self, options: CheckerOptions) -> dc.Checker:
        """The checker for `options`; raises the library's ValueError/TypeError on bad ones."""
        with self._lock:
            checker = self._hit(options)
            if checker is not None:
                return checker
            building = self._building.setdefault(options, threading.Lock())
        # One build per option set, even for a burst of requests with new options; requests
        # for checkers already built do not wait for it.
        with building:
            with self._lock:
                checker = self._hit(options)
            if checker is not None:
                return checker
            try:
                checker = dc.Checker(
                    options.jurisdictions or None, options.platform, packs=options.packs
                )
            except BaseException:
                with self._lock:
                    self._building.pop(options, None)
                raise
            with self._lock:
                self._store(options, checker)
                self._building.pop(options, None)
            return checker

    def _hit(self, options: CheckerOptions) -> dc.Checker | None:
        checker = self._checkers.get(options)
        if checker is not None:
            self._checkers.move_to_end(options)
        return checker

    def _store(self, options: CheckerOptions, checker: dc.Checker) -> None:
        self.built += 1
        self._checkers[options] = checker
        if len(self._checkers) > self.max_checkers:
            self._checkers.popitem(last=False)

    def __len__(self) -> int:
        return len(self._checkers)
