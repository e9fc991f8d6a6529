"""A Report as a tuple of primitives, and back: what a batch worker sends to its parent.

Pickling a Report pickles a dozen dataclass and enum objects by reference to their classes;
unpickling calls each class again. On two cores the parent pays that on the cores the workers
check on. Tuples of strings and numbers pickle and load several times faster and are a third
of the size. The caption is not sent: the parent has it (it sent it).

The layout is private to one run (a worker and its parent are the same version): a new field
of the model is a new position here, and `test_wire.py` round-trips every field of the corpora.
"""

from __future__ import annotations

from typing import Any

from .model import (
    Applicability,
    Category,
    Confidence,
    Disclosure,
    Edit,
    Finding,
    Fix,
    PostInfo,
    Relationship,
    Report,
    Severity,
    Signal,
    SignalBasis,
    SignalKind,
    Span,
    Strength,
)

Record = tuple[Any, ...]

_NO_POST = PostInfo()
# Enum members by value: a dict lookup instead of the enum's own (slower) constructor.
_KIND = {m.value: m for m in SignalKind}
_BASIS = {m.value: m for m in SignalBasis}
_STRENGTH = {m.value: m for m in Strength}
_RELATIONSHIP = {m.value: m for m in Relationship}
_CATEGORY = {m.value: m for m in Category}
_SEVERITY = {m.value: m for m in Severity}
_CONFIDENCE = {m.value: m for m in Confidence}
_APPLICABILITY = {m.value: m for m in Applicability}


def encode(report: Report) -> Record:
    """The report without its caption, as nested tuples of str, int, bool and None."""
    return (
        report.language,
        report.language_source,
        report.jurisdictions,
        report.platform,
        tuple(
            (s.kind.value, s.span.start, s.span.end, s.text, s.detail, s.basis.value)
            for s in report.signals
        ),
        tuple(
            (
                d.span.start,
                d.span.end,
                d.text,
                d.strength.value,
                d.language,
                d.visible,
                d.relationship.value,
            )
            for d in report.disclosures
        ),
        tuple(_encode_finding(f) for f in report.findings),
        None if report.post == _NO_POST else _encode_post(report.post),
    )


def _encode_finding(f: Finding) -> Record:
    return (
        f.rule_id,
        f.name,
        f.category.value,
        f.severity.value,
        f.confidence.value,
        f.message,
        f.span.start,
        f.span.end,
        None if f.fix is None else _encode_fix(f.fix),
        tuple(n for span in f.related for n in (span.start, span.end)),
        f.jurisdiction,
    )


def _encode_fix(fix: Fix) -> Record:
    edits = tuple((e.span.start, e.span.end, e.replacement) for e in fix.edits)
    return (fix.message, edits, fix.applicability.value)


def _encode_post(post: PostInfo) -> Record:
    return (
        post.sponsored,
        post.relationship,
        post.brands,
        post.platform_label,
        post.image_retouched,
        post.image_ai_generated,
    )


def decode(record: Record, caption: str) -> Report:
    """The Report that `encode` was given, equal field for field."""
    # Positional arguments and list comprehensions: this runs once per caption in the parent.
    language, source, jurisdictions, platform, signals, disclosures, findings, post = record
    return Report(
        caption,
        language,
        source,
        jurisdictions,
        platform,
        tuple([Signal(_KIND[k], Span(a, b), t, d, _BASIS[s]) for k, a, b, t, d, s in signals])
        if signals
        else (),
        tuple([_decode_disclosure(d) for d in disclosures]) if disclosures else (),
        tuple([_decode_finding(f) for f in findings]) if findings else (),
        _NO_POST if post is None else PostInfo(*post),
    )


def _decode_disclosure(d: Record) -> Disclosure:
    a, b, text, strength, language, visible, relationship = d
    return Disclosure(
        Span(a, b), text, _STRENGTH[strength], language, visible, _RELATIONSHIP[relationship]
    )


def _decode_finding(f: Record) -> Finding:
    rule_id, name, category, severity, confidence, message, a, b, fix, related, where = f
    return Finding(
        rule_id,
        name,
        _CATEGORY[category],
        _SEVERITY[severity],
        _CONFIDENCE[confidence],
        message,
        Span(a, b),
        None if fix is None else _decode_fix(fix),
        tuple([Span(related[i], related[i + 1]) for i in range(0, len(related), 2)])
        if related
        else (),
        where,
    )


def _decode_fix(fix: Record) -> Fix:
    message, edits, applicability = fix
    return Fix(
        message,
        tuple([Edit(Span(a, b), replacement) for a, b, replacement in edits]),
        _APPLICABILITY[applicability],
    )
