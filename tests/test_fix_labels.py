"""A suggested label is one the rules then accept: applying the fix settles the finding."""

from __future__ import annotations

import pytest

import disclosure_check as dc

FRENCH = "#ad Nouvelle routine beauté avec le code LEA20 chez @glowco, je l'adore vraiment"
GERMAN = "#ad Meine neue Morgenroutine mit dem Code LEA20 bei @glowco, ich liebe es wirklich"


@pytest.mark.parametrize(("caption", "label"), [(FRENCH, "Publicité"), (GERMAN, "Werbung")])
def test_us_asks_for_the_captions_own_language_and_the_fix_gives_it(caption, label):
    report = dc.check(caption, jurisdiction="US")
    [finding] = report.findings
    lang = report.language
    assert finding.rule_id == "US104"
    assert f"needs one in {lang}, the caption's language" in finding.message
    assert report.corrected_caption.startswith(label)
    assert dc.check(report.corrected_caption, jurisdiction="US").findings == ()


def test_several_markets_get_one_word_each_group_not_a_pile():
    markets = ["US", "UK", "FR", "DE"]
    caption = "Mon nouveau sérum, code LEA20 chez @glowco, je l'adore"
    report = dc.check(caption, jurisdiction=markets)
    fix = report.findings[0].fix
    assert fix is not None
    inserted = fix.edits[0].replacement
    words = [w.strip() for w in inserted.strip(" |").split(" / ")]
    assert sorted(words) == ["#ad", "Publicité", "Werbung"]
    # The message says which market needs which word.
    assert "'Werbung' for Germany" in fix.message and "'#ad' for United Kingdom" in fix.message
    assert dc.check(report.corrected_caption, jurisdiction=markets).findings == ()


def test_one_word_all_markets_accept_is_used_alone():
    report = dc.check("Mon nouveau sérum, code LEA20 chez @glowco", jurisdiction=["FR", "BE"])
    assert {f.fix.edits[0].replacement for f in report.findings if f.fix} == {"Publicité | "}


def test_bracketed_labels_count_as_the_label_they_wrap():
    # Korean and Polish fixes are written in brackets; they are proposals like any other.
    caption = "Obsessed with my new serum, use code EMMA20 at @glowco"
    report = dc.check(caption, jurisdiction=["KR", "PL", "UK"])
    inserted = report.findings[0].fix.edits[0].replacement
    assert "[광고]" in inserted and "[REKLAMA]" in inserted and "#ad" in inserted
    assert not dc.check(report.corrected_caption, jurisdiction=["KR", "PL", "UK"]).findings


@pytest.mark.parametrize(
    ("jurisdiction", "caption", "label"),
    [
        ("UK", "Not sponsored! Get it here https://amzn.to/3xYz and code EMMA20", "#ad"),
        ("FR", "Pas sponsorisé, j'adore ce thé, code THE20 chez @maison", "Publicité"),
    ],
)
def test_a_false_denial_is_taken_out_when_the_label_goes_in(jurisdiction, caption, label):
    report = dc.check(caption, jurisdiction=jurisdiction)
    denial = next(f for f in report.findings if f.rule_id == "DC201")
    assert denial.fix is not None and "Remove" in denial.fix.message
    corrected = report.corrected_caption
    assert corrected.startswith(label)
    assert "sponsor" not in corrected.lower()
    assert dc.check(corrected, jurisdiction=jurisdiction).findings == ()
    # Applying the fixes again changes nothing more: the corrected caption is settled.
    assert dc.check(corrected, jurisdiction=jurisdiction).corrected_caption == corrected


def test_a_short_label_moved_up_front_keeps_a_separator():
    caption = (
        "Finished the five-day trail today 🥾 my boots survived bog, sideways rain, two river "
        "crossings and one very angry sheep called Gerald.\nAd | code PEAKS10 at @trailcraft"
    )
    report = dc.check(caption, jurisdiction="BE")
    assert report.corrected_caption.startswith("Ad | Finished")
    assert dc.check(report.corrected_caption, jurisdiction="BE").findings == ()


@pytest.mark.parametrize("markets", [["KR", "IE"], ["IE", "KR"]])
def test_the_market_that_wants_the_first_word_gets_it(markets):
    caption = "Ma nouvelle collection de bijoux en argent recyclé, code BIJOU10 chez @atelier"
    report = dc.check(caption, jurisdiction=markets)
    assert report.corrected_caption.startswith("#ad / ")  # Ireland: the label is the first word
    assert dc.check(report.corrected_caption, jurisdiction=markets).findings == ()
