"""The text format: one linter-style block per finding (`where:line:col: ID severity category
message`, the caption line, a caret under the span, the help), for a person at a terminal."""

from __future__ import annotations

import unicodedata
from typing import TextIO

from ..inputs import Origin, line_and_column
from ..model import Finding, Report, Severity
from ..rules.base import Rule
from .escape import visible
from .summary import Summary, bad_record_line, statistics_lines, summary_lines

_COLOURS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}
_BOLD = "1"
_HELP = "36"


def _paint(text: str, code: str, colour: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if colour else text


def _width(text: str) -> int:
    """Terminal columns a string takes (wide CJK and emoji count double).

    Emoji sequences draw as one wide glyph: a variation selector 16 widens the character before
    it (☀️), and what follows a zero-width joiner or is a skin-tone modifier adds nothing.
    """
    total = 0
    previous = 0
    joined = False
    for ch in text:
        if ch == "\u200d":
            joined = True
            continue
        if ch == "\ufe0f":
            if previous == 1:
                total += 1
                previous = 2
            continue
        if unicodedata.category(ch) in ("Mn", "Me", "Cf") or unicodedata.combining(ch):
            continue
        if joined or (previous and 0x1F3FB <= ord(ch) <= 0x1F3FF):
            joined = False
            continue
        previous = 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
        total += previous
    return total


def _printable(text: str) -> str:
    # A caption line as shown above the carets: a tab is one space (its width would depend
    # on the terminal), every other control character a visible escape (output.escape).
    return visible(text.replace("\t", " "))


def caret_block(caption: str, finding: Finding, colour: bool = False) -> list[str]:
    """The caption line holding the span, and a caret line under the span."""
    start, end = finding.span.start, finding.span.end
    _, column, text = line_and_column(caption, start)
    line_start = start - column + 1
    visible_end = min(end, line_start + len(text))
    pad = _width(_printable(text[: column - 1]))
    marks = max(1, _width(_printable(caption[start:visible_end])))
    caret = " " * pad + _paint("^" * marks, _COLOURS[finding.severity], colour)
    return ["    | " + _printable(text).rstrip(), "    | " + caret]


def render_text(
    report: Report,
    origin: Origin,
    *,
    colour: bool = False,
    show_signals: bool = False,
    show_fix: bool = False,
) -> list[str]:
    """A linter-style block: `where:line:col: ID severity category message`, caret, help."""
    out: list[str] = []
    where = _paint(visible(origin.label), _BOLD, colour)
    for finding in report.findings:
        line, column = origin.position(report.caption, finding.span.start)
        code = _COLOURS[finding.severity]
        out.append(
            f"{where}:{line}:{column}: {_paint(finding.rule_id, code, colour)} "
            f"{_paint(finding.severity.value, code, colour)} "
            f"{finding.category.value} {visible(finding.message)}"
        )
        if report.caption:
            out.extend(caret_block(report.caption, finding, colour))
        if finding.fix is not None:
            out.append(f"    = {_paint('help', _HELP, colour)}: {visible(finding.fix.message)}")
    if show_signals:
        for signal in report.signals:
            line, column = origin.position(report.caption, signal.span.start)
            out.append(
                f"{where}:{line}:{column}: signal {signal.kind.value} "
                f"{signal.text!r} {visible(signal.detail)}".rstrip()
            )
        for d in report.disclosures:
            line, column = origin.position(report.caption, d.span.start)
            seen = "visible" if d.visible else "hidden"
            out.append(
                f"{where}:{line}:{column}: disclosure {d.text!r} {d.strength.value} "
                f"{visible(str(d.language))} {seen} {d.relationship.value}"
            )
    if show_fix and any(f.fix for f in report.findings):
        out.append("    suggested caption:")
        out.extend(
            ("    > " + _printable(line)).rstrip() for line in report.corrected_caption.split("\n")
        )
    return out


class TextWriter:
    """Blocks for a person; with `statistics`, counts per rule instead of the blocks."""

    def __init__(
        self,
        out: TextIO,
        *,
        colour: bool = False,
        show_signals: bool = False,
        show_fix: bool = False,
        statistics: bool = False,
        quiet: bool = False,
    ) -> None:
        self.out = out
        self.colour = colour
        self.show_signals = show_signals
        self.show_fix = show_fix
        self.statistics = statistics
        self.quiet = quiet

    def add_rules(self, rules: tuple[Rule, ...]) -> None:
        pass

    def report(self, origin: Origin, report: Report) -> None:
        if self.statistics:
            return  # as with ruff --statistics: the counts replace the list of findings
        lines = render_text(
            report,
            origin,
            colour=self.colour,
            show_signals=self.show_signals,
            show_fix=self.show_fix,
        )
        if lines:
            self.out.write("\n".join(lines) + "\n")

    def bad_record(self, origin: Origin, message: str) -> None:
        self.out.write(visible(bad_record_line(origin, message)) + "\n")

    def finish(self, summary: Summary, fatal: str | None = None) -> None:
        if self.statistics:
            lines = statistics_lines(summary)
            if lines:
                self.out.write("\n".join(lines) + "\n")
        if not self.quiet:
            self.out.write("\n".join(summary_lines(summary)) + "\n")
