"""The checkers of a run: one per audience (jurisdictions, platform), and selector checks.

This is the command line's one door to the engine and the rule registry: everything it needs
from `checker`, `registry` and `config.rule_universe`/`selector_problem` goes through here.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from ..checker import Checker, checker_for
from ..config import Config, rule_universe, selector_problem
from ..errors import RuleError
from ..inputs import Record
from ..jurisdictions import resolve_jurisdictions
from ..model import Report
from ..platforms import resolve_platform
from ..registry import matches_selector, select_rules
from ..rules.base import Rule
from .status import UsageError

CHECKER_CACHE = 64  # distinct (jurisdiction, platform) audiences kept built in one run


class Audiences:
    """One Checker per audience (jurisdictions, platform) met in a batch, built on first use.

    A batch may mix markets while --select names rules of one of them, so each Checker gets
    only the selectors that match its own rules; a Checker none of whose rules is selected
    runs no rule. Selectors that match no rule anywhere were rejected before this point.
    """

    def __init__(self, config: Config) -> None:
        self.config = config
        self.cache: OrderedDict[tuple[Any, ...], Checker] = OrderedDict()
        self.on_rules: Callable[[tuple[Rule, ...]], None] | None = None
        self.ran_rules = False  # whether some caption met a Checker that runs a rule
        self.default = self.build(config.jurisdiction, config.platform)

    def notify(self, on_rules: Callable[[tuple[Rule, ...]], None]) -> None:
        """Tell `on_rules` the rules of every Checker built so far and from now on."""
        self.on_rules = on_rules
        for checker in self.cache.values():
            on_rules(checker.rules)

    def build(self, jurisdiction: tuple[str, ...] | None, platform: str | None) -> Checker:
        key = (jurisdiction or None, platform)
        if key in self.cache:
            self.cache.move_to_end(key)
            return self.cache[key]
        checker = self._checker(jurisdiction or None, platform)
        if self.on_rules is not None:
            self.on_rules(checker.rules)
        self.cache[key] = checker
        if len(self.cache) > CHECKER_CACHE:
            self.cache.popitem(last=False)
        return checker

    def _checker(self, jurisdiction: tuple[str, ...] | None, platform: str | None) -> Checker:
        c = self.config
        options = c.rule_options.items()
        # The unselected checker is the same for every selection: built once per process.
        base = checker_for(
            jurisdiction=jurisdiction,
            platform=platform,
            language=c.language,
            packs=c.packs,
            options=options,
        )
        rules = base.rules
        select = [x for x in c.select if any(matches_selector(r, x) for r in rules)]
        ignore = [x for x in c.ignore if any(matches_selector(r, x) for r in rules)]
        if c.select and not select:
            # Ignoring every rule is how "no rule of this audience was selected" is said.
            ignore = sorted({r.id for r in rules})
        ids = {r.id for r in rules}
        severity = {k: v for k, v in c.severity.items() if k in ids}
        if not (select or ignore or severity):
            return base
        return checker_for(
            jurisdiction=jurisdiction,
            platform=platform,
            language=c.language,
            packs=c.packs,
            select=select,
            ignore=ignore,
            severity=severity,
            options=options,
        )

    def get(self, record: Record) -> Checker:
        """The Checker for a record's own jurisdiction and platform, or the run's default."""
        if record.jurisdiction is None and record.platform is None:
            return self.default
        jurisdiction = (
            resolve_jurisdictions(record.jurisdiction)
            if record.jurisdiction is not None
            else self.config.jurisdiction
        )
        platform = self.config.platform
        if record.platform is not None:
            resolved = resolve_platform(record.platform)
            platform = resolved.name if resolved else None
        return self.build(jurisdiction, platform)

    def check(self, record: Record) -> Report | str:
        """The report on one record, or what is wrong with it (a rule that failed on it
        included: the record is reported as not checked, naming the rule, and the run goes on)."""
        if record.error is not None:
            return record.error
        if not isinstance(record.caption, str):
            return f"caption must be text, not {type(record.caption).__name__}"
        try:
            checker = self.get(record)
            self.ran_rules = self.ran_rules or bool(checker.rules)
            return checker.check(record.caption, language=record.language, post=record.post)
        except (TypeError, ValueError, RuleError) as exc:
            return str(exc)


def validate_selectors(config: Config, rules: Sequence[Rule]) -> None:
    """Reject a --select or --ignore that matches no rule any jurisdiction could run."""
    universe: Sequence[Rule] | None = None
    for option, selectors in (("--select", config.select), ("--ignore", config.ignore)):
        for selector in selectors:
            if any(matches_selector(r, selector) for r in rules):
                continue
            if universe is None:
                universe = rule_universe(config.packs)
            problem = selector_problem(selector, universe)
            if problem:
                raise UsageError(f"{option}: {problem}")


def any_rule_left(config: Config) -> bool:
    """Whether select/ignore leave some rule that some audience could run."""
    return bool(select_rules(rule_universe(config.packs), config.select, config.ignore))


def audience_rules(config: Config) -> tuple[Rule, ...]:
    """Every rule of the configured audience, before select and ignore."""
    return checker_for(jurisdiction=config.jurisdiction, packs=config.packs).rules


def enabled_packs(config: Config) -> set[str]:
    """The ids of the packs the configured audience enables."""
    return {p.id for p in checker_for(jurisdiction=config.jurisdiction, packs=config.packs).packs}


def installed_rules(packs: Iterable[str]) -> list[Rule]:
    """Every rule that some jurisdiction could run with these extra packs, one per id."""
    return rule_universe(packs)
