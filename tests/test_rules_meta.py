"""Meta-tests: every rule is declared completely and its own examples behave as documented."""

from __future__ import annotations

import pytest
from conftest import unmark

import disclosure_check as dc
from disclosure_check.docs import all_rules
from disclosure_check.rules.base import RULE_ID, RULE_NAME
from disclosure_check.rules.declarative import DeclarativeRule

RULES = all_rules()


def test_there_are_rules_for_core_and_every_jurisdiction():
    prefixes = {r.id[:-3] for r in RULES}
    assert {"DC", "FR", "UK", "US"} <= prefixes


def test_rule_ids_are_unique_and_well_formed():
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    for rule in RULES:
        assert RULE_ID.match(rule.id), rule.id
        assert RULE_NAME.match(rule.name), rule.name
        assert rule.id.startswith(rule.pack.prefix), (rule.id, rule.pack.prefix)


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_is_documented(rule):
    doc = rule.doc
    assert doc.summary.strip(), f"{rule.id} has no summary"
    assert doc.why.strip(), f"{rule.id} has no 'why'"
    assert doc.examples_fail, f"{rule.id} has no failing example"
    assert doc.examples_pass, f"{rule.id} has no passing example"
    if rule.pack.is_jurisdiction or rule.pack_id == "core":
        assert doc.sources, f"{rule.id} cites no source"


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_declarative_rules_reference_terms_that_exist(rule):
    if not isinstance(rule, DeclarativeRule):
        return
    checker = dc.Checker(rule.jurisdiction)
    terms = checker.vocabulary.rule_terms.get(rule.id, ())
    assert terms or rule.patterns, f"{rule.id} has no terms"


def _run(rule, caption):
    ctx = dict(rule.doc.example_context)
    post = ctx.pop("post", None)
    checker = dc.Checker(ctx.get("jurisdiction"), ctx.get("platform"))
    return checker.check(caption, language=ctx.get("language"), post=post)


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_failing_examples_fire_on_the_marked_span(rule):
    for example in rule.doc.examples_fail:
        caption, marks = unmark(example)
        report = _run(rule, caption)
        mine = [f for f in report.findings if f.rule_id == rule.id]
        assert mine, f"{rule.id} did not fire on its example {caption!r}: {report.findings}"
        for start, end, _ in marks:
            assert any((f.span.start, f.span.end) == (start, end) for f in mine), (
                f"{rule.id} fired on {[caption[f.span.start : f.span.end] for f in mine]}, "
                f"expected {caption[start:end]!r}"
            )


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_passing_examples_do_not_fire(rule):
    for example in rule.doc.examples_pass:
        report = _run(rule, example)
        assert rule.id not in {f.rule_id for f in report.findings}, (
            f"{rule.id} fired on its passing example {example!r}: {report.findings}"
        )
