"""The rule-author contract: what a rule may read (`RuleContext`) and what it returns (`Hit`).

A rule receives one `RuleContext` per check and yields `Hit`s; the engine turns each hit into a
`Finding` by adding the rule's id, severity, confidence and jurisdiction from its `RuleMeta`.
Everything here is public (exported from `disclosure_check`) and changes only with a CHANGELOG
entry; the engine's own per-check object implements `RuleContext` but is internal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from ..model import Category, Confidence, Fix, PostInfo, Severity, Signal, Span, Strength

if TYPE_CHECKING:
    from ..pack import Pack
    from ..platforms import Platform


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule found: where, why, and optionally how to fix it."""

    span: Span
    message: str
    fix: Fix | None = None
    related: tuple[Span, ...] = ()
    severity: Severity | None = None  # a rule may lower or raise its default for one hit


@dataclass(frozen=True, slots=True)
class RuleDoc:
    """A rule's documentation; its examples are run by the test suite (⟦span⟧ markers)."""

    summary: str
    why: str = ""
    examples_fail: tuple[str, ...] = ()
    examples_pass: tuple[str, ...] = ()
    fix_safety: str = ""
    options: tuple[tuple[str, str], ...] = ()
    sources: tuple[tuple[str, str, str], ...] = ()  # (title, url, confidence tag)
    # How to run the examples: jurisdiction, platform, PostInfo fields.
    example_context: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RuleMeta:
    """What the registry knows about a rule before it runs: identity, defaults, its pack."""

    id: str
    name: str
    severity: Severity
    confidence: Confidence
    pack: Pack
    doc: RuleDoc
    jurisdiction: str | None = None
    languages: tuple[str, ...] = ()
    category: Category | None = None  # None: the rule class's own category


class Token(Protocol):
    """One token of the caption: a word, hashtag, @mention, URL, emoji or line break."""

    @property
    def kind(self) -> str: ...  # "word", "hashtag", "mention", "url", "emoji", "line-break"
    @property
    def start(self) -> int: ...  # offsets into the original caption
    @property
    def end(self) -> int: ...
    @property
    def text(self) -> str: ...  # the folded (normalised) text of the token


class CaptionText(Protocol):
    """The caption as written, its folded matching view, and its tokens."""

    @property
    def original(self) -> str: ...
    @property
    def folded(self) -> str: ...
    @property
    def hashtags(self) -> Sequence[Token]: ...
    @property
    def mentions(self) -> Sequence[Token]: ...
    def tokens(self) -> Sequence[Token]: ...
    def span(self, fstart: int, fend: int) -> tuple[int, int]:
        """Original offsets of a range of the folded view."""
        ...

    def line_of(self, offset: int) -> int:
        """The 0-based line an original offset is on."""
        ...


class Label(Protocol):
    """A disclosure label found in the caption ("#ad", "Publicité", "Werbung für @glowco")."""

    @property
    def span(self) -> Span: ...
    @property
    def text(self) -> str: ...
    @property
    def is_hashtag(self) -> bool: ...
    @property
    def brand(self) -> Span | None: ...  # the @handle the label names, if any


class Judgement(Protocol):
    """How one jurisdiction reads one label: strength, language and placement."""

    @property
    def label(self) -> Label: ...
    @property
    def strength(self) -> Strength: ...  # for this audience, language included
    @property
    def language_ok(self) -> bool: ...
    @property
    def visible(self) -> bool: ...


class RuleContext(Protocol):
    """Everything a rule may read about the caption being checked. All of it is read-only.

    Rules must not keep a context beyond `check`: a new one is made for every caption.
    """

    @property
    def caption(self) -> CaptionText: ...
    @property
    def labels(self) -> Sequence[Label]: ...  # in caption order
    @property
    def signals(self) -> Sequence[Signal]: ...  # commercial evidence (codes, links, gifts …)
    @property
    def post(self) -> PostInfo: ...  # what the caller said about the post
    @property
    def platform(self) -> Platform | None: ...
    @property
    def commercial(self) -> bool: ...  # whether the evidence makes the post commercial
    @property
    def language(self) -> str:
        """The caption's language (given, or detected the first time it is asked for)."""
        ...

    def judgements(self, pack: Pack) -> Sequence[Judgement]:
        """Every label of the caption as that pack's audience reads it."""
        ...

    def suggest_label(self, relationship: str) -> tuple[str, str] | None:
        """The label to insert for a relationship ("paid", "gifted" …) that every requested
        jurisdiction accepts, with its separator; None when no single label does."""
        ...
