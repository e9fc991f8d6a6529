"""Which label words are labels: context rules for short and common words."""

from __future__ import annotations

import pytest

import disclosure_check as dc

UK = dc.Checker("UK", "instagram")
FR = dc.Checker("FR", "instagram")


def labels(checker: dc.Checker, caption: str) -> list[str]:
    return [d.text for d in checker.check(caption).disclosures]


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        ("Ad: new drop from @glowco", ["Ad"]),
        ("[AD] new drop from @glowco", ["AD"]),
        ("AD | new drop from @glowco", ["AD"]),
        ("new drop from @glowco #ad", ["#ad"]),
        ("an ad for shoes I saw on the bus", []),
        ("ad-hoc meeting with the team", []),
        ("love my new #adidas trainers", []),
    ],
)
def test_short_label_words(caption, expected):
    assert labels(UK, caption) == expected


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        ("Publicité | ma routine avec @glowco", ["Publicité"]),
        ("la publicité à la télé, c'est insupportable", []),
        ("code LEA20, ma routine du soir, publicité", ["publicité"]),
        ("Tout vient de chez @glowco, publicité évidemment", ["publicité"]),
        ("#CollaborationCommerciale avec @glowco", ["#CollaborationCommerciale"]),
    ],
)
def test_common_label_words_in_sentences(caption, expected):
    assert labels(FR, caption) == expected


def test_hidden_label_in_the_trailing_pile():
    report = UK.check("Loved this serum, code GLOW20\n\n#skincare #ad #glow #beauty")
    (disclosure,) = report.disclosures
    assert disclosure.text == "#ad" and not disclosure.visible
    assert [f.rule_id for f in report.findings] == ["UK103"]
    fixed = report.findings[0].fix.apply(report.caption)
    assert fixed.startswith("#ad ") and fixed.count("#ad") == 1
