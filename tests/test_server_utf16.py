"""UTF-16 offsets: the same code units JavaScript's String.prototype.slice counts."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from hypothesis import given
from hypothesis import strategies as st

pytest.importorskip("starlette", reason="the server tests need the 'server' extra")

from disclosure_check.server.utf16 import utf16_index, utf16_spans

CAPTIONS = [
    "😍😍 Use code EMMA20 at @glowco",
    "👩🏽‍💻 #ad 𝐄𝐌𝐌𝐀𝟐𝟎 works 🇫🇷🇫🇷 done",  # ZWJ sequence, skin tone, math bold, flags
    "Publicité 🎁 code MARIE15 — merci @marque ✨",
    "𠀋𡈽 CJK extension B, then 😀",
    "",
]


def _spans(caption: str) -> list[tuple[int, int]]:
    n = len(caption)
    return [(s, e) for s in range(0, n + 1, 3) for e in range(s, n + 1, 4)]


def _python_utf16(caption: str, start: int, end: int) -> tuple[int, int]:
    def units(text: str) -> int:
        return len(text.encode("utf-16-le")) // 2

    return units(caption[:start]), units(caption[:end])


@pytest.mark.parametrize("caption", CAPTIONS)
def test_offsets_count_utf16_code_units(caption: str) -> None:
    spans = _spans(caption)
    assert utf16_spans(caption, spans) == [_python_utf16(caption, s, e) for s, e in spans]


@given(st.text(max_size=60))
def test_offsets_count_utf16_code_units_for_any_text(caption: str) -> None:
    spans = _spans(caption)
    assert utf16_spans(caption, spans) == [_python_utf16(caption, s, e) for s, e in spans]
    assert utf16_index(caption)[-1] == len(caption.encode("utf-16-le", "surrogatepass")) // 2


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
@pytest.mark.parametrize("caption", CAPTIONS)
def test_javascript_slices_the_same_characters(caption: str) -> None:
    spans = _spans(caption)
    converted = utf16_spans(caption, spans)
    script = (
        "const [caption, spans] = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "process.stdout.write(JSON.stringify(spans.map(([s, e]) => caption.slice(s, e))));"
    )
    done = subprocess.run(
        ["node", "-e", script],
        input=json.dumps([caption, converted]),
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    assert json.loads(done.stdout) == [caption[s:e] for s, e in spans]


def test_a_span_outside_the_caption_is_refused() -> None:
    with pytest.raises(ValueError, match=r"span \(2, 9\) is outside the caption of 3 code points"):
        utf16_spans("abc", [(2, 9)])
