"""The audit's result: immutable, typed values with `to_dict()` (JSON-ready)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from html import escape
from typing import Any

from .. import highlight
from .records import Skipped


def share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


@dataclass(frozen=True, slots=True)
class Evidence:
    """A number and the posts behind it: ids of the earliest `ids` posts, `truncated` if cut."""

    count: int
    ids: tuple[str, ...]

    @property
    def truncated(self) -> bool:
        return self.count > len(self.ids)

    def to_dict(self) -> dict[str, Any]:
        return {"count": self.count, "ids": list(self.ids), "truncated": self.truncated}


@dataclass(frozen=True, slots=True)
class Disclosure:
    """Commercial posts by disclosure status: clearly and visibly / ambiguous / hidden / missing."""

    clear: Evidence
    ambiguous: Evidence
    hidden: Evidence
    missing: Evidence
    commercial: int

    def shares(self) -> dict[str, float | None]:
        return {
            name: share(getattr(self, name).count, self.commercial)
            for name in ("clear", "ambiguous", "hidden", "missing")
        }

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            name: getattr(self, name).to_dict()
            for name in ("clear", "ambiguous", "hidden", "missing")
        }
        out["shares"] = self.shares()
        return out


@dataclass(frozen=True, slots=True)
class Month:
    month: str  # YYYY-MM
    posts: int
    commercial: int
    clear: int
    ambiguous: int
    hidden: int
    missing: int
    gifted: int
    gifted_disclosed: int

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}


@dataclass(frozen=True, slots=True)
class PostFit:
    """A commercial post kept as evidence and its fit with the account's usual topics."""

    id: str
    fit: float | None  # 0–1; None when the post or the account has no topic to compare

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "fit": self.fit}


@dataclass(frozen=True, slots=True)
class Brand:
    """One partnership: the brand's posts, by relationship, its dates and its fit."""

    key: str
    name: str
    posts: Evidence
    relationships: tuple[tuple[str, int], ...]
    gifted: int
    first: str | None
    last: str | None
    fit: float | None  # 0–1 against the account's usual topics; None: nothing to compare
    topics: tuple[tuple[str, int], ...]
    off_topic_words: tuple[str, ...]

    @property
    def repeated(self) -> bool:
        return self.posts.count > 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "posts": self.posts.to_dict(),
            "relationships": dict(self.relationships),
            "gifted": self.gifted,
            "first": self.first,
            "last": self.last,
            "repeated": self.repeated,
            "fit": self.fit,
            "topics": dict(self.topics),
            "off_topic_words": list(self.off_topic_words),
        }


@dataclass(frozen=True, slots=True)
class Gifting:
    posts: Evidence
    disclosed: Evidence  # gifted posts whose disclosure is clear
    per_month: tuple[tuple[str, int], ...]
    brands: tuple[tuple[str, int], ...]  # brand name -> gifted posts

    @property
    def disclosed_share(self) -> float | None:
        return share(self.disclosed.count, self.posts.count)

    def to_dict(self) -> dict[str, Any]:
        return {
            "posts": self.posts.to_dict(),
            "disclosed": self.disclosed.to_dict(),
            "disclosed_share": self.disclosed_share,
            "per_month": dict(self.per_month),
            "brands": dict(self.brands),
        }


@dataclass(frozen=True, slots=True)
class Example:
    """A problem post kept whole for the evidence view: caption, spans, findings."""

    id: str
    date: str | None
    status: str | None
    caption: str
    spans: tuple[tuple[int, int, str, str], ...]
    findings: tuple[str, ...]
    fit: float | None = None  # commercial posts: fit with the account's usual topics

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "date": self.date,
            "status": self.status,
            "fit": self.fit,
            "caption": self.caption,
            "spans": [list(s) for s in self.spans],
            "findings": list(self.findings),
        }


def _fit_label(value: float | None) -> str:
    return "" if value is None else f" fit {value:.2f}"


@dataclass(frozen=True, slots=True)
class AccountAudit:
    account: str
    jurisdictions: tuple[str, ...]
    posts: Evidence
    undated: int
    commercial: Evidence
    post_fit: tuple[PostFit, ...]  # the commercial posts in `commercial.ids`, in that order
    disclosure: Disclosure
    score: int | None  # None when the account has no commercial post
    brands: tuple[Brand, ...]
    gifting: Gifting
    usual_topics: tuple[tuple[str, float], ...]
    usual_hashtags: tuple[tuple[str, int], ...]
    learned_from: int  # non-commercial posts the usual topics come from
    timeline: tuple[Month, ...]
    dropshipping: Evidence
    supplier_missing: Evidence
    examples: tuple[Example, ...]

    @property
    def commercial_share(self) -> float | None:
        return share(self.commercial.count, self.posts.count)

    @property
    def repeated_partners(self) -> tuple[str, ...]:
        return tuple(b.name for b in self.brands if b.repeated and b.key)

    @property
    def off_topic(self) -> tuple[Brand, ...]:
        return tuple(b for b in self.brands if b.off_topic_words)

    def _repr_html_(self) -> str:
        """Jupyter's view: the headline numbers, then each evidence post highlighted."""
        d = self.disclosure
        head = (
            f"<h4>{escape(self.account)}: score {self.score if self.score is not None else '–'}"
            f"</h4><p>{self.posts.count} posts, {self.commercial.count} commercial: "
            f"{d.clear.count} clear, {d.ambiguous.count} ambiguous, {d.hidden.count} hidden, "
            f"{d.missing.count} missing; {self.gifting.posts.count} gifted; "
            f"{self.dropshipping.count} with dropshipping cues.</p>"
        )
        posts = "".join(
            f"<p><b>{escape(e.id)}</b> {escape(e.date or '')} {escape(e.status or '')}"
            f"{_fit_label(e.fit)}</p>"
            + highlight.caption_html(e.caption, e.spans)
            + highlight.findings_html(e.findings)
            for e in self.examples
        )
        return highlight.STYLE + head + posts

    def to_dict(self) -> dict[str, Any]:
        return {
            "account": self.account,
            "jurisdictions": list(self.jurisdictions),
            "posts": self.posts.to_dict(),
            "undated": self.undated,
            "commercial": self.commercial.to_dict(),
            "commercial_share": self.commercial_share,
            "post_fit": [p.to_dict() for p in self.post_fit],
            "disclosure": self.disclosure.to_dict(),
            "score": self.score,
            "brands": [b.to_dict() for b in self.brands],
            "repeated_partners": list(self.repeated_partners),
            "off_topic": [b.name for b in self.off_topic],
            "gifting": self.gifting.to_dict(),
            "usual_topics": dict(self.usual_topics),
            "usual_hashtags": dict(self.usual_hashtags),
            "learned_from": self.learned_from,
            "timeline": [m.to_dict() for m in self.timeline],
            "dropshipping": self.dropshipping.to_dict(),
            "supplier_missing": self.supplier_missing.to_dict(),
            "examples": [e.to_dict() for e in self.examples],
        }


@dataclass(frozen=True, slots=True)
class Audit:
    """One AccountAudit per account (in account order) and the records that were skipped."""

    accounts: tuple[AccountAudit, ...]
    skipped: tuple[Skipped, ...]  # the first ones, with where and why
    skipped_count: int
    skipped_by_reason: tuple[tuple[str, int], ...]

    def __iter__(self) -> Iterator[AccountAudit]:
        return iter(self.accounts)

    def __len__(self) -> int:
        return len(self.accounts)

    def __getitem__(self, key: int | str) -> AccountAudit:
        if isinstance(key, int):
            return self.accounts[key]
        for account in self.accounts:
            if account.account == key:
                return account
        known = ", ".join(a.account for a in self.accounts[:10])
        raise KeyError(f"no account {key!r} in this audit; accounts: {known}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "accounts": [a.to_dict() for a in self.accounts],
            "skipped": {
                "count": self.skipped_count,
                "by_reason": dict(self.skipped_by_reason),
                "records": [s.to_dict() for s in self.skipped],
            },
        }
