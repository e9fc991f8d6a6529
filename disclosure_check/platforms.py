"""Platform facts (caption limit, fold, native label) read from data/platforms.toml."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib.resources import files
from types import MappingProxyType
from typing import Any

from .errors import suggest


@dataclass(frozen=True, slots=True)
class Platform:
    name: str
    title: str
    caption_limit: int
    fold_chars: int  # characters shown before "more"; 0 = no fold by characters
    fold_lines: int  # lines shown before "more"; 0 = no fold by lines
    label: str
    confidence: str
    source: str
    note: str = ""
    aliases: tuple[str, ...] = ()  # other names for it ("ig"), from data/platforms.toml


@lru_cache(maxsize=1)
def platforms() -> MappingProxyType[str, Platform]:
    raw: dict[str, Any] = tomllib.loads(
        files("disclosure_check").joinpath("data/platforms.toml").read_text("utf-8")
    )
    out = {}
    for name, entry in raw.items():
        out[name] = Platform(
            name=name,
            title=str(entry.get("title", name)),
            caption_limit=int(entry.get("caption_limit", 0)),
            fold_chars=int(entry.get("fold_chars", 0)),
            fold_lines=int(entry.get("fold_lines", 0)),
            label=str(entry.get("label", "")),
            confidence=str(entry.get("confidence", "S")),
            source=str(entry.get("source", "")),
            note=str(entry.get("note", "")),
            aliases=tuple(str(a).lower() for a in entry.get("aliases", ())),
        )
    return MappingProxyType(out)


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    return {alias: p.name for p in platforms().values() for alias in p.aliases}


def resolve_platform(platform: object) -> Platform | None:
    """The Platform for a user-supplied name, or a clear error."""
    if platform is None:
        return None
    known = platforms()
    if not isinstance(platform, str):
        raise TypeError(
            f"platform must be a string such as 'instagram' or None, not {platform!r} "
            f"({type(platform).__name__}); known platforms: {', '.join(sorted(known))}"
        )
    key = platform.strip().lower()
    key = _aliases().get(key, key)
    if key not in known:
        raise ValueError(
            f"unknown platform {platform!r}{suggest(key, known)}; "
            f"known platforms: {', '.join(sorted(known))}"
        )
    return known[key]


@dataclass(frozen=True, slots=True)
class RuleOption:
    """An option a Checker accepts (config: [tool.disclosure-check.rule-options])."""

    meaning: str
    low: int
    high: int  # far above any platform's caption limit: a bigger number is a typo

    def problem(self, value: object) -> str | None:
        # bool is an int in Python; `fold-chars = true` is a mistake, not 1.
        if isinstance(value, bool) or not isinstance(value, int):
            return f"must be a whole number from {self.low} to {self.high}, not {value!r}"
        if not self.low <= value <= self.high:
            return f"must be a whole number from {self.low} to {self.high}, not {value!r}"
        return None


OPTIONS: Mapping[str, RuleOption] = MappingProxyType(
    {
        "fold-chars": RuleOption(
            "characters shown before the platform's 'more' fold (0: no fold)", 0, 100_000
        ),
        "fold-lines": RuleOption(
            "lines shown before the fold (0: not limited by lines)", 0, 10_000
        ),
    }
)
# Where no platform is named: the strictest common feed (Instagram's 125 characters, 3 lines).
DEFAULT_FOLD = (125, 3)


def apply_options(platform: Platform | None, options: Mapping[str, Any]) -> Platform | None:
    """The platform with the fold overridden by options such as {"fold-chars": 100}."""
    if not isinstance(options, Mapping):
        raise TypeError(f"options must be a mapping such as {{'fold-chars': 100}}, not {options!r}")
    unknown = sorted(set(options) - set(OPTIONS))
    if unknown:
        raise ValueError(
            f"unknown option {unknown[0]!r}{suggest(unknown[0], OPTIONS)}; "
            f"known options: {', '.join(OPTIONS)}"
        )
    for key, value in options.items():
        problem = OPTIONS[key].problem(value)
        if problem:
            raise ValueError(f"option {key!r} {problem}")
    if not options:
        return platform
    base = platform or Platform("custom", "Custom", 0, *DEFAULT_FOLD, "", "U", "", "")
    return replace(
        base,
        fold_chars=options.get("fold-chars", base.fold_chars),
        fold_lines=options.get("fold-lines", base.fold_lines),
    )
