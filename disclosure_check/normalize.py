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
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

# ASCII control characters that fold to nothing (fold_char): such text takes the full path.
_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f]")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,9});")


@lru_cache(maxsize=1)
def confusables() -> dict[str, str]:
    """Characters NFKD does not fold to what they read as (data/confusables.toml)."""
    data = tomllib.loads(
        files("disclosure_check").joinpath("data/confusables.toml").read_text("utf-8")
    )
    fold: dict[str, str] = data["fold"]
    return fold


# Default-ignorable and blank characters, including the "letters" creators use as invisible
# spaces (Hangul fillers, the braille blank): dropped from the matching view.
_INVISIBLE = frozenset(
    "\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e\u034f\u3164\u115f\u1160\uffa0\u2800"
)


@lru_cache(maxsize=65536)
def fold_char(ch: str) -> str:
    """What one character becomes in the matching view ('' when it is dropped)."""
    if ch in _INVISIBLE:
        return ""
    table = confusables()
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
    if category == "Cc" and not ch.isspace():
        # NUL, BEL and the other C0/C1 controls show as nothing, so they must not cut a word
        # in two ("EMMA\x0020" reads as EMMA20); tab, newline and the like are spaces below.
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


# A digit or symbol standing for a letter, between two letters: "b!o", "l1nk", "c0de", "@d".
# The symbol comes first in the pattern so that the regex engine can jump between candidates.
_LEET = re.compile(r"[!1|0345@$7](?<=[a-z].)(?=[a-z])")
_LEET_LETTERS = {"!": "i", "1": "i", "|": "l", "0": "o", "3": "e", "4": "a", "5": "s", "@": "a",
                 "$": "s", "7": "t"}  # fmt: skip
# Three or more single letters with one separator between each: "c o d e", "a.d.s", "p-u-b".
# With spaces, four characters at least ("il y a à boire" is French, not a disguised word);
# words spelt out that way may be parted by two or more spaces ("l i n k  i n  b i o").
_SPELLED = re.compile(
    r"(?<![\w.])[a-z0-9]"
    r"(?:(?:([.·*-])[a-z0-9])(?:\1[a-z0-9])+|(?:  ?[a-z0-9]){3,}(?:(?:   *| )[a-z0-9])*)"
    r"(?![\w])"
)

# A cheap first look (it starts with a separator, which the engine can scan for).
_SPELLED_HINT = re.compile(r"[ .·*-][a-z0-9][ .·*-][a-z0-9](?![\w])")
# A hashtag parted from its word: "# ad".
_SPLIT_TAG = re.compile(r"(?<![\w#])# +(?=[a-z])")

_irregular_cache: tuple[int, re.Pattern[str] | None] = (-1, None)


def _irregular_pattern() -> re.Pattern[str] | None:
    """A character class of every character seen so far whose fold is not one character."""
    global _irregular_cache
    size, pattern = _irregular_cache
    if size != len(_IRREGULAR):
        chars = "".join(sorted(_IRREGULAR))
        pattern = re.compile("[" + re.escape(chars) + "]") if chars else None
        _irregular_cache = (len(_IRREGULAR), pattern)
    return pattern


# A piece of the offset map: (folded start, original start, original end, run). In a run,
# folded character fstart + k is original character ostart + k; otherwise every folded
# character of the piece comes from original[ostart:oend] ("ß" -> "ss", "&#35;" -> "#").
Piece = tuple[int, int, int, bool]


@dataclass(frozen=True, slots=True)
class FoldedText:
    """Folded text and a piecewise map from folded offsets back to the original ones.

    `pieces` is None when every offset is kept (ASCII text, one-for-one replacements), and
    otherwise holds one piece per run of one-for-one characters and one per character that
    folded to zero, several, or (HTML entities) came from several characters.
    """

    text: str
    pieces: tuple[Piece, ...] | None
    length: int
    fstarts: tuple[int, ...] = ()

    @property
    def identity(self) -> bool:
        return self.pieces is None

    @classmethod
    def of(cls, original: str) -> FoldedText:
        return cls._folded(original).undisguised()

    @classmethod
    def _folded(cls, original: str) -> FoldedText:
        if original.isascii() and "&" not in original and not _ASCII_CONTROL.search(original):
            return cls(original.lower(), None, len(original))
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
    def _build(cls, text: str, pieces: list[Piece], length: int) -> FoldedText:
        return cls(text, tuple(pieces), length, tuple(p[0] for p in pieces))

    @classmethod
    def _translated(cls, original: str) -> FoldedText:
        """The common path: one C-level translate; the map is built from the few characters
        that did not fold one-for-one, found by a regex rather than a loop over every one."""
        table = _TABLE
        if len(table) > _TABLE_LIMIT:
            table.clear()
        text = original.translate(table)
        irregular = _irregular_pattern()
        found = list(irregular.finditer(original)) if irregular is not None else []
        if not found:
            return cls(text, None, len(original))
        pieces: list[Piece] = []
        f = o = 0
        for m in found:
            i = m.start()
            if i > o:
                pieces.append((f, o, i, True))
                f += i - o
            width = len(table[ord(original[i])])
            if width:
                pieces.append((f, i, i + 1, False))
                f += width
            o = i + 1
        if o < len(original):
            pieces.append((f, o, len(original), True))
        return cls._build(text, pieces, len(original))

    @classmethod
    def _walked(cls, original: str, entities: dict[int, tuple[int, str]]) -> FoldedText:
        """Character by character, for captions with HTML entities (several chars -> one)."""
        parts: list[str] = []
        pieces: list[Piece] = []
        f = i = 0
        n = len(original)
        while i < n:
            if i in entities:
                end, decoded = entities[i]
                piece = fold_char(decoded)
            else:
                end = i + 1
                piece = fold_char(original[i])
            if piece:
                parts.append(piece)
                pieces.append((f, i, end, False))
                f += len(piece)
            i = end
        return cls._build("".join(parts), pieces, n)

    def undisguised(self) -> FoldedText:
        """Undo the common ways of writing a word so that filters miss it.

        A digit or symbol between two letters reads as the letter it imitates ("link in b!o",
        "l1nk"); letters spelled out one by one are joined ("c o d e", "a.d"). The first keeps
        every offset; the second drops the separators and keeps the map exact.
        """
        text = self.text
        if _LEET.search(text):
            text = _LEET.sub(lambda m: _LEET_LETTERS[m.group()], text)
        drops: list[int] = []
        if _SPELLED_HINT.search(text) and _SPELLED.search(text):
            for m in _SPELLED.finditer(text):
                run = m.group()
                for k in range(1, len(run)):
                    if not run[k].isalnum():
                        # one separator between letters goes; of a wider gap, one space stays
                        wide = run[k - 1] == " " or (k + 1 < len(run) and run[k + 1] == " ")
                        if not (wide and run[k] == " " and run[k - 1] != " "):
                            drops.append(m.start() + k)
        if "#" in text:
            for m in _SPLIT_TAG.finditer(text):
                drops.extend(range(m.start() + 1, m.end()))
        if not drops:
            return (
                self
                if text is self.text
                else FoldedText(text, self.pieces, self.length, self.fstarts)
            )
        dropped = set(drops)
        kept = [i for i in range(len(text)) if i not in dropped]
        pieces = [(n, *self._locate_or_identity(i), False) for n, i in enumerate(kept)]
        return FoldedText._build("".join(text[i] for i in kept), pieces, self.length)

    def _locate_or_identity(self, f: int) -> tuple[int, int]:
        return (f, f + 1) if self.pieces is None else self._locate(f)

    def _locate(self, f: int) -> tuple[int, int]:
        assert self.pieces is not None
        fstart, ostart, oend, run = self.pieces[bisect_right(self.fstarts, f) - 1]
        if run:
            o = ostart + (f - fstart)
            return o, o + 1
        return ostart, oend

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a folded half-open range to the original caption's range."""
        if self.pieces is None:
            return start, end
        if start >= len(self.text) or not self.pieces:
            return self.length, self.length
        if start >= end:
            pos = self._locate(start)[0]
            return pos, pos
        return self._locate(start)[0], self._locate(end - 1)[1]
