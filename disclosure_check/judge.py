"""How a jurisdiction reads a label: its strength, language and placement for that audience."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .caption import Caption, TokenKind
from .disclosures import LabelHit
from .language import UNDETERMINED
from .model import Strength
from .pack import Audience, LabelSpec, Pack, Placement
from .platforms import Platform
from .policy import PlacementRule


@dataclass(frozen=True, slots=True)
class Judgement:
    label: LabelHit
    spec: LabelSpec
    strength: Strength  # for this audience, language included
    language_ok: bool
    visible: bool


def accepts_language(
    audience: Audience | None, label_lang: str, caption_language: Callable[[], str]
) -> bool:
    if audience is None:
        return True

    def known_language() -> str | None:
        lang = caption_language()
        return None if lang == UNDETERMINED else lang

    return audience.accepts(label_lang, known_language)


def first_word_start(caption: Caption) -> int | None:
    for token in caption.tokens():
        if token.kind in _WORD_KINDS:
            return token.start
    return None


_WORD_KINDS = frozenset({TokenKind.WORD, TokenKind.HASHTAG, TokenKind.MENTION, TokenKind.URL})


def placement_visible(
    placement: Placement | None, label: LabelHit, caption: Caption, platform: Platform | None
) -> bool:
    if not caption.visible(label.span.start, platform):
        return False
    if placement is None:
        return True
    rule = placement.rule
    if rule is PlacementRule.FIRST_WORD:
        return first_word_start(caption) == label.span.start
    if rule is PlacementRule.FIRST_HASHTAGS:
        if not label.is_hashtag:
            return True
        starts = [t.start for t in caption.hashtags]
        return label.span.start in starts[: placement.hashtags]
    if rule is PlacementRule.START:
        return placement.max_chars <= 0 or label.span.start < placement.max_chars
    return True  # PlacementRule.FOLD: the platform's fold, checked above


def pick_spec(
    label: LabelHit,
    pack: Pack,
    fallback_packs: tuple[str, ...],
    caption_language: Callable[[], str],
) -> LabelSpec | None:
    """This pack's reading of the label, else the generic lexicon's (None: not a label here)."""
    if any(s.pack == pack.id for s in label.all_entries):
        candidates = [s for s in label.entries if s.pack == pack.id]
    else:
        candidates = [s for s in label.entries if s.pack in fallback_packs]
    if not candidates:
        return None
    if len(candidates) == 1:
        return candidates[0]
    audience = pack.audience
    if audience is not None:
        local = [s for s in candidates if s.lang in audience.languages]
        if len(local) == 1:
            return local[0]
        if local:
            candidates = local
    langs = {s.lang for s in candidates}
    if len(langs) > 1:
        lang = caption_language()
        same = [s for s in candidates if s.lang == lang]
        if same:
            candidates = same
    # Where a pack lists one text twice, the stricter reading wins.
    return min(candidates, key=lambda s: s.strength is Strength.CLEAR)


def judge(
    label: LabelHit,
    pack: Pack,
    caption: Caption,
    platform: Platform | None,
    fallback_packs: tuple[str, ...],
    caption_language: Callable[[], str],
) -> Judgement | None:
    spec = pick_spec(label, pack, fallback_packs, caption_language)
    if spec is None:
        return None
    language_ok = accepts_language(pack.audience, spec.lang, caption_language)
    strength = spec.strength if language_ok else Strength.AMBIGUOUS
    visible = placement_visible(pack.placement, label, caption, platform)
    return Judgement(label, spec, strength, language_ok, visible)
