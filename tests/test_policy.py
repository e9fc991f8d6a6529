"""Pack policy as enums: what each label-language rule, placement rule and confidence tag means,
and the data that moved out of code (thank-you words, platform aliases)."""

from __future__ import annotations

import pytest

import disclosure_check as dc
from disclosure_check import discovery
from disclosure_check.errors import PackError
from disclosure_check.pack import load_pack
from disclosure_check.platforms import resolve_platform
from disclosure_check.policy import ConfidenceTag, LabelLanguage, PlacementRule
from disclosure_check.registry import BuiltRules, build_pack_rules
from disclosure_check.rules.standard import STANDARD_RULES, AmbiguousDisclosure

AUDIENCE = ("fr",)


@pytest.mark.parametrize(
    ("rule", "label", "caption", "accepted"),
    [
        ("local", "fr", "en", True),
        ("local", "en", "en", False),
        ("local-or-en", "en", "de", True),
        ("local-or-en", "de", "de", False),
        ("post", "de", "de", True),
        ("post", "fr", "de", False),
        ("post", "de", None, True),  # caption language unknown: the label is the evidence
        ("post-or-en", "en", "de", True),
        ("post-or-en", "fr", "de", False),
        ("any", "pl", "de", True),
    ],
)
def test_label_language_rules(rule, label, caption, accepted):
    assert LabelLanguage(rule).accepts(label, lambda: caption, AUDIENCE) is accepted


def test_caption_language_is_asked_for_only_by_the_post_rules():
    asked = []

    def caption_language():
        asked.append(True)
        return "fr"

    for rule in LabelLanguage:
        asked.clear()
        rule.accepts("de", caption_language, AUDIENCE)
        assert bool(asked) is rule.needs_caption_language, rule


def test_placement_and_confidence_words():
    assert "first 2 hashtags" in PlacementRule.FIRST_HASHTAGS.describe(hashtags=2)
    assert PlacementRule.START.short(max_chars=40) == "start (40 chars)"
    assert ConfidenceTag.U.cap(dc.Severity.ERROR) is dc.Severity.WARNING
    assert ConfidenceTag.V.cap(dc.Severity.ERROR) is dc.Severity.ERROR
    assert ConfidenceTag("S").confidence is dc.Confidence.MEDIUM


def test_the_loader_returns_enums_that_still_equal_the_pack_strings():
    fr = discovery.load("fr")
    assert fr.audience is not None and fr.audience.label_language is LabelLanguage.LOCAL
    assert fr.audience.label_language == "local"
    assert isinstance(fr.confidence, ConfidenceTag)


def test_thank_you_words_come_from_the_language_files():
    core = discovery.load("core")
    thanks = {w for d in core.languages for w in d.thanks}
    assert {"merci", "danke", "obrigad", "tak "} <= thanks
    fr = next(d for d in core.languages if d.language == "fr")
    assert fr.thanks == ("merci",)


def test_a_packs_own_thank_you_words_apply_to_its_labels(tmp_path):
    (tmp_path / "lang").mkdir()
    (tmp_path / "lang" / "xx.toml").write_text('language = "xx"\nthanks = ["dhanyavad"]\n')
    (tmp_path / "pack.toml").write_text(
        '[pack]\nid = "zz"\nprefix = "ZZ"\n'
        '[[labels]]\ntext = "dhanyavad {brand}"\nlang = "xx"\nstrength = "ambiguous"\n'
        '[[labels]]\ntext = "merci {brand}"\nlang = "fr"\nstrength = "ambiguous"\n'
        '[[labels]]\ntext = "sponsored by {brand}"\nlang = "en"\nstrength = "clear"\n'
    )
    pack = load_pack(tmp_path)
    assert [s.admits_relationship for s in pack.labels] == [False, False, True]


def test_platform_aliases_come_from_the_data_file():
    assert resolve_platform(" IG ").name == "instagram"
    assert resolve_platform("twitter").name == "x"
    assert dc.platforms()["youtube"].aliases == ("yt",)


def test_standard_rules_are_numbered_in_order_and_left_out_only_when_they_cannot_fire():
    assert [cls.number for cls in STANDARD_RULES] == ["101", "102", "103", "104"]
    cn = discovery.load("cn")
    assert not AmbiguousDisclosure.applies_to(cn, ())
    assert "CN102" not in {r.id for r in dc.Checker("CN").rules}
    assert {"FR101", "FR102", "FR103", "FR104"} <= {r.id for r in dc.Checker("FR").rules}


def test_a_standard_rule_that_applies_but_cannot_show_a_failing_example_is_an_error(
    monkeypatch,
):
    monkeypatch.setattr(
        AmbiguousDisclosure,
        "describe",
        classmethod(lambda cls, pack, lexicon: dc.RuleDoc(summary="no examples")),
    )
    with pytest.raises(PackError, match="FR102 applies to the pack but its documentation"):
        build_pack_rules(discovery.load("fr"), BuiltRules())
