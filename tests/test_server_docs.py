"""The server pages of the docs: their examples run against a real server and stay true."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import ROOT

pytest.importorskip("starlette", reason="the server tests need the 'server' extra")

from server_helpers import Client, running_server

from disclosure_check.server import Limits
from disclosure_check.server.app import openapi_document
from disclosure_check.server.command import build_parser

DOCS = ROOT / "docs"
FENCE = re.compile(r"(?:<!--\s*(\w+):\s*([^>]*?)\s*-->\n)?^```(\w*)\n(.*?)^```$", re.M | re.S)
DOC_SERVICE = "http://127.0.0.1:8000"
NODE = shutil.which("node")


def _blocks(page: str) -> list[tuple[str, str, str, str]]:
    """(marker, marker value, language, body) of each fenced block of a docs page."""
    text = (DOCS / page).read_text("utf-8")
    return [(m[1] or "", m[2] or "", m[3], m[4]) for m in FENCE.finditer(text)]


def _output_after(page: str, body: str) -> str:
    """The ```text block that follows the block `body` on `page`."""
    blocks = _blocks(page)
    index = next(i for i, b in enumerate(blocks) if b[3] == body)
    assert blocks[index + 1][2] == "text", "the example's output block is missing"
    return blocks[index + 1][3]


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with running_server() as c:
        yield c


def _node_blocks() -> list[tuple[str, str]]:
    return [
        (value, body)
        for marker, value, lang, body in _blocks("other-languages.md")
        if lang == "js" and marker == "run"
    ]


def _bin_path() -> str:
    return os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])


@pytest.mark.skipif(NODE is None, reason="node is not installed (apt-get install nodejs)")
@pytest.mark.parametrize("how", ["service", "pipe"])
def test_javascript_examples_print_what_the_page_says(client: Client, how: str) -> None:
    blocks = _node_blocks()
    assert len(blocks) == 2
    body = blocks[0][1] if how == "service" else blocks[1][1]
    expected = _output_after("other-languages.md", body)
    if how == "service":
        assert DOC_SERVICE in body
        # An ES module, for the top-level await a reader would paste into one.
        command = [
            NODE or "node",
            "--input-type=module",
            "-e",
            body.replace(DOC_SERVICE, client.base),
        ]
    else:
        command = [NODE or "node", "-e", body]
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={**os.environ, "PATH": _bin_path()},
    )
    assert done.stderr == ""
    assert done.stdout == expected


def test_curl_examples_answer_what_the_schema_says(client: Client) -> None:
    calls = [body for _, _, lang, body in _blocks("server.md") if lang == "bash" and "curl" in body]
    assert len(calls) == 2
    schemas = {"/v1/check": "Report", "/v1/check-batch": "BatchResponse"}
    for body in calls:
        command = body.replace(DOC_SERVICE, client.base).replace("\\\n", " ")
        done = subprocess.run(
            ["bash", "-c", command], capture_output=True, text=True, timeout=60, check=True
        )
        path = re.search(r"/v1/[\w-]+", body)
        assert path is not None
        _validate(schemas[path.group(0)], json.loads(done.stdout))


def _validate(name: str, instance: Any) -> None:
    document = openapi_document()
    schema = {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
    jsonschema.Draft202012Validator(schema).validate(instance)


def test_json_examples_match_the_schema_and_the_service(client: Client) -> None:
    examples = [
        (value, body) for marker, value, lang, body in _blocks("server.md") if marker == "schema"
    ]
    assert [name for name, _ in examples] == ["Report", "Error"]
    for name, body in examples:
        _validate(name, json.loads(body))
    shown = json.loads(examples[0][1])
    answer = client.post(
        "/v1/check", {"caption": shown["caption"], "jurisdiction": shown["jurisdictions"]}
    )
    assert answer.json() == shown
    error = json.loads(examples[1][1])["error"]
    too_many = client.post("/v1/check-batch", {"items": ["x"] * 250})
    assert too_many.json()["error"] == error


def test_server_page_documents_every_option_and_limit() -> None:
    page = (DOCS / "server.md").read_text("utf-8")
    flags = set(re.findall(r"--[a-z][\w-]*", build_parser().format_help())) - {"--help"}
    assert "--cors-origin" in flags
    for flag in sorted(flags):
        assert f"`{flag}" in page, f"docs/server.md does not document {flag}"
    for name in Limits().to_dict():
        assert f'`limit: "{name}"`' in page, f"docs/server.md does not list the limit {name}"
    for path in openapi_document()["paths"]:
        assert f" {path}" in page, f"docs/server.md does not list {path}"


def test_dockerfile_installs_the_extra_and_serves_on_all_interfaces() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text("utf-8")
    assert re.search(r"^FROM python:3\.\d+-slim$", dockerfile, re.M)
    assert 'pip install ".[server]"' in dockerfile
    entry = re.search(r"^ENTRYPOINT (\[.*\])$", dockerfile, re.M)
    assert entry is not None
    assert json.loads(entry.group(1)) == [
        "disclosure-check",
        "serve",
        "--host",
        "0.0.0.0",
        "--port",
        "8000",
    ]
    assert re.search(r"^USER (?!root)\w+$", dockerfile, re.M)
    copied = re.findall(r"^COPY (.+) \S+$", dockerfile, re.M)
    for sources in copied:
        for source in sources.split():
            assert (ROOT / source).exists(), f"the Dockerfile copies {source}, which is missing"
    ignored = (ROOT / ".dockerignore").read_text("utf-8").split()
    assert ".realdata" in ignored and ".git" in ignored
