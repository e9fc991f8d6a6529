"""From an account's running totals to its AccountAudit."""

from __future__ import annotations

from collections import Counter

from . import fit as brand_fit
from .accumulator import AccountTally, BrandTally
from .accumulator import Evidence as Refs
from .facts import STATUSES
from .settings import settings
from .values import AccountAudit, Brand, Disclosure, Evidence, Example, Gifting, Month, PostFit


def evidence(refs: Refs | None) -> Evidence:
    if refs is None:
        return Evidence(0, ())
    return Evidence(refs.count, tuple(post_id for _, post_id in refs.refs))


def score(tally: AccountTally) -> int | None:
    if not tally.commercial:
        return None
    points = tally.statuses["clear"] + settings().ambiguous_weight * tally.statuses["ambiguous"]
    return round(100 * points / tally.commercial)


def _ranked(counter: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))


def _shares(account: AccountTally) -> dict[str, float]:
    """The account's usual topics and hashtags as shares: every fit is measured against them."""
    tags = account.profile_hashtags
    return brand_fit.distribution(brand_fit.combined(account.profile, tags, tags))


def _brand(key: str, tally: BrandTally, account: AccountTally, shares: dict[str, float]) -> Brand:
    tally_topics = tally.topics
    topics = brand_fit.combined(tally_topics, tally.hashtags, account.profile_hashtags)
    value = brand_fit.overlap(topics, shares)
    off = value is not None and value < settings().off_topic_below
    return Brand(
        key=key,
        name=tally.name,
        posts=evidence(tally.evidence),
        relationships=tuple(_ranked(tally.relationships)),
        gifted=tally.gifted,
        first=tally.first,
        last=tally.last,
        fit=value,
        topics=tuple(_ranked(tally_topics)),
        off_topic_words=brand_fit.outside_words(tally.words, account.profile) if off else (),
    )


def _timeline(tally: AccountTally) -> tuple[Month, ...]:
    return tuple(
        Month(
            month=month,
            posts=m.posts,
            commercial=m.commercial,
            clear=m.statuses["clear"],
            ambiguous=m.statuses["ambiguous"],
            hidden=m.statuses["hidden"],
            missing=m.statuses["missing"],
            gifted=m.gifted,
            gifted_disclosed=m.gifted_disclosed,
        )
        for month, m in sorted(tally.months.items())
    )


def _gifting(tally: AccountTally) -> Gifting:
    names = {key: b.name for key, b in tally.brands.items()}
    return Gifting(
        posts=evidence(tally.evidence.get("gifted")),
        disclosed=evidence(tally.evidence.get("gifted-disclosed")),
        per_month=tuple((m, t.gifted) for m, t in sorted(tally.months.items()) if t.gifted),
        brands=tuple((names.get(k, k), n) for k, n in _ranked(tally.gift_brands)),
    )


def _usual(tally: AccountTally) -> tuple[tuple[str, float], ...]:
    shares = brand_fit.distribution(tally.profile)
    ranked = sorted(shares.items(), key=lambda kv: (-kv[1], kv[0]))[: settings().usual_topics]
    return tuple((topic, round(value, 4)) for topic, value in ranked)


def _disclosure(tally: AccountTally) -> Disclosure:
    clear, ambiguous, hidden, missing = (evidence(tally.evidence.get(s)) for s in STATUSES)
    return Disclosure(clear, ambiguous, hidden, missing, commercial=tally.commercial)


def _post_fits(tally: AccountTally, shares: dict[str, float]) -> tuple[PostFit, ...]:
    known = tally.profile_hashtags
    seen: dict[tuple[tuple[str, ...], tuple[str, ...]], float | None] = {}  # posts repeat
    out = []
    for (_, post_id), topics, tags in tally.post_topics.posts:
        key = (topics, tags)
        if key not in seen:
            seen[key] = brand_fit.post_fit(topics, tags, shares, known)
        out.append(PostFit(post_id, seen[key]))
    return tuple(out)


def _examples(tally: AccountTally, shares: dict[str, float]) -> tuple[Example, ...]:
    known = tally.profile_hashtags
    return tuple(
        Example(
            e.id,
            e.day,
            e.status,
            e.caption,
            e.spans,
            e.findings,
            brand_fit.post_fit(e.topics, e.hashtags, shares, known) if e.status else None,
        )
        for _, e in tally.examples
    )


def account_audit(tally: AccountTally, jurisdictions: tuple[str, ...]) -> AccountAudit:
    shares = _shares(tally)
    brands = sorted(
        (_brand(key, b, tally, shares) for key, b in tally.brands.items()),
        key=lambda b: (-b.posts.count, b.name),
    )
    ev = tally.evidence.get
    return AccountAudit(
        account=tally.account,
        jurisdictions=jurisdictions,
        posts=evidence(ev("posts")),
        undated=tally.undated,
        commercial=evidence(ev("commercial")),
        post_fit=_post_fits(tally, shares),
        disclosure=_disclosure(tally),
        score=score(tally),
        brands=tuple(brands),
        gifting=_gifting(tally),
        usual_topics=_usual(tally),
        usual_hashtags=tuple(_ranked(tally.profile_hashtags)[: settings().usual_hashtags]),
        learned_from=tally.profile_posts,
        timeline=_timeline(tally),
        dropshipping=evidence(ev("dropshipping")),
        supplier_missing=evidence(ev("supplier-missing")),
        examples=_examples(tally, shares),
    )
