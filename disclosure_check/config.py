"""Project configuration for the command line: `[tool.disclosure-check]` in pyproject.toml, or
the top-level keys of a disclosure-check.toml.

    [tool.disclosure-check]
    jurisdiction = ["FR", "BE"]
    platform = "instagram"
    select = ["FR1", "DC2"]
    ignore = ["FR104"]
    fail-on = "error"
    severity = { FR103 = "error" }

    [tool.disclosure-check.rule-options]
    fold-chars = 100

The file is looked for from the working directory upwards; the first directory holding one
wins (disclosure-check.toml before pyproject.toml, and a pyproject.toml without the table does
not count, as with ruff). The search stops at the root of the repository (a folder holding
.git or .hg, as black finds a project's root) or at the user's home folder, whichever comes
first: a file planted in a folder above the project (/tmp, a shared mount) is never read.
Every value is validated here, so that a typo fails before a batch of a million captions
starts, with the name of the file, the key and the closest valid spelling.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from . import discovery
from .errors import ConfigError, suggest
from .jurisdictions import resolve_jurisdictions
from .language import normalise_language_tag
from .model import Severity
from .platforms import OPTIONS, resolve_platform
from .registry import rule_universe, selector_problem

CONFIG_FILE = "disclosure-check.toml"
# A folder holding one of these is the root of a repository: the search goes no higher.
REPOSITORY_MARKERS = (".git", ".hg")
PYPROJECT = "pyproject.toml"
TOOL_TABLE = "disclosure-check"

KEYS = (
    "jurisdiction",
    "platform",
    "language",
    "packs",
    "select",
    "ignore",
    "fail-on",
    "severity",
    "rule-options",
)
SEVERITIES = tuple(s.value for s in Severity)
# The fold is where a platform cuts the caption behind "more"; a label after it is hidden.
# One schema for the options: the Checker's own (platforms.OPTIONS), bounds included.
RULE_OPTIONS: Mapping[str, tuple[int, int]] = MappingProxyType(
    {name: (option.low, option.high) for name, option in OPTIONS.items()}
)


_Fail = Callable[[str, str], ConfigError]


@dataclass(frozen=True, slots=True)
class RuleOptions:
    """Options that change how rules read a caption: `Checker(options=RuleOptions.items())`."""

    fold_chars: int | None = None
    fold_lines: int | None = None

    def items(self) -> dict[str, int]:
        """The options that were set, under their configuration names."""
        out = {}
        if self.fold_chars is not None:
            out["fold-chars"] = self.fold_chars
        if self.fold_lines is not None:
            out["fold-lines"] = self.fold_lines
        return out


@dataclass(frozen=True, slots=True)
class Config:
    """Validated settings; None or empty means "not set here" (the built-in default applies)."""

    path: Path | None = None
    jurisdiction: tuple[str, ...] | None = None
    platform: str | None = None
    language: str | None = None
    packs: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: str | None = None
    severity: Mapping[str, str] = field(default_factory=dict)
    rule_options: RuleOptions = field(default_factory=RuleOptions)

    def merged_with(self, args: object) -> Config:
        """These settings with the command line's laid over them.

        `args` is the parsed command line (an argparse namespace): `jurisdiction`, `pack`,
        `select` and `ignore` are lists of values, each possibly comma-separated ("FR,BE");
        `platform`, `language` and `fail_on` are strings. A value that is empty, None or
        missing leaves the one here in place.
        """

        def listed(name: str) -> tuple[str, ...]:
            values = getattr(args, name, None) or ()
            return tuple(v.strip() for value in values for v in value.split(",") if v.strip())

        jurisdiction = listed("jurisdiction")
        return replace(
            self,
            jurisdiction=resolve_jurisdictions(jurisdiction) if jurisdiction else self.jurisdiction,
            platform=getattr(args, "platform", None) or self.platform,
            language=getattr(args, "language", None) or self.language,
            packs=listed("pack") or self.packs,
            select=listed("select") or self.select,
            ignore=listed("ignore") or self.ignore,
            fail_on=getattr(args, "fail_on", None) or self.fail_on,
        )


def search_folders(start: Path | None = None) -> list[Path]:
    """The folders looked in for a configuration file, nearest first: from `start` (default:
    the working directory) up to the repository root or the home folder, else up to `/`."""
    here = (start or Path.cwd()).resolve()
    home = _home()
    out = []
    for folder in (here, *here.parents):
        out.append(folder)
        if folder == home or any((folder / m).exists() for m in REPOSITORY_MARKERS):
            break
    return out


def _home() -> Path | None:
    try:
        return Path.home().resolve()
    except (KeyError, RuntimeError):  # no HOME and no passwd entry: no home to stop at
        return None


def find_config(start: Path | None = None) -> Path | None:
    """The configuration file that applies to `start` (default: the working directory)."""
    for folder in search_folders(start):
        candidate = folder / CONFIG_FILE
        if candidate.is_file():
            return candidate
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and TOOL_TABLE in _read_toml(pyproject).get("tool", {}):
            return pyproject
    return None


def discover(start: Path | None = None) -> Config:
    """The configuration found from `start` upwards, or an empty one."""
    path = find_config(start)
    return load_config(path) if path is not None else Config()


def load_config(path: Path | str) -> Config:
    """Read and validate one configuration file (disclosure-check.toml or pyproject.toml)."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"configuration file {str(path)!r} does not exist")
    data = _read_toml(path)
    if path.name == PYPROJECT:
        tool = data.get("tool", {})
        table = tool.get(TOOL_TABLE) if isinstance(tool, dict) else None
        if table is None:
            raise ConfigError(f"{path}: no [tool.{TOOL_TABLE}] table")
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: tool.{TOOL_TABLE} must be a table")
        return parse_config(table, path, prefix=f"tool.{TOOL_TABLE}.")
    return parse_config(data, path)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc} (or run with --no-config)") from exc
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start})") from exc


def parse_config(data: Mapping[str, Any], path: Path | None = None, prefix: str = "") -> Config:
    """Validate a configuration mapping; errors name the file, the key and a likely fix."""
    where = f"{path}: " if path is not None else ""

    def fail(key: str, problem: str) -> ConfigError:
        return ConfigError(f"{where}{prefix}{key}: {problem}")

    for key in data:
        if key not in KEYS:
            raise ConfigError(
                f"{where}unknown key {prefix}{key}{suggest(key, KEYS)}; known keys: "
                f"{', '.join(KEYS)}"
            )
    packs = _packs(data, fail)
    select = tuple(_string_list(data.get("select", []), "select", fail))
    ignore = tuple(_string_list(data.get("ignore", []), "ignore", fail))
    severity = _severity(data, fail)
    if select or ignore or severity:
        _check_rule_names(packs, select, ignore, severity, fail)
    return Config(
        path=path,
        jurisdiction=_jurisdiction(data, fail),
        platform=_validated(data, "platform", resolve_platform, fail),
        language=_validated(data, "language", normalise_language_tag, fail),
        packs=packs,
        select=select,
        ignore=ignore,
        fail_on=_fail_on(data, fail),
        severity=MappingProxyType(severity),
        rule_options=_rule_options(data.get("rule-options", {}), fail),
    )


def _jurisdiction(data: Mapping[str, Any], fail: _Fail) -> tuple[str, ...] | None:
    if "jurisdiction" not in data:
        return None
    value = data["jurisdiction"]
    codes = [value] if isinstance(value, str) else _string_list(value, "jurisdiction", fail)
    try:
        return resolve_jurisdictions(codes)
    except (TypeError, ValueError) as exc:
        raise fail("jurisdiction", str(exc)) from exc


def _validated(
    data: Mapping[str, Any], key: str, check: Callable[[str], object], fail: _Fail
) -> str | None:
    """An optional string that `check` accepts (it raises TypeError/ValueError otherwise)."""
    value = _optional_string(data, key, fail)
    if value is not None:
        try:
            check(value)
        except (TypeError, ValueError) as exc:
            raise fail(key, str(exc)) from exc
    return value


def _packs(data: Mapping[str, Any], fail: _Fail) -> tuple[str, ...]:
    packs = tuple(_string_list(data.get("packs", []), "packs", fail))
    installed = discovery.available()
    for name in packs:
        if name not in installed:
            raise fail(
                "packs",
                f"rule pack {name!r} is not installed{suggest(name, installed)}; installed "
                f"packs: {', '.join(sorted(installed))}",
            )
    return packs


def _fail_on(data: Mapping[str, Any], fail: _Fail) -> str | None:
    fail_on = _optional_string(data, "fail-on", fail)
    if fail_on is not None and fail_on not in SEVERITIES:
        raise fail(
            "fail-on",
            f"{fail_on!r} is not a severity{suggest(fail_on, SEVERITIES)}; use one of "
            f"{', '.join(SEVERITIES)}",
        )
    return fail_on


def _severity(data: Mapping[str, Any], fail: _Fail) -> dict[str, str]:
    raw = data.get("severity", {})
    if not isinstance(raw, dict):
        raise fail("severity", "must be a table of rule id = severity, e.g. { FR103 = 'error' }")
    severity: dict[str, str] = {}
    for rule_id, level in raw.items():
        if not isinstance(level, str) or level not in SEVERITIES:
            raise fail(
                f"severity.{rule_id}",
                f"{level!r} is not a severity"
                f"{suggest(level, SEVERITIES) if isinstance(level, str) else ''}; use one of "
                f"{', '.join(SEVERITIES)}",
            )
        severity[rule_id.upper()] = level
    return severity


def _check_rule_names(
    packs: tuple[str, ...],
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    severity: Mapping[str, str],
    fail: _Fail,
) -> None:
    rules = rule_universe(packs)
    for key, selectors in (("select", select), ("ignore", ignore)):
        for selector in selectors:
            problem = selector_problem(selector, rules)
            if problem:
                raise fail(key, problem)
    ids = {r.id for r in rules}
    for rule_id in severity:
        if rule_id not in ids:
            raise fail(
                f"severity.{rule_id}",
                f"unknown rule {rule_id!r}{suggest(rule_id, ids)}; see 'disclosure-check rules'",
            )


def _string_list(value: object, key: str, fail: _Fail) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise fail(key, f"must be a list of non-empty strings, not {value!r}")
    return [v.strip() for v in value]


def _optional_string(data: Mapping[str, Any], key: str, fail: _Fail) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise fail(key, f"must be a non-empty string, not {value!r}")
    return value.strip()


def _rule_options(value: object, fail: _Fail) -> RuleOptions:
    if not isinstance(value, dict):
        raise fail("rule-options", "must be a table, e.g. [tool.disclosure-check.rule-options]")
    parsed: dict[str, int] = {}
    for name, raw in value.items():
        if name not in RULE_OPTIONS:
            raise fail(
                "rule-options",
                f"unknown option {name!r}{suggest(name, RULE_OPTIONS)}; known options: "
                f"{', '.join(RULE_OPTIONS)}",
            )
        problem = OPTIONS[name].problem(raw)
        if problem:
            raise fail(f"rule-options.{name}", problem)
        parsed[name] = raw
    return RuleOptions(fold_chars=parsed.get("fold-chars"), fold_lines=parsed.get("fold-lines"))


__all__ = [
    "Config",
    "ConfigError",
    "RuleOptions",
    "discover",
    "find_config",
    "load_config",
    "parse_config",
    "rule_universe",
    "search_folders",
    "selector_problem",
]
