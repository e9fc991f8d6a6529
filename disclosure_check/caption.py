"""A caption read once: tokens with original offsets, lines, the fold, the trailing hashtag pile.

Everything is computed on the folded view (normalize.py) and reported in original offsets.
Token lists are built lazily: a check that never asks for mentions never pays for them.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from .normalize import FoldedText
from .platforms import DEFAULT_FOLD, Platform

# A URL: with a scheme or www., or a bare domain followed by a path ("amzn.to/3xYz").
# Characters are limited to what URLs hold so that a sentence after a link is not swallowed.
_URL = re.compile(
    r"(?<![\w@.])(?:"
    r"(?:https?://|www\.)[^\s<>\"'`]+"
    r"|(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}/[^\s<>\"'`]*"
    r")"
)
_URL_TRAILING = ".,;:!?)]}'\"…»"
_END = sys.maxsize
_HASHTAG = re.compile(r"(?<![\w&#])#\w+")
_MENTION = re.compile(r"(?<![\w@.])@[\w](?:[\w.]*\w)?")
_WORD = re.compile(r"\w+(?:['-]\w+)*")
_GAP_HAS_WORD = re.compile(r"\w")


class TokenKind(StrEnum):
    WORD = "word"
    HASHTAG = "hashtag"
    MENTION = "mention"
    URL = "url"
    EMOJI = "emoji"
    LINE_BREAK = "line-break"


@dataclass(frozen=True, slots=True)
class Token:
    kind: TokenKind
    start: int  # original offsets
    end: int
    text: str  # folded text of the token


class Caption:
    """The caption, its folded view and the structure rules ask about."""

    def __init__(self, original: str) -> None:
        self.original = original
        self.view = FoldedText.of(original)
        self.folded = self.view.text

    def span(self, fstart: int, fend: int) -> tuple[int, int]:
        """Original offsets of a folded range, with the marks that follow its last character
        (a decomposed accent, a variation selector, a combining underline) included."""
        start, end = self.view.to_original(fstart, fend)
        original = self.original
        if end > start:
            while end < len(original) and unicodedata.category(original[end]) in ("Mn", "Me"):
                end += 1
        return start, end

    def _tokens(self, pattern: re.Pattern[str], kind: TokenKind) -> tuple[Token, ...]:
        out = []
        for m in pattern.finditer(self.folded):
            start, end = m.start(), m.end()
            ostart, oend = self.span(start, end)
            out.append(Token(kind, ostart, oend, self.folded[start:end]))
        return tuple(out)

    @cached_property
    def _url_matches(self) -> tuple[tuple[int, int], ...]:
        # A URL needs a dot; most captions have none worth scanning for.
        if "." not in self.folded or ("/" not in self.folded and "www" not in self.folded):
            return ()
        return tuple(m.span() for m in _URL.finditer(self.folded))

    @cached_property
    def urls(self) -> tuple[Token, ...]:
        out = []
        for start, end in self._url_matches:
            while end > start and self.folded[end - 1] in _URL_TRAILING:
                end -= 1
            ostart, oend = self.span(start, end)
            out.append(Token(TokenKind.URL, ostart, oend, self.folded[start:end]))
        return tuple(out)

    @property
    def url_ranges_folded(self) -> tuple[tuple[int, int], ...]:
        """Folded ranges of URLs, so that matches inside a link can be discarded."""
        return self._url_matches

    def in_url(self, fstart: int) -> bool:
        ranges = self._url_matches
        i = bisect_right(ranges, (fstart, _END)) - 1
        return i >= 0 and ranges[i][0] <= fstart < ranges[i][1]

    @cached_property
    def hashtags(self) -> tuple[Token, ...]:
        if "#" not in self.folded:
            return ()
        return tuple(
            t for t in self._tokens(_HASHTAG, TokenKind.HASHTAG) if not self._inside_url(t)
        )

    @cached_property
    def mentions(self) -> tuple[Token, ...]:
        if "@" not in self.folded:
            return ()
        return tuple(
            t for t in self._tokens(_MENTION, TokenKind.MENTION) if not self._inside_url(t)
        )

    def _inside_url(self, token: Token) -> bool:
        urls = self.urls
        i = bisect_right(self._url_starts, token.start) - 1
        return i >= 0 and urls[i].start <= token.start < urls[i].end

    @cached_property
    def _url_starts(self) -> list[int]:
        return [u.start for u in self.urls]

    @cached_property
    def words(self) -> tuple[Token, ...]:
        return self._tokens(_WORD, TokenKind.WORD)

    def tokens(self) -> tuple[Token, ...]:
        """Every token in order: words, hashtags, mentions, URLs, emoji and line breaks."""
        taken: list[Token] = [*self.urls, *self.hashtags, *self.mentions]
        covered = [(t.start, t.end) for t in taken]

        def free(start: int) -> bool:
            return not any(a <= start < b for a, b in covered)

        for w in self.words:
            if free(w.start) and (w.start == 0 or self.original[w.start - 1] not in "#@"):
                taken.append(w)
        for i, ch in enumerate(self.original):
            if ch == "\n":
                taken.append(Token(TokenKind.LINE_BREAK, i, i + 1, "\n"))
            elif _is_emoji(ch) and free(i):
                taken.append(Token(TokenKind.EMOJI, i, i + 1, ch))
        return tuple(sorted(taken, key=lambda t: (t.start, t.end)))

    @cached_property
    def line_starts(self) -> tuple[int, ...]:
        """Original offsets at which each line starts."""
        starts = [0]
        find = self.original.find
        i = find("\n")
        while i != -1:
            starts.append(i + 1)
            i = find("\n", i + 1)
        return tuple(starts)

    def fold_offset(self, platform: Platform | None) -> int:
        """Original offset of the platform's "more" fold (len(caption) when nothing is folded)."""
        n = len(self.original)
        if platform is None:
            platform_chars, platform_lines = DEFAULT_FOLD
        else:
            platform_chars, platform_lines = platform.fold_chars, platform.fold_lines
        limit = n
        if platform_chars:
            limit = min(limit, platform_chars)
        if platform_lines and len(self.line_starts) > platform_lines:
            limit = min(limit, self.line_starts[platform_lines] - 1)
        return limit

    @cached_property
    def pile_start(self) -> int | None:
        """Original offset where the trailing pile of three or more hashtags starts."""
        tags = self.hashtags
        if len(tags) < 3:
            return None
        tail = self.original[tags[-1].end :]
        if _GAP_HAS_WORD.search(tail):
            return None
        count = 1
        first = tags[-1]
        for prev in reversed(tags[:-1]):
            gap = self.original[prev.end : first.start]
            if _GAP_HAS_WORD.search(gap):
                break
            if "\n" in gap:
                # A tag that ends a line of text belongs to the text, not to the pile below it.
                line_start = self.original.rfind("\n", 0, prev.start) + 1
                if _GAP_HAS_WORD.search(self._untagged(line_start, prev.start)):
                    break
            count += 1
            first = prev
        return first.start if count >= 3 else None

    def _untagged(self, start: int, end: int) -> str:
        """The original text in [start, end) with hashtags blanked out."""
        text = self.original[start:end]
        for tag in self.hashtags:
            if start <= tag.start < end:
                a, b = tag.start - start, min(tag.end, end) - start
                text = text[:a] + " " * (b - a) + text[b:]
        return text

    def visible(self, start: int, platform: Platform | None) -> bool:
        """A label at `start` shows before the fold and outside the trailing hashtag pile."""
        if start >= self.fold_offset(platform):
            return False
        pile = self.pile_start
        if pile is not None and start >= pile:
            # The first word of the caption stays up front even when the whole caption is tags.
            return not self.original[:start].strip()
        return True

    def line_of(self, offset: int) -> int:
        """0-based line number of an original offset."""
        return max(0, bisect_right(self.line_starts, offset) - 1)


def _is_emoji(ch: str) -> bool:
    cp = ord(ch)
    return (
        0x1F000 <= cp <= 0x1FAFF
        or 0x2600 <= cp <= 0x27BF
        or 0x2B00 <= cp <= 0x2BFF
        or cp in (0x00A9, 0x00AE, 0x203C, 0x2049, 0x2122, 0x2139, 0x3030, 0x303D)
    )
