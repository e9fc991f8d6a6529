"""The `disclosure-check` command line.

    disclosure-check "Use code EMMA20 ✨" --jurisdiction UK
    disclosure-check captions.jsonl --format jsonl --output results.jsonl
    disclosure-check rules --jurisdiction FR
    disclosure-check rule FR101

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage or input error.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

from . import __version__, discovery
from .checker import Checker
from .errors import DisclosureCheckError, RuleError
from .model import PostInfo, Report, Severity
from .render import dumps, render_text, report_record, statistics_lines, summary_lines

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
SUBCOMMANDS = ("rules", "rule", "packs")
CAPTION_COLUMNS = ("caption", "text", "description")


class UsageError(Exception):
    pass


@dataclass
class Record:
    source: str
    line: int  # 1-based line of the record in its file (1 for a single caption)
    caption: Any = None
    id: str | None = None
    language: str | None = None
    jurisdiction: Any = None
    platform: str | None = None
    post: Any = None
    error: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="disclosure-check",
        description="Check social-media captions for the advertising disclosures the law requires.",
        epilog="Subcommands: 'disclosure-check rules [--jurisdiction X]', "
        "'disclosure-check rule ID', 'disclosure-check packs'.",
    )
    p.add_argument(
        "inputs",
        nargs="*",
        help="caption text, a .txt caption file, a .jsonl or .csv batch, or - for stdin",
    )
    p.add_argument("--text", action="append", default=[], help="a caption to check")
    p.add_argument(
        "-j",
        "--jurisdiction",
        action="append",
        default=[],
        help="ISO code(s), repeat or comma-separate (FR,BE); default: global baseline",
    )
    p.add_argument("-p", "--platform", default=None, help="instagram, tiktok, youtube, x, …")
    p.add_argument(
        "-l",
        "--language",
        default=None,
        help="caption language (BCP-47); default: detected when needed",
    )
    p.add_argument("--pack", action="append", default=[], help="extra rule pack to enable")
    p.add_argument(
        "--select",
        action="append",
        default=[],
        help="only these rules (id, prefix, name or category; comma-separated)",
    )
    p.add_argument("--ignore", action="append", default=[], help="skip these rules")
    p.add_argument("--fail-on", choices=("info", "warning", "error"), default="warning")
    p.add_argument("--format", choices=("text", "json", "jsonl"), default="text")
    p.add_argument(
        "--column", default=None, help="CSV caption column (default: caption, text or description)"
    )
    p.add_argument("-o", "--output", default=None, help="write results to this file")
    p.add_argument("--fix", action="store_true", help="print the suggested caption")
    p.add_argument("--show-signals", action="store_true", help="list signals and disclosures")
    p.add_argument("--statistics", action="store_true", help="counts per rule at the end")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary line")
    p.add_argument("--version", action="version", version=f"disclosure-check {__version__}")
    return p


def _split(values: Sequence[str]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _looks_like_path(arg: str) -> bool:
    return (
        "\n" not in arg
        and len(arg) < 4096
        and (arg.endswith((".txt", ".jsonl", ".ndjson", ".csv", ".json")) or os.sep in arg)
        and " " not in arg.strip()
    )


def _read_text_file(path: str) -> str:
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(
            f"{path}: not UTF-8 text (byte {exc.start}); convert it, e.g. iconv -t UTF-8"
        ) from exc


def _jsonl_records(name: str, stream: TextIO) -> Iterator[Record]:
    for number, raw in enumerate(stream, start=1):
        line = raw.strip()
        if not line:
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Record(name, number, error=f"invalid JSON ({exc.msg} at column {exc.colno})")
            continue
        if isinstance(data, str):
            yield Record(name, number, caption=data)
            continue
        if not isinstance(data, dict):
            yield Record(name, number, error="a record must be a JSON object or string")
            continue
        caption = next((data[c] for c in CAPTION_COLUMNS if c in data), None)
        if caption is None:
            yield Record(name, number, id=_id(data), error="record has no 'caption' field")
            continue
        yield Record(
            name,
            number,
            caption=caption,
            id=_id(data),
            language=data.get("language"),
            jurisdiction=data.get("jurisdiction"),
            platform=data.get("platform"),
            post=data.get("post"),
        )


def _id(data: dict[str, Any]) -> str | None:
    value = data.get("id")
    return None if value is None else str(value)


def _csv_records(name: str, stream: TextIO, column: str | None) -> Iterator[Record]:
    reader = csv.DictReader(stream)
    fields = reader.fieldnames or []
    wanted = [column] if column else list(CAPTION_COLUMNS)
    chosen = next((c for c in wanted if c in fields), None)
    if chosen is None:
        raise UsageError(
            f"{name}: no caption column ({', '.join(wanted)}) among the CSV columns "
            f"{', '.join(fields) or '(none)'}; name it with --column"
        )
    for number, row in enumerate(reader, start=2):
        caption = row.get(chosen)
        if caption is None:
            yield Record(name, number, error=f"row has no value in column {chosen!r}")
            continue
        post = None
        if row.get("post"):
            try:
                post = json.loads(row["post"])
            except json.JSONDecodeError:
                yield Record(name, number, id=row.get("id"), error="column 'post' is not JSON")
                continue
        yield Record(
            name,
            number,
            caption=caption,
            id=row.get("id") or None,
            language=row.get("language") or None,
            jurisdiction=row.get("jurisdiction") or None,
            platform=row.get("platform") or None,
            post=post,
        )


def _records(args: argparse.Namespace) -> Iterator[Record]:
    for text in args.text:
        yield Record("<text>", 1, caption=text)
    for arg in args.inputs:
        if arg == "-":
            data = sys.stdin.read()
            yield Record("<stdin>", 1, caption=data.rstrip("\n"))
        elif os.path.isfile(arg):
            lower = arg.lower()
            if lower.endswith((".jsonl", ".ndjson")):
                try:
                    fh = open(arg, encoding="utf-8", errors="strict")  # noqa: SIM115
                except OSError as exc:
                    raise UsageError(f"cannot read {arg}: {exc.strerror}") from exc
                with fh:
                    try:
                        yield from _jsonl_records(arg, fh)
                    except UnicodeDecodeError as exc:
                        raise UsageError(f"{arg}: not UTF-8 text: {exc}") from exc
            elif lower.endswith(".csv"):
                text = _read_text_file(arg)
                yield from _csv_records(arg, io.StringIO(text, newline=""), args.column)
            else:
                yield Record(arg, 1, caption=_read_text_file(arg).rstrip("\n"))
        elif _looks_like_path(arg):
            raise UsageError(f"no such file: {arg} (to check it as a caption, use --text)")
        else:
            yield Record("<argument>", 1, caption=arg)


class _Checkers:
    """One Checker per (jurisdiction, platform) met in a batch, built on first use."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.default = self._build(_split(args.jurisdiction) or None, args.platform)
        self.cache: dict[tuple[Any, Any], Checker] = {}

    def _build(self, jurisdiction: Any, platform: str | None) -> Checker:
        return Checker(
            jurisdiction,
            platform,
            self.args.language,
            packs=_split(self.args.pack),
            select=_split(self.args.select),
            ignore=_split(self.args.ignore),
        )

    def get(self, record: Record) -> Checker:
        if record.jurisdiction is None and record.platform is None:
            return self.default
        jurisdiction = record.jurisdiction or (_split(self.args.jurisdiction) or None)
        if isinstance(jurisdiction, str):
            jurisdiction = _split([jurisdiction])
        key = (tuple(jurisdiction) if jurisdiction else None, record.platform or self.args.platform)
        if key not in self.cache:
            self.cache[key] = self._build(list(key[0]) if key[0] else None, key[1])
        return self.cache[key]


def _list_rules(args: argparse.Namespace, out: TextIO) -> int:
    checker = Checker(_split(args.jurisdiction) or None, packs=_split(args.pack))
    for rule in checker.rules:
        out.write(
            f"{rule.id:6s}  {rule.severity.value:7s}  {rule.confidence.value:6s}  "
            f"{rule.category.value:22s}  {rule.name}\n"
        )
    return EXIT_OK


def _show_rule(rule_id: str, out: TextIO) -> int:
    from .docs import find_rule, rule_markdown

    rule = find_rule(rule_id)
    out.write(rule_markdown(rule))
    return EXIT_OK


def _list_packs(out: TextIO) -> int:
    for name, entry in sorted(discovery.available().items()):
        out.write(f"{name:6s}  {entry.distribution} {entry.version}  ({entry.value})\n")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        return _main(argv)
    except UsageError as exc:
        print(f"disclosure-check: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except (ValueError, TypeError, DisclosureCheckError) as exc:
        print(f"disclosure-check: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        return 130


def _main(argv: list[str]) -> int:
    out: TextIO = sys.stdout
    if argv and argv[0] in SUBCOMMANDS and not os.path.exists(argv[0]):
        sub = argparse.ArgumentParser(prog=f"disclosure-check {argv[0]}")
        if argv[0] == "rule":
            sub.add_argument("id")
        sub.add_argument("-j", "--jurisdiction", action="append", default=[])
        sub.add_argument("--pack", action="append", default=[])
        try:
            args = sub.parse_args(argv[1:])
        except SystemExit as exc:
            return EXIT_ERROR if exc.code else EXIT_OK
        if argv[0] == "rules":
            return _list_rules(args, out)
        if argv[0] == "rule":
            return _show_rule(args.id, out)
        return _list_packs(out)

    parser = _build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_ERROR if exc.code else EXIT_OK
    if not args.inputs and not args.text:
        if sys.stdin.isatty():
            parser.print_usage(sys.stderr)
            print(
                "disclosure-check: error: give a caption, a file, or - for stdin", file=sys.stderr
            )
            return EXIT_ERROR
        args.inputs = ["-"]
    checkers = _Checkers(args)
    threshold = Severity(args.fail_on).rank
    handle: TextIO = open(args.output, "w", encoding="utf-8") if args.output else out  # noqa: SIM115
    colour = handle.isatty() and "NO_COLOR" not in os.environ and args.format == "text"
    counts = {"checked": 0, "commercial": 0, "with_findings": 0, "errors": 0}
    categories: dict[str, int] = {}
    stats: list[tuple[str, str, str]] = []
    json_reports: list[dict[str, Any]] = []
    failing = False
    try:
        for record in _records(args):
            result = _check_record(checkers, record)
            if isinstance(result, str):
                counts["errors"] += 1
                where = f"{record.source}:{record.line}"
                message = f"{where}: bad record{f' {record.id!r}' if record.id else ''}: {result}"
                print(f"disclosure-check: {message}", file=sys.stderr)
                error = {
                    "source": record.source,
                    "line": record.line,
                    "id": record.id,
                    "error": result,
                }
                if args.format == "jsonl":
                    handle.write(dumps(error) + "\n")
                elif args.format == "json":
                    json_reports.append(error)
                else:
                    handle.write(message + "\n")
                continue
            report = result
            counts["checked"] += 1
            counts["commercial"] += report.commercial
            counts["with_findings"] += bool(report.findings)
            for f in report.findings:
                categories[f.category.value] = categories.get(f.category.value, 0) + 1
                stats.append((f.rule_id, f.severity.value, f.category.value))
                failing = failing or f.severity.rank >= threshold
            extra = {"source": record.source, "line": record.line, "id": record.id}
            if args.format == "jsonl":
                handle.write(dumps(report_record(report, **extra)) + "\n")
            elif args.format == "json":
                json_reports.append(report_record(report, **extra))
            else:
                location = record.source if record.id is None else f"{record.source}[{record.id}]"
                offset = record.line - 1 if record.source.endswith((".jsonl", ".ndjson")) else 0
                lines = render_text(
                    report,
                    location,
                    colour=colour,
                    show_signals=args.show_signals,
                    show_fix=args.fix,
                    line_offset=offset,
                )
                if lines:
                    handle.write("\n".join(lines) + "\n")
        if args.format == "json":
            handle.write(dumps({"reports": json_reports, "summary": counts}, indent=2) + "\n")
        if args.statistics:
            target = handle if args.format == "text" else sys.stderr
            target.write("\n".join(statistics_lines(stats)) + ("\n" if stats else ""))
        if not args.quiet:
            target = handle if args.format == "text" else sys.stderr
            target.write("\n".join(summary_lines(counts, categories)) + "\n")
    finally:
        if handle is not out:
            handle.close()
    if counts["errors"]:
        return EXIT_ERROR
    return EXIT_FINDINGS if failing else EXIT_OK


def _check_record(checkers: _Checkers, record: Record) -> Report | str:
    if record.error is not None:
        return record.error
    if not isinstance(record.caption, str):
        return f"caption must be text, not {type(record.caption).__name__}"
    try:
        checker = checkers.get(record)
        post = PostInfo.from_dict(record.post) if isinstance(record.post, dict) else record.post
        return checker.check(record.caption, language=record.language, post=post)
    except RuleError:
        raise
    except (TypeError, ValueError) as exc:
        return str(exc)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
