"""How a jurisdiction reads a label: its strength, language and placement for that audience."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .caption import Caption
from .disclosures import LabelHit
from .language import UNDETERMINED
from .model import Strength
from .pack import Audience, LabelSpec, Pack, Placement
from .platforms import Platform


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
    if audience is None or audience.label_language == "any" or not label_lang:
        return True
    rule = audience.label_language
    if rule == "local":
        return label_lang in audience.languages
    if rule == "local-or-en":
        return label_lang in audience.languages or label_lang == "en"
    if rule == "post-or-en" and label_lang == "en":
        return True
    lang = caption_language()
    # With no telling what the caption's language is, the label itself is the best evidence.
    return lang in (UNDETERMINED, label_lang)


def first_word_start(caption: Caption) -> int | None:
    for token in caption.tokens():
        if token.kind in ("word", "hashtag", "mention", "url"):
            return token.start
    return None


def placement_visible(
    placement: Placement | None, label: LabelHit, caption: Caption, platform: Platform | None
) -> bool:
    if not caption.visible(label.span.start, platform):
        return False
    if placement is None or placement.rule == "fold":
        return True
    if placement.rule == "first-word":
        return first_word_start(caption) == label.span.start
    if placement.rule == "first-hashtags":
        if not label.is_hashtag:
            return True
        starts = [t.start for t in caption.hashtags]
        return label.span.start in starts[: placement.hashtags]
    if placement.rule == "start":
        return placement.max_chars <= 0 or label.span.start < placement.max_chars
    return True


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
