"""Per-account running totals: add one post at a time, merge two partial results (workers, Dask).

Memory is bounded per account: counters by month, brand, topic and (capped) hashtag, and capped
evidence lists that keep the earliest posts by input position, so `merge` gives the same result
whatever order partial results arrive in.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .facts import CLEAR, STATUSES, PostFacts, Shown, shown, topic_names
from .settings import settings

Ref = tuple[int, str]  # (input position, post id)
Topical = tuple[Ref, tuple[str, ...], tuple[str, ...]]  # a commercial post's topics, hashtags
_LIMIT = settings().evidence_limit


def keep(refs: list[Ref], ref: Ref, limit: int) -> None:
    """Insert keeping the `limit` earliest references."""
    if len(refs) >= limit and ref >= refs[-1]:
        return
    bisect.insort(refs, ref)
    del refs[limit:]


def merged(a: list[Ref], b: list[Ref], limit: int) -> list[Ref]:
    return sorted(set(a) | set(b))[:limit]


@dataclass
class PostTopics:
    """The topics of the commercial posts kept as evidence (the earliest), for their fit."""

    posts: list[Topical] = field(default_factory=list)

    def add(self, facts: PostFacts) -> None:
        posts, ref = self.posts, (facts.index, facts.id)
        if len(posts) >= _LIMIT and ref >= posts[-1][0]:
            return
        bisect.insort(posts, (ref, topic_names(facts), facts.hashtags), key=lambda p: p[0])
        del posts[_LIMIT:]

    def merge(self, other: PostTopics) -> None:
        unique = {p[0]: p for p in [*self.posts, *other.posts]}
        self.posts = sorted(unique.values(), key=lambda p: p[0])[:_LIMIT]


@dataclass
class Evidence:
    refs: list[Ref] = field(default_factory=list)
    count: int = 0

    def add(self, ref: Ref) -> None:
        self.count += 1
        refs = self.refs
        # Posts mostly arrive in input order: once the list is full, a later post is not kept.
        if len(refs) < _LIMIT or ref < refs[-1]:
            keep(refs, ref, _LIMIT)

    def merge(self, other: Evidence) -> None:
        self.count += other.count
        self.refs = merged(self.refs, other.refs, _LIMIT)


@dataclass
class MonthTally:
    posts: int = 0
    commercial: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    gifted: int = 0
    gifted_disclosed: int = 0

    def merge(self, other: MonthTally) -> None:
        self.posts += other.posts
        self.commercial += other.commercial
        self.statuses.update(other.statuses)
        self.gifted += other.gifted
        self.gifted_disclosed += other.gifted_disclosed


@dataclass
class BrandTally:
    name: str
    posts: int = 0
    relationships: Counter[str] = field(default_factory=Counter)
    gifted: int = 0
    first: str | None = None
    last: str | None = None
    words: Counter[tuple[str, str]] = field(default_factory=Counter)  # (topic, word)
    hashtags: Counter[str] = field(default_factory=Counter)
    evidence: Evidence = field(default_factory=Evidence)

    @property
    def topics(self) -> Counter[str]:
        """Topic counts, from the word counts once at the end rather than for every post."""
        out: Counter[str] = Counter()
        for (topic, _), n in self.words.items():
            out[topic] += n
        return out

    def add(self, facts: PostFacts) -> None:
        self.posts += 1
        self.relationships[facts.relationship or "paid"] += 1
        self.gifted += facts.gifted
        self._dates(facts.day, facts.day)
        count(self.words, facts.topics)
        count(self.hashtags, facts.hashtags)
        self.evidence.add((facts.index, facts.id))

    def _dates(self, first: str | None, last: str | None) -> None:
        if first is not None and (self.first is None or first < self.first):
            self.first = first
        if last is not None and (self.last is None or last > self.last):
            self.last = last

    def merge(self, other: BrandTally) -> None:
        self.name = min(self.name, other.name)
        self.posts += other.posts
        self.relationships.update(other.relationships)
        self.gifted += other.gifted
        self._dates(other.first, other.last)
        self.words.update(other.words)
        self.hashtags.update(other.hashtags)
        self.evidence.merge(other.evidence)


def count(counter: Counter[Any], items: tuple[Any, ...]) -> None:
    # Not Counter.update: for the two or three items of a post its Mapping check costs more.
    for item in items:
        counter[item] += 1


def _cap(counter: Counter[str], cap: int) -> None:
    if len(counter) > 2 * cap:
        kept = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:cap]
        counter.clear()
        counter.update(dict(kept))


@dataclass
class AccountTally:
    """Everything an account's audit is computed from."""

    account: str
    posts: int = 0
    undated: int = 0
    commercial: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    months: dict[str, MonthTally] = field(default_factory=dict)
    brands: dict[str, BrandTally] = field(default_factory=dict)
    gift_brands: Counter[str] = field(default_factory=Counter)
    profile: Counter[str] = field(default_factory=Counter)  # topics of non-commercial posts
    profile_hashtags: Counter[str] = field(default_factory=Counter)
    profile_posts: int = 0
    evidence: dict[str, Evidence] = field(default_factory=dict)
    examples: list[tuple[int, Shown]] = field(default_factory=list)
    post_topics: PostTopics = field(default_factory=PostTopics)

    def add(self, facts: PostFacts) -> None:
        self.posts += 1
        ref = (facts.index, facts.id)
        self._evidence("posts", ref)
        month = self._month(facts.month)
        month.posts += 1
        if facts.dropshipping:
            self._evidence("dropshipping", ref)
        if facts.supplier_missing:
            self._evidence("supplier-missing", ref)
        if facts.report is not None:
            self._example(facts)
        if not facts.commercial:
            if not facts.dropshipping:  # a sales pitch says nothing of the account's own topics
                self._learn(facts)
            return
        self.commercial += 1
        month.commercial += 1
        self._evidence("commercial", ref)
        self.post_topics.add(facts)
        status = facts.status or CLEAR
        self.statuses[status] += 1
        month.statuses[status] += 1
        self._evidence(status, ref)
        if facts.gifted:
            self._gift(facts, month, ref)
        for key, name in facts.brands or (("", "(no brand named)"),):
            brand = self.brands.get(key)
            if brand is None:  # not setdefault: it would build a tally for every post
                brand = self.brands[key] = BrandTally(name)
            brand.add(facts)

    def _month(self, month: str | None) -> MonthTally:
        if month is None:
            self.undated += 1
            return MonthTally()  # counted in the totals, not in the timeline
        tally = self.months.get(month)
        if tally is None:
            tally = self.months[month] = MonthTally()
        return tally

    def _evidence(self, name: str, ref: Ref) -> None:
        evidence = self.evidence.get(name)
        if evidence is None:
            evidence = self.evidence[name] = Evidence()
        evidence.add(ref)

    def _learn(self, facts: PostFacts) -> None:
        self.profile_posts += 1
        profile = self.profile
        for topic, _ in facts.topics:
            profile[topic] += 1
        count(self.profile_hashtags, facts.hashtags)
        _cap(self.profile_hashtags, settings().hashtag_cap)

    def _gift(self, facts: PostFacts, month: MonthTally, ref: Ref) -> None:
        self._evidence("gifted", ref)
        month.gifted += 1
        if facts.status == CLEAR:
            month.gifted_disclosed += 1
            self._evidence("gifted-disclosed", ref)
        for key, _ in facts.brands:
            self.gift_brands[key] += 1

    def _example(self, facts: PostFacts) -> None:
        limit = settings().examples
        if len(self.examples) >= limit and facts.index >= self.examples[-1][0]:
            return
        bisect.insort(self.examples, (facts.index, shown(facts)), key=lambda e: e[0])
        del self.examples[limit:]

    def merge(self, other: AccountTally) -> AccountTally:
        """Fold `other` (the same account, other posts) into this tally; returns self."""
        if other.account != self.account:
            raise ValueError(f"cannot merge account {other.account!r} into {self.account!r}")
        self.posts += other.posts
        self.undated += other.undated
        self.commercial += other.commercial
        self.statuses.update(other.statuses)
        for month, tally in other.months.items():
            self.months.setdefault(month, MonthTally()).merge(tally)
        for key, brand in other.brands.items():
            if key in self.brands:
                self.brands[key].merge(brand)
            else:
                self.brands[key] = brand
        self.gift_brands.update(other.gift_brands)
        self.profile.update(other.profile)
        self.profile_hashtags.update(other.profile_hashtags)
        _cap(self.profile_hashtags, settings().hashtag_cap)
        self.profile_posts += other.profile_posts
        for name, evidence in other.evidence.items():
            self.evidence.setdefault(name, Evidence()).merge(evidence)
        self.post_topics.merge(other.post_topics)
        combined = sorted([*self.examples, *other.examples], key=lambda e: e[0])
        self.examples = combined[: settings().examples]
        return self


def merge(a: dict[str, AccountTally], b: dict[str, AccountTally]) -> dict[str, AccountTally]:
    """Merge two partial results (account -> tally); `a` is updated and returned."""
    for account, tally in b.items():
        if account in a:
            a[account].merge(tally)
        else:
            a[account] = tally
    return a


def tally(facts_iter: object) -> dict[str, AccountTally]:
    out: dict[str, AccountTally] = {}
    for facts in facts_iter:  # type: ignore[attr-defined]
        account = facts.account
        if account not in out:
            out[account] = AccountTally(account)
        out[account].add(facts)
    return out


__all__ = ["STATUSES", "AccountTally", "merge", "tally"]
