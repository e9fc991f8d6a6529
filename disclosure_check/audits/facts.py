"""What an audit keeps of one checked post: a few plain values, cheap to send between processes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..model import Category, Report, Severity, SignalKind, evident_relationship
from .records import AuditRecord
from .topics import topic_words

CLEAR, AMBIGUOUS, HIDDEN, MISSING = "clear", "ambiguous", "hidden", "missing"
STATUSES = (CLEAR, AMBIGUOUS, HIDDEN, MISSING)
_GIFT_RELATIONSHIPS = ("gifted", "event")
_BLOCKING = {
    Category.MISSING_DISCLOSURE: MISSING,
    Category.HIDDEN_DISCLOSURE: HIDDEN,
    Category.AMBIGUOUS_DISCLOSURE: AMBIGUOUS,
    Category.LANGUAGE_MISMATCH: AMBIGUOUS,
}
_DROPSHIPPING_RULE = "dropshipping-supplier-identity"


@dataclass(slots=True)
class PostFacts:  # not frozen: built once per post, where frozen init costs
    account: str
    index: int
    id: str
    day: str | None  # ISO date
    commercial: bool
    status: str | None  # clear | ambiguous | hidden | missing, for commercial posts
    relationship: str | None
    gifted: bool
    brands: tuple[tuple[str, str], ...]  # (key, as written)
    dropshipping: bool
    supplier_missing: bool
    topics: tuple[tuple[str, str], ...]  # (topic, word)
    hashtags: tuple[str, ...]
    report: Report | None  # problem posts only, for the evidence view

    @property
    def month(self) -> str | None:
        return self.day[:7] if self.day else None


@dataclass(frozen=True, slots=True)
class Shown:
    """A problem post as the evidence view shows it, in plain values."""

    id: str
    day: str | None
    status: str | None
    caption: str
    spans: tuple[tuple[int, int, str, str], ...]  # (start, end, category, label)
    findings: tuple[str, ...]
    topics: tuple[str, ...] = ()  # of a commercial post: its fit is measured at the end
    hashtags: tuple[str, ...] = ()


def shown(facts: PostFacts) -> Shown:
    """Built only for the posts an account keeps: most problem posts are counted, not shown."""
    report = facts.report
    caption = ""
    spans: tuple[tuple[int, int, str, str], ...] = ()
    rows: tuple[str, ...] = ()
    if report is not None:
        caption, spans = report.caption, _spans(report)
        rows = tuple(f"{f.rule_id} [{f.severity.value}] {f.message}" for f in report.findings)
    topics, tags = (topic_names(facts), facts.hashtags) if facts.commercial else ((), ())
    return Shown(facts.id, facts.day, facts.status, caption, spans, rows, topics, tags)


def topic_names(facts: PostFacts) -> tuple[str, ...]:
    return tuple(topic for topic, _ in facts.topics)


@lru_cache(maxsize=4096)
def brand_key(name: str) -> str:
    return re.sub(r"[\W_]+", "", name.lower().lstrip("@#"))


def disclosure_status(report: Report, commercial: bool | None = None) -> str | None:
    """The worst disclosure problem of a commercial post (missing > hidden > ambiguous)."""
    if not (report.commercial if commercial is None else commercial):
        return None
    found = {
        _BLOCKING[f.category]
        for f in report.findings
        if f.category in _BLOCKING and f.severity is not Severity.INFO
    }
    for status in (MISSING, HIDDEN, AMBIGUOUS):
        if status in found:
            return status
    return CLEAR


def relationship(
    report: Report, commercial: bool | None = None, kinds: set[SignalKind] | None = None
) -> str | None:
    """The caller's relationship, else the one the evidence shows (as the fixes choose it)."""
    if not (report.commercial if commercial is None else commercial):
        return None
    if kinds is None:
        kinds = {s.kind for s in report.signals}
    return evident_relationship(kinds, report.post.relationship)


def brands(report: Report) -> tuple[tuple[str, str], ...]:
    seen: dict[str, str] = {}
    names = [*report.post.brands]
    names += [s.text for s in report.signals if s.kind is SignalKind.BRAND_MENTION]
    for name in names:
        key = brand_key(name)
        if key and key not in seen:
            seen[key] = name if name.startswith(("@", "#")) else f"@{name}"
    return tuple(seen.items())


def _spans(report: Report) -> tuple[tuple[int, int, str, str], ...]:
    out = [(s.span.start, s.span.end, "signal", s.kind.value) for s in report.signals if s.span.end]
    out += [(d.span.start, d.span.end, "disclosure", d.strength.value) for d in report.disclosures]
    out += [(f.span.start, f.span.end, "finding", f.rule_id) for f in report.findings if f.span.end]
    return tuple(sorted(out))


def post_facts(record: AuditRecord, report: Report) -> PostFacts:
    commercial = report.commercial
    status = disclosure_status(report, commercial)
    kinds = {s.kind for s in report.signals}
    rel = relationship(report, commercial, kinds)
    gifted = commercial and (rel in _GIFT_RELATIONSHIPS or SignalKind.GIFTED in kinds)
    topics, tags = topic_words(report.caption)
    problem = status not in (None, CLEAR) or SignalKind.DROPSHIPPING in kinds
    return PostFacts(
        account=record.account,
        index=record.index,
        id=record.id,
        day=record.date.isoformat() if record.date else None,
        commercial=commercial,
        status=status,
        relationship=rel,
        gifted=gifted,
        brands=brands(report) if commercial else (),
        dropshipping=SignalKind.DROPSHIPPING in kinds,
        supplier_missing=any(f.name == _DROPSHIPPING_RULE for f in report.findings),
        topics=topics,
        hashtags=tags,
        report=report if problem else None,
    )
