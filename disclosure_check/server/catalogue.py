"""The read-only endpoints' answers: rules of an audience, jurisdictions, platforms."""

from __future__ import annotations

from typing import Any

import disclosure_check as dc


def rule_payload(rule: dc.Rule) -> dict[str, Any]:
    doc = rule.doc
    return {
        "id": rule.id,
        "name": rule.name,
        "category": str(rule.category),
        "severity": str(rule.severity),
        "confidence": str(rule.confidence),
        "jurisdiction": rule.jurisdiction,
        "pack": rule.pack_id,
        "fixable": rule.fixable,
        "summary": doc.summary,
        "why": doc.why,
        "sources": [
            {"title": title, "url": url, "confidence": tag} for title, url, tag in doc.sources
        ],
    }


def rules_payload(checker: dc.Checker) -> dict[str, Any]:
    return {
        "jurisdictions": list(checker.jurisdictions),
        "rules": [rule_payload(rule) for rule in checker.rules],
    }


def jurisdiction_payload(code: str, checker: dc.Checker) -> dict[str, Any]:
    pack = checker.profile_packs[0]
    audience = pack.audience
    return {
        "code": code,
        "title": pack.title,
        "pack": pack.id,
        "languages": list(audience.languages) if audience else [],
    }


def platforms_payload() -> dict[str, Any]:
    return {
        "platforms": [
            {"name": p.name, "title": p.title, "caption_limit": p.caption_limit}
            for p in dc.platforms().values()
        ]
    }
