"""disclosure_check.output: the streaming JSON array both the JSON and the SARIF writer use."""

from __future__ import annotations

import io
import json

import pytest

from disclosure_check.output.json import JsonArrayWriter


@pytest.mark.parametrize("items", [[], [{"a": 1}], [{"a": [1, 2]}, "x", {"b": {"c": None}}]])
def test_streamed_array_is_what_json_dumps_writes(items):
    out = io.StringIO()
    out.write('{\n  "outer": {\n    "items": [')
    array = JsonArrayWriter(out, indent=6)
    for item in items:
        array.add(item)
    array.close()
    out.write("\n  }\n}")
    assert out.getvalue() == json.dumps({"outer": {"items": items}}, indent=2)
    assert array.count == len(items)
