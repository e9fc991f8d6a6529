"""Labels written in characters that people and screen readers do not read as plain letters."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from ..context import Context
from ..model import Applicability, Category, Edit, Fix
from ..normalize import confusables
from .base import Hit, Rule

_STYLED = ("<font>", "<wide>", "<circle>", "<square>", "<super>", "<sub>", "<small>")


def stylised(text: str) -> bool:
    """Whether a label uses decorative letters (𝐏𝐮𝐛, ＃ａｄ, 🅐🅓, ᴀᴅ) or look-alikes (Cyrillic а)."""
    table = confusables()
    for ch in text:
        if ch.isascii():
            continue
        if unicodedata.decomposition(ch).startswith(_STYLED):
            return True
        if ch in table and table[ch].isalpha():
            return True
    return False


def plain(text: str) -> str:
    """The label in plain letters, keeping case and accents."""
    table = confusables()
    out = []
    for ch in unicodedata.normalize("NFKC", text):
        mapped = table.get(ch, ch)
        out.append(mapped.upper() if ch.isupper() and mapped.isalpha() else mapped)
    return "".join(out)


class StylisedLabel(Rule):
    """Every disclosure is written in decorative Unicode letters."""

    kind = "stylised-label"
    category = Category.AMBIGUOUS_DISCLOSURE
    fixable = True

    def check(self, ctx: Context) -> Iterable[Hit]:
        if not ctx.commercial or not ctx.labels:
            return
        if not all(stylised(label.text) for label in ctx.labels):
            return
        first = ctx.labels[0]
        readable = plain(first.text)
        yield Hit(
            first.span,
            f"{first.text!r} is written in decorative Unicode characters: screen readers spell "
            f"them out or skip them, and many readers do not take them for a word. Write the "
            f"label in plain letters ({readable!r}).",
            fix=Fix(
                message=f"Write the label as {readable!r}.",
                edits=(Edit(first.span, readable),),
                applicability=Applicability.SUGGESTED,
            ),
        )
