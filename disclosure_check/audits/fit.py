"""Brand fit: how much a partnership's topics overlap the account's usual topics.

fit = Σ over topics of min(brand share, account share): 1 when the brand's posts are about
exactly what the account usually posts about, 0 when they share no topic. The account's usual
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
    b, p = distribution(brand_topics), distribution(profile)
    if not b or not p:
        return None
    return round(sum(min(share, p.get(topic, 0.0)) for topic, share in b.items()), 4)


def combined(topics: Counter[str], hashtags: Counter[str], known: Counter[str]) -> Counter[str]:
    """Lexicon topics plus the hashtags that the account's own posts use as well."""
    out = Counter(topics)
    out.update({tag: n for tag, n in hashtags.items() if tag in known})
    return out


def outside_words(
    words: Counter[tuple[str, str]], profile: Counter[str], limit: int = 5
) -> tuple[str, ...]:
    """The brand's topic words whose topic the account never posts about, most used first."""
    counts: Counter[str] = Counter()
    for (topic, word), n in words.items():
        if topic not in profile:
            counts[word] += n
    return tuple(w for w, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit])
