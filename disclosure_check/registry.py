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
from .model import Severity
from .pack import LabelSpec, Pack
from .rules.base import Rule
from .rules.declarative import DECLARATIVE_KINDS, DeclarativeRule
from .rules.legibility import StylisedLabel
from .rules.mismatch import DenialContradiction, GiftedOnPaid, PartnerBrandMismatch
from .rules.spec import COMMON_KEYS, check_keys, rule_identity, rule_meta
from .rules.standard import STANDARD_RULES, StandardRule

PYTHON_KINDS: dict[str, type[Rule]] = {
    DenialContradiction.kind: DenialContradiction,
    GiftedOnPaid.kind: GiftedOnPaid,
    PartnerBrandMismatch.kind: PartnerBrandMismatch,
    StylisedLabel.kind: StylisedLabel,
    **{cls.kind: cls for cls in STANDARD_RULES},
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
        for cls in STANDARD_RULES:
            if f"{pack.prefix}{cls.number}" not in declared and cls.applies_to(pack, lexicon):
                out.add(cls.for_pack(pack, lexicon))
    for i, spec in enumerate(pack.rule_specs):
        where = f"{pack.module or pack.id}/pack.toml: rules[{i}]"
        rule = _declared_rule(pack, spec, where)
        if isinstance(rule, DeclarativeRule):
            out.rule_terms.update(rule.matched_terms)
        out.add(rule)


def _declared_rule(pack: Pack, spec: Mapping[str, Any], where: str) -> Rule:
    rule_identity(spec, pack, where)
    kind = spec.get("kind")
    if isinstance(kind, str) and kind in DECLARATIVE_KINDS:
        return DECLARATIVE_KINDS[kind].from_spec(spec, pack, where)
    cls: type[Rule]
    if kind == "python":
        cls = _load_python_kind(str(spec.get("object", "")), where)
    elif isinstance(kind, str) and kind in PYTHON_KINDS:
        cls = PYTHON_KINDS[kind]
    else:
        known = sorted([*DECLARATIVE_KINDS, *PYTHON_KINDS, "python"])
        raise PackError(
            f"{where}.kind: unknown rule kind {kind!r}{suggest(str(kind), known)}; "
            f"known: {', '.join(known)}"
        )
    if issubclass(cls, DeclarativeRule):  # a Python subclass of a declarative kind
        return cls.from_spec(spec, pack, where)
    check_keys(spec, COMMON_KEYS | {"object"}, where)
    return cls(rule_meta(spec, pack, where, getattr(cls, "category", None)))


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
