"""What a caption shows before any rule reads it: vocabulary matches, labels, signals, and
whether the post is commercial.

One decision lives here because every rule depends on it: label words inside a sentence count
only when something else shows the post is commercial, and so do thank-you labels, unless they
thank an @handle ("Thanks to @cotswoldcheese for the hamper"), which is how undisclosed gifts
are written. The thanked handle is then promoted, but as evidence resting on a label, which
keeps the finding at warning level (Context.strong_evidence).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .caption import Caption
from .disclosures import LabelHit, find_labels
from .matching import TermMatch
from .model import PostInfo, Signal, is_commercial
from .signals import LinkClassifier, detect_signals
from .vocabulary import Entry, Vocabulary


@dataclass(frozen=True, slots=True)
class Evidence:
    matches: Sequence[TermMatch[Entry]]
    labels: list[LabelHit]
    signals: list[Signal]
    commercial: bool


def gather(
    text: Caption, vocabulary: Vocabulary, links: LinkClassifier, post: PostInfo
) -> Evidence:
    matches = vocabulary.matcher.find(text)
    labels, negated = find_labels(text, matches, vocabulary.negators)
    signals = detect_signals(text, matches, post, links, labels)
    signals.extend(negated)
    independent = [s for s in signals if not s.rests_on_label]
    if not is_commercial(independent, False, post):
        kept = [lb for lb in labels if _stands_alone(lb)]
        if len(kept) != len(labels):
            labels = kept
            signals = detect_signals(text, matches, post, links, labels)
            signals.extend(negated)
    commercial = is_commercial(signals, bool(labels), post)
    return Evidence(matches, labels, signals, commercial)


def _stands_alone(label: LabelHit) -> bool:
    """A label that says the post is commercial without any other evidence."""
    if label.embedded:
        return False
    return label.brand is not None or any(s.admits_relationship for s in label.entries)
