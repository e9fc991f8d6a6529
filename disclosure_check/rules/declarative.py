"""Rule kinds a pack declares in TOML, with no Python (after Vale's declarative rules).

* `term-present`: flag each occurrence of a term (restricted categories …);
* `trigger-requires`: when a trigger holds (a PostInfo flag or a caption phrase), a required
  term must be present (France's « Images retouchées » …).

Terms go through the shared matcher (matching.py); hand-written `patterns` are probed at load
time and run under a time limit.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..context import Context
from ..fixes import insert_fix
from ..matching import UserPattern
from ..model import Span
from .base import Hit, Rule


class DeclarativeRule(Rule):
    """Common fields of TOML-declared rules."""

    def configure(self, spec: dict[str, Any], patterns: tuple[UserPattern, ...]) -> None:
        self.message = str(spec.get("message", "")) or self.doc.summary
        self.requires_commercial = bool(spec.get("requires_commercial", True))
        self.patterns = patterns

    def term_spans(self, ctx: Context, rule_id: str) -> list[Span]:
        spans = list(ctx.rule_term_spans.get(rule_id, ()))
        for pattern in self.patterns:
            for fstart, fend in pattern.finditer(ctx.caption.folded):
                spans.append(Span(*ctx.caption.span(fstart, fend)))
        return sorted(set(spans), key=lambda s: (s.start, s.end))


class TermPresent(DeclarativeRule):
    kind = "term-present"

    def check(self, ctx: Context) -> Iterable[Hit]:
        if self.requires_commercial and not ctx.commercial:
            return
        for span in self.term_spans(ctx, self.id):
            yield Hit(span, f"{ctx.caption.original[span.start : span.end]!r}: {self.message}")


class TriggerRequires(DeclarativeRule):
    kind = "trigger-requires"
    fixable = True

    def configure(self, spec: dict[str, Any], patterns: tuple[UserPattern, ...]) -> None:
        super().configure(spec, patterns)
        self.trigger_post = spec.get("trigger_post")
        self.fix_text = str(spec.get("fix", ""))
        self.required_id = f"{self.id}:required"

    def check(self, ctx: Context) -> Iterable[Hit]:
        if self.requires_commercial and not ctx.commercial:
            return
        flagged = bool(self.trigger_post and getattr(ctx.post, self.trigger_post, None) is True)
        triggers = self.term_spans(ctx, self.id)
        if not flagged and not triggers:
            return
        if self.term_spans(ctx, self.required_id):
            return
        span = triggers[0] if triggers else Span(0, 0)
        fix = None
        if self.fix_text:
            fix = insert_fix(self.fix_text, " | ", "the mention the law requires")
        reason = (
            f"the caption says {ctx.caption.original[span.start : span.end]!r}"
            if triggers
            else f"PostInfo.{self.trigger_post} is True"
        )
        yield Hit(span, f"{self.message} ({reason}).", fix=fix)


DECLARATIVE_KINDS: dict[str, type[DeclarativeRule]] = {
    TermPresent.kind: TermPresent,
    TriggerRequires.kind: TriggerRequires,
}
