"""The end of a run in numbers: `Summary`, its summary and statistics lines, and the one-line
description of a bad record that every format and stderr share."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..inputs import Origin
from ..model import Report


@dataclass
class Summary:
    """Counters for the end of a run; nothing here grows with the number of captions."""

    checked: int = 0
    commercial: int = 0
    with_findings: int = 0
    errors: int = 0
    findings: int = 0
    categories: Counter[str] = field(default_factory=Counter)
    rules: Counter[tuple[str, str, str]] = field(default_factory=Counter)

    def add(self, report: Report) -> None:
        self.checked += 1
        self.commercial += report.commercial
        self.with_findings += bool(report.findings)
        for f in report.findings:
            self.findings += 1
            self.categories[f.category.value] += 1
            self.rules[(f.rule_id, f.severity.value, f.category.value)] += 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "checked": self.checked,
            "commercial": self.commercial,
            "with_findings": self.with_findings,
            "errors": self.errors,
            "findings": self.findings,
            "categories": dict(sorted(self.categories.items())),
        }


def summary_lines(summary: Summary) -> list[str]:
    out = [
        f"{summary.checked} caption(s) checked, {summary.commercial} commercial, "
        f"{summary.with_findings} with findings, {summary.errors} bad record(s)."
    ]
    for name, n in sorted(summary.categories.items(), key=lambda kv: (-kv[1], kv[0])):
        out.append(f"  {n:6d}  {name}")
    return out


def statistics_lines(summary: Summary) -> list[str]:
    """`ruff --statistics`-style counts per rule, then per category."""
    rows = sorted(summary.rules.items(), key=lambda kv: (-kv[1], kv[0]))
    out = [f"{n:6d}  {rule:6s}  {sev:7s}  {cat}" for (rule, sev, cat), n in rows]
    if rows:
        out.append("")
        out.extend(
            f"{n:6d}  {cat}"
            for cat, n in sorted(summary.categories.items(), key=lambda kv: (-kv[1], kv[0]))
        )
    return out


def bad_record_line(origin: Origin, message: str) -> str:
    who = f" {origin.id!r}" if origin.id is not None else ""
    return f"{origin.source}:{origin.line}: bad record{who}: {message}"
