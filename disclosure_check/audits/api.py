"""`audit(posts, ...)`: one AccountAudit per account, from one streaming pass over the posts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from .accumulator import AccountTally, tally
from .run import Checkers, SkipLog, facts_stream, records
from .summary import account_audit
from .values import Audit


def finish(
    tallies: dict[str, AccountTally], skips: SkipLog, jurisdictions: tuple[str, ...]
) -> Audit:
    """The Audit of merged partial results (accounts in name order)."""
    return Audit(
        accounts=tuple(account_audit(tallies[a], jurisdictions) for a in sorted(tallies)),
        skipped=tuple(s for _, s in skips.first),
        skipped_count=skips.count,
        skipped_by_reason=tuple(sorted(skips.by_reason.items())),
    )


def checker_arguments(
    jurisdiction: str | Sequence[str] | None, platform: str | None, options: dict[str, Any]
) -> dict[str, Any]:
    return {"jurisdiction": jurisdiction, "platform": platform, **options}


def audit(
    posts: Iterable[Any],
    jurisdiction: str | Sequence[str] | None = None,
    platform: str | None = None,
    *,
    account_field: str = "account",
    date_field: str = "date",
    workers: int = 1,
    chunk_size: int = 256,
    **checker_options: Any,
) -> Audit:
    """Audit a feed: `posts` are records (mappings with `caption` and optional `account`, `id`,
    `date` (ISO 8601), `platform`, `language`, `post`) or caption strings.

    Bad records are skipped, counted and listed (`Audit.skipped`); the pass goes on. With
    workers=N > 1 the posts are checked by N processes (Checker.check_many). Other keyword
    arguments go to `disclosure_check.Checker` (packs, select, ignore, severity, options).
    """
    if isinstance(posts, (str, bytes)) or not isinstance(posts, Iterable):
        raise TypeError(
            f"audit takes an iterable of records or captions, not {type(posts).__name__}"
        )
    if not isinstance(workers, int) or isinstance(workers, bool) or workers < 1:
        raise ValueError(f"workers must be a whole number >= 1, not {workers!r}")
    checkers = Checkers(checker_arguments(jurisdiction, platform, checker_options))
    skips = SkipLog()
    feed = records(posts, skips, account_field=account_field, date_field=date_field)
    stream = facts_stream(checkers, feed, skips, workers=workers, chunk_size=chunk_size)
    return finish(tally(stream), skips, checkers.main.jurisdictions)
