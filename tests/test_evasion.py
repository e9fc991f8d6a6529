"""Evasive writing: labels and signals disguised in stylised Unicode, invisible characters,
look-alike letters, HTML entities, or spaced out (issue 7).

Each line of `tests/evasion/cases.jsonl` is one case:

    {"id", "category", "jurisdiction", "platform", "marked",
     "expect_signals", "expect_rules", "absent_rules", "note"}
    (optional: "language", "post")

`marked` is the caption with the evidence marked `⟦original text⟧{tag,tag…}`. A tag is a signal
kind (`discount-code`), a rule id (`US101`), or `disclosure` / `disclosure:clear` /
`disclosure:ambiguous` for a label. The check must see through the disguise AND report the span
of the ORIGINAL characters: `caption[span.start:span.end]` is exactly the marked text.

A case of the `spaced` category (signals spelt out with spaces or dots: `c o d e EMMA20`,
`amzn . to / xyz`), and only of that category, may carry `"xfail": "<why>"` when the engine does
not read it yet. It runs as a strict xfail: once the engine reads it, the case fails until the
`xfail` field is removed from the data.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import unmark

import disclosure_check as dc

CASES_FILE = Path(__file__).parent / "evasion" / "cases.jsonl"

XFAIL_CATEGORY = "spaced"
CATEGORIES = {
    "mathematical",
    "fullwidth",
    "enclosed",
    "small-capitals",
    "superscript",
    "zero-width",
    "soft-hyphen",
    "bidi",
    "combining",
    "decomposed-accent",
    "missing-accent",
    "cyrillic",
    "greek",
    "html-entity",
    "ligature",
    "mixed",
    "boundary",
    XFAIL_CATEGORY,
}
FIELDS = {"id", "category", "jurisdiction", "platform", "marked", "expect_signals"}
FIELDS |= {"expect_rules", "absent_rules", "note"}
OPTIONAL = {"language", "post", "xfail"}
SIGNAL_KINDS = {k.value for k in dc.SignalKind}
DISCLOSURE_TAGS = {"disclosure", "disclosure:clear", "disclosure:ambiguous"}
RULE_ID = re.compile(r"^[A-Z]{2}\d{3}$")


def load_cases() -> list[dict[str, Any]]:
    cases = []
    for number, line in enumerate(CASES_FILE.read_text("utf-8").splitlines(), 1):
        if line.strip():
            case = json.loads(line)
            case["_line"] = number
            cases.append(case)
    return cases


CASES = load_cases()


def _params() -> list[Any]:
    out = []
    for case in CASES:
        marks = []
        if case.get("xfail") and case.get("category") == XFAIL_CATEGORY:
            marks.append(pytest.mark.xfail(strict=True, reason=case["xfail"]))
        out.append(pytest.param(case, id=case["id"], marks=marks))
    return out


def _tags(tag: str | None) -> list[str]:
    return [t.strip() for t in (tag or "").split(",") if t.strip()]


def run_case(case: dict[str, Any]) -> dc.Report:
    caption, _ = unmark(case["marked"])
    return dc.check(
        caption,
        jurisdiction=case["jurisdiction"],
        platform=case["platform"],
        language=case.get("language"),
        post=case.get("post"),
    )


def _describe(report: dc.Report) -> str:
    c = report.caption
    lines = [f"  signal {s.kind} {c[s.span.start : s.span.end]!r}" for s in report.signals]
    lines += [
        f"  disclosure {d.strength} {c[d.span.start : d.span.end]!r}" for d in report.disclosures
    ]
    lines += [f"  finding {f.rule_id} {c[f.span.start : f.span.end]!r}" for f in report.findings]
    return "\n".join(lines) or "  (nothing)"


@pytest.mark.parametrize("case", _params())
def test_evasion_case(case: dict[str, Any]) -> None:
    caption, marks = unmark(case["marked"])
    report = run_case(case)
    n = len(caption)
    where = f"{case['id']} ({case['note']})\nreport:\n{_describe(report)}"

    for signal in report.signals:
        assert 0 <= signal.span.start <= signal.span.end <= n, where
        assert signal.text == caption[signal.span.start : signal.span.end], where
    for disclosure in report.disclosures:
        assert 0 <= disclosure.span.start <= disclosure.span.end <= n, where
        assert disclosure.text == caption[disclosure.span.start : disclosure.span.end], where
    for finding in report.findings:
        assert 0 <= finding.span.start <= finding.span.end <= n, where

    signals = {(s.kind.value, s.span.start, s.span.end) for s in report.signals}
    disclosures = {(d.strength.value, d.span.start, d.span.end) for d in report.disclosures}
    findings = {(f.rule_id, f.span.start, f.span.end) for f in report.findings}
    for start, end, tag in marks:
        text = caption[start:end]
        for t in _tags(tag):
            if t in SIGNAL_KINDS:
                assert (t, start, end) in signals, f"expected {t} on {text!r}: {where}"
            elif t in DISCLOSURE_TAGS:
                wanted = [t.partition(":")[2]] if ":" in t else ["clear", "ambiguous"]
                assert any((w, start, end) in disclosures for w in wanted), (
                    f"expected {t} on {text!r}: {where}"
                )
            else:
                assert (t, start, end) in findings, f"expected {t} on {text!r}: {where}"

    kinds = {s.kind.value for s in report.signals}
    ids = {f.rule_id for f in report.findings}
    for kind in case["expect_signals"]:
        assert kind in kinds, f"expected a {kind} signal: {where}"
    for rule_id in case["expect_rules"]:
        assert rule_id in ids, f"expected {rule_id}: {where}"
    for rule_id in case["absent_rules"]:
        assert rule_id not in ids, f"{rule_id} must not fire: {where}"


def test_corpus_is_well_formed() -> None:
    assert len(CASES) >= 150
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids)), "duplicate ids"
    for case in CASES:
        at = f"{CASES_FILE.name}:{case['_line']} ({case.get('id')})"
        keys = set(case) - {"_line"}
        assert keys >= FIELDS, f"{at}: missing {sorted(FIELDS - keys)}"
        assert keys <= FIELDS | OPTIONAL, f"{at}: unknown {sorted(keys - FIELDS - OPTIONAL)}"
        assert case["category"] in CATEGORIES, f"{at}: unknown category {case['category']!r}"
        assert case["note"].strip(), f"{at}: empty note"
        if "xfail" in case:
            assert case["category"] == XFAIL_CATEGORY, f"{at}: xfail outside {XFAIL_CATEGORY!r}"
            assert case["xfail"].strip(), f"{at}: xfail needs a reason"
        caption, marks = unmark(case["marked"])
        assert "⟦" not in caption and "⟧" not in caption, f"{at}: unbalanced marker"
        checks = len(marks) + len(case["expect_signals"]) + len(case["expect_rules"])
        assert checks + len(case["absent_rules"]) > 0, f"{at}: the case asserts nothing"
        for start, end, tag in marks:
            assert end > start, f"{at}: empty marker"
            assert _tags(tag), f"{at}: marker without a tag"
            for t in _tags(tag):
                known = t in SIGNAL_KINDS or t in DISCLOSURE_TAGS or RULE_ID.match(t)
                assert known, f"{at}: unknown tag {t!r}"
        for kind in case["expect_signals"]:
            assert kind in SIGNAL_KINDS, f"{at}: unknown signal kind {kind!r}"
        for rule_id in case["expect_rules"] + case["absent_rules"]:
            assert RULE_ID.match(rule_id), f"{at}: bad rule id {rule_id!r}"


def test_every_category_is_exercised() -> None:
    seen: dict[str, int] = {}
    for case in CASES:
        seen[case["category"]] = seen.get(case["category"], 0) + 1
    assert set(seen) == CATEGORIES
    assert all(count >= 3 for count in seen.values()), seen


def test_disguises_are_really_there() -> None:
    # A case whose caption is plain ASCII tests nothing about evasion, except the categories
    # that are about plain letters (missing accents, spacing, boundaries).
    plain_ok = {"missing-accent", "boundary", XFAIL_CATEGORY}
    for case in CASES:
        caption, _ = unmark(case["marked"])
        if case["category"] not in plain_ok:
            assert not caption.isascii() or "&" in caption, case["id"]
