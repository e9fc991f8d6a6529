"""Rendering reports for people (text with carets) and programs (JSON, JSON Lines, CSV).

Every writer streams: it is handed one report at a time, in input order, and keeps only
counters, so that a batch of a million captions runs in flat memory. SARIF lives in sarif.py.
"""

from __future__ import annotations

import csv
import json
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Protocol, TextIO

from .inputs import Origin, line_and_column
from .model import Finding, Report, Severity
from .rules.base import Rule

_COLOURS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}
_BOLD = "1"
_HELP = "36"


def _paint(text: str, code: str, colour: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if colour else text


def _width(text: str) -> int:
    """Terminal columns a string takes (wide CJK and emoji count double).

    Emoji sequences draw as one wide glyph: a variation selector 16 widens the character before
    it (☀️), and what follows a zero-width joiner or is a skin-tone modifier adds nothing.
    """
    total = 0
    previous = 0
    joined = False
    for ch in text:
        if ch == "\u200d":
            joined = True
            continue
        if ch == "\ufe0f":
            if previous == 1:
                total += 1
                previous = 2
            continue
        if unicodedata.category(ch) in ("Mn", "Me", "Cf") or unicodedata.combining(ch):
            continue
        if joined or (previous and 0x1F3FB <= ord(ch) <= 0x1F3FF):
            joined = False
            continue
        previous = 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
        total += previous
    return total


def _printable(text: str) -> str:
    # A caption is third-party text: control characters (an ESC sequence, a carriage return)
    # would move the cursor or recolour the terminal, so each is shown as one visible cell.
    return "".join(_CELL.get(ch) or _visible(ch) for ch in text)


_CELL = {"\t": " "}


def _visible(ch: str) -> str:
    return "\N{REPLACEMENT CHARACTER}" if unicodedata.category(ch) == "Cc" else ch


def caret_block(caption: str, finding: Finding, colour: bool = False) -> list[str]:
    """The caption line holding the span, and a caret line under the span."""
    start, end = finding.span.start, finding.span.end
    _, column, text = line_and_column(caption, start)
    line_start = start - column + 1
    visible_end = min(end, line_start + len(text))
    pad = _width(_printable(text[: column - 1]))
    marks = max(1, _width(_printable(caption[start:visible_end])))
    caret = " " * pad + _paint("^" * marks, _COLOURS[finding.severity], colour)
    return ["    | " + _printable(text).rstrip(), "    | " + caret]


def render_text(
    report: Report,
    origin: Origin,
    *,
    colour: bool = False,
    show_signals: bool = False,
    show_fix: bool = False,
) -> list[str]:
    """A linter-style block: `where:line:col: ID severity category message`, caret, help."""
    out: list[str] = []
    where = _paint(origin.label, _BOLD, colour)
    for finding in report.findings:
        line, column = origin.position(report.caption, finding.span.start)
        code = _COLOURS[finding.severity]
        out.append(
            f"{where}:{line}:{column}: {_paint(finding.rule_id, code, colour)} "
            f"{_paint(finding.severity.value, code, colour)} "
            f"{finding.category.value} {finding.message}"
        )
        if report.caption:
            out.extend(caret_block(report.caption, finding, colour))
        if finding.fix is not None:
            out.append(f"    = {_paint('help', _HELP, colour)}: {finding.fix.message}")
    if show_signals:
        for signal in report.signals:
            line, column = origin.position(report.caption, signal.span.start)
            out.append(
                f"{where}:{line}:{column}: signal {signal.kind.value} "
                f"{_printable(signal.text)!r} {signal.detail}".rstrip()
            )
        for d in report.disclosures:
            line, column = origin.position(report.caption, d.span.start)
            seen = "visible" if d.visible else "hidden"
            out.append(
                f"{where}:{line}:{column}: disclosure {_printable(d.text)!r} {d.strength.value} "
                f"{d.language} {seen} {d.relationship.value}"
            )
    if show_fix and any(f.fix for f in report.findings):
        out.append("    suggested caption:")
        out.extend(
            ("    > " + _printable(line)).rstrip() for line in report.corrected_caption.split("\n")
        )
    return out


def report_record(report: Report, **extra: Any) -> dict[str, Any]:
    record = dict(extra)
    record.update(report.to_dict())
    return record


def dumps(record: Any, *, indent: int | None = None) -> str:
    # A JSON caption may hold a lone surrogate ("\ud83d"); it cannot be encoded as UTF-8, so
    # it goes back out as the same \u escape it came in as.
    return (
        json.dumps(record, ensure_ascii=False, indent=indent)
        .encode("utf-8", "backslashreplace")
        .decode("utf-8")
    )


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


class Writer(Protocol):
    """One output format. Calls: add_rules (any time), report/bad_record in input order,
    finish once (with `fatal` set when the run stopped early)."""

    def add_rules(self, rules: tuple[Rule, ...]) -> None: ...

    def report(self, origin: Origin, report: Report) -> None: ...

    def bad_record(self, origin: Origin, message: str) -> None: ...

    def finish(self, summary: Summary, fatal: str | None = None) -> None: ...


def bad_record_line(origin: Origin, message: str) -> str:
    who = f" {origin.id!r}" if origin.id is not None else ""
    return f"{origin.source}:{origin.line}: bad record{who}: {message}"


class TextWriter:
    def __init__(
        self,
        out: TextIO,
        *,
        colour: bool = False,
        show_signals: bool = False,
        show_fix: bool = False,
        statistics: bool = False,
        quiet: bool = False,
    ) -> None:
        self.out = out
        self.colour = colour
        self.show_signals = show_signals
        self.show_fix = show_fix
        self.statistics = statistics
        self.quiet = quiet

    def add_rules(self, rules: tuple[Rule, ...]) -> None:
        pass

    def report(self, origin: Origin, report: Report) -> None:
        if self.statistics:
            return  # as with ruff --statistics: the counts replace the list of findings
        lines = render_text(
            report,
            origin,
            colour=self.colour,
            show_signals=self.show_signals,
            show_fix=self.show_fix,
        )
        if lines:
            self.out.write("\n".join(lines) + "\n")

    def bad_record(self, origin: Origin, message: str) -> None:
        self.out.write(bad_record_line(origin, message) + "\n")

    def finish(self, summary: Summary, fatal: str | None = None) -> None:
        if self.statistics:
            lines = statistics_lines(summary)
            if lines:
                self.out.write("\n".join(lines) + "\n")
        if not self.quiet:
            self.out.write("\n".join(summary_lines(summary)) + "\n")


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


class JsonWriter(JsonlWriter):
    """One document, `{"reports": [...], "summary": {...}}`, written as it goes: the text is the
    same as json.dumps(document, indent=2), but no report is kept once it is written."""

    def __init__(self, out: TextIO, *, show_fix: bool = False) -> None:
        super().__init__(out, show_fix=show_fix)
        self.count = 0
        self.out.write('{\n  "reports": [')

    def _item(self, item: dict[str, Any]) -> None:
        body = dumps(item, indent=2).replace("\n", "\n    ")
        self.out.write(("," if self.count else "") + "\n    " + body)
        self.count += 1

    def report(self, origin: Origin, report: Report) -> None:
        self._item(self.record(origin, report))

    def bad_record(self, origin: Origin, message: str) -> None:
        self._item(
            {"source": origin.source, "line": origin.line, "id": origin.id, "error": message}
        )

    def finish(self, summary: Summary, fatal: str | None = None) -> None:
        self.out.write("\n  ]" if self.count else "]")
        data = summary.to_dict()
        if fatal is not None:
            data["fatal"] = fatal
        self.out.write(',\n  "summary": ' + dumps(data, indent=2).replace("\n", "\n  ") + "\n}\n")


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


def _csv_safe(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        # The csv module writes str as UTF-8 later; a lone surrogate would abort the run.
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    return value
