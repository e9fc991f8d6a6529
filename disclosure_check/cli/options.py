"""The command line's options: the parser, and the configuration file they are laid over."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from .._version import __version__
from ..config import Config, discover, load_config
from ..inputs import checked_delimiter, checked_encoding
from .status import UsageError

FORMATS = ("text", "json", "jsonl", "csv", "sarif")
INPUT_FORMATS = ("auto", "text", "jsonl", "json", "csv")


def build_parser() -> argparse.ArgumentParser:
    """The parser of the main command (checking captions)."""
    p = argparse.ArgumentParser(
        prog="disclosure-check",
        description="Check social-media captions for the advertising disclosures the law requires.",
        epilog="Subcommands: 'disclosure-check rules [--jurisdiction X]', "
        "'disclosure-check rule ID', 'disclosure-check packs', 'disclosure-check audit FILE' "
        "(accounts as a whole), 'disclosure-check serve' (HTTP API). Settings are read from "
        "[tool.disclosure-check] in pyproject.toml or from disclosure-check.toml, found from "
        "the working directory upwards; options given here override them.",
    )
    p.add_argument(
        "inputs",
        nargs="*",
        help="caption text, a caption file, a .jsonl, .json, .csv or .tsv batch (.gz too), "
        "or - for stdin",
    )
    p.add_argument("--text", action="append", default=[], help="a caption to check")
    add_audience_options(p)
    _add_rule_options(p)
    _add_input_output_options(p)
    p.add_argument("--version", action="version", version=f"disclosure-check {__version__}")
    return p


def add_audience_options(p: argparse.ArgumentParser) -> None:
    """Options that say whom the captions are for; the subcommands take them too."""
    p.add_argument(
        "-j",
        "--jurisdiction",
        action="append",
        default=[],
        help="ISO code(s), repeat or comma-separate (FR,BE); default: global baseline",
    )
    p.add_argument("--pack", action="append", default=[], help="extra rule pack to enable")
    p.add_argument("--config", default=None, help="read settings from this file")
    p.add_argument("--no-config", action="store_true", help="ignore configuration files")


def _add_rule_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("-p", "--platform", default=None, help="instagram, tiktok, youtube, x, …")
    p.add_argument(
        "-l",
        "--language",
        default=None,
        help="caption language (BCP-47); default: detected when needed",
    )
    p.add_argument(
        "--select",
        action="append",
        default=[],
        help="only these rules (id, prefix, name or category; comma-separated)",
    )
    p.add_argument("--ignore", action="append", default=[], help="skip these rules")
    p.add_argument(
        "--fail-on",
        choices=("info", "warning", "error"),
        default=None,
        help="lowest severity that makes the exit code 1 (default: warning)",
    )


def _add_input_output_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=FORMATS, default="text", help="output format")
    p.add_argument(
        "--input-format",
        choices=INPUT_FORMATS,
        default="auto",
        help="how to read the inputs (default: by extension; stdin is one caption)",
    )
    p.add_argument(
        "--column",
        default=None,
        help="caption column or field of a CSV/JSONL batch (default: caption, text or description)",
    )
    p.add_argument(
        "--delimiter",
        type=_typed(checked_delimiter),
        default=None,
        help="CSV delimiter: a character, or tab, comma, semicolon, pipe (default: sniffed)",
    )
    p.add_argument(
        "--encoding",
        type=_typed(checked_encoding),
        default=None,
        help="text encoding of the inputs, e.g. cp1252 (default: by byte-order mark, else UTF-8)",
    )
    p.add_argument("-o", "--output", default=None, help="write results to this file")
    p.add_argument("--fix", action="store_true", help="print the suggested caption")
    p.add_argument("--show-signals", action="store_true", help="list signals and disclosures")
    p.add_argument(
        "--statistics", action="store_true", help="counts per rule and category instead of a list"
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no summary and no progress bar")
    p.add_argument(
        "-v", "--verbose", action="store_true", help="name the configuration file; tracebacks"
    )
    p.add_argument(
        "--allow-no-rules", action="store_true", help="run even if select/ignore leave no rule"
    )


def _typed(check: Callable[[str], str]) -> Callable[[str], str]:
    """An argparse type from a check that raises ValueError with a message for people."""

    def convert(value: str) -> str:
        try:
            return check(value)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    return convert


def settings(args: argparse.Namespace) -> Config:
    """The configuration file (unless --no-config) with the command line laid over it."""
    if args.config and args.no_config:
        raise UsageError("--config and --no-config exclude each other")
    if args.no_config:
        config = Config()
    elif args.config:
        config = load_config(args.config)
    else:
        config = discover()
    return config.merged_with(args)
