"""What rules see of one check: the caption, its evidence, and answers computed on demand."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

from .caption import Caption
from .disclosures import LabelHit
from .judge import Judgement, judge
from .language import UNDETERMINED
from .matching import TermMatch
from .model import STRONG_SIGNALS, PostInfo, Signal, SignalKind, Span, evident_relationship
from .pack import Pack
from .platforms import Platform
from .vocabulary import Entry


class LabelSuggester(Protocol):
    """Chooses the label a fix inserts (`labelling.LabelChooser`); a protocol here so that
    this module does not import the policy that depends on it."""

    def choose(self, ctx: Context, relationship: str) -> tuple[str, str] | None: ...

    def explain(self, ctx: Context, relationship: str) -> str | None: ...


@dataclass
class Context:
    caption: Caption
    post: PostInfo
    platform: Platform | None
    matches: Sequence[TermMatch[Entry]]
    signals: Sequence[Signal]
    labels: Sequence[LabelHit]
    commercial: bool
    packs: tuple[Pack, ...]  # the jurisdiction packs asked for (the global profile for None)
    lexicon_packs: tuple[str, ...]
    resolve_language: Callable[[], tuple[str, str]]
    label_chooser: LabelSuggester
    given_language: str | None = None
    _language: tuple[str, str] | None = None
    _judgements: dict[str, list[Judgement]] = field(default_factory=dict)

    @property
    def language(self) -> str:
        """The caption's language, resolved (and detected) only when first asked for."""
        if self._language is None:
            self._language = self.resolve_language()
        return self._language[0]

    @property
    def resolved_language(self) -> tuple[str, str] | None:
        """(language, source) if a rule needed it and it was resolved, else None."""
        return self._language

    def suggest_label(self, relationship: str) -> tuple[str, str] | None:
        """(label, separator) a fix should insert at the start for this relationship."""
        return self.label_chooser.choose(self, relationship)

    def label_reason(self, relationship: str) -> str | None:
        """Which market needs which word of a combined label (None for a single label)."""
        return self.label_chooser.explain(self, relationship)

    def _words_language(self, *roles: str) -> str | None:
        """The one language the caption's matched vocabulary is in, if there is exactly one."""
        langs = {e.lang for m in self.matches for e in m.payloads if e.lang and e.role in roles}
        return next(iter(langs)) if len(langs) == 1 else None

    def fix_language(self) -> str:
        """The language to write a fix in: given or resolved if it already was, else the one
        language of the caption's own signal and label words, else resolved (detected) now."""
        if self.given_language is not None:
            return self.given_language
        if self._language is not None:
            return self._language[0]
        return self._words_language("signal", "label") or self.language

    def caption_language(self) -> str:
        """The caption's language for judging a label: given, else the one language of its
        signal phrases ("code promo", "lien en bio") — labels are not evidence of the language
        they are judged against — else detected."""
        if self.given_language is None and self._language is None:
            hint = self._words_language("signal")
            if hint is not None:
                self._language = (hint, "detected")
        return self.language or UNDETERMINED

    def judgements(self, pack: Pack) -> list[Judgement]:
        """Every label of the caption as this pack's audience reads it."""
        cached = self._judgements.get(pack.id)
        if cached is None:
            cached = []
            for label in self.labels:
                j = judge(
                    label,
                    pack,
                    self.caption,
                    self.platform,
                    self.lexicon_packs,
                    self.caption_language,
                )
                if j is not None:
                    cached.append(j)
            self._judgements[pack.id] = cached
        return cached

    @cached_property
    def rule_term_spans(self) -> dict[str, list[Span]]:
        """Spans of the terms declarative rules asked for, by rule id (one pass over matches)."""
        out: dict[str, list[Span]] = {}
        for m in self.matches:
            for entry in m.payloads:
                if entry.role == "rule":
                    out.setdefault(entry.name, []).append(Span(m.start, m.end))
        return out

    def signals_of(self, *kinds: SignalKind) -> list[Signal]:
        return [s for s in self.signals if s.kind in kinds]

    @property
    def strong_evidence(self) -> bool:
        """Evidence beyond the labels themselves that the post is commercial."""
        if self.post.sponsored is True or self.post.relationship is not None:
            return True
        return any(s.kind in STRONG_SIGNALS and not s.rests_on_label for s in self.signals)

    def relationship(self) -> str:
        """The relationship a label should name: the caller's, or the one the evidence shows."""
        return evident_relationship((s.kind for s in self.signals), self.post.relationship)

    def brand(self) -> str | None:
        """The promoted brand: the caller's first, else the first promoted @mention."""
        if self.post.brands:
            name = self.post.brands[0]
            return name if name.startswith(("@", "#")) else f"@{name}"
        for s in self.signals:
            if s.kind is SignalKind.BRAND_MENTION:
                return s.text
        return None
