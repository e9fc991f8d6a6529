"""UTF-16 offsets for JavaScript clients.

The library's spans count code points (Python `str` indices). JavaScript strings count UTF-16
code units, so every character outside the Basic Multilingual Plane (most emoji) is two units
there: a client that slices with code-point offsets after two emoji is two units early.
"""

from __future__ import annotations

from collections.abc import Iterable

_ASTRAL = 0x10000


def utf16_index(caption: str) -> list[int]:
    """`out[i]` is the UTF-16 offset of code-point offset `i`, for 0 <= i <= len(caption)."""
    out = [0] * (len(caption) + 1)
    units = 0
    for i, char in enumerate(caption):
        out[i] = units
        units += 2 if ord(char) >= _ASTRAL else 1
    out[len(caption)] = units
    return out


def utf16_spans(caption: str, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The UTF-16 (start, end) of each half-open code-point (start, end) span of `caption`."""
    index = utf16_index(caption)
    out = []
    for start, end in spans:
        if not 0 <= start <= end <= len(caption):
            raise ValueError(
                f"span ({start}, {end}) is outside the caption of {len(caption)} code points"
            )
        out.append((index[start], index[end]))
    return out
