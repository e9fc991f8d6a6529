"""Inline SVG charts drawn from the numbers (no library, no script): the page stays one file."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from .values import Month

COLOURS = {"clear": "#2e9d5b", "ambiguous": "#f0b429", "hidden": "#e07b39", "missing": "#d64545"}
_W, _H, _PAD = 560, 180, 28


def _frame(body: str, title: str, width: int = _W, height: int = _H) -> str:
    return (
        f'<svg class="chart" role="img" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}"><title>{escape(title)}</title>'
        f"{body}</svg>"
    )


def _bar_width(n: int) -> float:
    return max(4.0, min(40.0, (_W - 2 * _PAD) / max(n, 1) - 6))


def disclosure_by_month(timeline: Sequence[Month]) -> str:
    """Stacked bars: commercial posts per month by disclosure status."""
    months = [m for m in timeline if m.commercial]
    if not months:
        return '<p class="empty">No dated commercial post.</p>'
    top = max(m.commercial for m in months)
    step = (_W - 2 * _PAD) / len(months)
    width = _bar_width(len(months))
    parts = []
    for i, month in enumerate(months):
        x = _PAD + i * step
        y = _H - _PAD
        for status in COLOURS:
            value = getattr(month, status)
            if not value:
                continue
            h = (_H - 2 * _PAD) * value / top
            y -= h
            parts.append(
                f'<rect class="bar bar-{status}" x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" '
                f'height="{h:.1f}" fill="{COLOURS[status]}"><title>{month.month}: {value} '
                f"{status}</title></rect>"
            )
        parts.append(
            f'<text x="{x + width / 2:.1f}" y="{y - 4:.1f}" font-size="10" '
            f'text-anchor="middle">{month.commercial}</text>'
            f'<text x="{x + width / 2:.1f}" y="{_H - 10}" font-size="10" '
            f'text-anchor="middle">{month.month}</text>'
        )
    return _frame("".join(parts), "Commercial posts per month by disclosure status")


def gifted_by_month(per_month: Sequence[tuple[str, int]]) -> str:
    """Bars: gifted posts per month."""
    if not per_month:
        return '<p class="empty">No dated gifted post.</p>'
    top = max(n for _, n in per_month)
    step = (_W - 2 * _PAD) / len(per_month)
    width = _bar_width(len(per_month))
    parts = []
    for i, (month, n) in enumerate(per_month):
        x = _PAD + i * step
        h = (_H - 2 * _PAD) * n / top
        parts.append(
            f'<rect class="bar bar-gifted" x="{x:.1f}" y="{_H - _PAD - h:.1f}" '
            f'width="{width:.1f}" height="{h:.1f}" fill="#7b61c9"><title>{month}: {n} gifted'
            f'</title></rect><text x="{x + width / 2:.1f}" y="{_H - _PAD - h - 4:.1f}" '
            f'font-size="10" text-anchor="middle">{n}</text>'
            f'<text x="{x + width / 2:.1f}" y="{_H - 10}" font-size="10" '
            f'text-anchor="middle">{month}</text>'
        )
    return _frame("".join(parts), "Gifted posts per month")


def score_ring(score: int | None) -> str:
    """The compliance score as a ring (grey when there is nothing to score)."""
    r, c = 34, 2 * 3.14159 * 34
    done = c * (score or 0) / 100
    colour = (
        "#999"
        if score is None
        else ("#2e9d5b" if score >= 80 else "#f0b429" if score >= 50 else "#d64545")
    )
    label = "–" if score is None else str(score)
    body = (
        f'<circle cx="45" cy="45" r="{r}" fill="none" stroke="#eee" stroke-width="10"/>'
        f'<circle cx="45" cy="45" r="{r}" fill="none" stroke="{colour}" stroke-width="10" '
        f'stroke-dasharray="{done:.1f} {c:.1f}" transform="rotate(-90 45 45)"/>'
        f'<text x="45" y="52" font-size="22" text-anchor="middle">{label}</text>'
    )
    return _frame(body, "Compliance score", 90, 90)
