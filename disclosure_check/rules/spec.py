"""The keys every `[[rules]]` table of a pack.toml has, read into a `RuleMeta`.

Kind-specific keys are read by the kind itself (`from_spec` in rules/declarative.py); this module
reads what all kinds share: id, name, category, confidence, severity and the documentation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..errors import PackError, suggest
from ..model import Category, Severity
from ..pack import Pack
from ..policy import ConfidenceTag
from .api import RuleDoc, RuleMeta
from .base import RULE_ID, RULE_NAME

# The keys every [[rules]] table may have; each kind adds its own (`spec_keys`).
COMMON_KEYS = frozenset(
    {"id", "name", "kind", "category", "severity", "confidence", "source", "summary", "why",
     "examples", "example_context", "fix_safety", "languages"}
)  # fmt: skip
_TYPES = {bool: "true or false (a TOML boolean, unquoted)", str: "a string", dict: "a table"}


def check_keys(spec: Mapping[str, Any], known: Iterable[str], where: str) -> None:
    """Refuse a key the rule's kind does not read: a misspelt key would be silently ignored."""
    allowed = sorted(set(known))
    for key in spec:
        if key not in allowed:
            raise PackError(
                f"{where}.{key}: unknown key for kind {spec.get('kind')!r}"
                f"{suggest(key, allowed)}; known: {', '.join(allowed)}"
            )


def typed(spec: Mapping[str, Any], key: str, kind: type, default: Any, where: str) -> Any:
    """`spec[key]` when it has type `kind` (a bool is not taken for a string or the reverse)."""
    value = spec.get(key, default)
    if not isinstance(value, kind):
        raise PackError(f"{where}.{key}: expected {_TYPES.get(kind, kind.__name__)}, got {value!r}")
    return value


def strings(spec: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    """A list of non-empty strings under `key` (empty when the key is absent)."""
    value = spec.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise PackError(f"{where}.{key}: expected a list of non-empty strings")
    return tuple(value)


def rule_doc(spec: Mapping[str, Any], pack: Pack, where: str) -> RuleDoc:
    examples = spec.get("examples", {})
    if not isinstance(examples, dict):
        raise PackError(f"{where}.examples: expected a table with fail and pass lists")
    check_keys(examples, ("fail", "pass"), f"{where}.examples")
    fail, passing = (strings(examples, k, f"{where}.examples") for k in ("fail", "pass"))
    source_id = spec.get("source", "")
    sources: tuple[tuple[str, str, str], ...] = ()
    if source_id:
        source = pack.source(source_id)
        if source is None:
            raise PackError(f"{where}.source: {source_id!r} is not a [[sources]] id of the pack")
        sources = ((source.title, source.url, source.confidence),)
    context = {"jurisdiction": pack.jurisdictions[0] if pack.jurisdictions else None}
    context.update(typed(spec, "example_context", dict, {}, where))
    return RuleDoc(
        summary=typed(spec, "summary", str, "", where),
        why=typed(spec, "why", str, "", where),
        examples_fail=fail,
        examples_pass=passing,
        fix_safety=typed(spec, "fix_safety", str, "", where),
        sources=sources,
        example_context=context,
    )


def rule_identity(spec: Mapping[str, Any], pack: Pack, where: str) -> tuple[str, str]:
    """The declared id and name, checked: the id carries the pack's prefix."""
    rule_id = spec.get("id")
    if not isinstance(rule_id, str) or not RULE_ID.match(rule_id):
        raise PackError(f"{where}.id: {rule_id!r} must be 2-4 upper-case letters and 3 digits")
    if not rule_id.startswith(pack.prefix):
        raise PackError(f"{where}.id: {rule_id} does not start with the pack prefix {pack.prefix}")
    name = spec.get("name")
    if not isinstance(name, str) or not RULE_NAME.match(name):
        raise PackError(f"{where}.name: {name!r} must be lower-case words joined by hyphens")
    return rule_id, name


def rule_meta(
    spec: Mapping[str, Any], pack: Pack, where: str, default_category: Category | None
) -> RuleMeta:
    """The metadata of a declared rule; `default_category` is the kind's own, if it has one."""
    rule_id, name = rule_identity(spec, pack, where)
    category_value = spec.get("category", default_category)
    try:
        category = Category(category_value)
    except ValueError as exc:
        raise PackError(
            f"{where}.category: {category_value!r} is not one of "
            f"{', '.join(c.value for c in Category)}"
        ) from exc
    tag_value = spec.get("confidence", pack.confidence)
    if tag_value not in tuple(ConfidenceTag):
        raise PackError(f"{where}.confidence: {tag_value!r} is not one of V, S, U")
    tag = ConfidenceTag(tag_value)
    try:
        severity = Severity(spec.get("severity", "error"))
    except ValueError as exc:
        raise PackError(f"{where}.severity: must be one of error, warning, info") from exc
    return RuleMeta(
        id=rule_id,
        name=name,
        severity=tag.cap(severity),
        confidence=tag.confidence,
        pack=pack,
        doc=rule_doc(spec, pack, where),
        jurisdiction=pack.jurisdictions[0] if pack.jurisdictions else None,
        languages=strings(spec, "languages", where),
        category=category,
    )
