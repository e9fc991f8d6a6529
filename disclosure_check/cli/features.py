"""Subcommands that live in feature packages, loaded only when asked for.

`serve` needs the optional `server` extra, and the HTML form of `audit` the `report` extra:
importing them here at start-up would make every `disclosure-check` run pay for them, or fail
where the extra is not installed. Their own `main(argv)` does the rest.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable

from .status import EXIT_ERROR


def _feature(module: str) -> Callable[[list[str]], int]:
    def run(argv: list[str]) -> int:
        try:
            package = importlib.import_module(module)
        except ImportError as exc:  # a missing extra: the message says which to install
            print(f"disclosure-check: error: {exc}", file=sys.stderr)
            return EXIT_ERROR
        code: int = package.main(argv)
        return code

    return run


serve_main = _feature("disclosure_check.server")
audit_main = _feature("disclosure_check.audits.command")
