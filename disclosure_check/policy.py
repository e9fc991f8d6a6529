"""Pack policy as enums that carry their own meaning: label language, placement, confidence.

A pack's `pack.toml` states these as strings; the loader turns them into the enums below once,
and every part of the engine, the rules and the docs asks the enum instead of comparing
strings. Being `StrEnum`s, they still compare equal to the strings a pack file uses.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from enum import StrEnum

from .model import Confidence, Severity


class LabelLanguage(StrEnum):
    """Which languages a label may be in for an audience (`[audience] label_language`)."""

    LOCAL = "local"  # one of the audience's languages
    POST = "post"  # the caption's own language
    LOCAL_OR_EN = "local-or-en"
    POST_OR_EN = "post-or-en"
    ANY = "any"

    @property
    def needs_caption_language(self) -> bool:
        """Whether judging a label needs the caption's language (which may mean detecting it)."""
        return self in (LabelLanguage.POST, LabelLanguage.POST_OR_EN)

    @property
    def allows_english(self) -> bool:
        """Whether the rule names English as accepted besides the audience's or caption's own
        language ("local-or-en", "post-or-en"); `ANY` accepts every language anyway."""
        return self in (LabelLanguage.LOCAL_OR_EN, LabelLanguage.POST_OR_EN)

    def accepts(
        self,
        label_lang: str,
        caption_language: Callable[[], str | None],
        audience_languages: Collection[str],
    ) -> bool:
        """Whether a label in `label_lang` is in a language this audience is expected to read.

        `caption_language` is called only when the answer depends on it; it returns None when
        the caption's language cannot be told, and then the label itself is the best evidence.
        A label of unknown language (`""`) is accepted.
        """
        if self is LabelLanguage.ANY or not label_lang:
            return True
        if not self.needs_caption_language:
            return label_lang in audience_languages or (self.allows_english and label_lang == "en")
        if self.allows_english and label_lang == "en":
            return True
        lang = caption_language()
        return lang is None or lang == label_lang

    def describe(self) -> str:
        """The rule in words, for messages and docs."""
        return _LANGUAGE_WORDS[self]


_LANGUAGE_WORDS = {
    LabelLanguage.LOCAL: "a language of the audience",
    LabelLanguage.POST: "the language of the caption",
    LabelLanguage.LOCAL_OR_EN: "a language of the audience or English",
    LabelLanguage.POST_OR_EN: "the language of the caption or English",
    LabelLanguage.ANY: "any language",
}


class PlacementRule(StrEnum):
    """Where a label must sit to count as visible (`[placement] rule`)."""

    FOLD = "fold"  # before the platform's "more" fold and outside the trailing hashtag pile
    FIRST_WORD = "first-word"
    FIRST_HASHTAGS = "first-hashtags"  # before the fold and, as a hashtag, among the first n
    START = "start"  # within the first `max_chars` characters

    def describe(self, *, hashtags: int = 3, max_chars: int = 0) -> str:
        """What a label must do to satisfy the rule, as the end of "it …" sentence."""
        if self is PlacementRule.FIRST_WORD:
            return "it must be the first word of the caption"
        if self is PlacementRule.FIRST_HASHTAGS:
            return (
                f"it must show before the fold and, as a hashtag, among the first {hashtags} "
                f"hashtags"
            )
        if self is PlacementRule.START:
            return f"it must open the caption (within the first {max_chars} characters)"
        return "it sits after the platform's 'more' fold or inside the trailing hashtag pile"

    def short(self, *, hashtags: int = 3, max_chars: int = 0) -> str:
        """The rule with its parameter, for tables: "first-hashtags (3)", "start (40 chars)"."""
        if self is PlacementRule.FIRST_HASHTAGS:
            return f"{self.value} ({hashtags})"
        if self is PlacementRule.START:
            return f"{self.value} ({max_chars} chars)"
        return self.value


class ConfidenceTag(StrEnum):
    """The rulebook's tag on a fact: verified, secondary source, unverified."""

    V = "V"
    S = "S"
    U = "U"

    @property
    def confidence(self) -> Confidence:
        """The confidence a finding resting on this fact reports."""
        # The mapping itself stays on the public `Confidence.from_tag` (the foundation layer).
        return Confidence.from_tag(self.value)

    @property
    def caps_severity(self) -> bool:
        """Whether a rule resting on this fact is kept at warning level at most."""
        return self is ConfidenceTag.U

    def cap(self, severity: Severity) -> Severity:
        """The severity a rule resting on this fact may have: an [U] fact gives a warning."""
        if self.caps_severity and severity is Severity.ERROR:
            return Severity.WARNING
        return severity

    def describe(self) -> str:
        return _TAG_WORDS[self]


_TAG_WORDS = {
    ConfidenceTag.V: "verified",
    ConfidenceTag.S: "secondary source",
    ConfidenceTag.U: "unverified",
}


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a pack fact comes from: its confidence tag, the [[sources]] id, a note."""

    confidence: ConfidenceTag = ConfidenceTag.S
    source: str = ""
    note: str = ""
