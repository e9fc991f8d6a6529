"""Runs every case file in tests/cases/ (format: docs/data-formats.md) through the same helper
that pack authors use, disclosure_check.testing."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

import disclosure_check.discovery as discovery
from disclosure_check.testing import CaseFileError, assert_case_file, read_case_file, run_case

CASES = Path(__file__).parent / "cases"


def _load():
    for path in sorted(CASES.glob("*.toml")):
        for i, case in enumerate(read_case_file(path)):
            yield pytest.param(case, id=f"{path.stem}-{i:02d}")


@pytest.mark.parametrize("case", list(_load()))
def test_case(case):
    result = run_case(case)
    assert result.ok, result.explain()


def test_every_jurisdiction_pack_has_a_case_file_with_ten_cases():
    for name, entry in discovery.available().items():
        if name == "core" or entry.distribution != "disclosure-check":
            continue
        if not discovery.load(name).is_jurisdiction:
            continue
        path = CASES / f"{name}.toml"
        assert path.exists(), f"pack {name} has no case file {path}"
        cases = tomllib.loads(path.read_text("utf-8")).get("case", [])
        assert len(cases) >= 10, f"{path} has {len(cases)} cases; at least 10 are required"


def test_a_failing_case_file_names_the_case_the_rule_and_the_span(tmp_path):
    path = tmp_path / "cases.toml"
    path.write_text(
        '[[case]]\ncaption = "Love this serum ⟦#sp⟧{UK101}"\njurisdiction = "UK"\n'
        'absent = ["UK102"]\nnote = "deliberately wrong"\n',
        encoding="utf-8",
    )
    with pytest.raises(AssertionError) as info:
        assert_case_file(path)
    text = str(info.value)
    assert "1 of 1 cases failed" in text and "case #0 (deliberately wrong)" in text
    assert "expected UK101 on '#sp' (offsets 16-19)" in text
    assert "UK102 must not fire" in text


def test_a_malformed_case_is_reported_with_its_key(tmp_path):
    path = tmp_path / "cases.toml"
    path.write_text('[[case]]\ncaption = "#ad"\nexpected = ["UK101"]\n', encoding="utf-8")
    with pytest.raises(CaseFileError, match=r"case #0: unknown key 'expected'"):
        read_case_file(path)


@pytest.mark.skipif(
    "example" not in discovery.available(), reason="examples/dc-pack-example not installed"
)
def test_the_example_pack_cases_pass_through_the_same_helper():
    cases = Path(__file__).parents[1] / "examples/dc-pack-example/tests/cases.toml"
    assert_case_file(cases, packs=["example"])
