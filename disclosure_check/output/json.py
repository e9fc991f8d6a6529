"""JSON and JSON Lines: a report per record, with its source, line and id.

JSON Lines writes one object per line. JSON writes one document, `{"reports": [...],
"summary": {...}}`, as it goes, through `JsonArrayWriter`, which the SARIF writer uses too.
"""

from __future__ import annotations

import json
from typing import IO, Any, TextIO

from ..inputs import Origin
from ..model import Report
from ..rules.base import Rule
from .escape import json_safe
from .summary import Summary


def report_record(report: Report, **extra: Any) -> dict[str, Any]:
    record = dict(extra)
    record.update(report.to_dict())
    return record


def dumps(record: Any, *, indent: int | None = None) -> str:
    # A JSON caption may hold a lone surrogate ("\ud83d"); it cannot be encoded as UTF-8, so
    # it goes back out as the same \u escape it came in as.
    return json_safe(
        json.dumps(record, ensure_ascii=False, indent=indent)
        .encode("utf-8", "backslashreplace")
        .decode("utf-8")
    )


class JsonlWriter:
    """One JSON object per line: a report (with source, line, id) or a bad record."""

    def __init__(self, out: TextIO, *, show_fix: bool = False) -> None:
        self.out = out
        self.show_fix = show_fix

    def add_rules(self, rules: tuple[Rule, ...]) -> None:
        pass

    def record(self, origin: Origin, report: Report) -> dict[str, Any]:
        record = report_record(report, source=origin.source, line=origin.line, id=origin.id)
        if self.show_fix:
            record["suggested_caption"] = report.corrected_caption
        return record

    def report(self, origin: Origin, report: Report) -> None:
        self.out.write(dumps(self.record(origin, report)) + "\n")

    def bad_record(self, origin: Origin, message: str) -> None:
        error = {"source": origin.source, "line": origin.line, "id": origin.id, "error": message}
        self.out.write(dumps(error) + "\n")

    def finish(self, summary: Summary, fatal: str | None = None) -> None:
        pass


class JsonArrayWriter:
    """A JSON array written one item at a time, laid out as json.dumps(indent=2) lays out an
    array whose items sit `indent` spaces deep. The caller writes the opening bracket."""

    def __init__(self, out: IO[str], indent: int) -> None:
        self.out = out
        self.newline = "\n" + " " * indent
        self.count = 0

    def add(self, item: Any) -> None:
        body = dumps(item, indent=2).replace("\n", self.newline)
        self.out.write(("," if self.count else "") + self.newline + body)
        self.count += 1

    def close(self) -> None:
        # As json.dumps does: an empty array is [], a full one ends on a line of its own.
        self.out.write(self.newline[:-2] + "]" if self.count else "]")


class JsonWriter(JsonlWriter):
    """One document, `{"reports": [...], "summary": {...}}`, written as it goes: the text is the
    same as json.dumps(document, indent=2), but no report is kept once it is written.

    The summary names the configuration file used (`config`, null for none) and, when the run
    stopped before the end of its input, why (`fatal`): the document is closed either way."""

    def __init__(self, out: TextIO, *, show_fix: bool = False, config: str | None = None) -> None:
        super().__init__(out, show_fix=show_fix)
        self.config = config
        self.out.write('{\n  "reports": [')
        self.reports = JsonArrayWriter(out, indent=4)

    def report(self, origin: Origin, report: Report) -> None:
        self.reports.add(self.record(origin, report))

    def bad_record(self, origin: Origin, message: str) -> None:
        self.reports.add(
            {"source": origin.source, "line": origin.line, "id": origin.id, "error": message}
        )

    def finish(self, summary: Summary, fatal: str | None = None) -> None:
        self.reports.close()
        data = summary.to_dict()
        data["config"] = self.config
        if fatal is not None:
            data["fatal"] = fatal
        self.out.write(',\n  "summary": ' + dumps(data, indent=2).replace("\n", "\n  ") + "\n}\n")
