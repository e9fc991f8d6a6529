"""Flat, table-friendly records of reports (one row per caption) for data frames and bags."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from .batch import check_item, split_item
from .checker import checker_for
from .model import Report

COLUMNS = (
    "id",
    "commercial",
    "ok",
    "categories",
    "rule_ids",
    "max_severity",
    "language",
    "language_source",
    "signals",
    "findings",
    "error",
)


def flat_record(report: Report, record_id: Any = None) -> dict[str, Any]:
    """One row: scalars and ';'-joined lists, the findings as a JSON string."""
    severities = [f.severity for f in report.findings]
    worst = max(severities, key=lambda s: s.rank).value if severities else ""
    return {
        "id": record_id,
        "commercial": report.commercial,
        "ok": report.ok,
        "categories": ";".join(sorted({f.category.value for f in report.findings})),
        "rule_ids": ";".join(sorted({f.rule_id for f in report.findings})),
        "max_severity": worst,
        "language": report.language,
        "language_source": report.language_source,
        "signals": ";".join(sorted({s.kind.value for s in report.signals})),
        "findings": json.dumps([f.to_dict() for f in report.findings], ensure_ascii=False),
        "error": "",
    }


def error_record(record_id: Any, message: str) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(COLUMNS, "")
    row.update(id=record_id, commercial=False, ok=False, findings="[]", error=message)
    return row


def check_records(items: Iterable[Any], arguments: dict[str, Any]) -> list[dict[str, Any]]:
    """Flat records for a partition of items (strings or mappings with `caption`); a bad
    record becomes an error row and the partition goes on."""
    checker = checker_for(**arguments)
    out = []
    for item in items:
        record_id = split_item(item)[0]
        try:
            report = check_item(checker.check, item)
        except (TypeError, ValueError) as exc:
            out.append(error_record(record_id, str(exc)))
            continue
        out.append(flat_record(report, record_id))
    return out
