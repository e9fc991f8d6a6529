"""The matching view of a caption: folded text plus a map back to the original offsets.

Matching runs on a folded copy of the caption (compatibility forms, case, accents, look-alike
letters, zero-width characters and HTML entities all folded away) so that `𝐏𝐮𝐛𝐥𝐢𝐜𝐢𝐭é`,
`＃ａｄ`, `Wer\\u00adbung` and `&#35;ad` match like the plain words. Every folded character
remembers the original range it came from, so a span found in the folded text maps back to
exactly the original characters: `caption[span.start:span.end]` is what the user wrote.
"""

from __future__ import annotations

import html
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from itertools import chain, repeat

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,9});")


@lru_cache(maxsize=1)
def _confusables() -> dict[str, str]:
    data = tomllib.loads(
        files("disclosure_check").joinpath("data/confusables.toml").read_text("utf-8")
    )
    fold: dict[str, str] = data["fold"]
    return fold


@lru_cache(maxsize=65536)
def fold_char(ch: str) -> str:
    """What one character becomes in the matching view ('' when it is dropped)."""
    if ch in "\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e":
        return ""
    table = _confusables()
    if ch in table:
        return table[ch]
    cp = ord(ch)
    if 0x3040 <= cp <= 0x30FF or 0xAC00 <= cp <= 0xD7A3 or 0x4E00 <= cp <= 0x9FFF:
        # Kana, Hangul syllables and Han ideographs stay whole: decomposing would strip the
        # voicing marks of kana (で -> て) and split a Hangul syllable into letters.
        return ch
    category = unicodedata.category(ch)
    if category == "Cf" or category == "Mn" or category == "Me":
        # bidi controls, joiners, variation selectors, combining marks (accents)
        return ""
    if category == "Cs":  # lone surrogate: keep a placeholder so offsets stay aligned
        return "\ufffd"
    decomposed = unicodedata.normalize("NFKD", ch)
    out = []
    for c in decomposed.casefold():
        if unicodedata.category(c) in ("Mn", "Me"):
            continue
        out.append(table.get(c, c))
    folded = "".join(out)
    if folded.isspace() and ch not in "\n":
        return "\n" if ch in "\u2028\u2029\x0b\x0c\x85" else " "
    return folded


class _FoldTable(dict[int, str]):
    """Code point -> folded text, filled on first sight (str.translate reads it)."""

    def __missing__(self, codepoint: int) -> str:
        folded = fold_char(chr(codepoint))
        self[codepoint] = folded
        if len(folded) != 1:
            _IRREGULAR.add(chr(codepoint))
        return folded


_TABLE = _FoldTable()
_TABLE_LIMIT = 200_000  # distinct code points kept; the table is cleared past that
# Characters whose fold is not exactly one character (dropped marks, "ß" -> "ss" …).
_IRREGULAR: set[str] = set()


def fold_text(text: str) -> str:
    """Fold a term or phrase the same way captions are folded (no offsets needed)."""
    return FoldedText.of(text).text


@dataclass(frozen=True, slots=True)
class FoldedText:
    """Folded text with, for each folded character, the original range it came from.

    `starts`/`ends` are None when the fold kept every offset (the common case: ASCII text or
    one-for-one replacements), which saves building two lists per caption.
    """

    text: str
    starts: tuple[int, ...] | None
    ends: tuple[int, ...] | None

    @classmethod
    def of(cls, original: str) -> FoldedText:
        if original.isascii() and "&" not in original:
            return cls(original.lower(), None, None)
        entities: dict[int, tuple[int, str]] = {}
        if "&" in original:
            for m in _ENTITY.finditer(original):
                decoded = html.unescape(m.group())
                if decoded != m.group() and len(decoded) == 1:
                    entities[m.start()] = (m.end(), decoded)
        if not entities:
            return cls._translated(original)
        return cls._walked(original, entities)

    @classmethod
    def _translated(cls, original: str) -> FoldedText:
        """The common path: one C-level translate, offsets rebuilt only if lengths changed."""
        table = _TABLE
        if len(table) > _TABLE_LIMIT:
            table.clear()
        text = original.translate(table)
        irregular = _IRREGULAR
        if len(text) == len(original) and not any(map(irregular.__contains__, original)):
            return cls(text, None, None)
        lengths = map(len, map(table.__getitem__, map(ord, original)))
        starts = tuple(chain.from_iterable(repeat(i, n) for i, n in enumerate(lengths) if n))
        return cls(text, starts, tuple(map((1).__add__, starts)))

    @classmethod
    def _walked(cls, original: str, entities: dict[int, tuple[int, str]]) -> FoldedText:
        """Character by character, for captions with HTML entities (several chars -> one)."""
        parts: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        identity = not entities
        i = 0
        n = len(original)
        while i < n:
            if i in entities:
                end, decoded = entities[i]
                piece = fold_char(decoded)
                identity = False
            else:
                end = i + 1
                piece = fold_char(original[i])
                if len(piece) != 1:
                    identity = False
            for c in piece:
                parts.append(c)
                starts.append(i)
                ends.append(end)
            i = end
        text = "".join(parts)
        if identity:
            return cls(text, None, None)
        return cls(text, tuple(starts), tuple(ends))

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a folded half-open range to the original caption's range."""
        if self.starts is None or self.ends is None:
            return start, end
        if start >= end:
            pos = self.starts[start] if start < len(self.starts) else self._end_of_original()
            return pos, pos
        return self.starts[start], self.ends[end - 1]

    def original_offset(self, folded_index: int) -> int:
        if self.starts is None:
            return folded_index
        if folded_index < len(self.starts):
            return self.starts[folded_index]
        return self._end_of_original()

    def _end_of_original(self) -> int:
        assert self.ends is not None
        return self.ends[-1] if self.ends else 0
