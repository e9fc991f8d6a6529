"""Discount codes: a code-like token right after a trigger phrase ("use code EMMA20").

The span is the code itself. "code review", "dress code" or "QR code" do not qualify because
what follows the trigger is not code-like: it must contain a digit, or be written in capitals.
"""

from __future__ import annotations

import re
import unicodedata

from ..caption import Caption
from ..normalize import confusables

# Between the trigger and the code: spaces, a colon, an equals sign, quotes, an arrow.
_LEAD = re.compile(
    r"[^\S\n]*(?:[:=：\-–>→➜➔➡👉]+[^\S\n]*)?(?P<quote>[\"'«“„‚‘*【「『\[(]{0,2})[^\S\n]*"
)
_CLOSING = frozenset("\"'»”‘’*】」』])")
# English words that follow a code trigger in shouted headlines ("NO CODE NEEDED", "COUPON
# CODES", "CODE BELOW"): in capitals they look like codes but are the sentence going on.
_GRAMMAR_AFTER_TRIGGER = frozenset(
    {"needed", "required", "necessary", "codes", "below", "above", "here", "inside", "applied",
     "expired", "works", "valid", "only", "list"}
)  # fmt: skip
# Codes are Latin letters and digits (after folding, so 𝐄𝐌𝐌𝐀𝟐𝟎 counts): a code written right
# before Japanese or Chinese text ("はABC10です") must not swallow it.
_CODE = re.compile(r"[a-z0-9][a-z0-9_\-]{1,23}(?![a-z0-9_])")
_HAS_LETTER = re.compile(r"[^\W\d_]")


def code_after(caption: Caption, trigger_fend: int) -> tuple[int, int] | None:
    """Original span of the discount code that follows a trigger ending at folded `trigger_fend`."""
    folded = caption.folded
    lead = _LEAD.match(folded, trigger_fend)
    pos = lead.end() if lead else trigger_fend
    m = _CODE.match(folded, pos)
    if m is None:
        return None
    fstart, fend = m.span()
    fend = fstart + len(m.group().rstrip("-"))
    start, end = caption.span(fstart, fend)
    token = plain_letters(caption.original[start:end])
    quoted = bool(lead and lead.group("quote")) and folded[fend : fend + 1] in _CLOSING
    if quoted and len(token) >= 2:
        return start, end  # 'code "Red"': the quotes say this word is the code
    if not is_code_like(token):
        return None
    if token.lower() in _GRAMMAR_AFTER_TRIGGER:
        return None  # "NO CODE NEEDED", "COUPON CODES": a shouted word, not a code
    return start, end


def plain_letters(text: str) -> str:
    """The code as plain letters, capitals kept: "🄴🄼🄼🄰20", "ⒺⓂⓂⒶ20", "ΕΜΜΑ20" -> "EMMA20"."""
    table = confusables()
    out = []
    for ch in unicodedata.normalize("NFKC", text):
        mapped = table.get(ch)
        if mapped is None:
            out.append(ch)
        elif ch.isupper() or not ch.isalpha():
            out.append(mapped.upper())  # enclosed letters and capital look-alikes are capitals
        else:
            out.append(mapped)
    return "".join(out)


def is_code_like(token: str) -> bool:
    letters = _HAS_LETTER.findall(token)
    digits = sum(ch.isdigit() for ch in token)
    if len(token) < 3 or len(token) > 24:
        return False
    if letters and digits:
        return True
    if not letters:
        return digits >= 4  # "code 2024" is plausible, "code 20" more likely a percentage
    # All letters: only a capitalised token ("EMMA") is a code, and "I"/"OK"-like words are not.
    return all(ch.isupper() for ch in letters) and len(letters) >= 4
