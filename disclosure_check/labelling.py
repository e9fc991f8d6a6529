"""Which label a fix inserts: one that every requested audience reads as clear, if one exists.

Each pack proposes the label it would write for the post's relationship (in the caption's
language where the pack has one); the first proposal that every audience judges clear and in
an accepted language wins ("Publicité" for FR + BE in French); when none does, the proposals
are joined ("Werbung | Publicité"). Built once per Checker: the judgement of a candidate label
is cached, since every finding of every caption asks the same few questions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from .caption import Caption
from .context import Context
from .disclosures import find_labels
from .fixes import fill_brand
from .judge import judge
from .matching import Matcher, normalise_term
from .model import Strength
from .pack import FixLabels, Pack
from .policy import PlacementRule
from .vocabulary import Entry

_CACHE_LIMIT = 4096
# (label, separator, ids of the packs proposing it); (label, separator, the audiences it serves)
Proposals = tuple[tuple[str, str, frozenset[str]], ...]
Cover = tuple[str, str, tuple[Pack, ...]]
_JOIN = " / "
_WRAPPERS = " []()【】「」"


class LabelChooser:
    def __init__(
        self,
        matcher: Matcher[Entry],
        negators: Mapping[str, frozenset[str]],
        packs: tuple[Pack, ...],
        lexicon_packs: tuple[str, ...],
        fallback: Pack | None = None,
    ) -> None:
        self._matcher = matcher
        self._negators = negators
        self._packs = packs  # the audiences every fix must satisfy
        # Labels in every language (the core pack's): for an audience that wants the label in
        # the caption's own language when its pack has none in that language ("Publicité" on
        # a French caption for the United States, which asks for the endorsement's language).
        self._fallback = fallback
        self._lexicon_packs = lexicon_packs
        self._needs_caption_language = any(
            p.audience is not None and p.audience.label_language.needs_caption_language
            for p in packs
        )
        # Only a pack with labels in several languages needs to know the caption's language.
        self._multilingual = any(
            len(p.fixes) > 1
            or (
                fallback is not None
                and p.audience is not None
                and p.audience.label_language.needs_caption_language
            )
            for p in packs
        )
        # Each kept answer says whether working it out asked for the caption's language: asking
        # resolves (and may detect) it, which the report shows, so a kept answer asks again.
        self._clear: dict[tuple[str, str], tuple[frozenset[str], bool]] = {}
        self._proposed: dict[tuple[str, str | None, str], Proposals] = {}
        self._covers: dict[tuple[Proposals, str], tuple[tuple[Cover, ...], bool]] = {}

    def choose(self, ctx: Context, relationship: str) -> tuple[str, str] | None:
        """(label, separator) to insert at the start of this caption, or None."""
        chosen = self._cover(ctx, relationship)
        if not chosen:
            return None
        if len(chosen) == 1:
            return chosen[0][0], chosen[0][1]
        # Several markets, no one word for all: the few words a person would write, one for
        # each group of markets, most widely accepted first ("Publicité / Werbung").
        return _JOIN.join(text for text, _, _ in chosen), chosen[0][1]

    def explain(self, ctx: Context, relationship: str) -> str | None:
        """Which market needs which word, when the label is a combination; else None."""
        chosen = self._cover(ctx, relationship)
        if len(chosen) < 2:
            return None
        return "; ".join(
            f"{text!r} for {_names(p.title for p in packs)}" for text, _, packs in chosen
        )

    def _cover(self, ctx: Context, relationship: str) -> tuple[Cover, ...]:
        """The fewest proposals that together give every audience a label it reads as clear,
        each with the audiences it is there for. An audience that reads none of them as clear
        (a label the vocabulary does not know) gets its own pack's proposal."""
        proposals = self._proposals(ctx, relationship)
        if len(proposals) <= 1:
            return tuple((text, sep, self._packs) for text, sep, _ in proposals)
        # The cover depends only on the proposals and on how each audience reads them (the
        # caption's language, for an audience that judges labels against it): with many
        # markets, working it out again for every finding was most of a check's time.
        key = (proposals, ctx.caption_language() if self._needs_caption_language else "")
        cached = self._covers.get(key)
        if cached is None:
            accepting = {text: self._accepting(ctx, text) for text, _, _ in proposals}
            asked = any(a for _, a in accepting.values())
            cover = self._work_out_cover(proposals, {t: a for t, (a, _) in accepting.items()})
            cached = (cover, asked)
            if len(self._covers) < _CACHE_LIMIT:
                self._covers[key] = cached
        elif cached[1]:
            ctx.caption_language()
        return cached[0]

    def _work_out_cover(
        self, proposals: Proposals, accepting: dict[str, frozenset[str]]
    ) -> tuple[Cover, ...]:
        left = {p.id for p in self._packs}
        chosen: list[tuple[str, str, frozenset[str] | set[str]]] = []
        while left:
            text, sep, proposers = max(proposals, key=lambda p: len(accepting[p[0]] & left))
            gained = accepting[text] & left
            if not gained:
                break
            chosen.append((text, sep, gained))
            left -= gained
        for text, sep, proposers in proposals:
            if proposers & left:
                chosen.append((text, sep, proposers & left))
                left -= proposers
        covered = [
            (text, sep, tuple(p for p in self._packs if p.id in ids)) for text, sep, ids in chosen
        ]
        # A market that wants its label as the very first word gets it there (only one can).
        return tuple(sorted(covered, key=lambda c: not any(_first_word(p) for p in c[2])))

    def _proposals(self, ctx: Context, relationship: str) -> Proposals:
        """Each pack's label for the relationship, once each; the same few answers serve every
        caption, so they are kept by what they depend on (with many markets, building them
        was most of a check's time)."""
        language = ctx.fix_language() if self._multilingual else ""
        key = (relationship, ctx.brand(), language)
        cached = self._proposed.get(key)
        if cached is None:
            found: dict[str, tuple[str, set[str]]] = {}  # label -> separator, proposing packs
            for pack in self._packs:
                proposal = self.pack_label(ctx, pack, relationship, self._fallback)
                if proposal is not None:
                    found.setdefault(proposal[0], (proposal[1], set()))[1].add(pack.id)
            cached = tuple((text, sep, frozenset(ids)) for text, (sep, ids) in found.items())
            if len(self._proposed) < _CACHE_LIMIT:
                self._proposed[key] = cached
        return cached

    @staticmethod
    def pack_label(
        ctx: Context, pack: Pack, relationship: str, fallback: Pack | None = None
    ) -> tuple[str, str, str] | None:
        """(label, separator, language) this pack would insert for the relationship."""
        if not pack.fixes:
            return None
        table, lang = _own_language_table(ctx, pack, fallback) or _pack_table(ctx, pack)
        template = (
            table.labels.get(relationship)
            or table.labels.get("paid")
            or table.labels.get("generic")
            or next(iter(table.labels.values()))
        )
        return fill_brand(template, ctx.brand()), table.separator, lang

    def _accepting(self, ctx: Context, candidate: str) -> tuple[frozenset[str], bool]:
        """The audiences (pack ids) that read this label, put at the start, as clear, and
        whether telling asked for the caption's language."""
        key = (candidate, ctx.caption_language() if self._needs_caption_language else "")
        cached = self._clear.get(key)
        if cached is None:
            asked: list[str] = []

            def caption_language() -> str:
                asked.append(candidate)
                return ctx.caption_language()

            cached = (self._judge_candidate(candidate, caption_language), bool(asked))
            if len(self._clear) < _CACHE_LIMIT:
                self._clear[key] = cached
        elif cached[1]:
            ctx.caption_language()
        return cached

    def _judge_candidate(
        self, candidate: str, caption_language: Callable[[], str]
    ) -> frozenset[str]:
        probe = Caption(candidate)
        labels, _ = find_labels(probe, self._matcher.find(probe), self._negators)
        # The whole candidate must be one label; brackets around it are part of how it is
        # written ("[광고]", "[REKLAMA]"), not of the label word.
        key = normalise_term(candidate.strip(_WRAPPERS))
        labels = [lb for lb in labels if normalise_term(lb.text) == key]
        if not labels:
            return frozenset()
        out = set()
        for pack in self._packs:
            j = judge(labels[0], pack, probe, None, self._lexicon_packs, caption_language)
            if j is not None and j.strength is Strength.CLEAR:
                out.add(pack.id)
        return frozenset(out)


def _first_word(pack: Pack) -> bool:
    return pack.placement is not None and pack.placement.rule is PlacementRule.FIRST_WORD


def _names(titles: Iterable[str]) -> str:
    items = list(titles)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _own_language_table(
    ctx: Context, pack: Pack, fallback: Pack | None
) -> tuple[FixLabels, str] | None:
    """The fallback pack's labels in the caption's language, for an audience that asks for
    the caption's own language when its pack has no labels in it."""
    audience = pack.audience
    if fallback is None or audience is None or not audience.label_language.needs_caption_language:
        return None
    lang = ctx.fix_language()
    if lang in pack.fixes or lang not in fallback.fixes:
        return None
    return fallback.fixes[lang], lang


def _pack_table(ctx: Context, pack: Pack) -> tuple[FixLabels, str]:
    languages = list(pack.fixes)
    # Only a pack with labels in several languages needs to know the caption's language.
    caption_lang = ctx.fix_language() if len(languages) > 1 else languages[0]
    lang = caption_lang if caption_lang in pack.fixes else None
    if lang is None and pack.audience is not None:
        lang = next((x for x in pack.audience.languages if x in pack.fixes), None)
    if lang is None:
        lang = "en" if "en" in pack.fixes else languages[0]
    return pack.fixes[lang], lang
