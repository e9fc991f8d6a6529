"""The OpenAPI document the app serves, and the answers of the app checked against it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest

pytest.importorskip("starlette", reason="the server tests need the 'server' extra")

from server_helpers import Client, running_server

from disclosure_check.server import Limits, ServerConfig

PATHS = {
    "/v1/check": "post",
    "/v1/check-batch": "post",
    "/v1/rules": "get",
    "/v1/jurisdictions": "get",
    "/v1/platforms": "get",
    "/health": "get",
    "/openapi.json": "get",
    "/": "get",
}


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with running_server(ServerConfig(limits=Limits(max_batch_items=2))) as c:
        yield c


@pytest.fixture(scope="module")
def document(client: Client) -> dict[str, Any]:
    answer = client.get("/openapi.json")
    assert answer.status == 200
    assert answer.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = answer.json()
    return body


def _validate(document: dict[str, Any], instance: Any, path: str, method: str, status: int) -> None:
    content = document["paths"][path][method]["responses"][str(status)]["content"]
    schema = {**content["application/json"]["schema"], "components": document["components"]}
    jsonschema.Draft202012Validator(schema).validate(instance)


def test_document_names_every_path(document: dict[str, Any], client: Client) -> None:
    assert document["openapi"].startswith("3.1")
    assert {p: next(iter(ops)) for p, ops in document["paths"].items()} == PATHS
    assert document["info"]["version"] == client.get("/health").json()["version"]


def test_component_schemas_are_valid_json_schema(document: dict[str, Any]) -> None:
    for schema in document["components"]["schemas"].values():
        jsonschema.Draft202012Validator.check_schema(schema)  # raises, naming the keyword


CHECKS = [
    {"caption": "😍😍 Use code EMMA20 at @glowco", "jurisdiction": "UK"},
    {"caption": "Not sponsored! Shop my link amzn.to/3xYz #ad", "jurisdiction": ["US", "FR"]},
    {"caption": "Merci @marque 🎁 #cadeau", "jurisdiction": "FR", "post": {"relationship": "paid"}},
    {"caption": "Lovely walk today", "platform": "tiktok"},
]


@pytest.mark.parametrize("request_body", CHECKS)
def test_check_answers_match_the_schema(
    document: dict[str, Any], client: Client, request_body: dict[str, Any]
) -> None:
    answer = client.post("/v1/check", request_body)
    assert answer.status == 200
    _validate(document, answer.json(), "/v1/check", "post", 200)


def test_batch_answers_match_the_schema(document: dict[str, Any], client: Client) -> None:
    body = {"items": ["Code ANNA10", {"caption": "x", "id": 1, "post": {"sponsored": "no"}}]}
    answer = client.post("/v1/check-batch", body)
    assert answer.status == 200
    _validate(document, answer.json(), "/v1/check-batch", "post", 200)


def test_errors_match_the_schema(document: dict[str, Any], client: Client) -> None:
    answer = client.post("/v1/check-batch", {"items": ["a", "b", "c"]})
    assert answer.status == 413
    _validate(document, answer.json(), "/v1/check-batch", "post", 413)
    answer = client.post("/v1/check", {"caption": 1})
    assert answer.status == 422
    _validate(document, answer.json(), "/v1/check", "post", 422)


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/v1/rules", "?jurisdiction=FR,DE&platform=instagram"),
        ("/v1/jurisdictions", ""),
        ("/v1/platforms", ""),
        ("/health", ""),
    ],
)
def test_read_only_answers_match_the_schema(
    document: dict[str, Any], client: Client, path: str, query: str
) -> None:
    answer = client.get(path + query)
    assert answer.status == 200
    _validate(document, answer.json(), path, "get", 200)


def test_the_schema_is_strict_enough_to_catch_drift(
    document: dict[str, Any], client: Client
) -> None:
    body = client.post("/v1/check", CHECKS[0]).json()
    body["findings"][0]["unexpected"] = 1
    with pytest.raises(jsonschema.ValidationError):
        _validate(document, body, "/v1/check", "post", 200)
    del body["findings"][0]["unexpected"]
    del body["signals"][0]["span_utf16"]
    with pytest.raises(jsonschema.ValidationError):
        _validate(document, body, "/v1/check", "post", 200)
