"""What the check endpoints answer: `Report.to_dict()` plus UTF-16 offsets and the fixed caption.

Every object of the contract that has a code-point `span` gets a `span_utf16` beside it, and a
finding's `related` spans get `related_utf16`, so a JavaScript client can slice the caption
(a UTF-16 string there) without converting offsets itself.
"""

from __future__ import annotations

from typing import Any

import disclosure_check as dc

from .utf16 import utf16_index


def report_payload(report: dc.Report, record_id: str | None = None) -> dict[str, Any]:
    payload = report.to_dict()
    index = utf16_index(report.caption)
    _add_utf16(payload, index)
    payload["corrected_caption"] = report.corrected_caption
    payload["caption_utf16_length"] = index[-1]
    if record_id is not None:
        payload["id"] = record_id
    return payload


def _add_utf16(node: Any, index: list[int]) -> None:
    if isinstance(node, list):
        for child in node:
            _add_utf16(child, index)
        return
    if not isinstance(node, dict):
        return
    for child in node.values():
        _add_utf16(child, index)
    span = node.get("span")
    if isinstance(span, dict):
        node["span_utf16"] = _convert(span, index)
    related = node.get("related")
    if isinstance(related, list):
        node["related_utf16"] = [_convert(s, index) for s in related]


def _convert(span: dict[str, int], index: list[int]) -> dict[str, int]:
    return {"start": index[span["start"]], "end": index[span["end"]]}
