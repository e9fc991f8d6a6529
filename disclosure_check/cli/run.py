"""One checking run of the command line: read the inputs, check them, write the results.

Batches stream: records are read one line at a time, checked, and written in input order;
nothing that grows with the batch is kept, so a million-line JSONL runs in flat memory.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from typing import TextIO

from ..config import Config
from ..errors import RuleError
from ..inputs import Input, Meter, ReadOptions, Record, classify, read_inputs
from ..model import Report, Severity
from ..output.csv import CsvWriter
from ..output.json import JsonlWriter, JsonWriter
from ..output.sarif import SarifWriter
from ..output.summary import Summary, bad_record_line, statistics_lines, summary_lines
from ..output.text import TextWriter
from ..output.writer import Writer
from .audiences import Audiences, validate_selectors
from .progress import Progress
from .status import EXIT_ERROR, EXIT_FINDINGS, EXIT_INTERRUPTED, EXIT_OK, UsageError


class Run:
    """The state of one run (flake8's `Application` in small): what to read, the checkers,
    where to write, and the counters; `execute()` does the work and returns the exit code."""

    def __init__(self, args: argparse.Namespace, argv: list[str], config: Config) -> None:
        self.args = args
        self.argv = argv
        self.config = config
        self.inputs = classify(
            args.inputs, None if args.input_format == "auto" else args.input_format
        )
        self.meter = Meter()
        self.progress = Progress.for_inputs(sys.stderr, self.inputs, args.quiet)
        self.audiences = Audiences(config)
        validate_selectors(config, self.audiences.default.rules)
        self.threshold = Severity(config.fail_on or "warning").rank
        self.summary = Summary()
        self.failing = False

    def execute(self) -> int:
        handle = open_output(self.args.output, self.args.format, self.inputs)
        try:
            writer = make_writer(self.args, handle, self.argv)
            self.audiences.notify(writer.add_rules)
            fatal = self._check_all(writer, handle)
            self.progress.clear()
            writer.finish(self.summary, fatal)
            handle.flush()
        finally:
            self.progress.clear()
            if handle is not sys.stdout:
                handle.close()
        self._report_to_stderr()
        return self._exit_code(fatal)

    def _check_all(self, writer: Writer, handle: TextIO) -> str | None:
        """Check every record; the reason the run stopped early, if it did."""
        interactive = handle.isatty()
        options = ReadOptions(self.args.column, self.args.delimiter, self.args.encoding)
        records = read_inputs(self.inputs, texts=self.args.text, options=options, meter=self.meter)
        try:
            for record in records:
                result = self.audiences.check(record)
                if interactive:
                    self.progress.clear()
                self._write(writer, record, result)
                # Results reach a pipe as they are produced, not when a buffer happens to fill.
                handle.flush()
                self.progress.update(self.meter.done, self.summary.checked + self.summary.errors)
        except RuleError as exc:
            return str(exc)
        except KeyboardInterrupt:
            return "interrupted"
        return None

    def _write(self, writer: Writer, record: Record, result: Report | str) -> None:
        if isinstance(result, str):
            self.summary.errors += 1
            self.progress.clear()
            print(f"disclosure-check: {bad_record_line(record.origin, result)}", file=sys.stderr)
            writer.bad_record(record.origin, result)
        else:
            self.summary.add(result)
            self.failing = self.failing or any(
                f.severity.rank >= self.threshold for f in result.findings
            )
            writer.report(record.origin, result)

    def _report_to_stderr(self) -> None:
        # The text format prints these itself; the machine formats keep stdout parseable.
        if self.args.format == "text":
            return
        if self.args.statistics:
            lines = statistics_lines(self.summary)
            if lines:
                print("\n".join(lines), file=sys.stderr)
        if not self.args.quiet:
            print("\n".join(summary_lines(self.summary)), file=sys.stderr)

    def _exit_code(self, fatal: str | None) -> int:
        if fatal == "interrupted":
            return EXIT_INTERRUPTED
        if fatal is not None:
            print(f"disclosure-check: error: {fatal}", file=sys.stderr)
            return EXIT_ERROR
        if self.summary.errors:
            return EXIT_ERROR
        return EXIT_FINDINGS if self.failing else EXIT_OK


def want_colour(stream: TextIO) -> bool:
    """Colour on a terminal, unless NO_COLOR says no or FORCE_COLOR says yes."""
    if os.environ.get("NO_COLOR"):
        return False
    force = os.environ.get("FORCE_COLOR")
    if force and force != "0":
        return True
    return stream.isatty() and os.environ.get("TERM") != "dumb"


def open_output(path: str | None, fmt: str, inputs: list[Input]) -> TextIO:
    """stdout, or the --output file, refusing to overwrite an input."""
    if path is None:
        if isinstance(sys.stdout, io.TextIOWrapper):
            sys.stdout.reconfigure(errors="backslashreplace")
        return sys.stdout
    for item in inputs:
        if (
            item.kind not in ("caption", "missing")
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


def make_writer(args: argparse.Namespace, handle: TextIO, argv: list[str]) -> Writer:
    """The writer of the --format asked for."""
    if args.format == "jsonl":
        return JsonlWriter(handle, show_fix=args.fix)
    if args.format == "json":
        return JsonWriter(handle, show_fix=args.fix)
    if args.format == "csv":
        return CsvWriter(handle, show_fix=args.fix)
    if args.format == "sarif":
        return SarifWriter(handle, arguments=argv)
    return TextWriter(
        handle,
        colour=want_colour(handle),
        show_signals=args.show_signals,
        show_fix=args.fix,
        statistics=args.statistics,
        quiet=args.quiet,
    )
