"""Runs every case file in tests/cases/ through dc.check (format: docs/data-formats.md)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from conftest import unmark

import disclosure_check as dc

CASES = Path(__file__).parent / "cases"


def _load():
    for path in sorted(CASES.glob("*.toml")):
        data = tomllib.loads(path.read_text("utf-8"))
        for i, case in enumerate(data.get("case", [])):
            yield pytest.param(case, id=f"{path.stem}-{i:02d}")


@pytest.mark.parametrize("case", list(_load()))
def test_case(case):
    caption, marks = unmark(case["caption"])
    report = dc.check(
        caption,
        jurisdiction=case.get("jurisdiction"),
        platform=case.get("platform", "instagram"),
        language=case.get("language"),
        post=case.get("post"),
    )
    found = {(f.rule_id, f.span.start, f.span.end) for f in report.findings}
    ids = {f.rule_id for f in report.findings}
    detail = "\n".join(f"  {f.rule_id} {f.span} {f.message}" for f in report.findings)
    note = case.get("note", "")
    for start, end, tag in marks:
        if tag:
            for rule_id in tag.split(","):
                assert (rule_id.strip(), start, end) in found, (
                    f"expected {rule_id} on {caption[start:end]!r} ({note})\nfound:\n{detail}"
                )
    for rule_id in case.get("expect", []):
        assert rule_id in ids, f"expected {rule_id} ({note})\nfound:\n{detail}"
    for rule_id in case.get("absent", []):
        assert rule_id not in ids, f"{rule_id} must not fire ({note})\nfound:\n{detail}"


def test_every_jurisdiction_pack_has_a_case_file_with_ten_cases():
    import disclosure_check.discovery as discovery

    for name, entry in discovery.available().items():
        if name == "core" or entry.distribution != "disclosure-check":
            continue
        if not discovery.load(name).is_jurisdiction:
            continue
        path = CASES / f"{name}.toml"
        assert path.exists(), f"pack {name} has no case file {path}"
        cases = tomllib.loads(path.read_text("utf-8")).get("case", [])
        assert len(cases) >= 10, f"{path} has {len(cases)} cases; at least 10 are required"
