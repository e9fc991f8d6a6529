"""Discount codes: a code-like token right after a trigger phrase ("use code EMMA20").

The span is the code itself. "code review", "dress code" or "QR code" do not qualify because
what follows the trigger is not code-like: it must contain a digit, or be written in capitals.
Real creators also write codes in lower case or short ("avec le code spanox", "code BNZ"); such
a word counts only after an explicit trigger of several words with a discount on its line.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import lru_cache
from importlib.resources import files

from ..caption import Caption
from ..normalize import confusables
from .brands import price_pattern

# Between the trigger and the code: spaces, a colon, an equals sign, quotes, an arrow.
_LEAD = re.compile(
    r"[^\S\n]*(?:[:=：\-–>→➜➔➡👉]+[^\S\n]*)?(?P<quote>[\"'«“„‚‘*【「『\[(]{0,2})[^\S\n]*"
)
_CLOSING = frozenset("\"'»”‘’*】」』])")
# Codes are Latin letters and digits (after folding, so 𝐄𝐌𝐌𝐀𝟐𝟎 counts): a code written right
# before Japanese or Chinese text ("はABC10です") must not swallow it.
_CODE = re.compile(r"[a-z0-9][a-z0-9_\-]{1,23}(?![a-z0-9_])")
_HAS_LETTER = re.compile(r"[^\W\d_]")
# What follows a code: the next word, or None when a line end or a punctuation mark comes first.
_NEXT = re.compile(r"[^\S\n]*(?:(?P<word>[^\W\d_]+)|[\n.,;:!?)\]»\"'’”*/|-])")


@lru_cache(maxsize=1)
def _word_lists() -> dict[str, frozenset[str]]:
    """The word lists of data/codes.toml."""
    text = files("disclosure_check").joinpath("data/codes.toml").read_text("utf-8")
    return {key: frozenset(words) for key, words in tomllib.loads(text).items()}


def code_after(
    caption: Caption, trigger_fend: int, *, explicit: bool = False
) -> tuple[int, int] | None:
    """Original span of the discount code that follows a trigger ending at folded `trigger_fend`.

    `explicit`: the trigger is a phrase that can only introduce a code ("avec le code", "use
    code"), so a lower-case or short word after it is a code when its line names a discount."""
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
    words = _word_lists()
    if token.lower() in words["grammar_after_trigger"]:
        return None  # "NO CODE NEEDED", "COUPON CODES": a shouted word, not a code
    if is_code_like(token):
        return start, end
    if explicit and _plain_word_code(folded, m.group(), fend, words):
        return start, end
    return None


def _plain_word_code(folded: str, word: str, fend: int, words: dict[str, frozenset[str]]) -> bool:
    """A lower-case or short word after an explicit trigger: a code when it ends its clause
    and its line names a discount."""
    if len(word) < 3 or word in words["words_after_trigger"]:
        return False
    after = _NEXT.match(folded, fend)
    following = after.group("word") if after else None
    ends = following is None or following in words["words_after_code"]
    return ends and _discount_on_line(folded, fend)


def _discount_on_line(folded: str, pos: int) -> bool:
    """A price or a discount ("10%", "5 dollars", "-15 %") on the line of folded `pos`."""
    start = folded.rfind("\n", 0, pos) + 1
    end = folded.find("\n", pos)
    line = folded[start : end if end >= 0 else len(folded)]
    return price_pattern().search(line) is not None


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
