"""The four checks every jurisdiction runs, parametrised by its pack's data.

Almost every regime asks the same things (RULEBOOK §1): a label from an accepted vocabulary, in
the audience's language, visible up front, not drowned in hashtags. Only the vocabularies and
thresholds differ, and those live in each pack's `pack.toml`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from ..context import Context
from ..errors import PackError
from ..fixes import insert_fix, move_fix
from ..judge import Judgement
from ..model import Category, Fix, Severity, Signal, SignalKind, Span, Strength
from ..pack import LabelSpec, Pack
from ..policy import ConfidenceTag, PlacementRule
from . import standard_docs as docs
from .base import Hit, Rule, RuleDoc, RuleMeta
from .standard_docs import DocBasics

# Which evidence a "missing label" finding is anchored on, strongest first.
_TRIGGER_ORDER = (
    SignalKind.DISCOUNT_CODE,
    SignalKind.AFFILIATE_LINK,
    SignalKind.GIFTED,
    SignalKind.OWN_BRAND,
    SignalKind.GIVEAWAY,
    SignalKind.BRAND_MENTION,
)
_KIND_WORDS = {
    SignalKind.DISCOUNT_CODE: "a discount code",
    SignalKind.AFFILIATE_LINK: "an affiliate link",
    SignalKind.GIFTED: "a gifted product or invitation",
    SignalKind.OWN_BRAND: "promotion of your own brand",
    SignalKind.GIVEAWAY: "a giveaway",
    SignalKind.BRAND_MENTION: "a promoted brand",
}


def strongest_trigger(ctx: Context) -> Signal | None:
    for kind in _TRIGGER_ORDER:
        for signal in ctx.signals:
            if signal.kind is kind:
                return signal
    return None


def _platform_label_enough(rule: Rule, ctx: Context) -> bool:
    policy = rule.pack.platform_label
    return bool(ctx.post.platform_label) and policy is not None and policy.sufficient


def _clear_labels(js: Iterable[Judgement]) -> list[Judgement]:
    return [j for j in js if j.strength is Strength.CLEAR and j.language_ok]


def _languages(rule: Rule, ctx: Context) -> str:
    audience = rule.pack.audience
    if audience is None or not audience.languages:
        return "the audience's language"
    if audience.label_language.needs_caption_language:
        # The language of the post itself, whatever the audience's usual languages.
        names = f"{ctx.caption_language()}, the caption's language"
    else:
        names = "/".join(audience.languages)
    if audience.label_language.allows_english:
        names += " or English"
    return names


class StandardRule(Rule):
    """One of the four checks every jurisdiction pack gets, numbered x101-x104.

    Each subclass says which number it has, which of the pack's facts its confidence rests
    on, whether the jurisdiction gives it anything to flag, and how it is documented there.
    """

    number: ClassVar[str]

    @classmethod
    def confidence_tag(cls, pack: Pack) -> ConfidenceTag:
        """The tag of the pack fact the rule rests on (the pack's own, unless said otherwise)."""
        return pack.confidence

    @classmethod
    def applies_to(cls, pack: Pack, lexicon: tuple[LabelSpec, ...]) -> bool:
        """Whether the rule can flag anything in this jurisdiction (else it is left out)."""
        return pack.is_jurisdiction

    @classmethod
    def describe(cls, pack: Pack, lexicon: tuple[LabelSpec, ...]) -> RuleDoc:
        raise NotImplementedError

    @classmethod
    def for_pack(cls, pack: Pack, lexicon: tuple[LabelSpec, ...]) -> StandardRule:
        """The rule as this jurisdiction runs it; its page must show it failing."""
        doc = cls.describe(pack, lexicon)
        rule_id = f"{pack.prefix}{cls.number}"
        if not doc.examples_fail:
            raise PackError(
                f"{pack.module or pack.id}: {rule_id} applies to the pack but its documentation "
                f"has no failing example; fix {cls.__name__}.describe or .applies_to"
            )
        tag = cls.confidence_tag(pack)
        meta = RuleMeta(
            id=rule_id,
            name=cls.kind,
            severity=tag.cap(Severity.ERROR),
            confidence=tag.confidence,
            pack=pack,
            doc=doc,
            jurisdiction=pack.jurisdictions[0] if pack.jurisdictions else None,
        )
        return cls(meta)

    def insert(self, ctx: Context, why: str) -> Fix | None:
        """The fix that inserts the label every requested audience accepts."""
        relationship = ctx.relationship()
        chosen = ctx.suggest_label(relationship)
        if chosen is None:
            return None
        return insert_fix(chosen[0], chosen[1], ctx.label_reason(relationship) or why)


class MissingDisclosure(StandardRule):
    """A commercial post with no advertising label."""

    kind = "missing-disclosure"
    number = "101"
    category = Category.MISSING_DISCLOSURE
    fixable = True

    @classmethod
    def describe(cls, pack: Pack, lexicon: tuple[LabelSpec, ...]) -> RuleDoc:
        basics = DocBasics.of(pack)
        return RuleDoc(
            summary=f"A commercial post with no advertising label ({pack.title}).",
            why=(
                f"{pack.summary} A post that carries a discount code, an affiliate link, a "
                f"gifted product or another commercial tie must say that it is advertising. "
                f"{basics.platform_sentence} A shortened or link-hub URL alone is only a hint: "
                f"it gives an info-level finding."
            ),
            examples_fail=(
                "Morning routine ✨ my skin has never looked better, code ⟦GLOW20⟧ at @glowco",
            ),
            examples_pass=(basics.passing, "Morning routine ✨ my skin has never looked better"),
            fix_safety=(
                f"Suggested, not safe: inserts {basics.label!r} at the start, which changes what "
                f"the caption says. The label follows the relationship (paid, gifted, affiliate "
                f"…) and, with several jurisdictions, is one that all of them accept."
            ),
            sources=docs.sources(pack, pack.audience.source if pack.audience else ""),
            example_context=basics.context,
        )

    def check(self, ctx: Context) -> Iterable[Hit]:
        if _platform_label_enough(self, ctx) or ctx.judgements(self.pack):
            return
        if ctx.commercial:
            yield self._missing(ctx)
            return
        weak = ctx.signals_of(SignalKind.POSSIBLE_AFFILIATE_LINK)
        if weak and ctx.post.sponsored is not False:
            yield Hit(
                weak[0].span,
                f"{weak[0].text!r} is a shortened or link-hub URL that may hide an affiliate "
                f"link. If you earn from it, label the post ({self.pack.title}).",
                severity=Severity.INFO,
            )

    def _missing(self, ctx: Context) -> Hit:
        where = self.pack.title
        trigger = strongest_trigger(ctx)
        if trigger is not None:
            span = trigger.span
            evidence = f"{_KIND_WORDS[trigger.kind]} ({trigger.text!r})"
        else:
            span = Span(0, 0)
            evidence = "a commercial relationship (from the post's metadata)"
        message = f"The caption has {evidence} but no advertising label ({where})."
        if ctx.post.platform_label:
            message += (
                " The platform's paid-partnership label alone is not enough here: "
                "add a label in the caption."
            )
        return Hit(span, message, fix=self.insert(ctx, f"the label {where} expects"))


class _UnclearLabelRule(StandardRule):
    """Template of 102 and 104: a commercial post whose labels are all unclear in one way."""

    def unclear(self, judgements: Sequence[Judgement]) -> list[Judgement]:
        raise NotImplementedError

    def problem(self, ctx: Context, first: Judgement) -> tuple[str, str, Severity | None]:
        """The message, the fix's reason and the severity for the first unclear label."""
        raise NotImplementedError

    def check(self, ctx: Context) -> Iterable[Hit]:
        if not ctx.commercial or _platform_label_enough(self, ctx):
            return
        js = ctx.judgements(self.pack)
        if _clear_labels(js):
            return
        found = self.unclear(js)
        if not found:
            return
        message, why, severity = self.problem(ctx, found[0])
        yield Hit(
            found[0].label.span,
            message,
            fix=self.insert(ctx, why),
            related=tuple(j.label.span for j in found[1:]),
            severity=severity,
        )


class AmbiguousDisclosure(_UnclearLabelRule):
    """Only vague labels on a commercial post."""

    kind = "ambiguous-disclosure"
    number = "102"
    category = Category.AMBIGUOUS_DISCLOSURE
    fixable = True

    @classmethod
    def applies_to(cls, pack: Pack, lexicon: tuple[LabelSpec, ...]) -> bool:
        """Only where a vague label exists in a language the audience reads."""
        return pack.is_jurisdiction and bool(docs.vague_labels(pack, lexicon))

    @classmethod
    def describe(cls, pack: Pack, lexicon: tuple[LabelSpec, ...]) -> RuleDoc:
        basics = DocBasics.of(pack)
        vague = docs.vague_labels(pack, lexicon)
        fail = (docs.marked_example(docs.example_text(vague[0])),) if vague else ()
        insufficient = ", ".join(
            repr(s.text) for s in pack.labels if s.strength is Strength.AMBIGUOUS
        )
        return RuleDoc(
            summary=f"Only vague labels on a commercial post ({pack.title}).",
            why=(
                f"Labels that do not say plainly that the post is advertising are not enough in "
                f"{pack.title}. Named as insufficient there: {insufficient or 'none listed'}. "
                f"They may still appear next to a clear label."
            ),
            examples_fail=fail,
            examples_pass=(basics.passing,),
            fix_safety=(
                f"Suggested: inserts {basics.label!r} at the start and keeps the vague label."
            ),
            sources=docs.sources(pack, *(s.source for s in vague[:1])),
            example_context=basics.context,
        )

    def unclear(self, judgements: Sequence[Judgement]) -> list[Judgement]:
        return [j for j in judgements if j.language_ok and j.strength is Strength.AMBIGUOUS]

    def problem(self, ctx: Context, first: Judgement) -> tuple[str, str, Severity | None]:
        title = self.pack.title
        return (
            f"{first.label.text!r} does not make clear that this is advertising ({title}); "
            f"use an unambiguous label.",
            f"{first.label.text!r} is not a clear label in {title}",
            None if ctx.strong_evidence else Severity.WARNING,
        )


class HiddenDisclosure(StandardRule):
    """A clear label that is not visible up front."""

    kind = "hidden-disclosure"
    number = "103"
    category = Category.HIDDEN_DISCLOSURE
    fixable = True

    @classmethod
    def confidence_tag(cls, pack: Pack) -> ConfidenceTag:
        return pack.placement.confidence if pack.placement is not None else pack.confidence

    @classmethod
    def describe(cls, pack: Pack, lexicon: tuple[LabelSpec, ...]) -> RuleDoc:
        basics = DocBasics.of(pack)
        placement = pack.placement
        where = placement.note if placement and placement.note else "labels must show up front"
        return RuleDoc(
            summary=f"A clear label that is not visible up front ({pack.title}).",
            why=(
                f"A label after the platform's 'more' fold or inside the trailing pile of "
                f"hashtags is missed by most readers. {pack.title}: {where}"
            ),
            examples_fail=(f"{docs.CAPTION}.{docs.FILLER} {docs.marked(basics.label)}",),
            examples_pass=(basics.passing,),
            fix_safety="Suggested: moves the existing label to the start instead of adding one.",
            options=(("platform", "the fold depends on the platform (data/platforms.toml)"),),
            sources=docs.sources(pack, placement.source if placement else ""),
            example_context=basics.context,
        )

    def check(self, ctx: Context) -> Iterable[Hit]:
        if _platform_label_enough(self, ctx):
            return
        clear = _clear_labels(ctx.judgements(self.pack))
        if not clear or any(j.visible for j in clear):
            return
        first = clear[0]
        placement = self.pack.placement
        where = placement.describe() if placement else PlacementRule.FOLD.describe()
        separator = next(iter(self.pack.fixes.values())).separator if self.pack.fixes else " "
        if first.spec.context == "label" and not first.label.is_hashtag:
            # A short word ("Ad", "pub") is a label at the start only when set apart from
            # the sentence that follows: moved there, it keeps a separator.
            separator = " | "
        yield Hit(
            first.label.span,
            f"The label {first.label.text!r} is not visible up front: {where} ({self.pack.title}).",
            fix=move_fix(ctx.caption.original, first.label.span, separator),
            related=tuple(j.label.span for j in clear[1:]),
        )


class LanguageMismatch(_UnclearLabelRule):
    """A label in a language the audience is not expected to read."""

    kind = "language-mismatch"
    number = "104"
    category = Category.LANGUAGE_MISMATCH
    fixable = True

    @classmethod
    def confidence_tag(cls, pack: Pack) -> ConfidenceTag:
        return pack.audience.confidence if pack.audience is not None else pack.confidence

    @classmethod
    def applies_to(cls, pack: Pack, lexicon: tuple[LabelSpec, ...]) -> bool:
        """Only where some well-known label is in a language the audience does not accept."""
        return pack.is_jurisdiction and docs.foreign_label(pack) is not None

    @classmethod
    def describe(cls, pack: Pack, lexicon: tuple[LabelSpec, ...]) -> RuleDoc:
        basics = DocBasics.of(pack)
        audience = pack.audience
        foreign = docs.foreign_label(pack)
        rule = audience.label_language.value if audience else "any"
        return RuleDoc(
            summary=f"A label in a language the audience in {pack.title} is not expected to read.",
            why=(
                f"Accepted label languages in {pack.title}: "
                f"{'/'.join(audience.languages) if audience else 'any'} "
                f"(rule: {rule}). {audience.note if audience else ''}"
            ),
            examples_fail=(docs.marked_example(foreign[0]),) if foreign else (),
            examples_pass=(basics.passing,),
            fix_safety=f"Suggested: inserts {basics.label!r} at the start.",
            sources=docs.sources(pack, audience.source if audience else ""),
            example_context=basics.context,
        )

    def unclear(self, judgements: Sequence[Judgement]) -> list[Judgement]:
        return [j for j in judgements if not j.language_ok]

    def problem(self, ctx: Context, first: Judgement) -> tuple[str, str, Severity | None]:
        return (
            f"{first.label.text!r} is a label in {first.spec.lang!r}; the audience in "
            f"{self.pack.title} needs one in {_languages(self, ctx)}.",
            f"a label in {_languages(self, ctx)}",
            None,
        )


# The standard rules in number order; the registry builds each one a jurisdiction applies.
STANDARD_RULES: tuple[type[StandardRule], ...] = (
    MissingDisclosure,
    AmbiguousDisclosure,
    HiddenDisclosure,
    LanguageMismatch,
)
