"""Shared helpers: inline span markers (⟦text⟧{ID}) used by case files and rule examples."""

from __future__ import annotations

import re

import pytest

MARKER = re.compile(r"⟦(.*?)⟧(?:\{([^}]*)\})?", re.S)


def unmark(marked: str) -> tuple[str, list[tuple[int, int, str | None]]]:
    """The caption without markers, and (start, end, tag) for each marked span."""
    out = []
    spans = []
    pos = 0
    length = 0
    for m in MARKER.finditer(marked):
        before = marked[pos : m.start()]
        out.append(before)
        length += len(before)
        inner = m.group(1)
        spans.append((length, length + len(inner), m.group(2)))
        out.append(inner)
        length += len(inner)
        pos = m.end()
    out.append(marked[pos:])
    return "".join(out), spans


@pytest.fixture(scope="session")
def unmark_fn():
    return unmark
