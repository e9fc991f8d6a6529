"""The limits a public deployment needs, and the JSON error that refuses a request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Limits:
    """What one request may ask for. Each field's name is the `limit` an error names."""

    max_body_bytes: int = 1_000_000
    max_caption_chars: int = 20_000
    max_batch_items: int = 100
    time_limit_seconds: float = 10.0

    def __post_init__(self) -> None:
        for name in ("max_body_bytes", "max_caption_chars", "max_batch_items"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"{name} must be a whole number >= 1, not {value!r}")
        if not self.time_limit_seconds > 0:
            raise ValueError(
                f"time_limit_seconds must be a number > 0, not {self.time_limit_seconds!r}"
            )

    def to_dict(self) -> dict[str, Any]:
        return {
            "max_body_bytes": self.max_body_bytes,
            "max_caption_chars": self.max_caption_chars,
            "max_batch_items": self.max_batch_items,
            "time_limit_seconds": self.time_limit_seconds,
        }


class ApiError(Exception):
    """A request the service refuses: an HTTP status, a machine-readable code, a message."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        limit: str | None = None,
        maximum: float | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.limit = limit
        self.maximum = maximum

    def to_dict(self) -> dict[str, Any]:
        return {
            "error": {
                "code": self.code,
                "message": self.message,
                "limit": self.limit,
                "maximum": self.maximum,
            }
        }


def over_limit(status: int, limit: str, maximum: float, message: str) -> ApiError:
    """A request over one of the `Limits`; the message says what to do instead."""
    return ApiError(status, "limit-exceeded", message, limit=limit, maximum=maximum)


def invalid(message: str) -> ApiError:
    """A request whose JSON does not say what the endpoint needs."""
    return ApiError(422, "invalid-request", message)
