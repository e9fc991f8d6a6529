"""Brand mentions: an @mention promoted in the same line (a code, a link, a price, a CTA …).

An @mention of a friend or a photographer carries no promotional wording around it and is not
reported; one named in PostInfo.brands always is.
"""

from __future__ import annotations

import bisect
import re
import tomllib
from collections.abc import Callable, Iterable
from functools import lru_cache
from importlib.resources import files

from ..caption import Caption, Token
from ..model import SignalBasis
from ..normalize import fold_text


def _alternatives(items: Iterable[str], *, words: bool = False) -> str:
    escaped = sorted((re.escape(x) for x in items), key=len, reverse=True)
    return "(?:" + "|".join(f"{x}\\b" if words else x for x in escaped) + ")"


@lru_cache(maxsize=1)
def price_pattern() -> re.Pattern[str]:
    """Prices and discounts, from data/prices.toml."""
    data = tomllib.loads(files("disclosure_check").joinpath("data/prices.toml").read_text("utf-8"))
    before = _alternatives(data["currency_before"])
    large = _alternatives(data["large_amounts"], words=True)
    after = (
        "(?:"
        + "|".join(
            (
                _alternatives(data["currency_after_symbols"]),
                _alternatives(data["currency_after_words"], words=True),
            )
        )
        + ")"
    )
    off = (
        "(?:"
        + "|".join(
            (
                _alternatives(data["percent_off_words"], words=True),
                _alternatives(data["percent_off_prefixes"]),
            )
        )
        + ")"
    )
    return re.compile(
        rf"{before}[^\S\n]?\d+(?:[.,]\d+)?(?![.,]?\d|[^\S\n]?{large})"
        rf"|\d+(?:[.,]\d+)?[^\S\n]?{after}"
        r"|-\d{1,2}[^\S\n]?%"
        rf"|\d{{1,2}}[^\S\n]?%[^\S\n]?{off}"
    )


_DIGIT = re.compile(r"\d")
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


def normalise_brand(name: str) -> str:
    return re.sub(r"[\W_]+", "", name.lower().lstrip("@#"))


def promoted_mentions(
    caption: Caption,
    cue_offsets: Iterable[int],
    known_brands: Iterable[str],
    label_offsets: Iterable[int] = (),
    line_cue_offsets: Iterable[int] = (),
) -> list[tuple[Token, str, SignalBasis]]:
    """Mentions that sit in a paragraph with a promotional cue, or on a line with a weak one
    (a call to action: "link in bio" says nothing about the friends tagged three lines up),
    or that the caller named; with why, and what the promotion rests on (a mention promoted
    only by a label rests on the label)."""
    mentions = caption.mentions
    if not mentions:
        return []
    known = {normalise_brand(b) for b in known_brands}
    paragraph = _paragraphs(caption)
    cue_paragraphs = {paragraph(offset) for offset in cue_offsets}
    label_paragraphs = {paragraph(offset) for offset in label_offsets}
    cue_lines = {caption.line_of(offset) for offset in line_cue_offsets}
    folded = caption.folded
    if "%" in folded or _DIGIT.search(folded):
        for m in price_pattern().finditer(folded):
            cue_paragraphs.add(paragraph(caption.span(m.start(), m.end())[0]))
    out = []
    for mention in mentions:
        if normalise_brand(mention.text) in known:
            out.append((mention, "named in PostInfo.brands", SignalBasis.POST))
        elif _credited(caption, mention) or _press(caption, mention):
            continue  # "photo @anna", "@citymag cover story": a credit, whatever the paragraph says
        elif paragraph(mention.start) in cue_paragraphs:
            out.append((mention, "promotional wording in the same paragraph", SignalBasis.TEXT))
        elif paragraph(mention.start) in label_paragraphs:
            out.append((mention, "label next to it", SignalBasis.LABEL))
        elif caption.line_of(mention.start) in cue_lines:
            out.append((mention, "call to action on the same line", SignalBasis.TEXT))
    return out


def _credited(caption: Caption, mention: Token) -> bool:
    before = fold_text(caption.original[max(0, mention.start - 40) : mention.start])
    return _credit_pattern().search(before) is not None


def _press(caption: Caption, mention: Token) -> bool:
    after = fold_text(caption.original[mention.end : mention.end + 30])
    return _press_pattern().match(after) is not None


@lru_cache(maxsize=1)
def _press_pattern() -> re.Pattern[str]:
    """A feature right after a publication's mention (data/credits.toml `press_after`)."""
    data = tomllib.loads(files("disclosure_check").joinpath("data/credits.toml").read_text("utf-8"))
    words = sorted((fold_text(w) for w in data["press_after"]), key=len, reverse=True)
    feature = "|".join(re.escape(w).replace(r"\ ", r"[^\S\n]+") for w in words)
    return re.compile(rf"(?:'s)?[^\S\n]+(?:{feature})(?!\w)")


@lru_cache(maxsize=1)
def _credit_pattern() -> re.Pattern[str]:
    """A credit role right before a mention (data/credits.toml), as the folded text has it."""
    data = tomllib.loads(files("disclosure_check").joinpath("data/credits.toml").read_text("utf-8"))
    words = sorted((fold_text(w) for w in data["roles"]), key=len, reverse=True)
    emoji = sorted((fold_text(e) for e in data["emoji"]), key=len, reverse=True)
    role = "|".join(re.escape(w).replace(r"\ ", r"[^\S\n]+") for w in words)
    sign = "|".join(re.escape(e) for e in emoji)
    return re.compile(
        rf"(?:(?<!\w)(?:{role})(?:[^\S\n]+(?:by|par|von|di|de|por))?|{sign})"
        r"[^\S\n]*[:\-–—|]?[^\S\n]*\Z"
    )


def _paragraphs(caption: Caption) -> Callable[[int], int]:
    """Offset -> paragraph number; paragraphs are separated by a blank line."""
    breaks = [m.start() for m in _BLANK_LINE.finditer(caption.original)]

    def paragraph(offset: int) -> int:
        return bisect.bisect_right(breaks, offset)

    return paragraph
