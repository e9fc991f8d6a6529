"""`disclosure-check audit`: audit the accounts of a JSONL or CSV feed (docs/audit.md).

Exit codes, as the main command line: 0 the audit was written; 1 `--fail-under SCORE` was given
and an account scored below it; 2 a usage or input error (no such file, no usable record, an
unknown jurisdiction, the HTML extra missing). Records that cannot be used are reported on
stderr with file and line and skipped; they do not change the exit code.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator, Sequence
from typing import Any, TextIO

from ..errors import DisclosureCheckError, UsageError
from ..inputs import read_path
from .api import audit
from .html import render_html
from .records import AuditRecord, Skipped, make_record
from .values import AccountAudit, Audit

FORMATS = ("text", "json", "html")
_COLUMNS = (
    ("account", 24), ("posts", 6), ("comm.", 6), ("clear", 6), ("ambig.", 6), ("hidden", 6),
    ("missing", 7), ("score", 5), ("gifted", 6), ("brands", 6), ("off-topic", 9), ("dropship", 8),
)  # fmt: skip


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="disclosure-check audit",
        description="Audit creators' feeds: one summary per account (docs/audit.md).",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="posts.jsonl or posts.csv files")
    p.add_argument(
        "-j",
        "--jurisdiction",
        action="append",
        metavar="CODE",
        help="audience jurisdiction (FR, UK, ...); repeat or comma-separate",
    )
    p.add_argument("-p", "--platform", help="platform of the posts (instagram, tiktok, ...)")
    p.add_argument("--language", help="language of the captions when the records do not say")
    p.add_argument(
        "--account-field",
        default="account",
        metavar="F",
        help="field that names the account (default: account)",
    )
    p.add_argument(
        "--date-field",
        default="date",
        metavar="F",
        help="field with the ISO 8601 date (default: date)",
    )
    p.add_argument("--column", metavar="F", help="field that holds the caption")
    p.add_argument("--input-format", choices=("auto", "jsonl", "csv"), default="auto")
    p.add_argument("--format", choices=FORMATS, default="text")
    p.add_argument("-o", "--output", metavar="PATH", help="write here instead of stdout")
    p.add_argument("--workers", type=int, default=1, help="processes that check the posts")
    p.add_argument(
        "--fail-under",
        type=int,
        metavar="SCORE",
        help="exit 1 when an account's compliance score is below SCORE",
    )
    return p


def _where(origin: Any) -> str:
    source = getattr(origin, "source", None) or getattr(origin, "file", None) or str(origin)
    line = getattr(origin, "line", None)
    return f"{source}:{line}" if line is not None else str(source)


def _missing_field(fields: dict[str, Any], args: argparse.Namespace) -> str | None:
    for option, name, default in (
        ("--account-field", args.account_field, "account"),
        ("--date-field", args.date_field, "date"),
    ):
        if name != default and name not in fields:
            known = ", ".join(sorted(map(str, fields))) or "none"
            return f"no field {name!r} (given by {option}); this record's fields: {known}"
    return None


def _items(args: argparse.Namespace) -> Iterator[AuditRecord | Skipped]:
    kind = None if args.input_format == "auto" else args.input_format
    index = 0
    for path in args.paths:
        if not os.path.isfile(path):
            raise UsageError(f"{path}: no such file (give a .jsonl or .csv file of posts)")
        for record in read_path(path, kind=kind, column=args.column):
            where = _where(record.origin)
            fields = dict(record.fields or {})
            problem = record.error or _missing_field(fields, args)
            if problem:
                kind_of = "bad-input" if record.error else "unknown-field"
                yield Skipped(where, problem, kind_of)
            else:
                item = {
                    **fields,
                    "caption": record.caption,
                    "language": record.language,
                    "platform": record.platform,
                    "post": record.post,
                }
                yield make_record(
                    item, index, where, account_field=args.account_field, date_field=args.date_field
                )
            index += 1


def _row(a: AccountAudit) -> list[str]:
    d = a.disclosure
    return [
        a.account, str(a.posts.count), str(a.commercial.count), str(d.clear.count),
        str(d.ambiguous.count), str(d.hidden.count), str(d.missing.count),
        "–" if a.score is None else str(a.score), str(a.gifting.posts.count),
        str(len([b for b in a.brands if b.key])), str(len(a.off_topic)), str(a.dropshipping.count),
    ]  # fmt: skip


def text_table(result: Audit) -> str:
    header = (name.ljust(w) if i == 0 else name.rjust(w) for i, (name, w) in enumerate(_COLUMNS))
    lines = [" ".join(header)]
    for account in result:
        cells = _row(account)
        lines.append(
            " ".join(
                c[:w].ljust(w) if i == 0 else c.rjust(w)
                for i, (c, (_, w)) in enumerate(zip(cells, _COLUMNS, strict=True))
            )
        )
    if result.skipped_count:
        reasons = ", ".join(f"{k}: {n}" for k, n in result.skipped_by_reason)
        lines.append(f"{result.skipped_count} record(s) skipped ({reasons})")
    return "\n".join(lines) + "\n"


def _render(result: Audit, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "html":
        return render_html(result)
    return text_table(result)


def _jurisdiction(values: Sequence[str] | None) -> list[str] | None:
    if not values:
        return None
    return [code.strip() for value in values for code in value.split(",") if code.strip()]


def _run(args: argparse.Namespace, err: TextIO) -> tuple[Audit, str]:
    if args.workers < 1:
        raise UsageError(f"--workers must be 1 or more, not {args.workers}")
    for path in args.paths:
        if not os.path.isfile(path):
            raise UsageError(f"{path}: no such file (give a .jsonl or .csv file of posts)")
    result = audit(
        _items(args),
        jurisdiction=_jurisdiction(args.jurisdiction),
        platform=args.platform,
        language=args.language,
        account_field=args.account_field,
        date_field=args.date_field,
        workers=args.workers,
    )
    for skipped in result.skipped:
        err.write(f"{skipped.origin}: skipped: {skipped.reason}\n")
    if result.skipped_count > len(result.skipped):
        err.write(f"... and {result.skipped_count - len(result.skipped)} more skipped\n")
    if not result.accounts:
        raise UsageError("no usable record: nothing to audit")
    return result, _render(result, args.format)


def main(argv: list[str] | None = None, *, out: TextIO | None = None) -> int:
    err = sys.stderr
    try:
        args = _parser().parse_args(sys.argv[1:] if argv is None else argv)
    except SystemExit as exc:  # argparse has printed the usage error or the help
        return 0 if exc.code == 0 else 2
    try:
        result, text = _run(args, err)
        if args.output:
            with open(args.output, "w", encoding="utf-8") as handle:
                handle.write(text)
        else:
            (out or sys.stdout).write(text)
    except (UsageError, DisclosureCheckError, OSError, ValueError, TypeError) as exc:
        err.write(f"disclosure-check audit: error: {exc}\n")
        return 2
    below = [
        a
        for a in result
        if args.fail_under is not None and a.score is not None and a.score < args.fail_under
    ]
    return 1 if below else 0
