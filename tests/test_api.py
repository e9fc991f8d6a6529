"""The public contract (DESIGN §2) and error messages for bad input."""

from __future__ import annotations

import json

import pytest

import disclosure_check as dc


def test_check_returns_evidence_and_a_fix():
    report = dc.check("Use code EMMA20 at @glowco ✨", jurisdiction="UK", platform="instagram")
    assert report.commercial and not report.ok
    (finding,) = [f for f in report.findings if f.category is dc.Category.MISSING_DISCLOSURE]
    assert report.caption[finding.span.start : finding.span.end] == "EMMA20"
    assert finding.fix is not None
    fixed = finding.fix.apply(report.caption)
    assert fixed.startswith("#ad") and fixed.endswith(report.caption)
    assert finding.fix.applicability is dc.Applicability.SUGGESTED


def test_to_dict_has_exactly_the_contract_names():
    report = dc.check("#ad new drop from @glowco, code GLOW20", jurisdiction="US")
    data = report.to_dict()
    assert set(data) == {
        "caption",
        "language",
        "language_source",
        "jurisdictions",
        "platform",
        "signals",
        "disclosures",
        "findings",
        "commercial",
        "ok",
    }
    json.dumps(data)
    assert set(data["signals"][0]) == {"kind", "span", "text", "detail"}
    assert set(data["disclosures"][0]) == {
        "span",
        "text",
        "strength",
        "language",
        "visible",
        "relationship",
    }
    assert data["signals"][0]["span"].keys() == {"start", "end"}


def test_finding_dict_names():
    report = dc.check("code GLOW20 @glowco", jurisdiction="FR")
    finding = report.to_dict()["findings"][0]
    assert {
        "rule_id",
        "name",
        "category",
        "severity",
        "confidence",
        "message",
        "span",
        "fix",
        "related",
    } <= set(finding)


@pytest.mark.parametrize("bad", [None, b"#ad", 3, ["#ad"]])
def test_non_string_caption_is_a_type_error(bad):
    with pytest.raises(TypeError, match="caption must be a str"):
        dc.check(bad)


def test_unknown_jurisdiction_lists_the_known_ones():
    with pytest.raises(ValueError, match=r"unknown jurisdiction 'XX'.*FR"):
        dc.check("hello", jurisdiction="XX")


def test_jurisdiction_of_the_wrong_type():
    with pytest.raises(TypeError, match="jurisdiction"):
        dc.check("hello", jurisdiction=3)


@pytest.mark.parametrize("platform", ["", "myspace"])
def test_unknown_platform_lists_the_known_ones(platform):
    with pytest.raises(ValueError, match=r"known platforms: .*instagram"):
        dc.check("hello", platform=platform)


def test_postinfo_validates_its_fields():
    with pytest.raises(TypeError, match=r"PostInfo\.sponsored"):
        dc.PostInfo(sponsored="yes")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"PostInfo\.relationship"):
        dc.PostInfo(relationship="bribe")
    with pytest.raises(TypeError, match="brands"):
        dc.PostInfo(brands="glowco")  # type: ignore[arg-type]


def test_bad_language_tag():
    with pytest.raises(ValueError, match="BCP-47"):
        dc.check("hello", language="french!")
    with pytest.raises(TypeError, match="language"):
        dc.check("hello", language=5)  # type: ignore[arg-type]


def test_empty_caption_is_valid():
    assert dc.check("").findings == ()
    report = dc.check("", post=dc.PostInfo(sponsored=True), jurisdiction="FR")
    assert [f.rule_id for f in report.findings] == ["FR101"]
    assert report.findings[0].span == dc.Span(0, 0)


def test_sponsored_false_keeps_weak_text_evidence_non_commercial():
    report = dc.check("#gifted by @glowco", post=dc.PostInfo(sponsored=False))
    assert not report.commercial
    report = dc.check("code GLOW20 at @glowco", post=dc.PostInfo(sponsored=False))
    assert report.commercial


def test_a_denial_alone_is_not_commercial():
    report = dc.check("Not sponsored, I just love this bakery 🥐")
    assert not report.commercial and report.findings == ()
    assert [s.kind for s in report.signals] == [dc.SignalKind.DENIAL]


def test_language_given_wins_and_is_recorded():
    report = dc.check("Publicité | code GLOW20", jurisdiction="FR", language="fr-FR")
    assert (report.language, report.language_source) == ("fr", "given")


def test_findings_are_sorted_and_unique():
    report = dc.check("not sponsored! code GLOW20 amzn.to/3abc @glowco", jurisdiction="US")
    keys = [f.sort_key() for f in report.findings]
    assert keys == sorted(keys) and len(keys) == len(set(keys))


def test_checker_is_reusable_and_check_many_keeps_order():
    checker = dc.Checker(jurisdiction="FR", platform="instagram")
    captions = ["code GLOW20", "Publicité | code GLOW20", "bonjour"]
    reports = list(checker.check_many(captions))
    assert [r.caption for r in reports] == captions
    assert [r.ok for r in reports] == [False, True, True]


def test_check_many_collects_bad_records_and_goes_on():
    checker = dc.Checker(jurisdiction="FR")
    items = ["code GLOW20", {"id": "b", "caption": 5}, {"id": "c"}, "ok"]
    out = list(checker.check_many(items, errors="collect"))
    assert isinstance(out[1], dc.BatchError) and out[1].id == "b" and "str" in out[1].error
    assert isinstance(out[2], dc.BatchError) and "caption" in out[2].error
    assert isinstance(out[3], dc.Report)
    with pytest.raises(TypeError):
        list(checker.check_many(items))


def test_multiple_jurisdictions_report_each_and_share_one_fix():
    report = dc.check("code GLOW20 chez @glowco", jurisdiction=["FR", "BE"], language="fr")
    by_j = {f.jurisdiction for f in report.findings if f.category is dc.Category.MISSING_DISCLOSURE}
    assert by_j == {"FR", "BE"}
    fixes = {f.fix.edits for f in report.findings if f.fix}
    assert len(fixes) == 1
    fixed = report.corrected_caption
    again = dc.check(fixed, jurisdiction=["FR", "BE"], language="fr")
    assert not [f for f in again.findings if f.category is dc.Category.MISSING_DISCLOSURE]


def test_select_and_ignore():
    checker = dc.Checker("FR", ignore=["FR101"])
    assert "FR101" not in {r.id for r in checker.rules}
    checker = dc.Checker("FR", select=["missing-disclosure"])
    assert {r.id for r in checker.rules} == {"FR101"}
    with pytest.raises(ValueError, match="matches no rule"):
        dc.Checker("FR", select=["FR999"])


def test_unknown_pack_names_the_pack():
    with pytest.raises(dc.PackNotFoundError, match="'nosuchpack' is not installed"):
        dc.Checker(packs=["nosuchpack"])


def test_check_many_with_workers_matches_serial():
    checker = dc.Checker("FR", "instagram")
    items = [f"code LEA{n} chez @glowco" if n % 3 else "bonjour à tous" for n in range(300)]
    items.insert(7, {"id": "bad", "caption": 3})
    serial = list(checker.check_many(items, errors="collect"))
    parallel = list(checker.check_many(items, errors="collect", workers=2, chunk_size=16))
    assert parallel == serial
    assert isinstance(parallel[7], dc.BatchError) and parallel[7].index == 7
    with pytest.raises(TypeError, match="caption must be a str"):
        list(checker.check_many(items, workers=2, chunk_size=16))


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: dc.Checker().check_many(5), TypeError, "iterable of captions"),
        (lambda: dc.Checker().check_many("one caption"), TypeError, "use check"),
        (lambda: dc.Checker().check_many([], workers=0), ValueError, "workers"),
        (lambda: dc.Checker(select=3), TypeError, "select must be"),
        (lambda: dc.Checker(packs=[1]), TypeError, "packs must be"),
        (lambda: dc.Checker(severity="error"), TypeError, "severity must be"),
        (lambda: dc.Checker(options={"fold-char": 3}), ValueError, "did you mean 'fold-chars'"),
        (lambda: dc.Checker(options={"fold-chars": -1}), ValueError, "whole number"),
        (lambda: dc.Checker("FR", severity={"FR999": "error"}), ValueError, "unknown rule"),
        (lambda: dc.check("x", post=["sponsored"]), TypeError, "post must be"),
    ],
)
def test_wrong_arguments_name_the_argument(call, error, match):
    with pytest.raises(error, match=match):
        result = call()
        if hasattr(result, "__next__"):
            next(result)


def test_fold_option_overrides_the_platform():
    caption = "Code LEA20 chez @glowco, ma routine du soir Publicité"
    assert "FR103" not in {f.rule_id for f in dc.Checker("FR", "instagram").check(caption).findings}
    narrow = dc.Checker("FR", "instagram", options={"fold-chars": 20})
    assert "FR103" in {f.rule_id for f in narrow.check(caption).findings}
