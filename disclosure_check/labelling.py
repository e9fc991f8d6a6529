"""Which label a fix inserts: one that every requested audience reads as clear, if one exists.

Each pack proposes the label it would write for the post's relationship (in the caption's
language where the pack has one); the first proposal that every audience judges clear and in
an accepted language wins ("Publicité" for FR + BE in French); when none does, the proposals
are joined ("Werbung | Publicité"). Built once per Checker: the judgement of a candidate label
is cached, since every finding of every caption asks the same few questions.
"""

from __future__ import annotations

from collections.abc import Mapping

from .caption import Caption
from .context import Context
from .disclosures import find_labels
from .fixes import fill_brand
from .judge import judge
from .matching import TermMatcher, normalise_term
from .model import Strength
from .pack import Pack
from .vocabulary import Entry

_CACHE_LIMIT = 4096


class LabelChooser:
    def __init__(
        self,
        matcher: TermMatcher[Entry],
        negators: Mapping[str, frozenset[str]],
        packs: tuple[Pack, ...],
        lexicon_packs: tuple[str, ...],
    ) -> None:
        self._matcher = matcher
        self._negators = negators
        self._packs = packs  # the audiences every fix must satisfy
        self._lexicon_packs = lexicon_packs
        self._needs_caption_language = any(
            p.audience is not None and p.audience.label_language.needs_caption_language
            for p in packs
        )
        # Only a pack with labels in several languages needs to know the caption's language.
        self._multilingual = any(len(p.fixes) > 1 for p in packs)
        self._clear: dict[tuple[str, str], bool] = {}
        self._proposed: dict[tuple[str, str | None, str], tuple[tuple[str, str], ...]] = {}

    def choose(self, ctx: Context, relationship: str) -> tuple[str, str] | None:
        """(label, separator) to insert at the start of this caption, or None."""
        proposals = self._proposals(ctx, relationship)
        if not proposals:
            return None
        for text, separator in proposals:
            if len(proposals) == 1 or self._clear_for_all(ctx, text):
                return text, separator
        separator = proposals[0][1]
        return separator.join(text for text, _ in proposals), separator

    def _proposals(self, ctx: Context, relationship: str) -> tuple[tuple[str, str], ...]:
        """Each pack's label for the relationship, once each; the same few answers serve every
        caption, so they are kept by what they depend on (with many markets, building them
        was most of a check's time)."""
        language = ctx.fix_language() if self._multilingual else ""
        key = (relationship, ctx.brand(), language)
        cached = self._proposed.get(key)
        if cached is None:
            found: list[tuple[str, str]] = []
            for pack in self._packs:
                proposal = self.pack_label(ctx, pack, relationship)
                if proposal is not None and proposal[0] not in [p[0] for p in found]:
                    found.append((proposal[0], proposal[1]))
            cached = tuple(found)
            if len(self._proposed) < _CACHE_LIMIT:
                self._proposed[key] = cached
        return cached

    @staticmethod
    def pack_label(ctx: Context, pack: Pack, relationship: str) -> tuple[str, str, str] | None:
        """(label, separator, language) this pack would insert for the relationship."""
        if not pack.fixes:
            return None
        languages = list(pack.fixes)
        # Only a pack with labels in several languages needs to know the caption's language.
        caption_lang = ctx.fix_language() if len(languages) > 1 else languages[0]
        lang = caption_lang if caption_lang in pack.fixes else None
        if lang is None and pack.audience is not None:
            lang = next((x for x in pack.audience.languages if x in pack.fixes), None)
        if lang is None:
            lang = "en" if "en" in pack.fixes else languages[0]
        table = pack.fixes[lang]
        template = (
            table.labels.get(relationship)
            or table.labels.get("paid")
            or table.labels.get("generic")
            or next(iter(table.labels.values()))
        )
        return fill_brand(template, ctx.brand()), table.separator, lang

    def _clear_for_all(self, ctx: Context, candidate: str) -> bool:
        """Whether a label text, put at the start of this caption, is clear for every audience."""
        key = (candidate, ctx.caption_language() if self._needs_caption_language else "")
        cached = self._clear.get(key)
        if cached is None:
            cached = self._judge_candidate(ctx, candidate)
            if len(self._clear) < _CACHE_LIMIT:
                self._clear[key] = cached
        return cached

    def _judge_candidate(self, ctx: Context, candidate: str) -> bool:
        probe = Caption(candidate)
        labels, _ = find_labels(probe, self._matcher.find(probe), self._negators)
        key = normalise_term(candidate)
        labels = [lb for lb in labels if normalise_term(lb.text) == key]
        if not labels:
            return False
        for pack in self._packs:
            j = judge(labels[0], pack, probe, None, self._lexicon_packs, ctx.caption_language)
            if j is None or j.strength is not Strength.CLEAR:
                return False
        return True
