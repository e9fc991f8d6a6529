"""Brand mentions: an @mention promoted in the same line (a code, a link, a price, a CTA …).

An @mention of a friend or a photographer carries no promotional wording around it and is not
reported; one named in PostInfo.brands always is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..caption import Caption, Token

_PRICE = re.compile(
    r"(?:[€$£¥₹]|r\$|zł|kr\.?|chf)[^\S\n]?\d+(?:[.,]\d+)?"
    r"|\d+(?:[.,]\d+)?[^\S\n]?(?:€|\$|£|eur\b|euros?\b|usd\b|kr\b|zł|pln\b|sek\b|dkk\b|nok\b)"
    r"|-?\d{1,2}[^\S\n]?%[^\S\n]?(?:off|de\s|sur|auf|di\s|korting|rabat|alennus|desconto|descuento)"
)


def normalise_brand(name: str) -> str:
    return re.sub(r"[\W_]+", "", name.lower().lstrip("@#"))


def promoted_mentions(
    caption: Caption,
    cue_offsets: Iterable[int],
    known_brands: Iterable[str],
) -> list[tuple[Token, str]]:
    """Mentions that sit on a line with a promotional cue, or that the caller named."""
    mentions = caption.mentions
    if not mentions:
        return []
    known = {normalise_brand(b) for b in known_brands}
    cue_lines = {caption.line_of(offset) for offset in cue_offsets}
    folded = caption.folded
    if "%" in folded or any(c.isdigit() for c in folded):
        for m in _PRICE.finditer(folded):
            cue_lines.add(caption.line_of(caption.span(m.start(), m.end())[0]))
    out = []
    for mention in mentions:
        if normalise_brand(mention.text) in known:
            out.append((mention, "named in PostInfo.brands"))
        elif caption.line_of(mention.start) in cue_lines:
            out.append((mention, "promotional wording on the same line"))
    return out
