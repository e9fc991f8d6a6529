"""Labels found in a caption: which matches are disclosures, which are negated (denials)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .caption import Caption
from .matching import TermMatch, is_cjk
from .model import Signal, SignalKind, Span
from .pack import LabelSpec
from .vocabulary import Entry

_WORDS_BEFORE = re.compile(r"[\w']+")
# A short or common word is a label only where it is written as one: at the start of a line,
# in brackets, or next to a separator ("Ad:", "AD |", "[pub]", "(ad)").
_OPENERS = set("[(|:/•·-–—*{<>«\"'【「『〔")
_CLOSERS = set("])|:/•·-–—*}>»\"'!】」』〕")


# A brand named right after the word: "Colab con @cafeorigen", "Ad for @glowco".
_NAMES_BRAND = re.compile(r"[^\S\n]+(?:\w+[^\S\n]+){0,2}@\w")


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
    # A bare single word inside a sentence with no @mention on its line ("… on adore, publicité
    # oblige"): a label only when other evidence says the post is commercial, since the same
    # word is also how people talk about advertising (« la publicité à la télé »).
    embedded: bool = False


def _label_context(
    folded: str, fstart: int, fend: int, original_upper: bool, names_brand: bool
) -> bool:
    if fend + 1 < len(folded) and folded[fend] in "-'" and folded[fend + 1].isalnum():
        return False  # part of a compound or an elision: "ad-hoc", "ad-free", "pub's"
    if fstart >= 2 and folded[fstart - 1] in "-'" and folded[fstart - 2].isalnum():
        return False  # the end of a compound or a name: "product-promo", "Kafr Jil'ad"
    j = fend
    while j < len(folded) and folded[j] in " \t":
        j += 1
    i = fstart - 1
    while i >= 0 and folded[i] in " \t":
        i -= 1
    if i >= 0 and folded[i] in _OPENERS:
        return True
    if i < 0 or folded[i] == "\n" or _after_line_tags(folded, fstart):
        # At the start of a line a short word is a label when set apart ("Ad: …", "AD |",
        # "Ad ✨"), shouted ("AD new drop") or naming a brand ("Colab con @cafeorigen"), not
        # when a sentence runs on ("Pub quiz champions").
        return j >= len(folded) or not folded[j].isalnum() or original_upper or names_brand
    # At the end of a line or of the caption ("… new drop 💕 Werbung") it stands as a label too.
    if j >= len(folded) or folded[j] == "\n":
        return True
    if folded[j] in _CLOSERS and (folded[j] not in "-–—/" or j > fend):
        return True  # "AD - new drop" is a label, "ad-hoc" is not
    # Wrapped in emoji ("✨Werbung✨"); one emoji before a word only starts a sentence.
    return _is_symbol(folded[i]) and _is_symbol(folded[j])


_LINE_TAGS = re.compile(r"(?:#\w+[^\S\n]+)+")


def _after_line_tags(folded: str, fstart: int) -> bool:
    """Only hashtags before the word on its line ("#TeamNova Sponsors & Discounts"): a header
    after a channel tag, read as if the word began the line."""
    start = folded.rfind("\n", 0, fstart) + 1
    tags = _LINE_TAGS.match(folded, start)
    return tags is not None and tags.end() == fstart


def _mention_on_line(caption: Caption, start: int) -> bool:
    """A brand @mention on the label's line ("Tasken er fra @hay_dk, reklame") makes the word
    read as a disclosure rather than talk about advertising."""
    line = caption.line_of(start)
    return any(caption.line_of(m.start) == line for m in caption.mentions)


def _single_word(key: str) -> bool:
    return " " not in key and not is_cjk(key)


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
    for match in matches:
        if any(e.role == "signal" and e.name == "denial" for e in match.payloads):
            continue  # "not sponsored" is a denial phrase, already a signal
        specs = [e.label for e in match.payloads if e.role == "label" and e.label is not None]
        if not specs:
            continue
        written = caption.original[match.start : match.end]
        in_context = match.is_hashtag or _label_context(
            folded,
            match.fstart,
            match.fend,
            written.isupper() and len(written) > 1,
            _NAMES_BRAND.match(folded, match.fend) is not None,
        )
        declared = [s for s in specs if s.context == "label" and not match.is_hashtag]
        kept = [s for s in specs if s not in declared or in_context]
        if not kept:
            continue
        embedded = (
            not in_context
            and _single_word(match.key)
            and not _mention_on_line(caption, match.start)
        )
        text = caption.original[match.start : match.end]
        span = Span(match.start, match.end)
        langs = {spec.lang for spec in kept}
        negating = frozenset().union(*(negators.get(lang, frozenset()) for lang in langs))
        if not match.is_hashtag and _negated(caption, match.fstart, negating):
            denials.append(Signal(SignalKind.DENIAL, span, text, "negated label"))
            continue
        brand = Span(*match.brand) if match.brand else None
        labels.append(
            LabelHit(
                span,
                text,
                match.fstart,
                match.is_hashtag,
                tuple(kept),
                brand,
                tuple(specs),
                embedded,
            )
        )
    return labels, denials
