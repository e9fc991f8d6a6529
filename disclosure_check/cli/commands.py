"""The subcommands that describe rather than check: `rules`, `rule ID` and `packs`.

Each is a `main(argv) -> int` that writes to stdout; `cli.SUBCOMMANDS` registers them by name.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from .. import discovery
from ..docs import find_rule, rule_markdown
from ..rules.base import Rule
from .audiences import Audiences, audience_rules, enabled_packs, installed_rules, validate_selectors
from .options import add_audience_options, settings
from .status import EXIT_ERROR, EXIT_OK

_Options = Callable[[argparse.ArgumentParser], None]


def _parse(name: str, argv: list[str], options: _Options) -> argparse.Namespace | int:
    """The parsed arguments, or the exit code when argparse has already answered (--help)."""
    sub = argparse.ArgumentParser(prog=f"disclosure-check {name}")
    options(sub)
    try:
        return sub.parse_args(argv)
    except SystemExit as exc:
        return EXIT_ERROR if exc.code else EXIT_OK


def _rule_id(p: argparse.ArgumentParser) -> None:
    p.add_argument("id")


def rule_main(argv: list[str]) -> int:
    """`disclosure-check rule ID`: the rule's documentation page."""
    args = _parse("rule", argv, _rule_id)
    if isinstance(args, int):
        return args
    sys.stdout.write(rule_markdown(_find_rule(args.id)))
    return EXIT_OK


def _find_rule(rule_id: str) -> Rule:
    try:
        return find_rule(rule_id)
    except ValueError:
        # docs.find_rule knows the built-in packs only; a third-party pack's rules are
        # installed too and deserve the same page.
        extra = [
            n for n, e in discovery.available().items() if e.distribution != "disclosure-check"
        ]
        if not extra:
            raise
        key = rule_id.strip().upper()
        for rule in installed_rules(extra):
            if rule.id == key:
                return rule
        raise


def rules_main(argv: list[str]) -> int:
    """`disclosure-check rules`: the rules the configured audience runs, one per line."""
    args = _parse("rules", argv, add_audience_options)
    if isinstance(args, int):
        return args
    config = settings(args)
    rules = audience_rules(config)
    validate_selectors(config, rules)
    active = {r.id for r in Audiences(config).default.rules}
    for rule in rules:
        severity = config.severity.get(rule.id, rule.severity.value)
        state = "" if rule.id in active else "  (off: select/ignore)"
        sys.stdout.write(
            f"{rule.id:6s}  {severity:7s}  {rule.confidence.value:6s}  "
            f"{rule.category.value:22s}  {rule.name}{state}\n"
        )
    return EXIT_OK


def packs_main(argv: list[str]) -> int:
    """`disclosure-check packs`: every installed pack, and whether the audience enables it."""
    args = _parse("packs", argv, add_audience_options)
    if isinstance(args, int):
        return args
    enabled = enabled_packs(settings(args))
    for name, entry in sorted(discovery.available().items()):
        state = "enabled " if name in enabled else "-       "
        sys.stdout.write(
            f"{name:6s}  {state}  {entry.distribution} {entry.version}  ({entry.value})\n"
        )
    return EXIT_OK
