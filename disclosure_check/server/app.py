"""The ASGI application: routes of the HTTP API and the playground page."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

import disclosure_check as dc

from .catalogue import jurisdiction_payload, platforms_payload, rules_payload
from .checkers import CheckerCache
from .checking import CheckRunner
from .config import ServerConfig
from .limits import ApiError, Limits, invalid, over_limit
from .parsing import decode_json, parse_batch, parse_check, parse_options

_PACKAGE = "disclosure_check.server"


class Service:
    """The state one app keeps: its config, checker cache and check runner."""

    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        self.cache = CheckerCache(config.max_checkers)
        self.runner = CheckRunner(self.cache, config.limits, config.worker_threads)
        self._jurisdictions: list[dict[str, Any]] | None = None

    async def health(self, request: Request) -> Response:
        return JSONResponse(
            {
                "status": "ok",
                "version": dc.__version__,
                "limits": self.config.limits.to_dict(),
                "checkers_cached": len(self.cache),
            }
        )

    async def check(self, request: Request) -> Response:
        parsed = parse_check(await read_json(request, self.config.limits), self.config.limits)
        (result,) = await self.runner.run(parsed)
        if "error" in result:
            raise invalid(result["error"])
        return JSONResponse(result)

    async def check_batch(self, request: Request) -> Response:
        parsed = parse_batch(await read_json(request, self.config.limits), self.config.limits)
        results = await self.runner.run(parsed)
        return JSONResponse({"results": results})

    async def rules(self, request: Request) -> Response:
        query = request.query_params
        data = {key: query[key] for key in ("jurisdiction", "platform", "packs") if key in query}
        parsed = parse_options(data)
        checker = await self.runner.call(self.runner.checker, parsed)
        return JSONResponse(rules_payload(checker))

    async def jurisdictions(self, request: Request) -> Response:
        if self._jurisdictions is None:
            self._jurisdictions = await self.runner.call(_all_jurisdictions)
        return JSONResponse({"jurisdictions": self._jurisdictions})

    async def platforms(self, request: Request) -> Response:
        return JSONResponse(platforms_payload())

    async def openapi(self, request: Request) -> Response:
        return JSONResponse(openapi_document())

    async def playground(self, request: Request) -> Response:
        return FileResponse(str(files(_PACKAGE).joinpath("static/index.html")))


def create_app(config: ServerConfig | None = None) -> Starlette:
    """The service as an ASGI app (for uvicorn, or any ASGI server)."""
    service = Service(config or ServerConfig())
    routes = [
        Route("/", service.playground, methods=["GET"]),
        Route("/health", service.health, methods=["GET"]),
        Route("/openapi.json", service.openapi, methods=["GET"]),
        Route("/v1/check", service.check, methods=["POST"]),
        Route("/v1/check-batch", service.check_batch, methods=["POST"]),
        Route("/v1/rules", service.rules, methods=["GET"]),
        Route("/v1/jurisdictions", service.jurisdictions, methods=["GET"]),
        Route("/v1/platforms", service.platforms, methods=["GET"]),
        Mount("/static", StaticFiles(packages=[(_PACKAGE, "static")]), name="static"),
    ]
    middleware = []
    if service.config.cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(service.config.cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=["Content-Type"],
                max_age=600,
            )
        )
    app = Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={
            ApiError: _api_error,
            HTTPException: _http_error,
            Exception: _internal_error,
        },
    )
    app.state.service = service
    return app


async def read_json(request: Request, limits: Limits) -> dict[str, Any]:
    """The body as a JSON object, refused as soon as it is longer than `max_body_bytes`."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limits.max_body_bytes:
        raise _body_too_large(limits, int(declared))
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limits.max_body_bytes:
            raise _body_too_large(limits, None)
    return decode_json(bytes(body))


def _body_too_large(limits: Limits, size: int | None) -> ApiError:
    has = f"has {size} bytes" if size is not None else "is longer"
    return over_limit(
        413,
        "max_body_bytes",
        limits.max_body_bytes,
        f"the request body {has}; the limit is {limits.max_body_bytes} bytes (max_body_bytes)",
    )


@lru_cache(maxsize=1)
def openapi_document() -> dict[str, Any]:
    text = files(_PACKAGE).joinpath("openapi.json").read_text("utf-8")
    document: dict[str, Any] = json.loads(text)
    document["info"]["version"] = dc.__version__
    return document


def _all_jurisdictions() -> list[dict[str, Any]]:
    return [jurisdiction_payload(code, dc.Checker(code)) for code in dc.known_jurisdictions()]


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return JSONResponse(exc.to_dict(), status_code=exc.status)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code = {404: "not-found", 405: "method-not-allowed"}.get(exc.status_code, "http-error")
    message = f"{request.method} {request.url.path}: {exc.detail}"
    if exc.status_code == 404:
        message += "; the API's paths are listed in /openapi.json"
    error = ApiError(exc.status_code, code, message)
    return JSONResponse(error.to_dict(), status_code=exc.status_code, headers=exc.headers)


async def _internal_error(request: Request, exc: Exception) -> Response:
    error = ApiError(500, "internal-error", f"the service failed: {type(exc).__name__}: {exc}")
    return JSONResponse(error.to_dict(), status_code=500)


__all__ = ["Service", "create_app", "openapi_document", "read_json"]
