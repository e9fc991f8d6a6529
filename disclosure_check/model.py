"""The public data model: immutable values that a check returns.

Names and shapes here are the public contract (docs/contract.md); change them only with a
CHANGELOG entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from . import highlight


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


class Confidence(StrEnum):
    """How sure the rule's facts are: the rulebook's [V] / [S] / [U] tags."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @classmethod
    def from_tag(cls, tag: str) -> Confidence:
        return {"V": cls.HIGH, "S": cls.MEDIUM, "U": cls.LOW}[tag]


class Category(StrEnum):
    MISSING_DISCLOSURE = "missing-disclosure"
    AMBIGUOUS_DISCLOSURE = "ambiguous-disclosure"
    HIDDEN_DISCLOSURE = "hidden-disclosure"
    LANGUAGE_MISMATCH = "language-mismatch"
    RELATIONSHIP_MISMATCH = "relationship-mismatch"
    MISSING_IMAGE_LABEL = "missing-image-label"
    RESTRICTED_CATEGORY = "restricted-category"


class SignalKind(StrEnum):
    AFFILIATE_LINK = "affiliate-link"
    POSSIBLE_AFFILIATE_LINK = "possible-affiliate-link"
    DISCOUNT_CODE = "discount-code"
    BRAND_MENTION = "brand-mention"
    GIFTED = "gifted"
    CALL_TO_ACTION = "call-to-action"
    GIVEAWAY = "giveaway"
    OWN_BRAND = "own-brand"
    SPONSORED_FLAG = "sponsored-flag"
    DENIAL = "denial"
    DROPSHIPPING = "dropshipping"  # a dropshipping cue (signals/dropshipping.py)


# Signals that on their own make a post commercial (DESIGN §2, `commercial`).
STRONG_SIGNALS = frozenset(
    {
        SignalKind.AFFILIATE_LINK,
        SignalKind.DISCOUNT_CODE,
        SignalKind.GIFTED,
        SignalKind.OWN_BRAND,
        SignalKind.GIVEAWAY,
        SignalKind.BRAND_MENTION,
    }
)
# What still counts when the caller says there is no relationship (sponsored=False).
HARD_SIGNALS = frozenset({SignalKind.AFFILIATE_LINK, SignalKind.DISCOUNT_CODE})


class SignalBasis(StrEnum):
    """What a signal rests on: the caption's own words, a label next to it, or the caller."""

    TEXT = "text"
    LABEL = "label"  # e.g. an @handle promoted only by a label beside it
    POST = "post"  # the caller's PostInfo


class Strength(StrEnum):
    CLEAR = "clear"
    AMBIGUOUS = "ambiguous"


class Relationship(StrEnum):
    PAID = "paid"
    GIFTED = "gifted"
    AFFILIATE = "affiliate"
    GENERIC = "generic"
    EVENT = "event"
    OWN_BRAND = "own-brand"
    EMPLOYEE = "employee"


# PostInfo.relationship accepts these; Disclosure.relationship reports the label's kind.
POST_RELATIONSHIPS = ("paid", "gifted", "affiliate", "own-brand", "employee", "event")


class Applicability(StrEnum):
    """Whether a fix may be applied without a human reading it (after ruff)."""

    SAFE = "safe"
    SUGGESTED = "suggested"  # changes what the caption says: never applied silently


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """Half-open code-point offsets into the original caption."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"invalid span [{self.start}, {self.end})")

    def to_dict(self) -> dict[str, int]:
        return {"start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Signal:
    """A piece of evidence that the post is (or says it is not) commercial, with its span."""

    kind: SignalKind
    span: Span
    text: str
    detail: str = ""
    # What the signal rests on. It decides whether a post is commercial, so it is a field of
    # its own, never read from the display text; not in to_dict() (the contract is fixed).
    basis: SignalBasis = field(default=SignalBasis.TEXT, compare=False)

    @property
    def rests_on_label(self) -> bool:
        return self.basis is SignalBasis.LABEL

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": str(self.kind),
            "span": self.span.to_dict(),
            "text": self.text,
            "detail": self.detail,
        }


@dataclass(frozen=True, slots=True)
class Disclosure:
    """An advertising label found in the caption, as the requested audiences read it."""

    span: Span
    text: str
    strength: Strength
    language: str
    visible: bool
    relationship: Relationship

    def to_dict(self) -> dict[str, Any]:
        return {
            "span": self.span.to_dict(),
            "text": self.text,
            "strength": str(self.strength),
            "language": self.language,
            "visible": self.visible,
            "relationship": str(self.relationship),
        }


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace `caption[span.start:span.end]` with `replacement` (empty span: an insertion)."""

    span: Span
    replacement: str

    def to_dict(self) -> dict[str, Any]:
        return {"span": self.span.to_dict(), "replacement": self.replacement}


@dataclass(frozen=True, slots=True)
class Fix:
    """A suggested correction: edits to the caption, shown to a person, never applied silently."""

    message: str
    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SUGGESTED

    def apply(self, caption: str) -> str:
        """The caption with this fix's edits applied (edits must not overlap)."""
        out = caption
        for edit in sorted(self.edits, key=lambda e: (e.span.start, e.span.end), reverse=True):
            out = out[: edit.span.start] + edit.replacement + out[edit.span.end :]
        return out

    @staticmethod
    def combine(fixes: Iterable[Fix]) -> Fix:
        """One fix made of several, in order, leaving out a fix whose edits overlap an edit
        already taken.

        Insertions at the same point are joined in order ("Publicité | Images retouchées | …"),
        since each adds a mention the caption lacks; an identical insertion is made once.
        """
        taken: list[Edit] = []
        for fix in fixes:
            if all(_compatible(e, taken) for e in fix.edits):
                taken.extend(e for e in fix.edits if e not in taken)
        merged: list[Edit] = []
        for edit in taken:
            if edit.span.start == edit.span.end:
                same = next((m for m in merged if m.span == edit.span), None)
                if same is not None:
                    joined = Edit(same.span, same.replacement + edit.replacement)
                    merged[merged.index(same)] = joined
                    continue
            merged.append(edit)
        return Fix("", tuple(merged))

    def to_dict(self) -> dict[str, Any]:
        return {
            "message": self.message,
            "edits": [e.to_dict() for e in self.edits],
            "applicability": str(self.applicability),
        }


def _compatible(edit: Edit, taken: Sequence[Edit]) -> bool:
    for other in taken:
        if other == edit:
            continue
        a, b = edit.span, other.span
        if a.start == a.end == b.start == b.end:
            continue  # two insertions at one point: joined by Fix.combine
        if a.start < b.end and b.start < a.end:
            return False
        if (a.start == a.end and b.start < a.start < b.end) or (
            b.start == b.end and a.start < b.start < a.end
        ):
            return False
    return True


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule found (what, where, why) and what the engine added (who, how bad)."""

    rule_id: str
    name: str
    category: Category
    severity: Severity
    confidence: Confidence
    message: str
    span: Span
    fix: Fix | None = None
    related: tuple[Span, ...] = ()
    jurisdiction: str | None = None

    def sort_key(self) -> tuple[int, int, str]:
        return (self.span.start, self.span.end, self.rule_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "name": self.name,
            "category": str(self.category),
            "severity": str(self.severity),
            "confidence": str(self.confidence),
            "message": self.message,
            "span": self.span.to_dict(),
            "fix": self.fix.to_dict() if self.fix else None,
            "related": [s.to_dict() for s in self.related],
            "jurisdiction": self.jurisdiction,
        }


_BOOL_FIELDS = ("sponsored", "platform_label", "image_retouched", "image_ai_generated")


@dataclass(frozen=True, slots=True)
class PostInfo:
    """What the caller knows about the post beyond its text. Every field is optional."""

    sponsored: bool | None = None
    relationship: str | None = None
    brands: tuple[str, ...] = ()
    platform_label: bool | None = None
    image_retouched: bool | None = None
    image_ai_generated: bool | None = None

    def __post_init__(self) -> None:
        for name in _BOOL_FIELDS:
            value = getattr(self, name)
            if value is not None and not isinstance(value, bool):
                raise TypeError(
                    f"PostInfo.{name} must be True, False or None, not {value!r} "
                    f"({type(value).__name__})"
                )
        if self.relationship is not None and self.relationship not in POST_RELATIONSHIPS:
            raise ValueError(
                f"PostInfo.relationship must be one of {', '.join(POST_RELATIONSHIPS)} or None, "
                f"not {self.relationship!r}"
            )
        brands: Any = self.brands
        if isinstance(brands, str) or not isinstance(brands, (tuple, list)):
            raise TypeError(
                f"PostInfo.brands must be a tuple or list of brand names, not {brands!r}"
            )
        for brand in brands:
            if not isinstance(brand, str) or not brand.strip():
                raise TypeError(f"PostInfo.brands must hold non-empty strings, got {brand!r}")
        if isinstance(brands, list):
            object.__setattr__(self, "brands", tuple(brands))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PostInfo:
        """Build from a JSON-like mapping; unknown keys are an error that lists the known ones."""
        if not isinstance(data, dict):
            raise TypeError(f"post must be a mapping of PostInfo fields, not {data!r}")
        known = cls.__dataclass_fields__.keys()
        unknown = sorted(set(data) - set(known))
        if unknown:
            raise ValueError(
                f"unknown PostInfo field(s) {', '.join(unknown)}; known: {', '.join(known)}"
            )
        values = dict(data)
        if "brands" in values and isinstance(values["brands"], list):
            values["brands"] = tuple(values["brands"])
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        return {
            "sponsored": self.sponsored,
            "relationship": self.relationship,
            "brands": list(self.brands),
            "platform_label": self.platform_label,
            "image_retouched": self.image_retouched,
            "image_ai_generated": self.image_ai_generated,
        }


@dataclass(frozen=True, slots=True)
class Report:
    """The result of checking one caption: evidence, labels, findings and the corrected caption."""

    caption: str
    language: str
    language_source: str  # "given" | "detected" | "default"
    jurisdictions: tuple[str, ...]
    platform: str | None
    signals: tuple[Signal, ...]
    disclosures: tuple[Disclosure, ...]
    findings: tuple[Finding, ...]
    post: PostInfo = field(default_factory=PostInfo)

    @property
    def commercial(self) -> bool:
        return is_commercial(self.signals, bool(self.disclosures), self.post)

    @property
    def ok(self) -> bool:
        return not any(f.severity is Severity.ERROR for f in self.findings)

    @property
    def corrected_caption(self) -> str:
        """The caption with every suggested fix applied (first fix wins where two overlap)."""
        # The advertising label goes first, then other mentions (image labels …).
        order = (
            Category.MISSING_DISCLOSURE,
            Category.AMBIGUOUS_DISCLOSURE,
            Category.LANGUAGE_MISMATCH,
            Category.HIDDEN_DISCLOSURE,
        )
        ranked = sorted(
            (f for f in self.findings if f.fix),
            key=lambda f: order.index(f.category) if f.category in order else len(order),
        )
        return Fix.combine(f.fix for f in ranked if f.fix).apply(self.caption)

    def _repr_html_(self) -> str:
        """Jupyter's view: the caption with its spans highlighted, the findings under it."""
        spans = [(s.span.start, s.span.end, "signal", s.kind.value) for s in self.signals]
        spans += [
            (d.span.start, d.span.end, "disclosure", d.strength.value) for d in self.disclosures
        ]
        spans += [(f.span.start, f.span.end, "finding", f.rule_id) for f in self.findings]
        rows = [f"{f.rule_id} [{f.severity.value}] {f.message}" for f in self.findings]
        return highlight.report_html(self.caption, spans, rows)

    def to_dict(self) -> dict[str, Any]:
        return {
            "caption": self.caption,
            "language": self.language,
            "language_source": self.language_source,
            "jurisdictions": list(self.jurisdictions),
            "platform": self.platform,
            "signals": [s.to_dict() for s in self.signals],
            "disclosures": [d.to_dict() for d in self.disclosures],
            "findings": [f.to_dict() for f in self.findings],
            "commercial": self.commercial,
            "ok": self.ok,
        }


def is_commercial(signals: Iterable[Signal], has_label: bool, post: PostInfo) -> bool:
    """The contract's definition of a commercial post (DESIGN §2)."""
    if post.sponsored is True:
        return True
    kinds = {s.kind for s in signals}
    if post.sponsored is False:
        return bool(kinds & HARD_SIGNALS)
    if post.relationship is not None:
        return True
    if has_label:
        return True
    return bool(kinds & STRONG_SIGNALS)


def evident_relationship(kinds: Iterable[SignalKind], given: str | None = None) -> str:
    """The relationship a label should name: the caller's, else the one the evidence shows
    (affiliate links, own brand, a gift without a code), else paid."""
    if given:
        return given
    found = set(kinds)
    if SignalKind.AFFILIATE_LINK in found:
        return "affiliate"
    if SignalKind.OWN_BRAND in found:
        return "own-brand"
    if SignalKind.GIFTED in found and SignalKind.DISCOUNT_CODE not in found:
        return "gifted"
    return "paid"
