"""CSV: one row per finding, for spreadsheets.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be run as a
formula by a spreadsheet (CSV injection); as OWASP recommends, such a cell gets a leading
single quote, which spreadsheets show as text. Captions and record ids are third-party text.
"""

from __future__ import annotations

import csv
from typing import Any, TextIO

from ..inputs import Origin
from ..model import Report
from ..rules.base import Rule
from .summary import Summary

CSV_COLUMNS = (
    "id",
    "source",
    "line",
    "rule_id",
    "severity",
    "category",
    "start",
    "end",
    "text",
    "message",
    "fix",
    "error",
)


class CsvWriter:
    """One row per finding; a caption without findings gets one row with empty rule columns,
    and a bad record one row with its `error`, so that every input record shows up."""

    def __init__(self, out: TextIO, *, show_fix: bool = False) -> None:
        self.writer = csv.writer(out)
        self.show_fix = show_fix
        self.writer.writerow(CSV_COLUMNS + (("suggested_caption",) if self.show_fix else ()))

    def add_rules(self, rules: tuple[Rule, ...]) -> None:
        pass

    def _row(self, values: list[Any], report: Report | None) -> None:
        if self.show_fix:
            values.append(report.corrected_caption if report is not None else "")
        self.writer.writerow([_csv_safe(v) for v in values])

    def report(self, origin: Origin, report: Report) -> None:
        if not report.findings:
            self._row([origin.id, origin.source, origin.line] + [""] * 9, report)
        for f in report.findings:
            line, _ = origin.position(report.caption, f.span.start)
            self._row(
                [
                    origin.id,
                    origin.source,
                    line,
                    f.rule_id,
                    f.severity.value,
                    f.category.value,
                    f.span.start,
                    f.span.end,
                    report.caption[f.span.start : f.span.end],
                    f.message,
                    f.fix.message if f.fix else "",
                    "",
                ],
                report,
            )

    def bad_record(self, origin: Origin, message: str) -> None:
        self._row([origin.id, origin.source, origin.line] + [""] * 8 + [message], None)

    def finish(self, summary: Summary, fatal: str | None = None) -> None:
        pass


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_safe(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        if value.startswith(FORMULA_STARTS):
            value = "'" + value
        # The csv module writes str as UTF-8 later; a lone surrogate would abort the run.
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    return value
