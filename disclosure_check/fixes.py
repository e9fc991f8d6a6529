"""Suggested fixes: which label to insert, moving a hidden label up front, applying fixes.

Inserting a legal label changes what a caption says, so every fix here is `suggested`: shown
to a person, never applied silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from .model import Applicability, Edit, Fix, Span

if TYPE_CHECKING:
    from .context import Context
    from .pack import Pack

_SLOT = re.compile(r"[^\S\n]*\{brand\??\}")


def fill_brand(template: str, brand: str | None) -> str:
    if brand:
        return template.replace("{brand?}", brand).replace("{brand}", brand)
    return _SLOT.sub("", template).strip(" /|-")


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


def choose_label(
    ctx: Context, relationship: str, is_clear_everywhere: Callable[[str], bool]
) -> tuple[str, str] | None:
    """One label (and separator) that satisfies every requested jurisdiction at once.

    Each pack proposes its own label; the first proposal that every pack reads as clear and in
    an accepted language wins ("Publicité" for FR + BE in French). When none does, the
    proposals are combined ("Werbung | Publicité").
    """
    proposals: list[tuple[str, str]] = []
    for pack in ctx.packs:
        proposal = pack_label(ctx, pack, relationship)
        if proposal is not None and proposal[0] not in [p[0] for p in proposals]:
            proposals.append((proposal[0], proposal[1]))
    if not proposals:
        return None
    for text, separator in proposals:
        if len(proposals) == 1 or is_clear_everywhere(text):
            return text, separator
    separator = proposals[0][1]
    joined = separator.join(text for text, _ in proposals)
    return joined, separator


def insert_fix(label: str, separator: str, why: str) -> Fix:
    return Fix(
        message=f"Start the caption with {label!r} ({why}).",
        edits=(Edit(Span(0, 0), label + separator),),
        applicability=Applicability.SUGGESTED,
    )


def move_fix(caption: str, span: Span, separator: str) -> Fix:
    """Move a label that is already there to the start instead of adding a second one."""
    start, end = span.start, span.end
    if end < len(caption) and caption[end] == " ":
        end += 1
    elif start > 0 and caption[start - 1] == " ":
        start -= 1
    label = caption[span.start : span.end]
    return Fix(
        message=f"Move {label!r} to the start of the caption.",
        edits=(Edit(Span(0, 0), label + separator), Edit(Span(start, end), "")),
        applicability=Applicability.SUGGESTED,
    )


def apply_fixes(caption: str, fixes: Iterable[Fix]) -> str:
    """Apply fixes in order, skipping one whose edits overlap an edit already taken.

    Insertions at the same point are combined in order ("Publicité | Images retouchées | …"),
    since each adds a mention the caption lacks; an identical insertion is made once.
    """
    taken: list[Edit] = []
    for fix in fixes:
        if all(_compatible(e, taken) for e in fix.edits):
            taken.extend(e for e in fix.edits if e not in taken)
    merged: list[Edit] = []
    for edit in taken:
        if edit.span.start == edit.span.end:
            same = next((m for m in merged if m.span == edit.span), None)
            if same is not None:
                merged[merged.index(same)] = Edit(same.span, same.replacement + edit.replacement)
                continue
        merged.append(edit)
    return Fix("", tuple(merged)).apply(caption)


def _compatible(edit: Edit, taken: Sequence[Edit]) -> bool:
    for other in taken:
        if other == edit:
            continue
        a, b = edit.span, other.span
        if a.start == a.end == b.start == b.end:
            continue  # two insertions at one point: combined by apply_fixes
        if a.start < b.end and b.start < a.end:
            return False
        if (a.start == a.end and b.start < a.start < b.end) or (
            b.start == b.end and a.start < b.start < a.end
        ):
            return False
    return True
