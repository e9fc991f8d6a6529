"""The Rule base class: metadata declared once, a `check` that yields hits.

A rule says *what* and *where* (`Hit`); the engine adds *who* and *how bad* (id, severity after
overrides, confidence, jurisdiction) when it turns a hit into a `Finding` (after Vale and
flake8-bugbear). The same declaration feeds the rules table, the generated docs pages and the
example tests, so the three cannot drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from ..model import Category, Severity
from ..policy import ConfidenceTag
from .api import Hit, RuleContext, RuleDoc, RuleMeta

if TYPE_CHECKING:
    from ..context import Context
    from ..pack import Pack

__all__ = ["RULE_ID", "RULE_NAME", "Hit", "Rule", "RuleDoc", "RuleMeta", "cap_severity"]

RULE_ID = re.compile(r"^[A-Z]{2,4}[0-9]{3}$")
RULE_NAME = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


class Rule:
    """A check. Subclasses set the class-level metadata and implement `check`."""

    kind: ClassVar[str] = ""
    category: ClassVar[Category]
    fixable: ClassVar[bool] = False

    def __init__(self, meta: RuleMeta | None = None, /, **fields: Any) -> None:
        """Build the rule from its `RuleMeta`; the registry does this for every pack rule.

        The keyword form `Rule(id=…, name=…, severity=…, …)` of earlier versions still works:
        the keywords are the fields of `RuleMeta`.
        """
        if meta is None:
            meta = RuleMeta(**fields)
        elif fields:
            raise TypeError(f"pass either a RuleMeta or keywords, not both ({', '.join(fields)})")
        if not RULE_ID.match(meta.id):
            raise ValueError(f"rule id {meta.id!r} must be 2-4 upper-case letters and three digits")
        if not RULE_NAME.match(meta.name):
            raise ValueError(f"rule name {meta.name!r} must be lower-case words joined by hyphens")
        self.meta = meta
        self.id = meta.id
        self.name = meta.name
        self.severity = meta.severity
        self.confidence = meta.confidence
        self.pack: Pack = meta.pack
        self.doc = meta.doc
        self.jurisdiction = meta.jurisdiction
        self.languages = meta.languages
        if meta.category is not None:
            self.category = meta.category  # type: ignore[misc]

    @property
    def pack_id(self) -> str:
        return self.pack.id

    @property
    def distribution(self) -> str:
        return self.pack.distribution or "unknown distribution"

    def check(self, ctx: Context) -> Iterable[Hit]:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.id} {self.name}>"


def cap_severity(severity: Severity, confidence_tag: str) -> Severity:
    """A rule resting on an unverified fact [U] is never more than a warning."""
    return ConfidenceTag(confidence_tag).cap(severity)


if TYPE_CHECKING:
    # Checked by mypy --strict: the engine's per-check Context satisfies the public contract.
    def _context_is_a_rule_context(ctx: Context) -> RuleContext:
        return ctx
