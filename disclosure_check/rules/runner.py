"""Running one rule on one caption, so that a faulty rule is a reported failure, never a pass.

Whatever goes wrong in a rule is a `RuleError` naming the rule, its pack and distribution: an
exception of any kind (`SystemExit` and other `BaseException`s included, so that a rule calling
`sys.exit(0)` cannot end a batch as a success), a result that is not a `Hit`, a span that is not
whole numbers inside the caption, a severity that is not a `Severity`, a fix whose edits fall
outside the caption, or more time than the rule budget. `KeyboardInterrupt` is let through:
it is how a person stops a run, and a rule raising one cannot be told apart from that.

The budget is wall-clock time measured around the rule and checked when it returns. Pure Python
cannot stop a running function from outside (signals reach only the main thread, threads cannot
be killed), so a rule that never returns still hangs the check; one that is merely slow is
reported instead of its findings.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from ..context import Context
from ..errors import RuleError
from ..model import Fix, Severity, Span
from .base import Hit, Rule


def rule_error(rule: Rule, problem: str) -> RuleError:
    return RuleError(
        f"rule {rule.id} ({rule.name}) of pack {rule.pack_id!r} from {rule.distribution} {problem}",
        rule_id=rule.id,
        pack=rule.pack_id,
        distribution=rule.distribution,
    )


def run_rule(rule: Rule, ctx: Context, budget: float) -> list[Hit]:
    """The rule's hits on this caption, validated; a RuleError when the rule failed."""
    started = time.perf_counter()
    try:
        hits = list(rule.check(ctx))
    except (RuleError, KeyboardInterrupt):
        raise
    except BaseException as exc:  # SystemExit too: see the module docstring
        raise rule_error(rule, f"raised {type(exc).__name__}: {exc}") from exc
    elapsed = time.perf_counter() - started
    if elapsed > budget:
        raise rule_error(
            rule,
            f"took {elapsed:.2f} s on this caption, over the rule budget of {budget:g} s; "
            f"its findings are not reported (raise Checker(rule_budget=...) if it is only slow)",
        )
    n = len(ctx.caption.original)
    for hit in hits:
        problem = hit_problem(hit, n)
        if problem:
            raise rule_error(rule, problem)
    return hits


def hit_problem(hit: object, n: int) -> str | None:
    """What is wrong with a rule's result on a caption of length n, or None."""
    if not isinstance(hit, Hit):
        return f"returned {type(hit).__name__} instead of Hit"
    if not _inside(hit.span, n):
        return f"returned span {hit.span!r} outside the caption (length {n})"
    if not isinstance(hit.message, str) or not hit.message:
        return "returned a hit without a message"
    if hit.severity is not None and not isinstance(hit.severity, Severity):
        return f"returned severity {hit.severity!r}; expected a Severity or None"
    for span in hit.related:
        if not _inside(span, n):
            return f"returned a related span {span!r} outside the caption (length {n})"
    if hit.fix is not None:
        return _fix_problem(hit.fix, n)
    return None


def _fix_problem(fix: object, n: int) -> str | None:
    if not isinstance(fix, Fix) or not isinstance(fix.edits, Iterable):
        return f"returned fix {fix!r}; expected a Fix"
    for edit in fix.edits:
        span = getattr(edit, "span", None)
        if not _inside(span, n) or not isinstance(getattr(edit, "replacement", None), str):
            return f"returned a fix edit {edit!r} outside the caption (length {n})"
    return None


def _inside(span: object, n: int) -> bool:
    """Whole-number offsets (not bool, not float) with 0 <= start <= end <= n."""
    if not isinstance(span, Span):
        return False
    start, end = span.start, span.end
    whole = all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end))
    return whole and 0 <= start <= end <= n
