"""A caption as HTML with its spans highlighted, and finding rows under it (notebooks, reports).

Works on plain values only (the caption, `(start, end, category, label)` tuples, finding rows as
strings) and imports nothing from the package, so the data model may use it. Everything is
escaped: captions are third-party text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from itertools import pairwise

SpanTuple = tuple[int, int, str, str]

STYLE = (
    "<style>.dc-caption{white-space:pre-wrap;font-family:system-ui,sans-serif;line-height:1.5;"
    "padding:.5em;border:1px solid #ddd;border-radius:6px}"
    ".dc-caption mark{border-radius:3px;padding:0 2px}"
    ".dc-caption mark.dc-signal{background:#ffe8a3}"
    ".dc-caption mark.dc-disclosure{background:#c8f0c8}"
    ".dc-caption mark.dc-finding{background:#ffc9c9;text-decoration:underline wavy #c00}"
    ".dc-findings{font-family:system-ui,sans-serif;margin:.4em 0 0 1.2em}</style>"
)
_PRIORITY = {"finding": 0, "disclosure": 1, "signal": 2}


def _segments(length: int, spans: Iterable[SpanTuple]) -> list[tuple[int, int, SpanTuple | None]]:
    """Cut [0, length) into pieces, each covered by its most important span (finding first)."""
    valid = [s for s in spans if 0 <= s[0] < s[1] <= length]
    cuts = sorted({0, length, *(s[0] for s in valid), *(s[1] for s in valid)})
    out: list[tuple[int, int, SpanTuple | None]] = []
    for start, end in pairwise(cuts):
        covering = [s for s in valid if s[0] <= start and end <= s[1]]
        best = min(covering, key=lambda s: (_PRIORITY.get(s[2], 3), s[0], s[3]), default=None)
        out.append((start, end, best))
    return out


def caption_html(caption: str, spans: Iterable[SpanTuple]) -> str:
    """The caption with each span in a <mark> whose title names what it is."""
    parts = ['<div class="dc-caption">']
    for start, end, span in _segments(len(caption), spans):
        text = escape(caption[start:end])
        if span is None:
            parts.append(text)
            continue
        category, label = escape(span[2]), escape(span[3])
        parts.append(
            f'<mark class="dc-{category}" title="{category}: {label}" '
            f'data-span="{span[0]}-{span[1]}">{text}</mark>'
        )
    parts.append("</div>")
    return "".join(parts)


def findings_html(rows: Sequence[str]) -> str:
    if not rows:
        return '<p class="dc-findings">No findings.</p>'
    items = "".join(f"<li>{escape(row)}</li>" for row in rows)
    return f'<ul class="dc-findings">{items}</ul>'


def report_html(caption: str, spans: Iterable[SpanTuple], rows: Sequence[str]) -> str:
    """A self-contained fragment: styles, the highlighted caption, the findings."""
    return STYLE + caption_html(caption, spans) + findings_html(rows)
