"""The `serve` command: options to a `ServerConfig`, then uvicorn on the chosen address."""

from __future__ import annotations

import argparse
import sys

import uvicorn

from .app import create_app
from .config import ServerConfig
from .limits import Limits

_DEFAULTS = Limits()


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="disclosure-check serve",
        description="Serve the checks as an HTTP API (POST /v1/check …) with a playground at /.",
        epilog="Binds to 127.0.0.1 unless --host says otherwise; the API is described at "
        "/openapi.json.",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port to bind (default: 8000)")
    p.add_argument(
        "--max-body-bytes", type=int, default=_DEFAULTS.max_body_bytes, help="request body limit"
    )
    p.add_argument(
        "--max-caption-chars",
        type=int,
        default=_DEFAULTS.max_caption_chars,
        help="longest caption, in characters",
    )
    p.add_argument(
        "--max-batch-items",
        type=int,
        default=_DEFAULTS.max_batch_items,
        help="most captions per /v1/check-batch request",
    )
    p.add_argument(
        "--time-limit",
        type=float,
        default=_DEFAULTS.time_limit_seconds,
        help="seconds one request may take",
    )
    p.add_argument(
        "--cors-origin",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="let browsers on this origin call the API (repeat; '*' for any); default: none",
    )
    p.add_argument("--threads", type=int, default=4, help="worker threads that run checks")
    p.add_argument("--max-checkers", type=int, default=64, help="option sets kept built")
    p.add_argument(
        "--log-level",
        default="info",
        choices=["critical", "error", "warning", "info", "debug"],
        help="uvicorn's log level",
    )
    return p


def config_from(args: argparse.Namespace) -> ServerConfig:
    """Raises ValueError with the option's name when a value is out of range."""
    limits = Limits(
        max_body_bytes=args.max_body_bytes,
        max_caption_chars=args.max_caption_chars,
        max_batch_items=args.max_batch_items,
        time_limit_seconds=args.time_limit,
    )
    if args.threads < 1:
        raise ValueError(f"--threads must be >= 1, not {args.threads}")
    if args.max_checkers < 1:
        raise ValueError(f"--max-checkers must be >= 1, not {args.max_checkers}")
    if not 0 <= args.port <= 65535:
        raise ValueError(f"--port must be between 0 and 65535, not {args.port}")
    return ServerConfig(
        limits=limits,
        cors_origins=tuple(args.cors_origin),
        max_checkers=args.max_checkers,
        worker_threads=args.threads,
    )


def main(argv: list[str] | None = None) -> int:
    """Run the service until interrupted; 2 for bad options, as the main command does."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        config = config_from(args)
    except ValueError as exc:
        print(f"disclosure-check serve: {exc}", file=sys.stderr)
        return 2
    server = uvicorn.Server(
        uvicorn.Config(create_app(config), host=args.host, port=args.port, log_level=args.log_level)
    )
    try:
        server.run()
    except SystemExit as exc:
        # uvicorn exits with 1 when it cannot bind the address; it has logged why.
        return int(exc.code or 1)
    except KeyboardInterrupt:
        # uvicorn has shut down cleanly and re-raised the Ctrl-C it caught: no traceback.
        return 130
    return 0 if server.started else 1
