"""Contradictions between what the caption says and what the evidence shows."""

from __future__ import annotations

from collections.abc import Iterable

from ..context import Context
from ..fixes import insert_fix, replace_denial_fix
from ..model import Category, Relationship, SignalKind, Strength
from ..signals.brands import normalise_brand
from .base import Hit, Rule

_HARD = (SignalKind.AFFILIATE_LINK, SignalKind.DISCOUNT_CODE)


class DenialContradiction(Rule):
    """A denial ("not sponsored") next to an affiliate link, a code, or a known relationship."""

    kind = "denial-contradiction"
    category = Category.RELATIONSHIP_MISMATCH
    fixable = True

    def check(self, ctx: Context) -> Iterable[Hit]:
        denials = ctx.signals_of(SignalKind.DENIAL)
        if not denials:
            return
        hard = ctx.signals_of(*_HARD)
        known = ctx.post.sponsored is True or ctx.post.relationship in ("paid", "affiliate")
        if not hard and not known:
            return
        evidence = (
            f"{hard[0].kind.value} {hard[0].text!r}" if hard else "the post's known relationship"
        )
        chosen = ctx.suggest_label(ctx.relationship())
        for denial in denials:
            fix = None
            if chosen is not None:
                fix = replace_denial_fix(
                    ctx.caption.original,
                    denial.span,
                    chosen[0],
                    chosen[1],
                    f"it carries {evidence}",
                )
            yield Hit(
                denial.span,
                f"{denial.text!r} denies a commercial relationship, but the caption carries "
                f"{evidence}: a denial next to earnings evidence misleads the audience.",
                fix=fix,
                related=tuple(s.span for s in hard),
            )


class GiftedOnPaid(Rule):
    """A gifted-only label on a post that shows payment or commission."""

    kind = "gifted-label-on-paid"
    category = Category.RELATIONSHIP_MISMATCH
    fixable = True

    def check(self, ctx: Context) -> Iterable[Hit]:
        if not ctx.labels:
            return
        gifted = [
            label
            for label in ctx.labels
            if all(s.relationship is Relationship.GIFTED for s in label.entries)
        ]
        if not gifted or len(gifted) != len(ctx.labels):
            return
        hard = ctx.signals_of(*_HARD)
        paid = ctx.post.relationship in ("paid", "affiliate")
        if not hard and not paid:
            return
        why = f"{hard[0].kind.value} {hard[0].text!r}" if hard else "a paid relationship"
        chosen = ctx.suggest_label("affiliate" if hard and not paid else "paid")
        yield Hit(
            gifted[0].span,
            f"{gifted[0].text!r} says the product was a gift, but the post shows {why}: "
            f"label it as advertising.",
            fix=insert_fix(chosen[0], chosen[1], "the post is paid") if chosen else None,
            related=tuple(s.span for s in hard),
        )


class PartnerBrandMismatch(Rule):
    """A disclosure naming one brand while the post promotes another."""

    kind = "partner-brand-mismatch"
    category = Category.RELATIONSHIP_MISMATCH

    def check(self, ctx: Context) -> Iterable[Hit]:
        named = [
            label
            for label in ctx.labels
            if label.brand is not None and any(s.admits_relationship for s in label.entries)
        ]
        if not named:
            return
        if ctx.post.brands:
            promoted = {normalise_brand(b) for b in ctx.post.brands}
            source = "the post's partner brands"
        else:
            hard_lines = {ctx.caption.line_of(s.span.start) for s in ctx.signals_of(*_HARD)}
            promoted = {
                normalise_brand(s.text)
                for s in ctx.signals_of(SignalKind.BRAND_MENTION)
                if ctx.caption.line_of(s.span.start) in hard_lines
            }
            source = "the brand promoted with a code or link"
        if not promoted:
            return
        for label in named:
            assert label.brand is not None
            brand_text = ctx.caption.original[label.brand.start : label.brand.end]
            if normalise_brand(brand_text) in promoted:
                continue
            if any(s.strength is Strength.AMBIGUOUS for s in label.entries) and not ctx.commercial:
                continue
            yield Hit(
                label.span,
                f"{label.text!r} names {brand_text!r}, but {source} is "
                f"{', '.join(sorted(promoted))}: the disclosure must name the brand promoted.",
            )
