"""The record an audit reads: one post of a feed, validated, with where it came from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

NO_ACCOUNT = "(no account)"


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One post: its caption and what the feed says about it (all but `caption` optional)."""

    caption: str
    account: str = NO_ACCOUNT
    id: str = ""
    date: date | None = None
    platform: str | None = None
    language: str | None = None
    post: Mapping[str, Any] | None = None
    index: int = 0  # position in the input: evidence lists keep the earliest posts
    origin: str = ""  # "posts.jsonl:12" when read from a file


@dataclass(frozen=True, slots=True)
class Skipped:
    """A record the audit could not use, and why (said for a person)."""

    origin: str
    reason: str
    kind: str = field(default="")  # short key for the skipped-by-reason counts

    def to_dict(self) -> dict[str, str]:
        return {"origin": self.origin, "reason": self.reason, "kind": self.kind}


def parse_date(value: object) -> date | None:
    """An ISO 8601 date or date-time; None for empty; ValueError for anything else."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"date must be an ISO 8601 string such as 2024-03-01, not {value!r}")
    try:
        return datetime.fromisoformat(value.strip()).date()
    except ValueError:
        pass
    raise ValueError(f"date {value!r} is not ISO 8601 (write 2024-03-01 or 2024-03-01T18:30:00)")


def _text(value: object, name: str) -> str | None:
    if type(value) is str:  # the usual case, before the slower checks
        return value or None
    if value is None or value == "":
        return None
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return str(value)
    raise ValueError(f"{name} must be a string, not {type(value).__name__} ({value!r:.60})")


def make_record(
    item: Mapping[str, Any] | str,
    index: int,
    origin: str = "",
    *,
    account_field: str = "account",
    date_field: str = "date",
) -> AuditRecord | Skipped:
    """Validate one input item (a caption string or a mapping) into a record or a Skipped."""
    where = origin or f"record {index + 1}"
    if isinstance(item, str):
        return AuditRecord(caption=item, index=index, origin=where, id=str(index + 1))
    if type(item) is not dict and not isinstance(item, Mapping):  # dict first: Mapping is slow
        return Skipped(where, f"expected a mapping or a caption string, got {type(item).__name__}")
    caption = item.get("caption")
    if not isinstance(caption, str) or not caption.strip():
        reason = "no caption" if caption in (None, "") else "caption is not text"
        return Skipped(where, f"{reason}: every record needs a non-empty 'caption'", "no-caption")
    post = item.get("post")
    if post is not None and type(post) is not dict and not isinstance(post, Mapping):
        return Skipped(
            where, f"'post' must be a mapping of PostInfo fields, not {post!r:.60}", "bad-post"
        )
    try:
        when = parse_date(item.get(date_field))
        account = _text(item.get(account_field), account_field) or NO_ACCOUNT
        record_id = _text(item.get("id"), "id") or str(index + 1)
        platform = _text(item.get("platform"), "platform")
        language = _text(item.get("language"), "language")
    except ValueError as exc:
        kind = "bad-date" if "date" in str(exc) else "bad-field"
        return Skipped(where, str(exc), kind)
    return AuditRecord(
        caption=caption,
        account=account,
        id=record_id,
        date=when,
        platform=platform,
        language=language,
        post=post,
        index=index,
        origin=where,
    )
