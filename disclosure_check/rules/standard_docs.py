"""Helpers for the standard rules' documentation: example captions and labels from pack data.

Each rule writes its own page (`describe` in rules/standard.py); these helpers pick the label a
fix inserts, a vague or foreign label to show failing, and the sources to cite.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..matching import normalise_term
from ..model import Strength
from ..pack import LabelSpec, Pack, Source

CAPTION = "Morning routine ✨ my skin has never looked better, code GLOW20 at @glowco"
FILLER = (
    " I have been testing it for six weeks now, morning and evening, and the texture is "
    "lovely, it layers well under sunscreen and makeup."
)
_FOREIGN = (("#ad", "en"), ("Werbung", "de"), ("Publicité", "fr"), ("Reklama", "pl"))


def sources(pack: Pack, *ids: str) -> tuple[tuple[str, str, str], ...]:
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


def accepted(pack: Pack, label_lang: str, caption_lang: str) -> bool:
    """Whether the pack's audience reads a label in `label_lang` on a caption in `caption_lang`."""
    return pack.audience is None or pack.audience.accepts(label_lang, lambda: caption_lang)


def marked(label: str) -> str:
    """The example marker around what a finding reports: the word inside "[광고]"."""
    if label.startswith("[") and label.endswith("]"):
        return f"[⟦{label[1:-1]}⟧]"
    return f"⟦{label}⟧"


def example_text(spec: LabelSpec) -> str:
    return spec.text.replace(" {brand?}", "").replace("{brand?}", "").replace("{brand}", "@glowco")


@dataclass(frozen=True, slots=True)
class DocBasics:
    """What every standard rule's page says: the label a fix inserts, a passing caption."""

    label: str
    separator: str
    lang: str
    context: dict[str, object]
    platform_sentence: str

    @classmethod
    def of(cls, pack: Pack) -> DocBasics:
        label, separator, lang = _fix_label(pack) if pack.fixes else ("#ad", " ", "en")
        policy = pack.platform_label
        platform = (
            "The platform's own paid-partnership label is enough on its own here"
            if policy and policy.sufficient
            else "The platform's own paid-partnership label is not enough on its own here"
        )
        platform += f" ({policy.note})." if policy and policy.note else "."
        return cls(label, separator, lang, _context(pack, lang), platform)

    @property
    def passing(self) -> str:
        return f"{self.label}{self.separator}{CAPTION}"


def vague_labels(pack: Pack, lexicon: tuple[LabelSpec, ...]) -> list[LabelSpec]:
    """Vague labels the pack's audience reads, best example first (the pack's own hashtags)."""
    basics = DocBasics.of(pack)
    listed = {normalise_term(s.text) for s in pack.labels}
    candidates = [*pack.labels, *(s for s in lexicon if normalise_term(s.text) not in listed)]
    vague = [
        spec
        for spec in candidates
        if spec.strength is Strength.AMBIGUOUS
        and spec.admits_relationship
        and accepted(pack, spec.lang, basics.lang)
        and normalise_term(spec.text) != normalise_term(basics.label)
    ]
    vague.sort(
        key=lambda s: (s.pack != pack.id, not s.text.startswith("#"), "{" in s.text, len(s.text))
    )
    return vague


def foreign_label(pack: Pack) -> tuple[str, str] | None:
    """A well-known label (text, language) that the pack's audience does not accept."""
    lang = DocBasics.of(pack).lang
    return next(((t, lg) for t, lg in _FOREIGN if not accepted(pack, lg, lang)), None)


def marked_example(label: str) -> str:
    """A failing example caption that opens with the (marked) label."""
    return f"{marked(label)} | {CAPTION}"
