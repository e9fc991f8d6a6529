"""The four checks every jurisdiction runs, parametrised by its pack's data.

Almost every regime asks the same things (RULEBOOK §1): a label from an accepted vocabulary, in
the audience's language, visible up front, not drowned in hashtags. Only the vocabularies and
thresholds differ, and those live in each pack's `pack.toml`.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..context import Context
from ..fixes import insert_fix, move_fix
from ..judge import Judgement
from ..model import Category, Fix, Severity, Signal, SignalKind, Span, Strength
from .base import Hit, Rule

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


def _languages(rule: Rule) -> str:
    audience = rule.pack.audience
    if audience is None or not audience.languages:
        return "the audience's language"
    names = "/".join(audience.languages)
    if audience.label_language in ("local-or-en", "post-or-en"):
        names += " or English"
    return names


class StandardRule(Rule):
    """Shared helper: the fix that inserts the label every requested audience accepts."""

    def insert(self, ctx: Context, why: str) -> Fix | None:
        chosen = ctx.suggest_label(ctx.relationship())
        if chosen is None:
            return None
        return insert_fix(chosen[0], chosen[1], why)


class MissingDisclosure(StandardRule):
    kind = "missing-disclosure"
    category = Category.MISSING_DISCLOSURE
    fixable = True

    def check(self, ctx: Context) -> Iterable[Hit]:
        if _platform_label_enough(self, ctx) or ctx.judgements(self.pack):
            return
        where = self.pack.title
        if ctx.commercial:
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
            fix = self.insert(ctx, f"the label {where} expects")
            yield Hit(span, message, fix=fix)
            return
        weak = ctx.signals_of(SignalKind.POSSIBLE_AFFILIATE_LINK)
        if weak and ctx.post.sponsored is not False:
            yield Hit(
                weak[0].span,
                f"{weak[0].text!r} is a shortened or link-hub URL that may hide an affiliate "
                f"link. If you earn from it, label the post ({where}).",
                severity=Severity.INFO,
            )


class AmbiguousDisclosure(StandardRule):
    kind = "ambiguous-disclosure"
    category = Category.AMBIGUOUS_DISCLOSURE
    fixable = True

    def check(self, ctx: Context) -> Iterable[Hit]:
        if not ctx.commercial or _platform_label_enough(self, ctx):
            return
        js = ctx.judgements(self.pack)
        if _clear_labels(js):
            return
        vague = [j for j in js if j.language_ok and j.strength is Strength.AMBIGUOUS]
        if not vague:
            return
        first = vague[0]
        fix = self.insert(ctx, f"{first.label.text!r} is not a clear label in {self.pack.title}")
        yield Hit(
            first.label.span,
            f"{first.label.text!r} does not make clear that this is advertising "
            f"({self.pack.title}); use an unambiguous label.",
            fix=fix,
            related=tuple(j.label.span for j in vague[1:]),
            severity=None if ctx.strong_evidence else Severity.WARNING,
        )


class HiddenDisclosure(StandardRule):
    kind = "hidden-disclosure"
    category = Category.HIDDEN_DISCLOSURE
    fixable = True

    def check(self, ctx: Context) -> Iterable[Hit]:
        if _platform_label_enough(self, ctx):
            return
        clear = _clear_labels(ctx.judgements(self.pack))
        if not clear or any(j.visible for j in clear):
            return
        first = clear[0]
        placement = self.pack.placement
        where = _placement_words(placement.rule if placement else "fold", placement)
        separator = next(iter(self.pack.fixes.values())).separator if self.pack.fixes else " "
        yield Hit(
            first.label.span,
            f"The label {first.label.text!r} is not visible up front: {where} ({self.pack.title}).",
            fix=move_fix(ctx.caption.original, first.label.span, separator),
            related=tuple(j.label.span for j in clear[1:]),
        )


def _placement_words(rule: str, placement: object) -> str:
    if rule == "first-word":
        return "it must be the first word of the caption"
    if rule == "first-hashtags":
        n = getattr(placement, "hashtags", 3)
        return f"it must show before the fold and, as a hashtag, among the first {n} hashtags"
    if rule == "start":
        n = getattr(placement, "max_chars", 0)
        return f"it must open the caption (within the first {n} characters)"
    return "it sits after the platform's 'more' fold or inside the trailing hashtag pile"


class LanguageMismatch(StandardRule):
    kind = "language-mismatch"
    category = Category.LANGUAGE_MISMATCH
    fixable = True

    def check(self, ctx: Context) -> Iterable[Hit]:
        if not ctx.commercial or _platform_label_enough(self, ctx):
            return
        js = ctx.judgements(self.pack)
        if _clear_labels(js):
            return
        foreign = [j for j in js if not j.language_ok]
        if not foreign:
            return
        first = foreign[0]
        fix = self.insert(ctx, f"a label in {_languages(self)}")
        yield Hit(
            first.label.span,
            f"{first.label.text!r} is a label in {first.spec.lang!r}; the audience in "
            f"{self.pack.title} needs one in {_languages(self)}.",
            fix=fix,
            related=tuple(j.label.span for j in foreign[1:]),
        )


STANDARD_KINDS: dict[str, tuple[str, type[StandardRule]]] = {
    "101": ("missing-disclosure", MissingDisclosure),
    "102": ("ambiguous-disclosure", AmbiguousDisclosure),
    "103": ("hidden-disclosure", HiddenDisclosure),
    "104": ("language-mismatch", LanguageMismatch),
}
