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
def _phrase_hint() -> re.Pattern[str]:
    """The first words of the multi-word entries, to skip the phrase search cheaply."""
    hints = sorted({p.split(" ")[0] for p in lexicon().phrase_topics})
    return re.compile("|".join(re.escape(h) for h in hints) or "(?!)")


def topic_words(caption: str) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """((topic, word) for each topic word, the caption's hashtags), both folded, in order."""
    lex = lexicon()
    # One fold of the whole caption: the accent table maps a letter to one letter, so words
    # and hashtags split exactly as in the lower-cased caption.
    text = caption.lower()
    if not text.isascii():
        text = text.translate(_accents())
    words = lex.words
    hits = [(words[w], w) for w in _WORD.findall(text) if w in words]
    tags = tuple(_HASHTAG.findall(text)) if "#" in text else ()
    if lex.phrases is not None and _phrase_hint().search(text):
        for found in lex.phrases.finditer(text):
            hits.append((lex.phrase_topics[found.group()], found.group()))
    return tuple(hits), tags
