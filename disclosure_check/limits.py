"""What one check may cost (data/limits.toml): the longest caption, each rule's time budget."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files


@dataclass(frozen=True, slots=True)
class CheckLimits:
    max_caption_chars: int
    rule_budget_seconds: float


@lru_cache(maxsize=1)
def default_limits() -> CheckLimits:
    raw = tomllib.loads(files("disclosure_check").joinpath("data/limits.toml").read_text("utf-8"))
    return CheckLimits(
        max_caption_chars=int(raw["max_caption_chars"]),
        rule_budget_seconds=float(raw["rule_budget_seconds"]),
    )


def caption_length_limit(value: object) -> int:
    """A Checker's `max_caption_chars` argument, checked (None: the default)."""
    if value is None:
        return default_limits().max_caption_chars
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError(f"max_caption_chars must be a whole number >= 1, not {value!r}")
    return value


def rule_budget_seconds(value: object) -> float:
    """A Checker's `rule_budget` argument in seconds, checked (None: the default)."""
    if value is None:
        return default_limits().rule_budget_seconds
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise ValueError(f"rule_budget must be a number of seconds > 0, not {value!r}")
    return float(value)


def check_caption_length(caption: str, limit: int) -> None:
    if len(caption) > limit:
        raise ValueError(
            f"caption is {len(caption):,} characters long, over the limit of {limit:,} "
            f"(max_caption_chars); split it, or pass a larger Checker(max_caption_chars=...)"
        )
