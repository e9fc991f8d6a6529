"""The audit's settings (data: audit.toml)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files


@dataclass(frozen=True, slots=True)
class Settings:
    ambiguous_weight: float
    off_topic_below: float
    usual_topics: int
    usual_hashtags: int
    evidence_limit: int
    examples: int
    hashtag_cap: int


@lru_cache(maxsize=1)
def settings() -> Settings:
    data = tomllib.loads(files("disclosure_check.audits").joinpath("audit.toml").read_text("utf-8"))
    return Settings(
        ambiguous_weight=float(data["ambiguous_weight"]),
        off_topic_below=float(data["off_topic_below"]),
        usual_topics=int(data["usual_topics"]),
        usual_hashtags=int(data["usual_hashtags"]),
        evidence_limit=int(data["evidence_limit"]),
        examples=int(data["examples"]),
        hashtag_cap=int(data["hashtag_cap"]),
    )
