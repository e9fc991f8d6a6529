"""Jurisdiction codes come from the packs' own data, and a broken pack is never hidden."""

from __future__ import annotations

from importlib.metadata import EntryPoint

import pytest

import disclosure_check as dc
from disclosure_check import discovery
from disclosure_check.discovery import PackEntry
from disclosure_check.errors import PackError


def test_codes_are_the_packs_declared_jurisdictions():
    codes = dc.known_jurisdictions()
    assert {"FR", "GB", "UK", "US", "EU"} <= set(codes)
    assert "EL" not in codes  # no pack declares it
    # GB and UK are one pack's codes; findings name the code the caller used.
    for code in ("UK", "GB"):
        report = dc.check("Use code GLOW20 at @glowco", jurisdiction=code)
        assert report.jurisdictions == (code,)
        assert {f.jurisdiction for f in report.findings if f.rule_id.startswith("UK")} == {code}


def test_unknown_code_lists_the_known_ones():
    with pytest.raises(ValueError, match=r"unknown jurisdiction 'XX'.*known jurisdictions: AT"):
        dc.Checker("XX")


@pytest.fixture
def broken_pack(monkeypatch):
    real = discovery.available()
    broken = PackEntry("zz", "no_such_module_for_dc_tests", "broken-dist", "1.0")
    monkeypatch.setattr(discovery, "available", lambda: {**real, "zz": broken})
    discovery.clear_cache()
    yield
    monkeypatch.undo()
    discovery.clear_cache()


def test_listing_jurisdictions_fails_loudly_on_a_broken_pack(broken_pack):
    with pytest.raises(PackError, match=r"'zz' from broken-dist"):
        dc.known_jurisdictions()


def test_a_code_that_names_its_pack_does_not_need_the_others(broken_pack):
    # "FR" is the fr pack's own code: resolving it loads fr only, so an unrelated broken pack
    # does not stop a French check (asking for every code, above, does fail loudly).
    assert dc.Checker("FR").jurisdictions == ("FR",)


def test_a_second_distribution_cannot_replace_a_built_in_pack():
    fake = EntryPoint(name="core", value="evil_pack", group=discovery.GROUP)
    with pytest.raises(PackError, match=r"'core' is registered twice.*disclosure-check.*evil_pack"):
        discovery.entries_from([fake])


def test_new_pack_names_are_added_beside_the_built_ins():
    extra = EntryPoint(name="zz", value="some_pack", group=discovery.GROUP)
    found = discovery.entries_from([extra])
    assert found["zz"].value == "some_pack" and found["core"].distribution == "disclosure-check"
