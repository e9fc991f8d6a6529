"""The edits a fix is made of: a label inserted at the start, a hidden label moved up front.

Which label to insert is `labelling.py`'s choice; joining several fixes is `Fix.combine`.
Inserting a legal label changes what a caption says, so every fix here is `suggested`: shown
to a person, never applied silently.
"""

from __future__ import annotations

import re

from .model import Applicability, Edit, Fix, Span

_SLOT = re.compile(r"[^\S\n]*\{brand\??\}")


def fill_brand(template: str, brand: str | None) -> str:
    if brand:
        return template.replace("{brand?}", brand).replace("{brand}", brand)
    return _SLOT.sub("", template).strip(" /|-")


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


_DENIAL_TAIL = re.compile(r"[!.,;:…]*[^\S\n]?")


def replace_denial_fix(caption: str, span: Span, label: str, separator: str, why: str) -> Fix:
    """Take out a false denial ("Not sponsored!") and start the caption with the label: the
    corrected caption must not say both."""
    tail = _DENIAL_TAIL.match(caption, span.end)
    end = tail.end() if tail else span.end
    denial = caption[span.start : span.end]
    return Fix(
        message=f"Remove {denial!r} and start the caption with {label!r} ({why}).",
        edits=(Edit(Span(0, 0), label + separator), Edit(Span(span.start, end), "")),
        applicability=Applicability.SUGGESTED,
    )
