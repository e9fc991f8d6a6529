"""The Rule base class: metadata declared once, a `check` that yields hits.

A rule says *what* and *where* (`Hit`); the engine adds *who* and *how bad* (id, severity after
overrides, confidence, jurisdiction) when it turns a hit into a `Finding` (after Vale and
flake8-bugbear). The same declaration feeds the rules table, the generated docs pages and the
example tests, so the three cannot drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from ..model import Category, Confidence, Fix, Severity, Span

if TYPE_CHECKING:
    from ..context import Context
    from ..pack import Pack

RULE_ID = re.compile(r"^[A-Z]{2,4}[0-9]{3}$")
RULE_NAME = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule found: where, why, and optionally how to fix it."""

    span: Span
    message: str
    fix: Fix | None = None
    related: tuple[Span, ...] = ()
    severity: Severity | None = None  # a rule may lower or raise its default for one hit


@dataclass(frozen=True, slots=True)
class RuleDoc:
    summary: str
    why: str = ""
    examples_fail: tuple[str, ...] = ()
    examples_pass: tuple[str, ...] = ()
    fix_safety: str = ""
    options: tuple[tuple[str, str], ...] = ()
    sources: tuple[tuple[str, str, str], ...] = ()  # (title, url, confidence tag)
    # How to run the examples: jurisdiction, platform, PostInfo fields.
    example_context: dict[str, Any] = field(default_factory=dict)


class Rule:
    """A check. Subclasses set the class-level metadata and implement `check`."""

    kind: ClassVar[str] = ""
    category: ClassVar[Category]
    fixable: ClassVar[bool] = False

    def __init__(
        self,
        *,
        id: str,
        name: str,
        severity: Severity,
        confidence: Confidence,
        pack: Pack,
        doc: RuleDoc,
        jurisdiction: str | None = None,
        languages: tuple[str, ...] = (),
        category: Category | None = None,
    ) -> None:
        if not RULE_ID.match(id):
            raise ValueError(f"rule id {id!r} must be 2-4 upper-case letters and three digits")
        if not RULE_NAME.match(name):
            raise ValueError(f"rule name {name!r} must be lower-case words joined by hyphens")
        self.id = id
        self.name = name
        self.severity = severity
        self.confidence = confidence
        self.pack = pack
        self.doc = doc
        self.jurisdiction = jurisdiction
        self.languages = languages
        if category is not None:
            self.category = category  # type: ignore[misc]

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
    if confidence_tag == "U" and severity is Severity.ERROR:
        return Severity.WARNING
    return severity
