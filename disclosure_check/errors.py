"""Exceptions the library raises, and the "did you mean" helper for error messages."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any


class DisclosureCheckError(Exception):
    """Base class of the library's own errors."""


class PackError(DisclosureCheckError):
    """A rule pack could not be found, loaded or validated."""


class PackNotFoundError(PackError):
    """A pack that was asked for is not installed."""


class RuleError(DisclosureCheckError):
    """A rule failed while checking a caption (it raised, returned something invalid, or ran
    past the checker's rule budget; rules/runner.py).

    Raised rather than skipped: a silently failing rule would turn into a false "compliant".
    """

    def __init__(self, message: str, *, rule_id: str, pack: str, distribution: str) -> None:
        super().__init__(message)
        self.rule_id = rule_id
        self.pack = pack
        self.distribution = distribution

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only fields survive pickling (a batch worker sends its errors to the parent).
        return (_rule_error, (str(self), self.rule_id, self.pack, self.distribution))


def _rule_error(message: str, rule_id: str, pack: str, distribution: str) -> RuleError:
    return RuleError(message, rule_id=rule_id, pack=pack, distribution=distribution)


class WorkerError(DisclosureCheckError):
    """A batch worker process died twice on the same chunk (killed, out of memory, a crash)."""


class PatternTimeout(DisclosureCheckError):
    """A pack's hand-written pattern ran past its time limit on a caption."""


class ConfigError(DisclosureCheckError):
    """A configuration file could not be read, or holds an unknown or invalid value."""


class UsageError(DisclosureCheckError):
    """A command line asks for something that cannot be done; the message says why."""


def suggest(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the closest choice, or ''."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""
