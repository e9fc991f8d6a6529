"""France: a post with strong dropshipping cues must name the supplier (loi n° 2023-451).

Declared in packs/fr/pack.toml as a `python` rule (the declarative kinds cannot test a
combination of signal groups); its id, severity, source, summary, rationale and examples live
there.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..context import Context
from ..model import Category, SignalKind, Span
from ..signals.dropshipping import supplier_named
from .base import Hit, Rule


class DropshippingSupplier(Rule):
    kind = "dropshipping-supplier"
    category = Category.RESTRICTED_CATEGORY

    def check(self, ctx: Context) -> Iterable[Hit]:
        cues = ctx.signals_of(SignalKind.DROPSHIPPING)
        if not cues or supplier_named(ctx.caption) is not None:
            return
        first = min(cues, key=lambda s: (s.span.start, s.span.end))
        groups = ", ".join(sorted({s.detail for s in cues}))
        related: tuple[Span, ...] = tuple(s.span for s in cues if s is not first)
        message = (
            f"Dropshipping cues ({groups}) and no supplier named: an influencer promoting goods "
            f"sold through dropshipping must tell consumers who the supplier is and that the "
            f"products are available and lawful (loi n° 2023-451). Name the supplier "
            f"(« expédié par … ») or, if you hold the stock, ignore this for the post."
        )
        yield Hit(first.span, message, related=related)
