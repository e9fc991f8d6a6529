"""Commercial signals: the evidence that a post is (or is not) commercial, with exact spans.

`detect_signals` gathers them in four passes over what the caption model and the vocabulary
scan already found: labels that are evidence themselves (a "#gifted" tag), links, matched
phrases (codes, gifts, giveaways, own brand, denials, calls to action), and the @mentions that
those cues promote. Every pass records where its cues are, for the mention pass.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..caption import Caption
from ..disclosures import LabelHit
from ..matching import TermMatch
from ..model import PostInfo, Relationship, Signal, SignalBasis, SignalKind, Span
from ..vocabulary import Entry
from .brands import promoted_mentions
from .codes import code_after
from .dropshipping import dropshipping_cues
from .links import LinkClassifier
from .spaced_links import spaced_links

__all__ = ["LinkClassifier", "detect_signals", "phrase_span"]

_GIFT_RELATIONSHIPS = (Relationship.GIFTED, Relationship.EVENT)
# Phrase kinds that do not make the @mentions of their paragraph promoted: a denial never does,
# a call to action only on its own line ("link in bio" is not about friends tagged above).
_LINE_CUES_ONLY = (SignalKind.DENIAL, SignalKind.CALL_TO_ACTION)
_PHRASE_KINDS = {
    "gifted": SignalKind.GIFTED,
    "invited": SignalKind.GIFTED,
    "call_to_action": SignalKind.CALL_TO_ACTION,
    "giveaway": SignalKind.GIVEAWAY,
    "giveaway_word": SignalKind.GIVEAWAY,
    "own_brand": SignalKind.OWN_BRAND,
    "denial": SignalKind.DENIAL,
}


@dataclass
class _Cues:
    """What the passes found: the signals, and where promotional cues sit (for mentions)."""

    caption: Caption
    signals: list[Signal] = field(default_factory=list)
    cues: list[int] = field(default_factory=list)

    def add(self, kind: SignalKind, span: Span, detail: str, *, cue: bool = True) -> None:
        text = self.caption.original[span.start : span.end]
        self.signals.append(Signal(kind, span, text, detail))
        if cue:
            self.cues.append(span.start)


def detect_signals(
    caption: Caption,
    matches: Sequence[TermMatch[Entry]],
    post: PostInfo,
    links: LinkClassifier,
    labels: Sequence[LabelHit] = (),
) -> list[Signal]:
    found = _Cues(caption)
    found.signals.extend(_label_signals(caption, labels))
    _link_signals(found, links)
    for match in matches:
        _phrase_signals(found, match)
    # A call to action is weak: it promotes a mention on its own line only.
    line_cues = [s.span.start for s in found.signals if s.kind is SignalKind.CALL_TO_ACTION]
    found.signals.extend(_mention_signals(caption, found.cues, line_cues, post, labels))
    found.signals.extend(dropshipping_cues(caption))
    if post.sponsored is True or post.relationship is not None:
        detail = post.relationship or "sponsored"
        found.signals.append(
            Signal(SignalKind.SPONSORED_FLAG, Span(0, 0), "", detail, SignalBasis.POST)
        )
    return found.signals


def _label_signals(caption: Caption, labels: Sequence[LabelHit]) -> list[Signal]:
    """Gift and invitation labels ("#gifted", "Gekregen van @x") are evidence of a gift, but
    only as far as the label goes: they rest on the label."""
    out = []
    for label in labels:
        if label.entries and all(s.relationship in _GIFT_RELATIONSHIPS for s in label.entries):
            span = _without_brand(caption.original, label.span, label.brand)
            text = caption.original[span.start : span.end]
            out.append(Signal(SignalKind.GIFTED, span, text, "label", SignalBasis.LABEL))
    return out


def _link_signals(found: _Cues, links: LinkClassifier) -> None:
    caption = found.caption
    for url in caption.urls:
        verdict = links.classify(url.text)
        if verdict is not None:
            found.add(verdict[0], Span(url.start, url.end), verdict[1])
    for fstart, fend, spaced in spaced_links(caption):
        verdict = links.classify(spaced)
        if verdict is not None:
            found.add(verdict[0], Span(*caption.span(fstart, fend)), verdict[1])


def _phrase_signals(found: _Cues, match: TermMatch[Entry]) -> None:
    seen: set[SignalKind] = set()  # one signal of a kind per match, whatever its languages
    for entry in match.payloads:
        if entry.role != "signal":
            continue
        handler = _HANDLERS.get(entry.name, _phrase)
        handler(found, match, entry, seen)


def _code(found: _Cues, match: TermMatch[Entry], entry: Entry, seen: set[SignalKind]) -> None:
    if SignalKind.DISCOUNT_CODE in seen:
        return  # "code" is a trigger in several languages: look once
    seen.add(SignalKind.DISCOUNT_CODE)
    # A trigger of several words ("avec le code", "use code") can only introduce a code.
    code = code_after(found.caption, match.fend, explicit=" " in match.key)
    if code is not None:
        trigger = found.caption.original[match.start : match.end]
        found.add(SignalKind.DISCOUNT_CODE, Span(*code), f"after {trigger!r}")


def _promo_context(
    found: _Cues, match: TermMatch[Entry], entry: Entry, seen: set[SignalKind]
) -> None:
    found.cues.append(match.start)


def _giveaway_word(
    found: _Cues, match: TermMatch[Entry], entry: Entry, seen: set[SignalKind]
) -> None:
    # "CONCOURS", "#konkurs": a headline or a tag; "le concours de médecine" is not.
    written = found.caption.original[match.start : match.end]
    if match.is_hashtag or (written.isupper() and len(written) > 3):
        _phrase(found, match, entry, seen)


def _phrase(found: _Cues, match: TermMatch[Entry], entry: Entry, seen: set[SignalKind]) -> None:
    kind = _PHRASE_KINDS.get(entry.name)
    if kind is None or kind in seen:
        return
    seen.add(kind)
    found.add(kind, phrase_span(found.caption, match), entry.lang, cue=False)
    if kind not in _LINE_CUES_ONLY:
        found.cues.append(match.start)


_Handler = Callable[[_Cues, TermMatch[Entry], Entry, set[SignalKind]], None]
_HANDLERS: dict[str, _Handler] = {
    "code_trigger": _code,
    "promo_context": _promo_context,
    "giveaway_word": _giveaway_word,
}


def _mention_signals(
    caption: Caption,
    cues: list[int],
    line_cues: list[int],
    post: PostInfo,
    labels: Sequence[LabelHit],
) -> list[Signal]:
    # Labels are promotional context for the mentions on their line.
    label_cues = [label.span.start for label in labels]
    promoted = promoted_mentions(caption, cues, post.brands, label_cues, line_cues)
    out = []
    for mention, why, basis in promoted:
        text = caption.original[mention.start : mention.end]
        span = Span(mention.start, mention.end)
        out.append(Signal(SignalKind.BRAND_MENTION, span, text, why, basis))
    return out


def phrase_span(caption: Caption, match: TermMatch[Entry]) -> Span:
    """The phrase without the brand a template captured: "offert par" of "offert par @x"."""
    brand = Span(*match.brand) if match.brand else None
    return _without_brand(caption.original, Span(match.start, match.end), brand)


def _without_brand(text: str, span: Span, brand: Span | None) -> Span:
    if brand is None:
        return span
    before = (span.start, brand.start)
    after = (brand.end, span.end)
    start, end = max(before, after, key=lambda r: len(text[r[0] : r[1]].strip()))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)
