"""Flat, table-friendly records of reports (one row per caption) for data frames and bags."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

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


def split_item(item: Any) -> tuple[Any, Any, str | None, Any]:
    """(id, caption, language, post) of a batch item: a string or a mapping."""
    if isinstance(item, Mapping):
        return item.get("id"), item.get("caption"), item.get("language"), item.get("post")
    return None, item, None, None
