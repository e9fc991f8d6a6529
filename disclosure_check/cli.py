"""The `disclosure-check` command line.

    disclosure-check "Use code EMMA20 ✨" --jurisdiction UK
    disclosure-check captions.jsonl --format jsonl --output results.jsonl
    disclosure-check posts.csv --column text --format sarif --output results.sarif
    disclosure-check rules --jurisdiction FR
    disclosure-check rule FR101
    disclosure-check packs

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage, configuration
or input error (a bad record, a missing file); 2 wins over 1.

Batches stream: records are read one line at a time, checked, and written in input order;
nothing that grows with the batch is kept, so a million-line JSONL runs in flat memory.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

from . import discovery
from ._version import __version__
from .checker import Checker, resolve_jurisdictions
from .config import Config, ConfigError, discover, load_config, rule_universe, selector_problem
from .errors import DisclosureCheckError, RuleError
from .inputs import Input, Meter, Record, classify, read_inputs
from .model import Report, Severity
from .platforms import resolve_platform
from .registry import matches_selector
from .render import (
    CsvWriter,
    JsonlWriter,
    JsonWriter,
    Summary,
    TextWriter,
    Writer,
    bad_record_line,
    statistics_lines,
    summary_lines,
)
from .rules.base import Rule

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130
SUBCOMMANDS = ("rules", "rule", "packs")
FORMATS = ("text", "json", "jsonl", "csv", "sarif")
INPUT_FORMATS = ("auto", "text", "jsonl", "csv")
CHECKER_CACHE = 64  # distinct (jurisdiction, platform) audiences kept built in one run


class UsageError(Exception):
    pass


@dataclass
class Settings:
    """The command line laid over the configuration file."""

    jurisdiction: tuple[str, ...] | None = None
    platform: str | None = None
    language: str | None = None
    packs: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: str = "warning"
    severity: dict[str, str] = field(default_factory=dict)
    options: dict[str, int] = field(default_factory=dict)  # rule-options: the fold


def _build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="disclosure-check",
        description="Check social-media captions for the advertising disclosures the law requires.",
        epilog="Subcommands: 'disclosure-check rules [--jurisdiction X]', "
        "'disclosure-check rule ID', 'disclosure-check packs'. Settings are read from "
        "[tool.disclosure-check] in pyproject.toml or from disclosure-check.toml, found from "
        "the working directory upwards; options given here override them.",
    )
    p.add_argument(
        "inputs",
        nargs="*",
        help="caption text, a .txt caption file, a .jsonl or .csv batch, or - for stdin",
    )
    p.add_argument("--text", action="append", default=[], help="a caption to check")
    _add_audience_options(p)
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
    p.add_argument("-o", "--output", default=None, help="write results to this file")
    p.add_argument("--fix", action="store_true", help="print the suggested caption")
    p.add_argument("--show-signals", action="store_true", help="list signals and disclosures")
    p.add_argument(
        "--statistics", action="store_true", help="counts per rule and category instead of a list"
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no summary and no progress bar")
    p.add_argument("--version", action="version", version=f"disclosure-check {__version__}")
    return p


def _add_audience_options(p: argparse.ArgumentParser) -> None:
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


def _split(values: Sequence[str]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _load_config(args: argparse.Namespace) -> Config:
    if args.config and args.no_config:
        raise UsageError("--config and --no-config exclude each other")
    if args.no_config:
        return Config()
    if args.config:
        return load_config(args.config)
    return discover()


def _settings(args: argparse.Namespace, config: Config) -> Settings:
    jurisdiction = _split(args.jurisdiction)
    select = _split(getattr(args, "select", []))
    ignore = _split(getattr(args, "ignore", []))
    packs = _split(args.pack)
    return Settings(
        jurisdiction=resolve_jurisdictions(jurisdiction) if jurisdiction else config.jurisdiction,
        platform=getattr(args, "platform", None) or config.platform,
        language=getattr(args, "language", None) or config.language,
        packs=tuple(packs) if packs else config.packs,
        select=tuple(select) if select else config.select,
        ignore=tuple(ignore) if ignore else config.ignore,
        fail_on=getattr(args, "fail_on", None) or config.fail_on or "warning",
        severity=dict(config.severity),
        options=config.rule_options.items(),
    )


# -- checkers -----------------------------------------------------------------------------------


class _Checkers:
    """One Checker per audience (jurisdictions, platform) met in a batch, built on first use.

    A batch may mix markets while --select names rules of one of them, so each Checker gets
    only the selectors that match its own rules; a Checker none of whose rules is selected
    runs no rule. Selectors that match no rule anywhere were rejected before this point.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.cache: OrderedDict[tuple[Any, ...], Checker] = OrderedDict()
        self.on_rules: Callable[[tuple[Rule, ...]], None] | None = None
        self.default = self.build(settings.jurisdiction, settings.platform)

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
        s = self.settings
        base = Checker(jurisdiction or None, platform, s.language, packs=s.packs, options=s.options)
        rules = base.rules
        select = [x for x in s.select if any(matches_selector(r, x) for r in rules)]
        ignore = [x for x in s.ignore if any(matches_selector(r, x) for r in rules)]
        if s.select and not select:
            # Ignoring every rule is how "no rule of this audience was selected" is said.
            ignore = sorted({r.id for r in rules})
        ids = {r.id for r in rules}
        severity = {k: v for k, v in s.severity.items() if k in ids}
        checker = base
        if select or ignore or severity:
            checker = Checker(
                jurisdiction or None,
                platform,
                s.language,
                packs=s.packs,
                select=select,
                ignore=ignore,
                severity=severity,
                options=s.options,
            )
        if self.on_rules is not None:
            self.on_rules(checker.rules)
        self.cache[key] = checker
        if len(self.cache) > CHECKER_CACHE:
            self.cache.popitem(last=False)
        return checker

    def get(self, record: Record) -> Checker:
        if record.jurisdiction is None and record.platform is None:
            return self.default
        jurisdiction = (
            resolve_jurisdictions(record.jurisdiction)
            if record.jurisdiction is not None
            else self.settings.jurisdiction
        )
        platform = self.settings.platform
        if record.platform is not None:
            resolved = resolve_platform(record.platform)
            platform = resolved.name if resolved else None
        return self.build(jurisdiction, platform)


def _validate_selectors(settings: Settings, checker: Checker) -> None:
    rules: Sequence[Rule] | None = None
    for option, selectors in (("--select", settings.select), ("--ignore", settings.ignore)):
        for selector in selectors:
            if any(matches_selector(r, selector) for r in checker.rules):
                continue
            if rules is None:
                rules = rule_universe(settings.packs)
            problem = selector_problem(selector, rules)
            if problem:
                raise UsageError(f"{option}: {problem}")


def _check(checkers: _Checkers, record: Record) -> Report | str:
    if record.error is not None:
        return record.error
    if not isinstance(record.caption, str):
        return f"caption must be text, not {type(record.caption).__name__}"
    try:
        checker = checkers.get(record)
        return checker.check(record.caption, language=record.language, post=record.post)
    except RuleError:
        raise
    except (TypeError, ValueError) as exc:
        return str(exc)


# -- progress -----------------------------------------------------------------------------------


class Progress:
    """A one-line progress bar on stderr, drawn at most five times a second."""

    def __init__(self, stream: TextIO, total: int | None, enabled: bool) -> None:
        self.stream = stream
        self.total = total
        self.enabled = enabled
        self.started = time.monotonic()
        self.last = 0.0
        self.drawn = False

    def update(self, done: int, count: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        # The first second includes building the checkers: a rate from it would be wrong.
        if now - self.last < 0.2 or now - self.started < 1.0:
            return
        self.last = now
        elapsed = max(now - self.started, 1e-6)
        rate = count / elapsed
        text = f"{count:,} captions  {rate:,.0f}/s"
        if self.total:
            fraction = min(done / self.total, 1.0)
            filled = int(fraction * 24)
            eta = elapsed * (1 - fraction) / fraction if fraction > 0 else 0.0
            minutes, seconds = divmod(int(eta), 60)
            text = (
                f"[{'#' * filled}{'-' * (24 - filled)}] {fraction:4.0%}  {text}  "
                f"ETA {minutes}:{seconds:02d}"
            )
        self.stream.write("\r\x1b[K" + text)
        self.stream.flush()
        self.drawn = True

    def clear(self) -> None:
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.drawn = False


# -- subcommands --------------------------------------------------------------------------------


def _subcommand(name: str, argv: list[str], out: TextIO) -> int:
    sub = argparse.ArgumentParser(prog=f"disclosure-check {name}")
    if name == "rule":
        sub.add_argument("id")
    if name != "rule":
        _add_audience_options(sub)
    try:
        args = sub.parse_args(argv)
    except SystemExit as exc:
        return EXIT_ERROR if exc.code else EXIT_OK
    if name == "rule":
        from .docs import rule_markdown

        out.write(rule_markdown(_find_rule(args.id)))
        return EXIT_OK
    settings = _settings(args, _load_config(args))
    if name == "rules":
        return _list_rules(settings, out)
    return _list_packs(settings, out)


def _find_rule(rule_id: str) -> Rule:
    from .docs import find_rule

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
        for rule in rule_universe(extra):
            if rule.id == key:
                return rule
        raise


def _list_rules(settings: Settings, out: TextIO) -> int:
    base = Checker(settings.jurisdiction, packs=settings.packs)
    _validate_selectors(settings, base)
    active = {r.id for r in _Checkers(settings).default.rules}
    for rule in base.rules:
        severity = settings.severity.get(rule.id, rule.severity.value)
        state = "" if rule.id in active else "  (off: select/ignore)"
        out.write(
            f"{rule.id:6s}  {severity:7s}  {rule.confidence.value:6s}  "
            f"{rule.category.value:22s}  {rule.name}{state}\n"
        )
    return EXIT_OK


def _list_packs(settings: Settings, out: TextIO) -> int:
    enabled = {p.id for p in Checker(settings.jurisdiction, packs=settings.packs).packs}
    for name, entry in sorted(discovery.available().items()):
        state = "enabled " if name in enabled else "-       "
        out.write(f"{name:6s}  {state}  {entry.distribution} {entry.version}  ({entry.value})\n")
    return EXIT_OK


# -- main ---------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        return _main(argv)
    except (UsageError, ConfigError) as exc:
        print(f"disclosure-check: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except (ValueError, TypeError, DisclosureCheckError) as exc:
        print(f"disclosure-check: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        # The reader went away (| head): stop quietly, and keep Python from complaining
        # about the unflushed stdout on exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED


def _want_colour(stream: TextIO) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    force = os.environ.get("FORCE_COLOR")
    if force and force != "0":
        return True
    return stream.isatty() and os.environ.get("TERM") != "dumb"


def _open_output(path: str | None, fmt: str, inputs: list[Input]) -> TextIO:
    if path is None:
        if isinstance(sys.stdout, io.TextIOWrapper):
            sys.stdout.reconfigure(errors="backslashreplace")
        return sys.stdout
    for item in inputs:
        if (
            item.kind in ("text", "jsonl", "csv")
            and item.name != "-"
            and os.path.exists(path)
            and os.path.samefile(path, item.name)
        ):
            raise UsageError(f"--output {path} is also an input; it would be overwritten")
    try:
        return open(
            path,
            "w",
            encoding="utf-8",
            errors="backslashreplace",
            newline="" if fmt == "csv" else None,
        )
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}") from exc


def _make_writer(args: argparse.Namespace, handle: TextIO, argv: list[str]) -> Writer:
    if args.format == "jsonl":
        return JsonlWriter(handle, show_fix=args.fix)
    if args.format == "json":
        return JsonWriter(handle, show_fix=args.fix)
    if args.format == "csv":
        return CsvWriter(handle, show_fix=args.fix)
    if args.format == "sarif":
        from .sarif import SarifWriter

        return SarifWriter(handle, arguments=argv)
    return TextWriter(
        handle,
        colour=_want_colour(handle),
        show_signals=args.show_signals,
        show_fix=args.fix,
        statistics=args.statistics,
        quiet=args.quiet,
    )


def _main(argv: list[str]) -> int:
    if argv and argv[0] in SUBCOMMANDS and not os.path.exists(argv[0]):
        return _subcommand(argv[0], argv[1:], sys.stdout)

    parser = _build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_ERROR if exc.code else EXIT_OK
    if not args.inputs and not args.text:
        if sys.stdin.isatty():
            parser.print_usage(sys.stderr)
            raise UsageError("give a caption, a file, or - for stdin")
        args.inputs = ["-"]
    config = _load_config(args)
    settings = _settings(args, config)
    inputs = classify(args.inputs, args.input_format if args.input_format != "auto" else None)
    meter = Meter()
    batch = [i for i in inputs if i.kind in ("jsonl", "csv")]
    sizes = [os.path.getsize(i.name) for i in batch if i.name != "-" and os.path.isfile(i.name)]
    total = sum(sizes) if batch and len(sizes) == len(batch) else None
    progress = Progress(
        sys.stderr,
        total,
        enabled=bool(batch)
        and not args.quiet
        and sys.stderr.isatty()
        and os.environ.get("TERM") != "dumb",
    )
    checkers = _Checkers(settings)
    _validate_selectors(settings, checkers.default)
    handle = _open_output(args.output, args.format, inputs)
    try:
        return _run(args, argv, settings, checkers, inputs, meter, progress, handle)
    finally:
        progress.clear()
        if handle is not sys.stdout:
            handle.close()


def _run(
    args: argparse.Namespace,
    argv: list[str],
    settings: Settings,
    checkers: _Checkers,
    inputs: list[Input],
    meter: Meter,
    progress: Progress,
    handle: TextIO,
) -> int:
    writer = _make_writer(args, handle, argv)
    checkers.notify(writer.add_rules)
    threshold = Severity(settings.fail_on).rank
    summary = Summary()
    failing = False
    fatal: str | None = None
    interactive = handle.isatty()
    try:
        records = read_inputs(inputs, texts=args.text, column=args.column, meter=meter)
        for record in records:
            result = _check(checkers, record)
            if interactive:
                progress.clear()
            if isinstance(result, str):
                summary.errors += 1
                progress.clear()
                print(
                    f"disclosure-check: {bad_record_line(record.origin, result)}",
                    file=sys.stderr,
                )
                writer.bad_record(record.origin, result)
            else:
                summary.add(result)
                failing = failing or any(f.severity.rank >= threshold for f in result.findings)
                writer.report(record.origin, result)
            # Results reach a pipe as they are produced, not when a buffer happens to fill.
            handle.flush()
            progress.update(meter.done, summary.checked + summary.errors)
    except RuleError as exc:
        fatal = str(exc)
    except KeyboardInterrupt:
        fatal = "interrupted"
    progress.clear()
    writer.finish(summary, fatal)
    handle.flush()
    machine = args.format != "text"
    if args.statistics and machine:
        lines = statistics_lines(summary)
        if lines:
            print("\n".join(lines), file=sys.stderr)
    if not args.quiet and machine:
        print("\n".join(summary_lines(summary)), file=sys.stderr)
    if fatal == "interrupted":
        return EXIT_INTERRUPTED
    if fatal is not None:
        print(f"disclosure-check: error: {fatal}", file=sys.stderr)
        return EXIT_ERROR
    if summary.errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if failing else EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
