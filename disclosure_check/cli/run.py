"""One checking run of the command line: read the inputs, check them, write the results.

Batches stream: records are read one line at a time, checked, and written in input order;
nothing that grows with the batch is kept, so a million-line JSONL runs in flat memory.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TextIO, TypeVar

from ..config import Config
from ..errors import RuleError
from ..inputs import Meter, ReadOptions, Record, classify, read_inputs
from ..model import Report, Severity
from ..output.csv import CsvWriter
from ..output.escape import visible
from ..output.json import JsonlWriter, JsonWriter
from ..output.sarif import SarifWriter
from ..output.summary import Summary, bad_record_line, statistics_lines, summary_lines
from ..output.text import TextWriter
from ..output.writer import Writer
from .audiences import Audiences, any_rule_left, validate_selectors
from .progress import Progress
from .signals import SignalGuard, Terminated
from .sink import OutputError, Sink, open_sink
from .status import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_PIPE,
    UsageError,
)


@dataclass(frozen=True, slots=True)
class Stop:
    """Why a run stopped before the end of its input, and the exit code that says so."""

    reason: str
    code: int
    trace: str | None = None  # the traceback of an unexpected error, shown with --verbose


class Run:
    """The state of one run (flake8's `Application` in small): what to read, the checkers,
    where to write, and the counters; `execute()` does the work and returns the exit code."""

    def __init__(self, args: argparse.Namespace, argv: list[str], config: Config) -> None:
        self.args = args
        self.argv = argv
        self.config = config
        if args.verbose:
            print(f"disclosure-check: {_config_line(config)}", file=sys.stderr)
        self.inputs = classify(
            args.inputs, None if args.input_format == "auto" else args.input_format
        )
        self.meter = Meter()
        self.progress = Progress.for_inputs(sys.stderr, self.inputs, args.quiet)
        self.audiences = Audiences(config)
        validate_selectors(config, self.audiences.default.rules)
        if not args.allow_no_rules and not any_rule_left(config):
            raise UsageError(f"{_rules_from(config)} switch off every rule{_ALLOW}")
        self.threshold = Severity(config.fail_on or "warning").rank
        self.summary = Summary()
        self.failing = False

    def execute(self) -> int:
        with SignalGuard() as guard:
            sink = open_sink(self.args.output, self.args.format, self.inputs)
            try:
                stop = self._run(sink, guard)
            except OutputError as exc:
                return self._output_failed(sink, exc)
            finally:
                self.progress.clear()
            if guard.pending is not None:  # a signal that came while a failure was handled
                stop = stop or _signal_stop(guard.pending)
        self._report_to_stderr()
        return self._exit_code(stop)

    def _run(self, sink: Sink, guard: SignalGuard) -> Stop | None:
        """Check everything and close the document; the reason the run stopped early, if any."""
        try:
            with guard.holding():
                writer = _emit(sink, make_writer, self.args, sink.handle, self.argv, self.config)
                self.audiences.notify(writer.add_rules)
            stop = self._check_all(writer, sink, guard)
        except OutputError:
            sink.discard()
            raise
        with guard.holding():
            _emit(sink, writer.finish, self.summary, stop.reason if stop else None)
            sink.end(complete=stop is None)
        return stop

    def _check_all(self, writer: Writer, sink: Sink, guard: SignalGuard) -> Stop | None:
        """Check every record; the reason the run stopped early, if it did."""
        interactive = sink.handle.isatty()
        options = ReadOptions(self.args.column, self.args.delimiter, self.args.encoding)
        records = read_inputs(self.inputs, texts=self.args.text, options=options, meter=self.meter)
        try:
            for record in records:
                result = self.audiences.check(record)
                with guard.holding():
                    if interactive:
                        self.progress.clear()
                    _emit(sink, self._write, writer, record, result)
                    # Results reach a pipe as they are produced, not when a buffer fills.
                    sink.flush()
                self.progress.update(self.meter.done, self.summary.checked + self.summary.errors)
        except OutputError:
            raise
        except RuleError as exc:
            return Stop(str(exc), EXIT_ERROR)
        except KeyboardInterrupt:
            return Stop("interrupted", EXIT_INTERRUPTED)
        except Terminated as exc:
            return _signal_stop(exc.signum)
        except BaseException as exc:  # even SystemExit(0) from a rule: never a silent exit 0
            return Stop(unexpected(exc), EXIT_ERROR, traceback.format_exc())
        return None

    def _write(self, writer: Writer, record: Record, result: Report | str) -> None:
        if isinstance(result, str):
            self.summary.errors += 1
            self.progress.clear()
            line = visible(bad_record_line(record.origin, result))
            print(f"disclosure-check: {line}", file=sys.stderr)
            writer.bad_record(record.origin, result)
        else:
            self.summary.add(result)
            self.failing = self.failing or any(
                f.severity.rank >= self.threshold for f in result.findings
            )
            writer.report(record.origin, result)

    def _output_failed(self, sink: Sink, exc: OutputError) -> int:
        sink.detach_stdout()
        if isinstance(exc.cause, BrokenPipeError):
            # The reader went away (| head): what was found so far still counts; a run that
            # found nothing yet says, as `cat` or `grep` would, that the pipe cut it short.
            if self.summary.errors:
                return EXIT_ERROR
            return EXIT_FINDINGS if self.failing else EXIT_PIPE
        kept = "" if sink.is_stdout else f"; {sink.where} was left as it was"
        print(f"disclosure-check: error: {visible(str(exc))}{kept}", file=sys.stderr)
        return EXIT_ERROR

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

    def _say_stop(self, stop: Stop) -> None:
        hint = ""
        if stop.trace and self.args.verbose:
            sys.stderr.write(stop.trace)
        elif stop.trace:
            hint = " (--verbose shows the traceback)"
        kept = f"; {self.args.output} was left as it was" if self.args.output else ""
        print(f"disclosure-check: error: {visible(stop.reason)}{hint}{kept}", file=sys.stderr)

    def _exit_code(self, stop: Stop | None) -> int:
        if stop is not None:
            self._say_stop(stop)
            return stop.code
        if self.summary.errors:
            return EXIT_ERROR
        if self.summary.checked and not self.audiences.ran_rules and not self.args.allow_no_rules:
            print(f"disclosure-check: error: no rule ran on any caption{_ALLOW}", file=sys.stderr)
            return EXIT_ERROR
        return EXIT_FINDINGS if self.failing else EXIT_OK


def _config_line(config: Config) -> str:
    if config.path is None:
        return "no configuration file"
    return visible(f"configuration file: {config.path}")


_ALLOW = "; nothing would ever be found (--allow-no-rules runs anyway)"


def _rules_from(config: Config) -> str:
    if config.path is not None and (config.select or config.ignore):
        return f"select/ignore (with the configuration file {config.path})"
    return "--select/--ignore"


def _signal_stop(signum: int) -> Stop:
    if signum == signal.SIGINT:
        return Stop("interrupted", EXIT_INTERRUPTED)
    name = signal.Signals(signum).name
    return Stop(f"terminated by {name}", 128 + signum)


def unexpected(exc: BaseException) -> str:
    """One line for an error nobody expected: its kind and message."""
    text = str(exc).strip().splitlines()
    return f"unexpected {type(exc).__name__}" + (f": {text[0]}" if text else "")


_T = TypeVar("_T")


def _emit(sink: Sink, write: Callable[..., _T], *args: Any) -> _T:
    """Call a writer; an OSError there is the output failing, not the input or a rule."""
    try:
        return write(*args)
    except OSError as exc:
        raise OutputError(sink.where, exc) from exc


def want_colour(stream: TextIO) -> bool:
    """Colour on a terminal, unless NO_COLOR says no or FORCE_COLOR says yes."""
    if os.environ.get("NO_COLOR"):
        return False
    force = os.environ.get("FORCE_COLOR")
    if force and force != "0":
        return True
    return stream.isatty() and os.environ.get("TERM") != "dumb"


def make_writer(
    args: argparse.Namespace, handle: TextIO, argv: list[str], config: Config | None = None
) -> Writer:
    """The writer of the --format asked for; JSON and SARIF name the configuration file."""
    used = str(config.path) if config is not None and config.path is not None else None
    if args.format == "jsonl":
        return JsonlWriter(handle, show_fix=args.fix)
    if args.format == "json":
        return JsonWriter(handle, show_fix=args.fix, config=used)
    if args.format == "csv":
        return CsvWriter(handle, show_fix=args.fix)
    if args.format == "sarif":
        return SarifWriter(handle, arguments=argv, config=used)
    return TextWriter(
        handle,
        colour=want_colour(handle),
        show_signals=args.show_signals,
        show_fix=args.fix,
        statistics=args.statistics,
        quiet=args.quiet,
    )
