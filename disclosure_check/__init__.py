"""disclosure-check: advertising-disclosure checks for social-media captions.

>>> import disclosure_check as dc
>>> report = dc.check("Use code EMMA20 at @glowco ✨", jurisdiction="UK")
>>> [f.rule_id for f in report.findings]
['UK101']
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .batch import BatchError
from .checker import Checker, check
from .errors import DisclosureCheckError, PackError, PackNotFoundError, RuleError
from .jurisdictions import known_jurisdictions
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
    SignalKind,
    Span,
    Strength,
)
from .platforms import platforms
from .rules.api import Label, RuleContext, RuleMeta
from .rules.base import Hit, Rule, RuleDoc

__all__ = [
    "AccountAudit",
    "Applicability",
    "BatchError",
    "Category",
    "Checker",
    "Confidence",
    "Disclosure",
    "DisclosureCheckError",
    "Edit",
    "Finding",
    "Fix",
    "Hit",
    "Label",
    "PackError",
    "PackNotFoundError",
    "PostInfo",
    "Relationship",
    "Report",
    "Rule",
    "RuleContext",
    "RuleDoc",
    "RuleError",
    "RuleMeta",
    "Severity",
    "Signal",
    "SignalKind",
    "Span",
    "Strength",
    "__version__",
    "audit",
    "check",
    "known_jurisdictions",
    "platforms",
]

if TYPE_CHECKING:
    from .audits import AccountAudit, audit

# Public, but loaded on first use: most programs check captions and never audit a feed, and
# the audit's modules are a fifth of the package's import time.
_LAZY = {"audit": "disclosure_check.audits", "AccountAudit": "disclosure_check.audits"}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'disclosure_check' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
