"""Request bodies of the check endpoints: JSON to typed values, or an `ApiError` saying why not.

The library validates what it knows best (jurisdiction codes, platforms, PostInfo fields,
language tags) when the checker is built or run; here only the shape of the JSON and the
service's limits are checked.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .checkers import CheckerOptions
from .limits import ApiError, Limits, invalid, over_limit

OPTION_FIELDS = ("jurisdiction", "platform", "packs")
CHECK_FIELDS = ("caption", "language", "post", *OPTION_FIELDS)
BATCH_FIELDS = ("items", "language", *OPTION_FIELDS)
ITEM_FIELDS = ("caption", "id", "language", "post")


@dataclass(frozen=True, slots=True)
class CheckItem:
    caption: str
    language: str | None = None
    post: dict[str, Any] | None = None
    id: str | None = None


@dataclass(frozen=True, slots=True)
class CheckRequest:
    options: CheckerOptions
    items: tuple[CheckItem, ...]


def decode_json(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise invalid(f"the request body is not UTF-8 ({exc.reason} at byte {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise invalid(
            f"the request body is not JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
        ) from exc
    except RecursionError as exc:
        raise invalid("the request body is JSON nested too deeply") from exc
    if not isinstance(data, dict):
        raise invalid(f"the request body must be a JSON object, not {_json_type(data)}")
    return data


def parse_check(data: dict[str, Any], limits: Limits) -> CheckRequest:
    """`POST /v1/check`: one caption and the options of `dc.check`."""
    _no_unknown(data, CHECK_FIELDS, "the request")
    item = _item(data, limits, where="")
    return CheckRequest(_options(data), (item,))


def parse_batch(data: dict[str, Any], limits: Limits) -> CheckRequest:
    """`POST /v1/check-batch`: shared options and a list of captions or caption records."""
    _no_unknown(data, BATCH_FIELDS, "the request")
    items = data.get("items")
    if not isinstance(items, list) or not items:
        raise invalid("'items' must be a non-empty list of captions or {\"caption\": …} records")
    if len(items) > limits.max_batch_items:
        raise over_limit(
            413,
            "max_batch_items",
            limits.max_batch_items,
            f"the batch has {len(items)} items; at most {limits.max_batch_items} are checked "
            f"per request (max_batch_items): split it into several requests",
        )
    default_language = _optional_str(data, "language", "")
    parsed = []
    for index, raw in enumerate(items):
        record = {"caption": raw} if isinstance(raw, str) else raw
        where = f"items[{index}]"
        if not isinstance(record, dict):
            raise invalid(f"{where} must be a caption string or an object, not {_json_type(raw)}")
        _no_unknown(record, ITEM_FIELDS, where)
        item = _item(record, limits, where=where + ".")
        if item.language is None and default_language is not None:
            item = CheckItem(item.caption, default_language, item.post, item.id)
        parsed.append(item)
    return CheckRequest(_options(data), tuple(parsed))


def parse_options(data: dict[str, Any]) -> CheckRequest:
    """`GET /v1/rules`: only the options that choose a checker, no captions."""
    return CheckRequest(_options(data), ())


def _item(record: dict[str, Any], limits: Limits, where: str) -> CheckItem:
    caption = record.get("caption")
    if not isinstance(caption, str):
        raise invalid(f"'{where}caption' must be a string, not {_json_type(caption)}")
    if len(caption) > limits.max_caption_chars:
        raise over_limit(
            413,
            "max_caption_chars",
            limits.max_caption_chars,
            f"'{where}caption' has {len(caption)} characters; the limit is "
            f"{limits.max_caption_chars} (max_caption_chars)",
        )
    post = record.get("post")
    if post is not None and not isinstance(post, dict):
        raise invalid(f"'{where}post' must be an object of PostInfo fields, not {_json_type(post)}")
    raw_id = record.get("id")
    if raw_id is not None and not isinstance(raw_id, (str, int)):
        raise invalid(f"'{where}id' must be a string or a number, not {_json_type(raw_id)}")
    return CheckItem(
        caption=caption,
        language=_optional_str(record, "language", where),
        post=post,
        id=None if raw_id is None else str(raw_id),
    )


def _options(data: dict[str, Any]) -> CheckerOptions:
    return CheckerOptions(
        jurisdictions=_names(data, "jurisdiction", upper=True),
        platform=_optional_str(data, "platform", ""),
        packs=_names(data, "packs", upper=False),
    )


def _names(data: dict[str, Any], key: str, *, upper: bool) -> tuple[str, ...]:
    """A string ("FR", "FR,BE") or a list of strings, as a tuple without repeats."""
    value = data.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise invalid(f"'{key}' must be a string or a list of strings, not {_json_type(value)}")
    out: list[str] = []
    for name in value:
        name = name.strip().upper() if upper else name.strip()
        if name and name not in out:
            out.append(name)
    return tuple(out)


def _optional_str(data: dict[str, Any], key: str, where: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise invalid(f"'{where}{key}' must be a string or null, not {_json_type(value)}")
    return value


def _no_unknown(data: dict[str, Any], known: tuple[str, ...], where: str) -> None:
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise invalid(
            f"unknown field(s) in {where}: {', '.join(unknown)}; known: {', '.join(known)}"
        )


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    names = {bool: "a boolean", int: "a number", float: "a number", str: "a string"}
    names |= {list: "a list", dict: "an object"}
    return names.get(type(value), type(value).__name__)


__all__ = [
    "ApiError",
    "CheckItem",
    "CheckRequest",
    "decode_json",
    "parse_batch",
    "parse_check",
    "parse_options",
]
