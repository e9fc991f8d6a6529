"""A rule written in Python: the metadata lives in pack.toml, the logic here."""

from __future__ import annotations

from collections.abc import Iterable

from disclosure_check import Hit, Rule, RuleContext


class LabelOnFirstLine(Rule):
    """House style: the advertising label sits on the caption's first line."""

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        if not ctx.commercial or not ctx.labels:
            return
        if any(ctx.caption.line_of(label.span.start) == 0 for label in ctx.labels):
            return
        first = ctx.labels[0]
        yield Hit(first.span, f"{first.text!r} is not on the first line (house style).")
