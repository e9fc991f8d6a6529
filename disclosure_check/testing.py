"""Run a pack's case files: captions with the findings they must (and must not) produce.

A case file is TOML with one `[[case]]` table per caption (docs/data-formats.md, "Rule case
files"). `⟦text⟧{ID}` marks the exact span a finding of rule `ID` must report; the markers are
removed before the caption is checked. A pack author's test can be one line:

    from disclosure_check.testing import assert_case_file

    def test_house_rules():
        assert_case_file("tests/cases.toml", packs=["example"])
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .checker import check
from .model import Finding

MARKER = re.compile(r"⟦(.*?)⟧(?:\{([^}]*)\})?", re.S)
_KEYS = ("caption", "jurisdiction", "platform", "language", "post", "expect", "absent", "note")


class CaseFileError(ValueError):
    """A case file that cannot be read: not TOML, or a case with a missing or unknown key."""


def unmark(marked: str) -> tuple[str, list[tuple[int, int, str | None]]]:
    """The caption without markers, and (start, end, tags) for each marked span."""
    out: list[str] = []
    spans: list[tuple[int, int, str | None]] = []
    pos = length = 0
    for m in MARKER.finditer(marked):
        before = marked[pos : m.start()]
        inner = m.group(1)
        out += (before, inner)
        length += len(before)
        spans.append((length, length + len(inner), m.group(2)))
        length += len(inner)
        pos = m.end()
    out.append(marked[pos:])
    return "".join(out), spans


@dataclass(frozen=True, slots=True)
class Case:
    """One `[[case]]` of a case file."""

    where: str  # "path #index"
    marked: str
    jurisdiction: str | list[str] | None = None
    platform: str | None = "instagram"
    language: str | None = None
    post: Mapping[str, Any] | None = None
    expect: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    note: str = ""

    @classmethod
    def from_table(cls, table: Mapping[str, Any], where: str) -> Case:
        unknown = sorted(set(table) - set(_KEYS))
        if unknown:
            raise CaseFileError(f"{where}: unknown key {unknown[0]!r}; known: {', '.join(_KEYS)}")
        caption = table.get("caption")
        if not isinstance(caption, str):
            raise CaseFileError(f"{where}: `caption` is missing or not a string")
        for key in ("expect", "absent"):
            value = table.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise CaseFileError(f"{where}: `{key}` must be a list of rule ids")
        return cls(
            where=where,
            marked=caption,
            jurisdiction=table.get("jurisdiction"),
            platform=table.get("platform", "instagram"),
            language=table.get("language"),
            post=table.get("post"),
            expect=tuple(table.get("expect", ())),
            absent=tuple(table.get("absent", ())),
            note=str(table.get("note", "")),
        )


@dataclass(frozen=True, slots=True)
class CaseResult:
    """What one case produced, and what it expected that did not happen."""

    case: Case
    caption: str
    findings: tuple[Finding, ...]
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    def explain(self) -> str:
        """A readable account of a failed case: where it is, what was wrong, what was found."""
        note = f" ({self.case.note})" if self.case.note else ""
        found = "\n".join(f"    {f.rule_id} {f.span} {f.message}" for f in self.findings)
        return (
            f"{self.case.where}{note}\n"
            + "".join(f"  {problem}\n" for problem in self.problems)
            + f"  caption: {self.caption!r}\n  found:\n{found or '    nothing'}"
        )


def read_case_file(path: str | Path) -> list[Case]:
    """The cases of a case file, checked for shape (a clear error names the case and key)."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CaseFileError(f"{path}: cannot read the case file: {exc}") from exc
    tables = data.get("case", [])
    if not isinstance(tables, list):
        raise CaseFileError(f"{path}: cases are written as [[case]] tables")
    return [Case.from_table(t, f"{path} case #{i}") for i, t in enumerate(tables)]


def run_case(case: Case, *, packs: Sequence[str] = ()) -> CaseResult:
    """Check one case's caption and compare the findings with what it expects."""
    caption, marks = unmark(case.marked)
    report = check(
        caption,
        jurisdiction=case.jurisdiction,
        platform=case.platform,
        language=case.language,
        post=case.post,
        packs=tuple(packs),
    )
    found = {(f.rule_id, f.span.start, f.span.end) for f in report.findings}
    ids = {f.rule_id for f in report.findings}
    problems = [
        f"expected {rule_id} on {caption[start:end]!r} (offsets {start}-{end})"
        for start, end, tags in marks
        for rule_id in (t.strip() for t in (tags or "").split(",") if t.strip())
        if (rule_id, start, end) not in found
    ]
    problems += [f"expected {rule_id} somewhere" for rule_id in case.expect if rule_id not in ids]
    problems += [f"{rule_id} must not fire" for rule_id in case.absent if rule_id in ids]
    return CaseResult(case, caption, report.findings, tuple(problems))


def run_case_file(path: str | Path, *, packs: Sequence[str] = ()) -> list[CaseResult]:
    """Every case of a case file, checked (`packs`: extra rule packs to enable by name)."""
    return [run_case(case, packs=packs) for case in read_case_file(path)]


def assert_case_file(path: str | Path, *, packs: Sequence[str] = ()) -> None:
    """Raise AssertionError describing every failed case of the file, if any failed."""
    results = run_case_file(path, packs=packs)
    failed = [r for r in results if not r.ok]
    if failed:
        raise AssertionError(
            f"{len(failed)} of {len(results)} cases failed:\n\n"
            + "\n\n".join(r.explain() for r in failed)
        )
