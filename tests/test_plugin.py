"""The plug-in path, proven with a real third-party pack (examples/dc-pack-example)."""

from __future__ import annotations

import os

import pytest

import disclosure_check as dc
from disclosure_check import discovery

installed = "example" in discovery.available()
if not installed and os.environ.get("CI"):
    pytest.fail("the example pack must be installed in CI: pip install ./examples/dc-pack-example")
pytestmark = pytest.mark.skipif(not installed, reason="examples/dc-pack-example not installed")


def test_pack_is_discovered_with_its_distribution():
    entry = discovery.available()["example"]
    assert entry.distribution == "dc-pack-example"


def test_declarative_and_python_rules_run():
    checker = dc.Checker("UK", packs=["example"])
    report = checker.check("new drop from @glowco\ncode GLOW20\n#ad this tea melts fat")
    ids = {f.rule_id for f in report.findings}
    assert {"EX101", "EX201"} <= ids


def test_hand_written_pattern_runs():
    report = dc.check("#ad lose 5 kg in 10 days with @teaco", packs=["example"])
    assert "EX101" in {f.rule_id for f in report.findings}


def test_rules_not_enabled_unless_asked_for():
    report = dc.check("#ad this tea melts fat")
    assert not any(f.rule_id.startswith("EX") for f in report.findings)
