"""Labels found in a caption: which matches are disclosures, which are negated (denials)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .caption import Caption
from .matching import TermMatch
from .model import Signal, SignalKind, Span
from .pack import LabelSpec
from .vocabulary import Entry

_WORDS_BEFORE = re.compile(r"[\w']+")
# A short or common word is a label only where it is written as one: at the start of a line,
# in brackets, or next to a separator ("Ad:", "AD |", "[pub]", "(ad)").
_OPENERS = set("[(|:/•·-–—*{<>«\"'【「『〔")
_CLOSERS = set("])|:/•·-–—*}>»\"'!】」』〕")


@dataclass(frozen=True, slots=True)
class LabelHit:
    span: Span
    text: str
    fstart: int
    is_hashtag: bool
    entries: tuple[LabelSpec, ...]  # the readings that hold here (context rules applied)
    brand: Span | None
    # Every reading from every pack in use, including those whose context rule failed: a pack
    # that lists a word as label-only overrides a language file that accepts it anywhere.
    all_entries: tuple[LabelSpec, ...] = ()


def _label_context(folded: str, fstart: int, fend: int) -> bool:
    i = fstart - 1
    while i >= 0 and folded[i] in " \t":
        i -= 1
    if i < 0 or folded[i] == "\n" or folded[i] in _OPENERS or _is_symbol(folded[i]):
        return True
    j = fend
    while j < len(folded) and folded[j] in " \t":
        j += 1
    return j < len(folded) and folded[j] in _CLOSERS


def _is_symbol(ch: str) -> bool:
    return ord(ch) >= 0x2190 and not ch.isalnum()


def _negated(caption: Caption, fstart: int, negators: frozenset[str]) -> bool:
    if not negators:
        return False
    before = caption.folded[max(0, fstart - 40) : fstart]
    cut = max(before.rfind(ch) for ch in "\n.!?;|:")
    if cut >= 0:
        before = before[cut + 1 :]
    words = _WORDS_BEFORE.findall(before)[-3:]
    for word in words:
        if word in negators:
            return True
        # Elided French negation: "n'est", "n'était" (the "pas" may follow the label).
        if "'" in word and word.split("'", 1)[0] in negators:
            return True
    return False


def find_labels(
    caption: Caption,
    matches: Sequence[TermMatch[Entry]],
    negators: Mapping[str, frozenset[str]],
) -> tuple[list[LabelHit], list[Signal]]:
    """Label occurrences, and the denial signals made of negated labels."""
    labels: list[LabelHit] = []
    denials: list[Signal] = []
    folded = caption.folded
    all_negators = frozenset().union(*negators.values()) if negators else frozenset()
    for match in matches:
        if any(e.role == "signal" and e.name == "denial" for e in match.payloads):
            continue  # "not sponsored" is a denial phrase, already a signal
        specs = [e.label for e in match.payloads if e.role == "label" and e.label is not None]
        if not specs:
            continue
        in_context: bool | None = None
        kept = []
        for spec in specs:
            if spec.context == "label" and not match.is_hashtag:
                if in_context is None:
                    in_context = _label_context(folded, match.fstart, match.fend)
                if not in_context:
                    continue
            kept.append(spec)
        if not kept:
            continue
        text = caption.original[match.start : match.end]
        span = Span(match.start, match.end)
        if not match.is_hashtag and _negated(caption, match.fstart, all_negators):
            denials.append(Signal(SignalKind.DENIAL, span, text, "negated label"))
            continue
        brand = Span(*match.brand) if match.brand else None
        labels.append(
            LabelHit(span, text, match.fstart, match.is_hashtag, tuple(kept), brand, tuple(specs))
        )
    return labels, denials
