"""Creator audits: one account's posts as a whole (docs/audit.md).

    from disclosure_check.audits import audit
    for account in audit(posts, jurisdiction="FR"):
        print(account.account, account.score, account.disclosure.shares())

The HTML report needs the `report` extra (Jinja2); nothing else here does.
"""

from __future__ import annotations

from .accumulator import AccountTally, merge
from .api import audit, finish
from .records import NO_ACCOUNT, AuditRecord, Skipped
from .values import (
    AccountAudit,
    Audit,
    Brand,
    Disclosure,
    Evidence,
    Example,
    Gifting,
    Month,
)

__all__ = [
    "NO_ACCOUNT",
    "AccountAudit",
    "AccountTally",
    "Audit",
    "AuditRecord",
    "Brand",
    "Disclosure",
    "Evidence",
    "Example",
    "Gifting",
    "Month",
    "Skipped",
    "audit",
    "finish",
    "merge",
]
