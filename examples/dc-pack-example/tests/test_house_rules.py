"""The agency's case file, run with the helper disclosure-check gives pack authors."""

from pathlib import Path

from disclosure_check.testing import assert_case_file


def test_house_rule_cases():
    assert_case_file(Path(__file__).parent / "cases.toml", packs=["example"])
