"""Topics of a caption from the per-language lexicons (data: topics/<lang>.toml) and its hashtags.

Every language's words are looked up whatever the caption's language: captions mix languages,
and a topic word rarely means something else in another supported language.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

_WORD = re.compile(r"\w+(?:[-']\w+)*")
_HASHTAG = re.compile(r"#\w+")


@dataclass(frozen=True, slots=True)
class Lexicon:
    words: dict[str, str]  # folded word -> topic
    phrases: re.Pattern[str] | None  # multi-word entries ("fond de teint")
    phrase_topics: dict[str, str]
    languages: tuple[str, ...]


@lru_cache(maxsize=1)
def _accents() -> dict[int, str]:
    """Latin letters with accents -> without (é -> e), for a fold that costs one translate."""
    table = {}
    for code in range(0xC0, 0x250):
        base = unicodedata.normalize("NFKD", chr(code))[:1]
        if base.isascii() and base.isalpha() and base != chr(code):
            table[code] = base.lower()
    return table


def _fold(text: str) -> str:
    # Lighter than the checker's fold (normalize.py): topics need words, not evasion-proofing.
    return text.lower().translate(_accents())


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    words: dict[str, str] = {}
    phrases: dict[str, str] = {}
    languages = []
    folder = files("disclosure_check.audits").joinpath("topics")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        data = tomllib.loads(entry.read_text("utf-8"))
        languages.append(str(data["language"]))
        for topic, terms in data["topics"].items():
            for term in terms:
                folded = _fold(term)
                target = phrases if " " in folded else words
                target.setdefault(folded, topic)
    pattern = None
    if phrases:
        body = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
        pattern = re.compile(rf"(?<!\w)(?:{body})(?!\w)")
    return Lexicon(words, pattern, phrases, tuple(languages))


@lru_cache(maxsize=1)
def _phrase_hints() -> tuple[str, ...] | None:
    """The first word of each multi-word entry, to skip the phrase search cheaply; None when a
    first word has accents (the lower-cased caption cannot be tested for it)."""
    hints = sorted({p.split(" ")[0] for p in lexicon().phrase_topics})
    return tuple(hints) if all(h.isascii() for h in hints) else None


def topic_words(caption: str) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """((topic, word) for each topic word, the caption's hashtags), both folded, in order."""
    lex = lexicon()
    lower = caption.lower()
    words = lex.words
    # Fold (strip accents) only the words that need it: most are ASCII already.
    table = _accents()
    tokens = [w if w.isascii() else w.translate(table) for w in _WORD.findall(lower)]
    hits = [(words[w], w) for w in tokens if w in words]
    tags = [t if t.isascii() else t.translate(table) for t in _HASHTAG.findall(lower)]
    hints = _phrase_hints()
    if lex.phrases is not None and (hints is None or any(h in lower for h in hints)):
        text = _fold(caption)
        for found in lex.phrases.finditer(text):
            hits.append((lex.phrase_topics[found.group()], found.group()))
    return tuple(hits), tuple(tags)
