"""Dropshipping cues: urgency, free worldwide shipping, "viral product", a shop link, storefront
hosts (data: dropshipping.toml). Each cue is a DROPSHIPPING signal whose detail names its group.

Cues are reported only when `strong_cues` holds: enough of them together that the French duty to
name the supplier (loi n° 2023-451, dropshipping) is worth asking about.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from functools import lru_cache
from importlib.resources import files
from typing import Any
from urllib.parse import urlsplit

from ..caption import Caption
from ..model import Signal, SignalKind, Span
from ..normalize import FoldedText

STOREFRONT = "storefront"


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    text = files("disclosure_check.signals").joinpath("dropshipping.toml").read_text("utf-8")
    return tomllib.loads(text)


def _phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    folded = sorted({FoldedText.of(p).text for p in phrases}, key=len, reverse=True)
    body = "|".join(re.escape(p) for p in folded)
    return re.compile(rf"(?<![\w#])(?:{body})(?!\w)")


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    groups: dict[str, list[str]] = _data()["groups"]
    return tuple((name, _phrase_pattern(phrases)) for name, phrases in groups.items())


@lru_cache(maxsize=1)
def _supplier_pattern() -> re.Pattern[str]:
    return _phrase_pattern(_data()["supplier"]["terms"])


@lru_cache(maxsize=1)
def _hosts() -> frozenset[str]:
    return frozenset(h.lower() for h in _data()["storefront"]["hosts"])


def _storefront(url: str) -> bool:
    target = url if "://" in url else "http://" + url
    try:
        host = (urlsplit(target).hostname or "").lower()
    except ValueError:
        return False
    labels = host.split(".")
    return any(".".join(labels[i:]) in _hosts() for i in range(len(labels) - 1))


def dropshipping_cues(caption: Caption) -> list[Signal]:
    """One signal per cue (the first phrase of each group, each storefront link) when the cues
    are strong together; none otherwise, since one cue alone is an ordinary shop's wording."""
    text = caption.original
    out: list[Signal] = []
    for name, pattern in _patterns():
        found = pattern.search(caption.folded)
        if found is not None:
            start, end = caption.span(found.start(), found.end())
            out.append(Signal(SignalKind.DROPSHIPPING, Span(start, end), text[start:end], name))
    for url in caption.urls:
        if _storefront(url.text):
            span = Span(url.start, url.end)
            out.append(Signal(SignalKind.DROPSHIPPING, span, text[url.start : url.end], STOREFRONT))
    return out if strong_cues(out) else []


def strong_cues(signals: Iterable[Signal]) -> bool:
    """Enough different cue groups together (or a storefront host with some) to ask for the
    supplier's identity."""
    groups = {s.detail for s in signals if s.kind is SignalKind.DROPSHIPPING}
    others = len(groups - {STOREFRONT})
    if STOREFRONT in groups and others >= int(_data()["strong_with_host"]):
        return True
    return others >= int(_data()["strong_groups"])


def supplier_named(caption: Caption) -> Span | None:
    """Where the caption names a supplier (« expédié par … », "supplier:"), if it does."""
    found = _supplier_pattern().search(caption.folded)
    if found is None:
        return None
    return Span(*caption.span(found.start(), found.end()))
