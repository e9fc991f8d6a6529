"""The HTTP API against a real server on a free loopback port."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from conftest import ROOT

pytest.importorskip("starlette", reason="the server tests need the 'server' extra")

from server_helpers import Answer, Client, free_port, running_server

import disclosure_check as dc
from disclosure_check.server import Limits, ServerConfig, main
from disclosure_check.server.command import build_parser

# Two emoji (astral characters: two UTF-16 units each) before the discount code.
EMOJI_CAPTION = "😍😍 Use code EMMA20 at @glowco for 20% off"
ADDED_KEYS = {"corrected_caption", "caption_utf16_length", "id"}

SMALL = Limits(max_body_bytes=4_000, max_caption_chars=500, max_batch_items=3)


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with running_server(ServerConfig(limits=SMALL)) as c:
        yield c


def _strip_utf16(node: Any) -> Any:
    """The payload without what the service adds, to compare with Report.to_dict()."""
    if isinstance(node, list):
        return [_strip_utf16(n) for n in node]
    if isinstance(node, dict):
        return {
            k: _strip_utf16(v)
            for k, v in node.items()
            if k not in ("span_utf16", "related_utf16") and k not in ADDED_KEYS
        }
    return node


def _utf16_slice(text: str, span: dict[str, int]) -> str:
    units = text.encode("utf-16-le")
    return units[2 * span["start"] : 2 * span["end"]].decode("utf-16-le")


def _error(answer: Answer, status: int) -> dict[str, Any]:
    assert answer.status == status, answer.body
    assert answer.headers["content-type"].startswith("application/json")
    error: dict[str, Any] = answer.json()["error"]
    return error


def test_health_names_version_and_limits(client: Client) -> None:
    answer = client.get("/health")
    assert answer.status == 200
    body = answer.json()
    assert body["status"] == "ok"
    assert body["version"] == dc.__version__
    assert body["limits"]["max_batch_items"] == 3


def test_check_answers_the_library_contract(client: Client) -> None:
    answer = client.post("/v1/check", {"caption": EMOJI_CAPTION, "jurisdiction": "UK"})
    assert answer.status == 200
    body = answer.json()
    expected = dc.check(EMOJI_CAPTION, jurisdiction="UK")
    assert _strip_utf16(body) == expected.to_dict()
    assert body["corrected_caption"] == expected.corrected_caption
    assert body["caption_utf16_length"] == len(EMOJI_CAPTION.encode("utf-16-le")) // 2
    assert [f["rule_id"] for f in body["findings"]] == ["UK101"]


def test_utf16_offsets_slice_the_same_text_as_code_point_offsets(client: Client) -> None:
    body = client.post("/v1/check", {"caption": EMOJI_CAPTION, "jurisdiction": "UK"}).json()
    code = next(s for s in body["signals"] if s["kind"] == "discount-code")
    assert EMOJI_CAPTION[code["span"]["start"] : code["span"]["end"]] == "EMMA20"
    assert _utf16_slice(EMOJI_CAPTION, code["span_utf16"]) == "EMMA20"
    # The bug the offsets prevent: code-point offsets used on UTF-16 units are 2 units early.
    assert _utf16_slice(EMOJI_CAPTION, code["span"]) == "e EMMA"
    finding = body["findings"][0]
    assert _utf16_slice(EMOJI_CAPTION, finding["span_utf16"]) == "EMMA20"
    assert len(finding["related_utf16"]) == len(finding["related"])
    edit = finding["fix"]["edits"][0]
    assert edit["span_utf16"] == edit["span"] == {"start": 0, "end": 0}


def test_check_takes_the_options_of_dc_check(client: Client) -> None:
    caption = "Merci @marque pour le code MARIE15 !"
    request = {
        "caption": caption,
        "jurisdiction": "FR,BE",
        "platform": "instagram",
        "language": "fr",
        "post": {"sponsored": True},
    }
    body = client.post("/v1/check", request).json()
    expected = dc.check(caption, ["FR", "BE"], "instagram", "fr", {"sponsored": True})
    assert _strip_utf16(body) == expected.to_dict()
    assert body["jurisdictions"] == ["FR", "BE"]
    assert body["language_source"] == "given"


def test_batch_keeps_order_and_ids_and_reports_bad_items_alone(client: Client) -> None:
    items = [
        "Use code EMMA20 at @glowco",
        {"caption": "Lovely walk today", "id": "walk"},
        {"caption": "#ad thanks @glowco", "id": 7, "post": {"sponsored": "yes"}},
    ]
    answer = client.post("/v1/check-batch", {"items": items, "jurisdiction": ["US"]})
    assert answer.status == 200
    results = answer.json()["results"]
    assert len(results) == 3
    assert results[0]["caption"] == items[0]
    assert "id" not in results[0]
    assert results[1]["id"] == "walk"
    assert results[1]["findings"] == []
    assert results[2]["index"] == 2
    assert results[2]["id"] == "7"
    assert "PostInfo.sponsored must be True, False or None" in results[2]["error"]


def test_same_options_build_one_checker(client: Client) -> None:
    before = client.get("/health").json()["checkers_cached"]
    spellings: list[Any] = ["de", "DE", ["de"], " De "]
    requests = [
        {"caption": f"Code ANNA{i} bei @shop", "jurisdiction": spellings[i % 4]} for i in range(16)
    ]
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda r: client.post("/v1/check", r), requests))
    assert {a.status for a in answers} == {200}
    assert all(a.json()["jurisdictions"] == ["DE"] for a in answers)
    assert client.get("/health").json()["checkers_cached"] == before + 1


# -- limits and errors ---------------------------------------------------------------------


def test_body_over_the_limit_is_refused_naming_the_limit(client: Client) -> None:
    caption = "x" * 450
    body = {"items": [caption] * 3, "jurisdiction": "UK"}
    raw = json.dumps(body).encode() + b" " * 3000
    error = _error(client.post("/v1/check-batch", raw=raw), 413)
    assert error["limit"] == "max_body_bytes"
    assert error["maximum"] == 4_000
    assert "max_body_bytes" in error["message"]


def test_body_sent_in_chunks_without_a_length_is_still_limited(client: Client) -> None:
    connection = __import__("http.client").client.HTTPConnection("127.0.0.1", client.port)
    chunks = [b'{"caption": "', *([b"a" * 1000] * 6), b'"}']
    connection.request(
        "POST",
        "/v1/check",
        body=iter(chunks),
        headers={"Content-Type": "application/json", "Transfer-Encoding": "chunked"},
        encode_chunked=True,
    )
    response = connection.getresponse()
    payload = json.loads(response.read())
    connection.close()
    assert response.status == 413
    assert payload["error"]["limit"] == "max_body_bytes"


def test_caption_over_the_limit_is_refused_naming_the_limit(client: Client) -> None:
    error = _error(client.post("/v1/check", {"caption": "a" * 501}), 413)
    assert error["limit"] == "max_caption_chars"
    assert "501 characters" in error["message"]
    batch = {"items": ["short", {"caption": "a" * 501}]}
    error = _error(client.post("/v1/check-batch", batch), 413)
    assert error["limit"] == "max_caption_chars"
    assert "items[1].caption" in error["message"]


def test_caption_at_the_limit_is_checked(client: Client) -> None:
    assert client.post("/v1/check", {"caption": "a" * 500}).status == 200


def test_batch_over_the_limit_is_refused_naming_the_limit(client: Client) -> None:
    error = _error(client.post("/v1/check-batch", {"items": ["a", "b", "c", "d"]}), 413)
    assert error["limit"] == "max_batch_items"
    assert error["maximum"] == 3
    assert "4 items" in error["message"]


def test_time_limit_refuses_a_request_that_takes_longer() -> None:
    tight = Limits(time_limit_seconds=1e-6)
    with running_server(ServerConfig(limits=tight)) as c:
        error = _error(c.post("/v1/check-batch", {"items": ["Use code EMMA20"] * 50}), 413)
        assert error["limit"] == "time_limit_seconds"
        assert "time_limit_seconds" in error["message"]
        assert c.get("/health").status == 200


@pytest.mark.parametrize(
    ("raw", "needle"),
    [
        (b"{not json", "not JSON"),
        (b'["a list"]', "must be a JSON object"),
        (b"\xff\xfe", "not UTF-8"),
        (b'{"text": "hi"}', "unknown field(s) in the request: text; known: caption"),
        (b'{"caption": 5}', "'caption' must be a string, not a number"),
        (b'{"caption": "hi", "jurisdiction": "ZZ"}', "unknown jurisdiction 'ZZ'"),
        (b'{"caption": "hi", "platform": "myspace"}', "myspace"),
        (b'{"caption": "hi", "post": {"paid": true}}', "unknown PostInfo field(s) paid"),
        (b'{"caption": "hi", "post": {"brands": "x"}}', "PostInfo.brands must be a tuple"),
    ],
)
def test_bad_requests_get_a_422_that_says_what_is_wrong(
    client: Client, raw: bytes, needle: str
) -> None:
    error = _error(client.post("/v1/check", raw=raw), 422)
    assert needle in error["message"]
    assert error["limit"] is None


def test_unknown_path_and_wrong_method_answer_json(client: Client) -> None:
    error = _error(client.get("/v1/chek"), 404)
    assert "/openapi.json" in error["message"]
    error = _error(client.get("/v1/check"), 405)
    assert error["code"] == "method-not-allowed"


# -- read-only endpoints -------------------------------------------------------------------


def test_rules_of_an_audience(client: Client) -> None:
    body = client.get("/v1/rules?jurisdiction=FR").json()
    assert body["jurisdictions"] == ["FR"]
    assert [r["id"] for r in body["rules"]] == [r.id for r in dc.Checker("FR").rules]
    fr101 = next(r for r in body["rules"] if r["id"] == "FR101")
    assert fr101["sources"] and all(s["url"].startswith("http") for s in fr101["sources"])
    error = _error(client.get("/v1/rules?jurisdiction=QQ"), 422)
    assert "QQ" in error["message"]


def test_jurisdictions_and_platforms(client: Client) -> None:
    body = client.get("/v1/jurisdictions").json()
    assert [j["code"] for j in body["jurisdictions"]] == dc.known_jurisdictions()
    france = next(j for j in body["jurisdictions"] if j["code"] == "FR")
    assert france["title"] == "France"
    assert france["languages"] == ["fr"]
    names = [p["name"] for p in client.get("/v1/platforms").json()["platforms"]]
    assert names == list(dc.platforms())


def test_playground_and_its_files_are_served(client: Client) -> None:
    page = client.get("/")
    assert page.status == 200
    assert page.headers["content-type"].startswith("text/html")
    assert b"/static/playground.js" in page.body
    for path in ("/static/playground.js", "/static/playground.css", "/static/messages.json"):
        assert client.get(path).status == 200, path
    # Offline: the page loads nothing from another host.
    for path in ("/", "/static/playground.js", "/static/playground.css"):
        text = client.get(path).body.decode()
        assert "http://" not in text.replace("http://127.0.0.1", "")
        assert "https://" not in text
    messages = client.get("/static/messages.json").json()
    assert set(messages["en"]) == set(messages["fr"])


# -- CORS ----------------------------------------------------------------------------------


def test_cors_is_off_by_default(client: Client) -> None:
    answer = client.post("/v1/check", {"caption": "hi"}, headers={"Origin": "https://app.example"})
    assert answer.status == 200
    assert "access-control-allow-origin" not in answer.headers


def test_cors_allows_only_the_configured_origin() -> None:
    config = ServerConfig(cors_origins=("https://app.example",))
    with running_server(config) as c:
        allowed = c.post("/v1/check", {"caption": "hi"}, headers={"Origin": "https://app.example"})
        assert allowed.headers["access-control-allow-origin"] == "https://app.example"
        preflight = c.request(
            "OPTIONS",
            "/v1/check",
            headers={
                "Origin": "https://app.example",
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type",
            },
        )
        assert preflight.status == 200
        assert "POST" in preflight.headers["access-control-allow-methods"]
        other = c.post("/v1/check", {"caption": "hi"}, headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers


# -- the command ---------------------------------------------------------------------------


def test_command_serves_on_loopback_and_stops_on_interrupt() -> None:
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "disclosure_check.server",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        client = Client(port)
        deadline = time.monotonic() + 30
        while True:
            try:
                answer = client.get("/health")
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.1)
        assert answer.json()["status"] == "ok"
        process.send_signal(signal.SIGINT)
        # Shut down cleanly; 130 is the shell's code for a command stopped by Ctrl-C.
        assert process.wait(timeout=20) == 130
        assert b"Traceback" not in process.stderr.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_command_binds_loopback_by_default_and_refuses_bad_options(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert build_parser().parse_args([]).host == "127.0.0.1"
    assert main(["--time-limit", "0"]) == 2
    assert "time_limit_seconds must be a number > 0" in capsys.readouterr().err
    assert main(["--port", "70000"]) == 2
    assert main(["--no-such-option"]) == 2


def test_command_reports_a_port_in_use(capfd: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["--port", str(port), "--log-level", "error"]) != 0
    assert "address already in use" in capfd.readouterr().err


def test_library_import_does_not_need_the_extra() -> None:
    code = (
        "import sys\n"
        "sys.modules['starlette'] = None\n"
        "import disclosure_check as dc\n"
        "assert dc.check('hi').ok\n"
        "try:\n"
        "    import disclosure_check.server\n"
        "except ImportError as exc:\n"
        "    print(exc)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert 'pip install "disclosure-check[server]"' in done.stdout
