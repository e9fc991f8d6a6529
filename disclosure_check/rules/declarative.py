"""Rule kinds a pack declares in TOML, with no Python (after Vale's declarative rules).

* `term-present`: flag each occurrence of a term (restricted categories …);
* `trigger-requires`: when a trigger holds (a PostInfo flag or a caption phrase), a required
  term must be present (France's « Images retouchées » …).

Terms go through the shared matcher (matching.py); hand-written `patterns` are probed at load
time and run under a time limit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar, Self

from ..context import Context
from ..errors import PackError
from ..fixes import insert_fix
from ..matching import UserPattern
from ..model import Span
from ..pack import Pack
from .base import Hit, Rule, RuleMeta
from .spec import COMMON_KEYS, check_keys, rule_meta, strings, typed

# The PostInfo flags a trigger-requires rule may use as its trigger (`trigger_post`).
POST_FLAGS = ("sponsored", "platform_label", "image_retouched", "image_ai_generated")


class DeclarativeRule(Rule):
    """Common fields of TOML-declared rules; each kind reads and checks its own keys."""

    # The [[rules]] keys this kind reads; any other key is a load error.
    spec_keys: ClassVar[frozenset[str]] = COMMON_KEYS | {
        "message", "requires_commercial", "terms", "trigger_terms", "patterns", "object"
    }  # fmt: skip

    def __init__(
        self,
        meta: RuleMeta,
        /,
        *,
        terms: tuple[str, ...] = (),
        patterns: tuple[UserPattern, ...] = (),
        message: str = "",
        requires_commercial: bool = True,
    ) -> None:
        super().__init__(meta)
        self.terms = terms
        self.patterns = patterns
        self.message = message or self.doc.summary
        self.requires_commercial = requires_commercial

    @classmethod
    def from_spec(cls, spec: Mapping[str, Any], pack: Pack, where: str) -> Self:
        """Read, validate and compile a `[[rules]]` table of this kind (errors name the key)."""
        check_keys(spec, cls.spec_keys, where)
        meta = rule_meta(spec, pack, where, getattr(cls, "category", None))
        terms, patterns = cls._terms_and_patterns(spec, f"{where} (pack {pack.id!r})")
        return cls(
            meta,
            terms=terms,
            patterns=patterns,
            message=typed(spec, "message", str, "", where),
            requires_commercial=typed(spec, "requires_commercial", bool, True, where),
        )

    @staticmethod
    def _terms_and_patterns(
        spec: Mapping[str, Any], where: str
    ) -> tuple[tuple[str, ...], tuple[UserPattern, ...]]:
        terms = strings(spec, "terms", where) + strings(spec, "trigger_terms", where)
        patterns = tuple(
            UserPattern(p, where=f"{where}.patterns[{j}]")
            for j, p in enumerate(strings(spec, "patterns", where))
        )
        return terms, patterns

    @property
    def matched_terms(self) -> dict[str, tuple[str, ...]]:
        """The term lists the shared matcher must find for this rule, by key."""
        return {self.id: self.terms}

    def term_spans(self, ctx: Context, rule_id: str) -> list[Span]:
        spans = list(ctx.rule_term_spans.get(rule_id, ()))
        for pattern in self.patterns:
            for fstart, fend in pattern.finditer(ctx.caption.folded):
                spans.append(Span(*ctx.caption.span(fstart, fend)))
        return sorted(set(spans), key=lambda s: (s.start, s.end))


class TermPresent(DeclarativeRule):
    """Each occurrence of a term or pattern is a finding."""

    kind = "term-present"

    @classmethod
    def from_spec(cls, spec: Mapping[str, Any], pack: Pack, where: str) -> Self:
        rule = super().from_spec(spec, pack, where)
        if not rule.terms and not rule.patterns:
            raise PackError(f"{where}: a term-present rule needs `terms` or `patterns`")
        return rule

    def check(self, ctx: Context) -> Iterable[Hit]:
        if self.requires_commercial and not ctx.commercial:
            return
        for span in self.term_spans(ctx, self.id):
            yield Hit(span, f"{ctx.caption.original[span.start : span.end]!r}: {self.message}")


class TriggerRequires(DeclarativeRule):
    """When a trigger holds (a PostInfo flag or a caption phrase), a required term must be there."""

    kind = "trigger-requires"
    fixable = True
    spec_keys = DeclarativeRule.spec_keys | {"required_terms", "trigger_post", "fix"}
    required_terms: tuple[str, ...] = ()
    trigger_post: str | None = None
    fix_text: str = ""

    @classmethod
    def from_spec(cls, spec: Mapping[str, Any], pack: Pack, where: str) -> Self:
        rule = super().from_spec(spec, pack, where)
        required = strings(spec, "required_terms", where)
        if not required:
            raise PackError(f"{where}.required_terms: a trigger-requires rule needs terms")
        post_field = spec.get("trigger_post")
        if post_field is not None and post_field not in POST_FLAGS:
            raise PackError(
                f"{where}.trigger_post: {post_field!r} is not one of {', '.join(POST_FLAGS)}"
            )
        rule.required_terms = required
        rule.trigger_post = post_field
        rule.fix_text = typed(spec, "fix", str, "", where)
        return rule

    @property
    def required_id(self) -> str:
        return f"{self.id}:required"

    @property
    def matched_terms(self) -> dict[str, tuple[str, ...]]:
        return {self.required_id: self.required_terms, self.id: self.terms}

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
