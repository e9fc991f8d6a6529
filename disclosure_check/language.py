"""Language resolution: explicit > detected > the audience's default.

Detection is unreliable on short, hashtag-heavy captions, so it runs only when a rule needs the
language, on the caption's running text (hashtags, mentions, URLs and emoji removed), and only
when enough letters remain. It tries a stop-word fast path first (a few microseconds) and falls
back to langdetect's shipped n-gram profiles of the supported languages, scored whole and
without random trials (ngram_language.py): deterministic, and about twenty times faster than
langdetect's own sampling detector, which it replaced (issue 13).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Protocol

from .caption import Caption
from .ngram_language import NgramProfiles, NgramScorer

UNDETERMINED = "und"
MIN_LETTERS = 20  # below this, langdetect guesses; only the stop-word path may answer
MIN_FAST_LETTERS = 8
MIN_SLOW_LETTERS = 40
_CLOSE_GROUP = frozenset({"da", "no", "sv"})

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_LETTER = re.compile(r"[^\W\d_]")
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
# Scripts that no supported language is written in: a caption written mostly in one of them is
# in that script's main language, not in whatever langdetect's supported profiles come closest
# (Arabic read as Korean), nor in the audience's default (issue 10). Cyrillic is not here: it is
# shared by several languages and a tag would be a guess.
_OTHER_SCRIPTS = (
    ("ar", re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")),
    ("he", re.compile(r"[\u0590-\u05ff]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
    ("hi", re.compile(r"[\u0900-\u097f]")),
    ("ta", re.compile(r"[\u0b80-\u0bff]")),
    ("th", re.compile(r"[\u0e00-\u0e7f]")),
)
_ALIASES = {"nb": "no", "nn": "no", "zh-cn": "zh", "zh-tw": "zh", "iw": "he"}
_LANGDETECT_PROFILES = {
    "en": "en", "fr": "fr", "de": "de", "es": "es", "it": "it", "nl": "nl", "pt": "pt",
    "pl": "pl", "sv": "sv", "da": "da", "no": "no", "fi": "fi", "ja": "ja", "ko": "ko",
    "zh": "zh-cn",
}  # fmt: skip


def normalise_language_tag(tag: object) -> str:
    """The primary subtag of a BCP-47 tag, lower case ("fr-CA" -> "fr"), or a clear error."""
    if not isinstance(tag, str):
        raise TypeError(
            f"language must be a BCP-47 tag such as 'fr' or 'en-GB', or None; "
            f"got {tag!r} ({type(tag).__name__})"
        )
    primary = tag.strip().replace("_", "-").lower()
    if primary in _ALIASES:
        return _ALIASES[primary]
    primary = primary.split("-", 1)[0]
    if not (2 <= len(primary) <= 3 and primary.isascii() and primary.isalpha()):
        raise ValueError(
            f"language {tag!r} is not a BCP-47 language tag; use a code such as 'en', 'fr', 'de'"
        )
    return _ALIASES.get(primary, primary)


class LanguageDetector(Protocol):
    """Anything that can guess the language of running text, or say it cannot."""

    def detect(self, text: str) -> str | None: ...


def running_text(caption: Caption) -> str:
    """The caption without hashtags, mentions and URLs: what detection should read (emoji,
    digits and punctuation stay, since neither detector counts them as letters)."""
    cut = sorted([(t.start, t.end) for t in (*caption.urls, *caption.hashtags, *caption.mentions)])
    if not cut:
        return caption.original
    out = []
    pos = 0
    for start, end in cut:
        if start >= pos:
            out.append(caption.original[pos:start])
            pos = end
    out.append(caption.original[pos:])
    return " ".join(out)


class StopwordDetector:
    """Counts distinctive function words; answers only when one language clearly leads."""

    def __init__(self, stopwords: Mapping[str, tuple[str, ...]], *, min_hits: int = 2) -> None:
        index: dict[str, list[str]] = {}
        for lang, words in stopwords.items():
            for word in words:
                index.setdefault(word.lower(), []).append(lang)
        # A word listed for several languages says nothing about which one it is.
        self._index = {w: langs[0] for w, langs in index.items() if len(set(langs)) == 1}
        self._min_hits = min_hits

    def counts(self, text: str) -> dict[str, int]:
        counts: dict[str, int] = {}
        get = self._index.get
        for word in _WORD.findall(text.lower()):
            lang = get(word)
            if lang is not None:
                counts[lang] = counts.get(lang, 0) + 1
        return counts

    def detect(self, text: str) -> str | None:
        counts = self.counts(text)
        if not counts:
            return None
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        best, hits = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0
        if hits >= self._min_hits and hits >= 3 * runner_up and hits - runner_up >= 2:
            return best
        return None


@lru_cache(maxsize=8)
def profile_scorer(languages: tuple[str, ...]) -> NgramScorer:
    """One scorer per set of languages, shared by every checker: its table of langdetect's
    profiles (read on first use) and its cache of word scores serve them all."""
    known = sorted(lang for lang in languages if lang in _LANGDETECT_PROFILES)
    return NgramScorer(NgramProfiles([(lang, _LANGDETECT_PROFILES[lang]) for lang in known]))


class DefaultDetector:
    """Script check, then stop words, then langdetect's profiles scored whole."""

    def __init__(self, stopwords: Mapping[str, tuple[str, ...]]) -> None:
        self.fast = StopwordDetector(stopwords)
        self.slow: LanguageDetector = profile_scorer(tuple(sorted(stopwords)))

    def detect(self, text: str) -> str | None:
        if _HANGUL.search(text):
            return "ko"
        if _KANA.search(text):
            return "ja"
        if _HAN.search(text):
            return "zh"
        letters = len(_LETTER.findall(text))
        if letters < MIN_FAST_LETTERS:
            return None
        other = _other_script(text, letters)
        if other is not None:
            return other
        fast = self.fast.detect(text)
        if fast is not None or letters < MIN_LETTERS:
            return fast
        if letters < MIN_SLOW_LETTERS:
            # n-gram statistics of a few words of running text are a coin toss with high
            # confidence ("Road trip diaries … code SUN10" reads as Spanish): say it cannot be told.
            return None
        return self._settle(self.slow.detect(text), text)

    def _settle(self, slow: str | None, text: str) -> str | None:
        """The profiles' answer, corrected where the restricted profiles are known to err."""
        if slow in ("ko", "ja", "zh"):
            return None  # their scripts were checked first: a text without them is not theirs
        if slow in _CLOSE_GROUP:
            # The profiles confuse Danish, Norwegian and Swedish; a distinctive word decides.
            counts = {k: v for k, v in self.fast.counts(text).items() if k in _CLOSE_GROUP}
            ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
            if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
                return ranked[0][0]
        return slow


def _other_script(text: str, letters: int) -> str | None:
    """The language of a script no supported language uses, when most letters are in it."""
    for language, script in _OTHER_SCRIPTS:
        if script.search(text) and 2 * len(script.findall(text)) > letters:
            return language
    return None


def detect_caption_language(caption: Caption, detector: LanguageDetector) -> str | None:
    """The caption's language from its running text, or None when it cannot be told."""
    return detector.detect(running_text(caption))
