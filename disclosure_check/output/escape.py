"""Third-party text made safe for a terminal, and for JavaScript readers of JSON.

A caption, a record id or a CSV header is written by someone else. Sent raw to a terminal, an
ESC sequence clears the screen or sets the window title, a carriage return overwrites the line,
and a bidi override (U+202E) makes what is shown differ from what is there. In text output each
such character becomes a visible escape (`\\x1b`, `\\u202e`); JSON keeps the text exact and
escapes them as `\\u` sequences, which also keeps raw U+2028/U+2029 (line breaks to older
JavaScript) out of JSON Lines.
"""

from __future__ import annotations

import re

# C0 controls, DEL and C1 controls (Unicode category Cc); the explicit bidi embeddings,
# overrides and isolates (UAX #9: LRE RLE PDF LRO RLO, LRI RLI FSI PDI); the line and
# paragraph separators. tests/test_faults_cli.py checks the set against unicodedata.
CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
# In JSON text: the same set minus what json.dumps escapes itself (C0); outside strings
# json.dumps writes ASCII only, so every match is inside a string.
JSON_CONTROLS = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}  # as Python's repr() writes them


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    return _SHORT.get(ch) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def visible(text: str) -> str:
    """`text` with every control character shown as an escape, for a terminal."""
    return CONTROLS.sub(_escape, text)


def json_safe(encoded: str) -> str:
    """JSON text with the controls JSON allows raw written as \\u escapes instead."""
    if encoded.isascii() and "\x7f" not in encoded:
        return encoded  # the common case, checked faster than the pattern can scan it
    return JSON_CONTROLS.sub(_json_escape, encoded)
