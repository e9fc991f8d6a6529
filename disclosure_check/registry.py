"""Packs -> rules: instantiation, validation of ids and term sets, select / ignore."""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from . import discovery
from .discovery import jurisdiction_index
from .errors import PackError, suggest
from .jurisdictions import CORE
from .matching import UserPattern
from .model import Category, Confidence, Severity
from .pack import CONFIDENCE_TAGS, LabelSpec, Pack
from .rules.base import RULE_ID, RULE_NAME, Rule, RuleDoc, cap_severity
from .rules.declarative import DECLARATIVE_KINDS, DeclarativeRule
from .rules.legibility import StylisedLabel
from .rules.mismatch import DenialContradiction, GiftedOnPaid, PartnerBrandMismatch
from .rules.standard import STANDARD_KINDS, StandardRule
from .rules.standard_docs import standard_doc

PYTHON_KINDS: dict[str, type[Rule]] = {
    DenialContradiction.kind: DenialContradiction,
    GiftedOnPaid.kind: GiftedOnPaid,
    PartnerBrandMismatch.kind: PartnerBrandMismatch,
    StylisedLabel.kind: StylisedLabel,
    **{cls.kind: cls for _, cls in STANDARD_KINDS.values()},
}


class BuiltRules:
    """The rules of a set of packs, plus the terms and patterns they need matched."""

    def __init__(self) -> None:
        self.rules: list[Rule] = []
        self.rule_terms: dict[str, tuple[str, ...]] = {}

    def add(self, rule: Rule) -> None:
        for existing in self.rules:
            if existing.id == rule.id:
                raise PackError(
                    f"rule id {rule.id} is declared twice: by pack {existing.pack_id!r} and by "
                    f"pack {rule.pack_id!r}"
                )
        self.rules.append(rule)


def _doc(spec: Mapping[str, Any], pack: Pack, where: str) -> RuleDoc:
    examples = spec.get("examples", {})
    if not isinstance(examples, dict):
        raise PackError(f"{where}.examples: expected a table with fail and pass lists")
    source_id = spec.get("source", "")
    sources: tuple[tuple[str, str, str], ...] = ()
    if source_id:
        source = pack.source(source_id)
        if source is None:
            raise PackError(f"{where}.source: {source_id!r} is not a [[sources]] id of the pack")
        sources = ((source.title, source.url, source.confidence),)
    context = {"jurisdiction": pack.jurisdictions[0] if pack.jurisdictions else None}
    context.update(spec.get("example_context", {}))
    return RuleDoc(
        summary=str(spec.get("summary", "")),
        why=str(spec.get("why", "")),
        examples_fail=tuple(examples.get("fail", ())),
        examples_pass=tuple(examples.get("pass", ())),
        fix_safety=str(spec.get("fix_safety", "")),
        sources=sources,
        example_context=context,
    )


def _load_python_kind(reference: str, where: str) -> type[Rule]:
    module_name, _, attribute = reference.partition(":")
    try:
        module = importlib.import_module(module_name)
        cls = getattr(module, attribute)
    except (ImportError, AttributeError) as exc:
        raise PackError(f"{where}.object: cannot import {reference!r}: {exc}") from exc
    if not (isinstance(cls, type) and issubclass(cls, Rule)):
        raise PackError(f"{where}.object: {reference!r} is not a subclass of disclosure_check.Rule")
    return cls


def build_pack_rules(pack: Pack, out: BuiltRules, lexicon: tuple[LabelSpec, ...] = ()) -> None:
    """Add a pack's rules: the standard four for a jurisdiction pack, then its declared ones.

    A standard rule with nothing to flag in that jurisdiction (no vague label exists in an
    accepted language, so ambiguous-disclosure cannot fire) is left out rather than kept inert.
    """
    declared = {str(spec.get("id", "")) for spec in pack.rule_specs}
    if pack.is_jurisdiction:
        for number, (name, cls) in STANDARD_KINDS.items():
            rule_id = f"{pack.prefix}{number}"
            if rule_id in declared:
                continue
            doc = standard_doc(number, pack, lexicon)
            if not doc.examples_fail:
                continue
            tag = _standard_tag(pack, number)
            out.add(
                cls(
                    id=rule_id,
                    name=name,
                    severity=cap_severity(Severity.ERROR, tag),
                    confidence=Confidence.from_tag(tag),
                    pack=pack,
                    doc=doc,
                    jurisdiction=pack.jurisdictions[0] if pack.jurisdictions else None,
                )
            )
    for i, spec in enumerate(pack.rule_specs):
        where = f"{pack.module or pack.id}/pack.toml: rules[{i}]"
        out.add(_declared_rule(pack, spec, where, out))


def _declared_rule(pack: Pack, spec: Mapping[str, Any], where: str, out: BuiltRules) -> Rule:
    rule_id = spec.get("id")
    if not isinstance(rule_id, str) or not RULE_ID.match(rule_id):
        raise PackError(f"{where}.id: {rule_id!r} must be 2-4 upper-case letters and 3 digits")
    if not rule_id.startswith(pack.prefix):
        raise PackError(f"{where}.id: {rule_id} does not start with the pack prefix {pack.prefix}")
    name = spec.get("name")
    if not isinstance(name, str) or not RULE_NAME.match(name):
        raise PackError(f"{where}.name: {name!r} must be lower-case words joined by hyphens")
    kind = spec.get("kind")
    cls: type[Rule]
    if kind == "python":
        cls = _load_python_kind(str(spec.get("object", "")), where)
    elif isinstance(kind, str) and kind in DECLARATIVE_KINDS:
        cls = DECLARATIVE_KINDS[kind]
    elif isinstance(kind, str) and kind in PYTHON_KINDS:
        cls = PYTHON_KINDS[kind]
    else:
        known = sorted([*DECLARATIVE_KINDS, *PYTHON_KINDS, "python"])
        raise PackError(
            f"{where}.kind: unknown rule kind {kind!r}{suggest(str(kind), known)}; "
            f"known: {', '.join(known)}"
        )
    category_value = spec.get("category", getattr(cls, "category", None))
    try:
        category = Category(category_value)
    except ValueError as exc:
        raise PackError(
            f"{where}.category: {category_value!r} is not one of "
            f"{', '.join(c.value for c in Category)}"
        ) from exc
    tag = spec.get("confidence", pack.confidence)
    if tag not in CONFIDENCE_TAGS:
        raise PackError(f"{where}.confidence: {tag!r} is not one of V, S, U")
    try:
        severity = Severity(spec.get("severity", "error"))
    except ValueError as exc:
        raise PackError(f"{where}.severity: must be one of error, warning, info") from exc
    rule = cls(
        id=rule_id,
        name=name,
        severity=cap_severity(severity, tag),
        confidence=Confidence.from_tag(tag),
        pack=pack,
        doc=_doc(spec, pack, where),
        jurisdiction=pack.jurisdictions[0] if pack.jurisdictions else None,
        languages=tuple(spec.get("languages", ())),
        category=category,
    )
    if isinstance(rule, DeclarativeRule):
        terms = _strings(spec, "terms", where) + _strings(spec, "trigger_terms", where)
        patterns = tuple(
            UserPattern(p, where=f"{where}.patterns[{j}]")
            for j, p in enumerate(_strings(spec, "patterns", where))
        )
        if rule.kind == "trigger-requires":
            required = _strings(spec, "required_terms", where)
            if not required:
                raise PackError(f"{where}.required_terms: a trigger-requires rule needs terms")
            out.rule_terms[f"{rule_id}:required"] = required
            post_field = spec.get("trigger_post")
            if post_field is not None and post_field not in _POST_FLAGS:
                raise PackError(
                    f"{where}.trigger_post: {post_field!r} is not one of {', '.join(_POST_FLAGS)}"
                )
        elif not terms and not patterns:
            raise PackError(f"{where}: a term-present rule needs `terms` or `patterns`")
        out.rule_terms[rule_id] = terms
        rule.configure(dict(spec), patterns)
    return rule


_POST_FLAGS = ("sponsored", "platform_label", "image_retouched", "image_ai_generated")


def _strings(spec: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = spec.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise PackError(f"{where}.{key}: expected a list of non-empty strings")
    return tuple(value)


def _standard_tag(pack: Pack, number: str) -> str:
    if number == "103" and pack.placement is not None:
        return pack.placement.confidence
    if number == "104" and pack.audience is not None:
        return pack.audience.confidence
    return pack.confidence


def matches_selector(rule: Rule, selector: str) -> bool:
    """A selector is a rule id, an id prefix ("FR", "FR1"), a rule name or a category."""
    s = selector.strip()
    return (
        rule.id == s.upper()
        or (s.upper() == s and rule.id.startswith(s))
        or rule.name == s.lower()
        or rule.category.value == s.lower()
    )


def selector_problem(selector: str, rules: Sequence[Rule]) -> str | None:
    """Why a select/ignore selector is invalid, or None when some rule matches it."""
    if any(matches_selector(r, selector) for r in rules):
        return None
    known = sorted({r.id for r in rules} | {r.name for r in rules})
    return (
        f"selector {selector!r} matches no rule{suggest(selector, known)}; use a rule id "
        f"(FR101), an id prefix (FR, DC2), a rule name (missing-disclosure) or a category"
    )


def select_rules(
    rules: Sequence[Rule], select: Iterable[str] = (), ignore: Iterable[str] = ()
) -> list[Rule]:
    select = [s for s in select if s]
    ignore = [s for s in ignore if s]
    for selector in (*select, *ignore):
        problem = selector_problem(selector, rules)
        if problem:
            raise ValueError(problem)
    chosen = [r for r in rules if not select or any(matches_selector(r, s) for s in select)]
    return [r for r in chosen if not any(matches_selector(r, s) for s in ignore)]


def severity_overrides(overrides: Mapping[str, str], rules: Sequence[Rule]) -> dict[str, Severity]:
    out = {}
    ids = {r.id for r in rules}
    for rule_id, value in overrides.items():
        if rule_id.upper() not in ids:
            raise ValueError(
                f"severity override for unknown rule {rule_id!r}{suggest(rule_id, ids)}"
            )
        try:
            out[rule_id.upper()] = Severity(value)
        except ValueError as exc:
            raise ValueError(
                f"severity for {rule_id} must be error, warning or info, not {value!r}"
            ) from exc
    return out


@dataclass(frozen=True)
class RuleSet:
    """The rules one Checker runs, and what the vocabulary must match for them."""

    rules: tuple[Rule, ...]  # after select / ignore, in pack order
    built: tuple[Rule, ...]  # every rule of the packs, selected or not
    rule_terms: Mapping[str, tuple[str, ...]]
    overrides: Mapping[str, Severity]

    @classmethod
    def build(
        cls,
        core: Pack,
        audiences: Sequence[Pack],
        extra: Sequence[Pack] = (),
        *,
        select: Iterable[str] = (),
        ignore: Iterable[str] = (),
        severity: Mapping[str, str] | None = None,
    ) -> RuleSet:
        """Rules of the core pack, the audiences' jurisdiction packs and extra packs.

        The core pack's standard rules are the global baseline: they stand in for a
        jurisdiction's only when no jurisdiction is asked for.
        """
        built = BuiltRules()
        packs = (core, *audiences, *extra)
        lexicon = tuple(label for pack in packs for d in pack.languages for label in d.labels)
        for pack in packs:
            build_pack_rules(pack, built, lexicon)
        active = [
            r
            for r in built.rules
            if not (audiences and r.pack is core and isinstance(r, StandardRule))
        ]
        return cls(
            rules=tuple(select_rules(active, select, ignore)),
            built=tuple(built.rules),
            rule_terms=MappingProxyType(dict(built.rule_terms)),
            overrides=MappingProxyType(severity_overrides(severity or {}, built.rules)),
        )


def rule_universe(packs: Iterable[str] = ()) -> list[Rule]:
    """Every rule that some jurisdiction could run with these extra packs, one per id.

    Selectors are checked against this set rather than one jurisdiction's rules, so that a
    configuration can name FR and US rules at once for a batch that mixes both markets.
    """
    core = discovery.load(CORE)
    extra = [discovery.load(name) for name in packs]
    out: dict[str, Rule] = {}
    for audience in (None, *sorted(set(jurisdiction_index().values()))):
        audiences = [discovery.load(audience)] if audience else []
        rest = [p for p in extra if p not in audiences]
        for rule in RuleSet.build(core, audiences, rest).rules:
            out.setdefault(rule.id, rule)
    return [out[k] for k in sorted(out)]
