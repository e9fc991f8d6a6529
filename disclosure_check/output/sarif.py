"""SARIF 2.1.0 output, for code-scanning dashboards and editors.

    disclosure-check captions/*.txt --format sarif --output results.sarif

The log is streamed like the other formats: results are written as captions are checked, and
the parts SARIF wants in one piece (the rule table, the invocation with its notifications)
are written after them, which JSON allows since member order does not matter. Notifications
about bad records go to a temporary file meanwhile, so that memory stays flat however many
records are bad.

Regions are 1-based, columns in Unicode code points (run.columnKind says so). For a caption
that is a whole file (a .txt), lines, columns and charOffset/charLength are positions in that
file, and fixes are emitted as file edits. For a caption inside a JSONL or CSV batch, the line
is the record's line in the file while columns and char offsets count within the caption (see
inputs.Origin); edits at those positions would corrupt the batch file, so such results carry
the fix as text in their properties instead of as a SARIF fix.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import PurePath
from typing import Any, TextIO
from urllib.parse import quote

from .._version import __version__
from ..docs import rule_markdown
from ..inputs import Origin
from ..model import Finding, Fix, Report, Severity, Span
from ..rules.base import Rule
from .json import JsonArrayWriter, dumps
from .summary import Summary

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
VERSION = "2.1.0"
TOOL_NAME = "disclosure-check"
# Rule pages live in the repository's docs/rules/; SARIF wants an absolute URI here, which
# the project does not have yet, so this is the path relative to the repository root.
HELP_PATH = "docs/rules/{id}.md"
BUILTIN_DISTRIBUTION = "disclosure-check"

_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def level(severity: Severity) -> str:
    return _LEVELS[severity]


def artifact_location(origin: Origin) -> dict[str, Any]:
    """Where the caption lives: a relative URI for a file, a description for stdin/argument."""
    if not origin.is_file:
        return {"description": {"text": origin.source}}
    path = PurePath(origin.source)
    if path.is_absolute():
        return {"uri": path.as_uri()}
    return {"uri": quote(path.as_posix(), safe="/")}


def region(origin: Origin, caption: str, span: Span) -> dict[str, int]:
    start_line, start_column = origin.position(caption, span.start)
    end_line, end_column = origin.position(caption, span.end)
    return {
        "startLine": start_line,
        "startColumn": start_column,
        "endLine": end_line,
        "endColumn": end_column,
        "charOffset": span.start,
        "charLength": span.end - span.start,
    }


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    """A reportingDescriptor built from the rule's own declaration (the docs use the same)."""
    doc = rule.doc
    descriptor: dict[str, Any] = {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": doc.summary},
        "fullDescription": {"text": doc.why or doc.summary},
        "help": {"text": doc.why or doc.summary, "markdown": rule_markdown(rule)},
        "defaultConfiguration": {"level": level(rule.severity)},
        "properties": {
            "category": rule.category.value,
            "confidence": rule.confidence.value,
            "pack": rule.pack_id,
            "precision": rule.confidence.value,  # the name code-scanning tools read
            "tags": sorted({rule.category.value, f"pack:{rule.pack_id}"}),
        },
    }
    if rule.pack.distribution == BUILTIN_DISTRIBUTION:
        descriptor["helpUri"] = HELP_PATH.format(id=rule.id)
    return descriptor


def _fingerprint(report: Report, finding: Finding) -> str:
    # Stable across runs and independent of where the record sits in the batch, so that a
    # dashboard recognises the same problem after lines are added above it.
    key = "\x1f".join(
        (
            finding.rule_id,
            report.caption,
            str(finding.span.start),
            str(finding.span.end),
        )
    )
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def result(
    origin: Origin, report: Report, finding: Finding, rule_index: int | None
) -> dict[str, Any]:
    """One SARIF result: where the finding is, why, and how to fix it."""
    out: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "level": level(finding.severity),
        "message": {"text": finding.message},
        "locations": [_location(origin, report.caption, finding.span)],
        "partialFingerprints": {"disclosureCheck/v1": _fingerprint(report, finding)},
    }
    if rule_index is not None:
        out["ruleIndex"] = rule_index
    properties: dict[str, Any] = {
        "category": finding.category.value,
        "confidence": finding.confidence.value,
    }
    if finding.jurisdiction is not None:
        properties["jurisdiction"] = finding.jurisdiction
    if origin.id is not None:
        properties["recordId"] = origin.id
    if finding.related:
        out["relatedLocations"] = [
            {"id": i, **_location(origin, report.caption, span)}
            for i, span in enumerate(finding.related)
        ]
    if finding.fix is not None:
        if origin.layout == "text" and origin.is_file:
            out["fixes"] = [_fix(origin, report.caption, finding.fix)]
        else:
            properties["fix"] = finding.fix.message
            properties["suggestedCaption"] = finding.fix.apply(report.caption)
    out["properties"] = properties
    return out


def _location(origin: Origin, caption: str, span: Span) -> dict[str, Any]:
    return {
        "physicalLocation": {
            "artifactLocation": artifact_location(origin),
            "region": region(origin, caption, span),
        }
    }


def _fix(origin: Origin, caption: str, fix: Fix) -> dict[str, Any]:
    """A SARIF fix: the edits as replacements in the caption's file."""
    return {
        "description": {"text": fix.message},
        "artifactChanges": [
            {
                "artifactLocation": artifact_location(origin),
                "replacements": [
                    {
                        "deletedRegion": region(origin, caption, edit.span),
                        "insertedContent": {"text": edit.replacement},
                    }
                    for edit in fix.edits
                ],
            }
        ],
    }


class SarifWriter:
    """Writes one SARIF log with one run, streaming the results."""

    def __init__(
        self, out: TextIO, *, arguments: list[str] | None = None, config: str | None = None
    ) -> None:
        self.out = out
        self.arguments = list(arguments or [])
        self.config = config
        self.rules: list[dict[str, Any]] = []
        self.rule_index: dict[str, int] = {}
        self.spool = tempfile.SpooledTemporaryFile(  # noqa: SIM115
            max_size=1 << 20, mode="w+", encoding="utf-8", errors="backslashreplace"
        )
        # Indented later, as they are copied into the invocation.
        self.notifications = JsonArrayWriter(self.spool, indent=0)
        self.out.write(
            '{\n  "$schema": "' + SCHEMA_URI + '",\n  "version": "' + VERSION + '",\n'
            '  "runs": [\n    {\n      "columnKind": "unicodeCodePoints",\n'
            '      "results": ['
        )
        self.results = JsonArrayWriter(out, indent=8)

    def add_rules(self, rules: tuple[Rule, ...]) -> None:
        for rule in rules:
            if rule.id not in self.rule_index:
                self.rule_index[rule.id] = len(self.rules)
                self.rules.append(rule_descriptor(rule))

    def report(self, origin: Origin, report: Report) -> None:
        for finding in report.findings:
            self.results.add(result(origin, report, finding, self.rule_index.get(finding.rule_id)))

    def bad_record(self, origin: Origin, message: str) -> None:
        location: dict[str, Any] = {"artifactLocation": artifact_location(origin)}
        if origin.is_file:
            location["region"] = {"startLine": origin.line}
        note: dict[str, Any] = {
            "level": "error",
            "message": {"text": f"bad record: {message}"},
            "locations": [{"physicalLocation": location}],
        }
        if origin.id is not None:
            note["properties"] = {"recordId": origin.id}
        self.notifications.add(note)

    def finish(self, summary: Summary, fatal: str | None = None) -> None:
        if fatal is not None:
            self.notifications.add({"level": "error", "message": {"text": fatal}})
        self.results.close()
        self.out.write(",")
        driver = {
            "name": TOOL_NAME,
            "version": __version__,
            "semanticVersion": __version__,
            "rules": self.rules,
        }
        tool = dumps({"driver": driver}, indent=2).replace("\n", "\n      ")
        self.out.write('\n      "tool": ' + tool + ",")
        invocation: dict[str, Any] = {
            "executionSuccessful": fatal is None and summary.errors == 0,
            "arguments": self.arguments,
            "properties": {"summary": summary.to_dict(), "config": self.config},
        }
        head = dumps(invocation, indent=2)
        if not self.notifications.count:
            self.out.write('\n      "invocations": [\n        ')
            self.out.write(head.replace("\n", "\n        ") + "\n      ]")
        else:
            # The notifications were spooled to a file; the invocation object is reopened
            # (its closing brace dropped) and they are copied in chunk by chunk.
            body = head[: head.rindex("}")].rstrip().replace("\n", "\n        ")
            self.out.write('\n      "invocations": [\n        ' + body + ",")
            self.out.write('\n          "toolExecutionNotifications": [')
            self.spool.seek(0)
            for chunk in iter(lambda: self.spool.read(1 << 16), ""):
                self.out.write(chunk.replace("\n", "\n            "))
            self.out.write("\n          ]\n        }\n      ]")
        self.out.write("\n    }\n  ]\n}\n")
        self.spool.close()
