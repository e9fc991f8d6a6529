"""Documentation and examples of the standard rules, written from each pack's own facts."""

from __future__ import annotations

from ..matching import normalise_term
from ..model import Strength
from ..pack import LabelSpec, Pack, Source
from .base import RuleDoc

_CAPTION = "Morning routine ✨ my skin has never looked better, code GLOW20 at @glowco"
_FILLER = (
    " I have been testing it for six weeks now, morning and evening, and the texture is "
    "lovely, it layers well under sunscreen and makeup."
)
_FOREIGN = (("#ad", "en"), ("Werbung", "de"), ("Publicité", "fr"), ("Reklama", "pl"))


def _sources(pack: Pack, *ids: str) -> tuple[tuple[str, str, str], ...]:
    chosen: list[Source] = []
    for source_id in ids:
        source = pack.source(source_id)
        if source is not None and source not in chosen:
            chosen.append(source)
    if not chosen:
        chosen = list(pack.sources.values())[:3]
    return tuple((s.title, s.url, s.confidence) for s in chosen)


def _fix_label(pack: Pack) -> tuple[str, str, str]:
    lang = pack.audience.languages[0] if pack.audience and pack.audience.languages else "en"
    table = pack.fixes.get(lang) or next(iter(pack.fixes.values()))
    label = table.labels.get("paid") or next(iter(table.labels.values()))
    label = label.replace(" {brand?}", "").replace(" {brand}", " @glowco")
    label = label.replace("{brand?}", "").replace("{brand}", "@glowco")
    return label, table.separator, lang


def _context(pack: Pack, lang: str) -> dict[str, object]:
    jurisdiction = pack.jurisdictions[0] if pack.jurisdictions else None
    return {"jurisdiction": jurisdiction, "language": lang, "platform": "instagram"}


def _accepted(pack: Pack, label_lang: str, caption_lang: str) -> bool:
    audience = pack.audience
    if audience is None:
        return True
    rule = audience.label_language
    if rule == "any":
        return True
    if rule == "local":
        return label_lang in audience.languages
    if rule == "local-or-en":
        return label_lang in audience.languages or label_lang == "en"
    if rule == "post-or-en":
        return label_lang in (caption_lang, "en")
    return label_lang == caption_lang


def _marked(label: str) -> str:
    """The example marker around what a finding reports: the word inside "[광고]"."""
    if label.startswith("[") and label.endswith("]"):
        return f"[⟦{label[1:-1]}⟧]"
    return f"⟦{label}⟧"


def _example_text(spec: LabelSpec) -> str:
    return spec.text.replace(" {brand?}", "").replace("{brand?}", "").replace("{brand}", "@glowco")


def standard_doc(number: str, pack: Pack, lexicon: tuple[LabelSpec, ...] = ()) -> RuleDoc:
    title = pack.title
    audience = pack.audience
    placement = pack.placement
    policy = pack.platform_label
    label, separator, lang = _fix_label(pack) if pack.fixes else ("#ad", " ", "en")
    ctx = _context(pack, lang)
    passing = f"{label}{separator}{_CAPTION}"
    platform = (
        "The platform's own paid-partnership label is enough on its own here"
        if policy and policy.sufficient
        else "The platform's own paid-partnership label is not enough on its own here"
    )
    platform += f" ({policy.note})." if policy and policy.note else "."
    if number == "101":
        return RuleDoc(
            summary=f"A commercial post with no advertising label ({title}).",
            why=(
                f"{pack.summary} A post that carries a discount code, an affiliate link, a "
                f"gifted product or another commercial tie must say that it is advertising. "
                f"{platform} A shortened or link-hub URL alone is only a hint: it gives an "
                f"info-level finding."
            ),
            examples_fail=(
                "Morning routine ✨ my skin has never looked better, code ⟦GLOW20⟧ at @glowco",
            ),
            examples_pass=(passing, "Morning routine ✨ my skin has never looked better"),
            fix_safety=(
                f"Suggested, not safe: inserts {label!r} at the start, which changes what the "
                f"caption says. The label follows the relationship (paid, gifted, affiliate …) "
                f"and, with several jurisdictions, is one that all of them accept."
            ),
            sources=_sources(pack, audience.source if audience else ""),
            example_context=ctx,
        )
    if number == "102":
        listed = {normalise_term(s.text) for s in pack.labels}
        candidates = [*pack.labels, *(s for s in lexicon if normalise_term(s.text) not in listed)]
        vague = [
            spec
            for spec in candidates
            if spec.strength is Strength.AMBIGUOUS
            and spec.admits_relationship
            and _accepted(pack, spec.lang, lang)
            and normalise_term(spec.text) != normalise_term(label)
        ]
        vague.sort(
            key=lambda s: (
                s.pack != pack.id,
                not s.text.startswith("#"),
                "{" in s.text,
                len(s.text),
            )
        )
        fail: tuple[str, ...] = ()
        if vague:
            fail = (f"{_marked(_example_text(vague[0]))} | {_CAPTION}",)
        insufficient = ", ".join(
            repr(s.text) for s in pack.labels if s.strength is Strength.AMBIGUOUS
        )
        return RuleDoc(
            summary=f"Only vague labels on a commercial post ({title}).",
            why=(
                f"Labels that do not say plainly that the post is advertising are not enough in "
                f"{title}. Named as insufficient there: {insufficient or 'none listed'}. "
                f"They may still appear next to a clear label."
            ),
            examples_fail=fail,
            examples_pass=(passing,),
            fix_safety=f"Suggested: inserts {label!r} at the start and keeps the vague label.",
            sources=_sources(pack, *(s.source for s in vague[:1])),
            example_context=ctx,
        )
    if number == "103":
        where = placement.note if placement and placement.note else "labels must show up front"
        return RuleDoc(
            summary=f"A clear label that is not visible up front ({title}).",
            why=(
                f"A label after the platform's 'more' fold or inside the trailing pile of "
                f"hashtags is missed by most readers. {title}: {where}"
            ),
            examples_fail=(f"{_CAPTION}.{_FILLER} {_marked(label)}",),
            examples_pass=(passing,),
            fix_safety="Suggested: moves the existing label to the start instead of adding one.",
            options=(("platform", "the fold depends on the platform (data/platforms.toml)"),),
            sources=_sources(pack, placement.source if placement else ""),
            example_context=ctx,
        )
    foreign = next(((t, lg) for t, lg in _FOREIGN if not _accepted(pack, lg, lang)), None)
    rule_words = audience.note if audience and audience.note else ""
    return RuleDoc(
        summary=f"A label in a language the audience in {title} is not expected to read.",
        why=(
            f"Accepted label languages in {title}: "
            f"{'/'.join(audience.languages) if audience else 'any'} "
            f"(rule: {audience.label_language if audience else 'any'}). {rule_words}"
        ),
        examples_fail=(f"{_marked(foreign[0])} | {_CAPTION}",) if foreign else (),
        examples_pass=(passing,),
        fix_safety=f"Suggested: inserts {label!r} at the start.",
        sources=_sources(pack, audience.source if audience else ""),
        example_context=ctx,
    )
