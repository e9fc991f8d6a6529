"""Properties that hold for any text: no crash, honest spans, determinism, working fixes."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import disclosure_check as dc

FR = dc.Checker("FR", "instagram")
FR_AGAIN = dc.Checker("FR", "instagram")
GLOBAL = dc.Checker(None, "tiktok")

# Text that looks like captions: words, labels, codes, links, tags, odd Unicode.
pieces = st.sampled_from(
    [
        "#ad",
        "Ad:",
        "[AD]",
        "Publicité",
        "publicite",
        "#CollaborationCommerciale",
        "code",
        "EMMA20",
        "use code",
        "GLOW20",
        "amzn.to/3xYz",
        "https://bit.ly/x",
        "@glowco",
        "#sp",
        "#gifted",
        "not sponsored",
        "pas sponsorisé",
        "Werbung",
        "#adidas",
        "link in bio",
        "giveaway",
        "𝐏𝐮𝐛",
        "＃ａｄ",
        "\u200b",
        "\u202e",
        "\ud800",
        "👩‍👩‍👧",
        "\r\n",
        "\n",
        " ",
        "é",
        "e\u0301",
        "&#35;ad",
        "ß",
        "广告",
        "[광고]",
        "💕",
        "...",
        "|",
        "Images retouchées",
    ]
)
captions = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(pieces, st.text(max_size=8)), max_size=40).map("".join),
)
posts = st.builds(
    dc.PostInfo,
    sponsored=st.sampled_from([None, True, False]),
    relationship=st.sampled_from([None, "paid", "gifted", "affiliate"]),
    platform_label=st.sampled_from([None, True]),
    image_retouched=st.sampled_from([None, True]),
)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(captions, posts)
def test_check_never_raises_and_spans_are_honest(caption, post):
    for checker in (FR, GLOBAL):
        report = checker.check(caption, post=post)
        for signal in report.signals:
            assert caption[signal.span.start : signal.span.end] == signal.text
        for disclosure in report.disclosures:
            assert caption[disclosure.span.start : disclosure.span.end] == disclosure.text
        for finding in report.findings:
            assert 0 <= finding.span.start <= finding.span.end <= len(caption)
            for span in finding.related:
                assert 0 <= span.start <= span.end <= len(caption)


@SETTINGS
@given(captions, posts)
def test_results_are_deterministic_across_runs_and_checkers(caption, post):
    first = FR.check(caption, post=post).to_dict()
    assert FR.check(caption, post=post).to_dict() == first
    assert FR_AGAIN.check(caption, post=post).to_dict() == first


@SETTINGS
@given(captions, posts)
def test_findings_are_sorted_and_unique(caption, post):
    findings = GLOBAL.check(caption, post=post).findings
    keys = [f.sort_key() for f in findings]
    assert keys == sorted(keys)
    assert len({(f.rule_id, f.span) for f in findings}) == len(findings)


@SETTINGS
@given(captions, posts)
def test_applying_a_fix_removes_its_finding(caption, post):
    report = FR.check(caption, language="fr", post=post)
    for finding in report.findings:
        if finding.fix is None or finding.category not in (
            dc.Category.MISSING_DISCLOSURE,
            dc.Category.AMBIGUOUS_DISCLOSURE,
            dc.Category.LANGUAGE_MISMATCH,
            dc.Category.HIDDEN_DISCLOSURE,
        ):
            continue
        fixed = finding.fix.apply(caption)
        again = FR.check(fixed, language="fr", post=post)
        assert finding.rule_id not in {f.rule_id for f in again.findings}, (fixed, again.findings)
