"""Commercial signals: the evidence that a post is (or is not) commercial, with exact spans."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..caption import Caption
from ..disclosures import LabelHit
from ..matching import TermMatch
from ..model import PostInfo, Relationship, Signal, SignalKind, Span
from ..vocabulary import Entry
from .brands import promoted_mentions
from .codes import code_after
from .dropshipping import dropshipping_cues
from .links import LinkClassifier

__all__ = ["LABEL_DETAIL", "LinkClassifier", "detect_signals"]

# Detail of signals that rest only on a disclosure label (a "#gifted" tag, a mention next to
# "#collab"): evidence for the signal list, but not independent evidence of commerciality.
LABEL_DETAIL = "label"

_GIFT_RELATIONSHIPS = (Relationship.GIFTED, Relationship.EVENT)
_PHRASE_KINDS = {
    "gifted": SignalKind.GIFTED,
    "invited": SignalKind.GIFTED,
    "call_to_action": SignalKind.CALL_TO_ACTION,
    "giveaway": SignalKind.GIVEAWAY,
    "giveaway_word": SignalKind.GIVEAWAY,
    "own_brand": SignalKind.OWN_BRAND,
    "denial": SignalKind.DENIAL,
}


# A link written with spaces so that it is not a link: "amzn . to / 3xYz", "geni . us/abc".
# The host part is matched first, possessively and without overlap (linear), then the path.
# "Defanged" dots count too: "amzn[.]to", "amzn(.)to", "amzn dot to".
_DOT = r"(?:[^\S\n]*+\.[^\S\n]*+|\[\.\]|\(\.\)|[^\S\n]++dot[^\S\n]++)"
_SPACED_HOST = re.compile(rf"(?<![\w.])[a-z0-9-]++(?:{_DOT}[a-z0-9-]++)++")
_DOT_RE = re.compile(_DOT)
_SPACED_PATH = re.compile(r"[^\S\n]*+/[^\S\n]*+[\w-]++")


def spaced_links(caption: Caption) -> list[tuple[int, int, str]]:
    """(folded start, folded end, the link without its spaces) for links written spaced out."""
    folded = caption.folded
    if "/" not in folded or not any(d in folded for d in (" .", ". ", "[.]", "(.)", " dot ")):
        return []
    out = []
    for host in _SPACED_HOST.finditer(folded):
        path = _SPACED_PATH.match(folded, host.end())
        if path is None:
            continue
        text = folded[host.start() : path.end()]
        if any(c in text for c in " \t[("):
            link = re.sub(r"\s+", "", _DOT_RE.sub(".", text))
            out.append((host.start(), path.end(), link))
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


def detect_signals(
    caption: Caption,
    matches: Sequence[TermMatch[Entry]],
    post: PostInfo,
    links: LinkClassifier,
    labels: Sequence[LabelHit] = (),
) -> list[Signal]:
    text = caption.original
    signals: list[Signal] = []
    # Labels are promotional context for the mentions on their line; gift and invitation
    # labels ("#gifted", "Gekregen van @x") are also evidence of a gift.
    label_cues: list[int] = [label.span.start for label in labels]
    cues: list[int] = []
    for label in labels:
        if label.entries and all(s.relationship in _GIFT_RELATIONSHIPS for s in label.entries):
            span = _without_brand(text, label.span, label.brand)
            signals.append(
                Signal(SignalKind.GIFTED, span, text[span.start : span.end], LABEL_DETAIL)
            )

    for url in caption.urls:
        verdict = links.classify(url.text)
        if verdict is not None:
            kind, programme = verdict
            signals.append(
                Signal(kind, Span(url.start, url.end), text[url.start : url.end], programme)
            )
            cues.append(url.start)

    for fstart, fend, spaced in spaced_links(caption):
        verdict = links.classify(spaced)
        if verdict is not None:
            start, end = caption.span(fstart, fend)
            signals.append(Signal(verdict[0], Span(start, end), text[start:end], verdict[1]))
            cues.append(start)

    for match in matches:
        seen: set[SignalKind] = set()
        for entry in match.payloads:
            if entry.role != "signal":
                continue
            if entry.name == "code_trigger":
                if SignalKind.DISCOUNT_CODE in seen:
                    continue  # "code" is a trigger in several languages: look once
                seen.add(SignalKind.DISCOUNT_CODE)
                code = code_after(caption, match.fend)
                if code is not None:
                    start, end = code
                    signals.append(
                        Signal(
                            SignalKind.DISCOUNT_CODE,
                            Span(start, end),
                            text[start:end],
                            f"after {text[match.start : match.end]!r}",
                        )
                    )
                    cues.append(start)
                continue
            if entry.name == "promo_context":
                cues.append(match.start)
                continue
            if entry.name == "giveaway_word":
                # "CONCOURS", "#konkurs": a headline or a tag; "le concours de médecine" is not.
                written = text[match.start : match.end]
                if not (match.is_hashtag or (written.isupper() and len(written) > 3)):
                    continue
            phrase_kind = _PHRASE_KINDS.get(entry.name)
            if phrase_kind is None or phrase_kind in seen:
                continue
            seen.add(phrase_kind)
            span = phrase_span(caption, match)
            signals.append(Signal(phrase_kind, span, text[span.start : span.end], entry.lang))
            if phrase_kind is not SignalKind.DENIAL:
                cues.append(match.start)

    for mention, why in promoted_mentions(caption, cues, post.brands, label_cues):
        signals.append(
            Signal(
                SignalKind.BRAND_MENTION,
                Span(mention.start, mention.end),
                text[mention.start : mention.end],
                why,
            )
        )

    signals.extend(dropshipping_cues(caption))
    if post.sponsored is True or post.relationship is not None:
        detail = post.relationship or "sponsored"
        signals.append(Signal(SignalKind.SPONSORED_FLAG, Span(0, 0), "", detail))
    return signals
