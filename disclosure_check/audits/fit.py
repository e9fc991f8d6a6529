"""Brand fit: how much a partnership's topics overlap the account's usual topics.

fit = Σ over topics of min(brand share, account share): 1 when the brand's posts are about
exactly what the account usually posts about, 0 when they share no topic. A single commercial
post gets the same measure with its own topics in place of the brand's. The account's usual
topics come from its own non-commercial posts; hashtags count as topics when the account uses
them in those posts too. A signal for agencies, never a legal finding.
"""

from __future__ import annotations

from collections import Counter


def distribution(counts: Counter[str]) -> dict[str, float]:
    total = sum(counts.values())
    return {k: v / total for k, v in counts.items()} if total else {}


def fit(brand_topics: Counter[str], profile: Counter[str]) -> float | None:
    """Overlap 0–1 of two topic counts; None when either side has no topic at all."""
    return overlap(brand_topics, distribution(profile))


def overlap(topics: Counter[str], shares: dict[str, float]) -> float | None:
    """`fit` against the account's shares computed once (every post and brand uses them)."""
    b = distribution(topics)
    if not b or not shares:
        return None
    return round(sum(min(share, shares.get(topic, 0.0)) for topic, share in b.items()), 4)


def combined(topics: Counter[str], hashtags: Counter[str], known: Counter[str]) -> Counter[str]:
    """Lexicon topics plus the hashtags that the account's own posts use as well."""
    out = Counter(topics)
    out.update({tag: n for tag, n in hashtags.items() if tag in known})
    return out


def post_fit(
    topics: tuple[str, ...],
    hashtags: tuple[str, ...],
    shares: dict[str, float],
    known: Counter[str],
) -> float | None:
    """One post's fit: its topic words and known hashtags against the account's topic shares
    (the same arithmetic as `overlap`, on a plain dict: an account measures up to 50 posts)."""
    counts: dict[str, int] = {}
    for topic in topics:
        counts[topic] = counts.get(topic, 0) + 1
    for tag in hashtags:
        if tag in known:
            counts[tag] = counts.get(tag, 0) + 1
    total = sum(counts.values())
    if not total or not shares:
        return None
    return round(sum(min(n / total, shares.get(k, 0.0)) for k, n in counts.items()), 4)


def outside_words(
    words: Counter[tuple[str, str]], profile: Counter[str], limit: int = 5
) -> tuple[str, ...]:
    """The brand's topic words whose topic the account never posts about, most used first."""
    counts: Counter[str] = Counter()
    for (topic, word), n in words.items():
        if topic not in profile:
            counts[word] += n
    return tuple(w for w, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit])
