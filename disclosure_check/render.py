"""Rendering reports for people (text with carets) and programs (JSON records, SARIF)."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable
from typing import Any

from .model import Finding, Report, Severity

_COLOURS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def _paint(text: str, code: str, colour: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if colour else text


def _width(text: str) -> int:
    """Terminal columns a string takes (wide CJK and emoji count double)."""
    total = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) == "Cf":
            continue
        total += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return total


def line_and_column(caption: str, offset: int) -> tuple[int, int, str]:
    """1-based line and column of an offset, and the text of that line."""
    line_start = caption.rfind("\n", 0, offset) + 1
    line_end = caption.find("\n", offset)
    if line_end < 0:
        line_end = len(caption)
    line = caption.count("\n", 0, offset) + 1
    return line, offset - line_start + 1, caption[line_start:line_end]


def caret_block(caption: str, finding: Finding, colour: bool = False) -> list[str]:
    """The caption line holding the span, and a caret line under the span."""
    start, end = finding.span.start, finding.span.end
    _, column, text = line_and_column(caption, start)
    line_start = start - column + 1
    visible_end = min(end, line_start + len(text))
    pad = _width(text[: column - 1])
    marks = max(1, _width(caption[start:visible_end]))
    printable = text.replace("\t", " ")
    caret = " " * pad + _paint("^" * marks, _COLOURS[finding.severity], colour)
    return ["    | " + printable, "    | " + caret]


def render_text(
    report: Report,
    location: str,
    *,
    colour: bool = False,
    show_signals: bool = False,
    show_fix: bool = False,
    line_offset: int = 0,
) -> list[str]:
    """A linter-style block: `where:line:col: ID severity category message`, caret, help."""
    out: list[str] = []
    for finding in report.findings:
        line, column, _ = line_and_column(report.caption, finding.span.start)
        severity = _paint(finding.severity.value, _COLOURS[finding.severity], colour)
        out.append(
            f"{location}:{line + line_offset}:{column}: {finding.rule_id} {severity} "
            f"{finding.category.value} {finding.message}"
        )
        if report.caption:
            out.extend(caret_block(report.caption, finding, colour))
        if finding.fix is not None:
            out.append(f"    = help: {finding.fix.message}")
    if show_signals:
        for signal in report.signals:
            line, column, _ = line_and_column(report.caption, signal.span.start)
            out.append(
                f"{location}:{line + line_offset}:{column}: signal {signal.kind.value} "
                f"{signal.text!r} {signal.detail}".rstrip()
            )
        for d in report.disclosures:
            line, column, _ = line_and_column(report.caption, d.span.start)
            seen = "visible" if d.visible else "hidden"
            out.append(
                f"{location}:{line + line_offset}:{column}: disclosure {d.text!r} "
                f"{d.strength.value} "
                f"{d.language} {seen} {d.relationship.value}"
            )
    if show_fix and any(f.fix for f in report.findings):
        out.append("    suggested caption:")
        out.extend("    > " + line for line in report.corrected_caption.split("\n"))
    return out


def report_record(report: Report, **extra: Any) -> dict[str, Any]:
    record = dict(extra)
    record.update(report.to_dict())
    return record


def dumps(record: Any, *, indent: int | None = None) -> str:
    return (
        json.dumps(record, ensure_ascii=False, indent=indent)
        .encode("utf-8", "backslashreplace")
        .decode("utf-8")
    )


def summary_lines(counts: dict[str, int], categories: dict[str, int]) -> list[str]:
    out = [
        f"{counts.get('checked', 0)} caption(s) checked, {counts.get('commercial', 0)} commercial, "
        f"{counts.get('with_findings', 0)} with findings, {counts.get('errors', 0)} bad record(s)."
    ]
    for name, n in sorted(categories.items(), key=lambda kv: (-kv[1], kv[0])):
        out.append(f"  {n:6d}  {name}")
    return out


def statistics_lines(findings: Iterable[tuple[str, str, str]]) -> list[str]:
    """`ruff --statistics`-style counts per rule."""
    counts: dict[tuple[str, str, str], int] = {}
    for key in findings:
        counts[key] = counts.get(key, 0) + 1
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [f"{n:6d}  {rule:6s}  {sev:7s}  {cat}" for (rule, sev, cat), n in rows]
