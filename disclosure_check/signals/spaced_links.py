"""Links written with spaces or "defanged" so that they are not links: "amzn . to / 3xYz",
"geni . us/abc", "amzn[.]to", "amzn(.)to", "amzn dot to".

The host part is matched first, possessively and without overlap (linear), then the path.
"""

from __future__ import annotations

import re

from ..caption import Caption

_DOT = r"(?:[^\S\n]*+\.[^\S\n]*+|\[\.\]|\(\.\)|[^\S\n]++dot[^\S\n]++)"
_SPACED_HOST = re.compile(rf"(?<![\w.])[a-z0-9-]++(?:{_DOT}[a-z0-9-]++)++")
_DOT_RE = re.compile(_DOT)
_SPACED_PATH = re.compile(r"[^\S\n]*+/[^\S\n]*+[\w-]++")


def spaced_links(caption: Caption) -> list[tuple[int, int, str]]:
    """(folded start, folded end, the link without its spaces) for links written spaced out."""
    folded = caption.folded
    if "/" not in folded or not any(d in folded for d in (" .", ". ", "[.]", "(.)", " dot ")):
        return []
    out = []
    for host in _SPACED_HOST.finditer(folded):
        path = _SPACED_PATH.match(folded, host.end())
        if path is None:
            continue
        text = folded[host.start() : path.end()]
        if any(c in text for c in " \t[("):
            link = re.sub(r"\s+", "", _DOT_RE.sub(".", text))
            out.append((host.start(), path.end(), link))
    return out
