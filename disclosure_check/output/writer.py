"""The `Writer` protocol: what the command line asks of every output format."""

from __future__ import annotations

from typing import Protocol

from ..inputs import Origin
from ..model import Report
from ..rules.base import Rule
from .summary import Summary


class Writer(Protocol):
    """One output format. Calls: add_rules (any time), report/bad_record in input order,
    finish once (with `fatal` set when the run stopped early)."""

    def add_rules(self, rules: tuple[Rule, ...]) -> None: ...

    def report(self, origin: Origin, report: Report) -> None: ...

    def bad_record(self, origin: Origin, message: str) -> None: ...

    def finish(self, summary: Summary, fatal: str | None = None) -> None: ...
