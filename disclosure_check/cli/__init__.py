"""The `disclosure-check` command line.

    disclosure-check "Use code EMMA20 ✨" --jurisdiction UK
    disclosure-check captions.jsonl --format jsonl --output results.jsonl
    disclosure-check posts.csv --column text --format sarif --output results.sarif
    disclosure-check rules --jurisdiction FR
    disclosure-check rule FR101
    disclosure-check packs
    disclosure-check serve --port 8080     (extra: disclosure-check[server])
    disclosure-check audit posts.jsonl -j FR --format html -o report.html

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage, configuration,
input, output or internal error (a bad record, a missing file, a full disk, a crash); 2 wins
over 1; 130 interrupted, 143 SIGTERM, 141 a closed stdout before any finding (see `status`).

The modules: `options` (the parser, and the configuration laid under it), `run` (one checking
run), `sink` (stdout or the atomically written --output file), `signals` (SIGTERM and Ctrl-C
between records), `audiences` (the checkers, the one door to the engine), `progress`,
`commands` (the subcommands that describe), `status` (exit codes and `UsageError`). Input
readers are in `disclosure_check.inputs`, output writers in `disclosure_check.output`.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable, Mapping, Sequence

from ..config import ConfigError
from ..errors import DisclosureCheckError
from ..output.escape import visible
from .commands import packs_main, rule_main, rules_main
from .features import audit_main, serve_main
from .options import build_parser, settings
from .run import Run, unexpected
from .status import EXIT_ERROR, EXIT_FINDINGS, EXIT_INTERRUPTED, EXIT_OK, EXIT_PIPE, UsageError

__all__ = [
    "EXIT_ERROR",
    "EXIT_FINDINGS",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "SUBCOMMANDS",
    "UsageError",
    "main",
]

# Subcommands by name: each takes the arguments after its name and returns the exit code.
# A new subcommand (audit, serve, …) is one more entry here.
SUBCOMMANDS: Mapping[str, Callable[[list[str]], int]] = {
    "rules": rules_main,
    "rule": rule_main,
    "packs": packs_main,
    "serve": serve_main,
    "audit": audit_main,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line on `argv` (default: sys.argv[1:]) and return the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        return _main(argv)
    except (UsageError, ConfigError, ValueError, TypeError, DisclosureCheckError) as exc:
        print(f"disclosure-check: error: {visible(str(exc))}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        # The reader went away (| head) before the end: say so as `cat` would, and keep
        # Python from failing again on the unflushed stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_PIPE
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except Exception as exc:
        # An error nobody foresaw: one line, and the traceback only when asked for.
        verbose = "-v" in argv or "--verbose" in argv
        if verbose:
            traceback.print_exc()
        hint = "" if verbose else " (--verbose shows the traceback)"
        print(f"disclosure-check: error: {visible(unexpected(exc))}{hint}", file=sys.stderr)
        return EXIT_ERROR


def _main(argv: list[str]) -> int:
    # A file called "rules" in the working directory is checked, not taken for the subcommand.
    if argv and argv[0] in SUBCOMMANDS and not os.path.exists(argv[0]):
        return SUBCOMMANDS[argv[0]](argv[1:])
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_ERROR if exc.code else EXIT_OK
    if not args.inputs and not args.text:
        if sys.stdin.isatty():
            parser.print_usage(sys.stderr)
            raise UsageError("give a caption, a file, or - for stdin")
        args.inputs = ["-"]
    return Run(args, argv, settings(args)).execute()
