"""Signal detectors: links, discount codes, phrases, brand mentions, denials."""

from __future__ import annotations

import pytest

import disclosure_check as dc
from disclosure_check.signals.codes import is_code_like
from disclosure_check.signals.links import LinkClassifier

CHECKER = dc.Checker(None, "instagram")
LINKS: LinkClassifier = CHECKER.links


def kinds(caption: str, **kwargs) -> list[tuple[str, str]]:
    report = CHECKER.check(caption, **kwargs)
    return [(s.kind.value, s.text) for s in report.signals]


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://amzn.to/3xYzAb", "affiliate-link"),
        ("amzn.to/3xYzAb", "affiliate-link"),
        ("https://www.amazon.co.uk/dp/B01?tag=emma-21", "affiliate-link"),
        ("https://www.amazon.de/shop/emma", "affiliate-link"),
        ("https://www.amazon.com/dp/B01", None),
        ("https://liketk.it/4abc", "affiliate-link"),
        ("rstyle.me/+abc", "affiliate-link"),
        ("https://shop.example.com/p?utm_medium=affiliate", "affiliate-link"),
        ("https://shop.example.com/p?irclickid=xyz", "affiliate-link"),
        ("https://bit.ly/3abc", "possible-affiliate-link"),
        ("linktr.ee/emma", "possible-affiliate-link"),
        ("https://www.bbc.co.uk/news", None),
        # A partner's aid= is an affiliate link; the page a visitor copies carries sid=/label=.
        ("https://www.booking.com/hotel/pt/casa-azul.html?aid=123456", "affiliate-link"),
        ("https://www.booking.com/hotel/pt/casa-azul.html?aid=111&label=gen1&sid=ab", None),
        ("https://www.booking.com/hotel/pt/casa-azul.html?aid=111&sid=ab", None),
        ("https://www.booking.com/hotel/pt/casa-azul.html", None),
    ],
)
def test_link_classification(url, kind):
    verdict = LINKS.classify(url)
    assert (verdict[0].value if verdict else None) == kind


@pytest.mark.parametrize(
    ("token", "code"),
    [("EMMA20", True), ("emma20", True), ("GLOW", True), ("2024", True), ("20", False),
     ("review", False), ("QR", False), ("Review", False), ("OK", False)],
)  # fmt: skip
def test_code_like(token, code):
    assert is_code_like(token) is code


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        ("Use code EMMA20 at checkout", [("discount-code", "EMMA20")]),
        ("code: «LEA15» ✨", [("discount-code", "LEA15")]),
        ("Rabattcode ANNA10 gilt bis Sonntag", [("discount-code", "ANNA10")]),
        ("our code review went well", []),
        ("the dress code is black tie", []),
        ("scan the QR code at the door", []),
    ],
)
def test_discount_codes(caption, expected):
    assert [k for k in kinds(caption) if k[0] == "discount-code"] == expected


def test_link_in_a_url_is_not_a_hashtag_and_a_code_param_is_not_a_code():
    signals = kinds("see https://shop.example.com/p?code=SAVE20#ad")
    assert ("discount-code", "SAVE20") not in signals


def test_brand_mention_needs_promotional_context():
    assert ("brand-mention", "@glowco") in kinds("new serum from @glowco, code GLOW20")
    assert [k for k in kinds("sunday run with @anna.k 🏃") if k[0] == "brand-mention"] == []
    named = kinds("sunday run with @anna.k", post=dc.PostInfo(brands=("anna.k",)))
    assert ("brand-mention", "@anna.k") in named


def test_gifted_phrase_span_excludes_the_brand():
    signals = kinds("Offert par @atelierlune, merci ✨")
    assert ("gifted", "Offert par") in signals


def test_negated_label_is_a_denial_not_a_disclosure():
    report = CHECKER.check("Ce n'est pas une publicité, j'adore juste ce café")
    assert report.disclosures == ()
    assert [s.kind.value for s in report.signals] == ["denial"]


def test_sponsored_flag_comes_from_the_caller():
    report = CHECKER.check("hello", post=dc.PostInfo(relationship="gifted"))
    assert [(s.kind.value, s.span, s.detail) for s in report.signals] == [
        ("sponsored-flag", dc.Span(0, 0), "gifted")
    ]


@pytest.mark.parametrize(
    ("caption", "kind", "text"),
    [
        ("c o d e  EMMA20 ✨", "discount-code", "EMMA20"),
        ("link in b!o to shop", "call-to-action", "link in b!o"),
        ("grab it: amzn . to / 3xYzAb", "affiliate-link", "amzn . to / 3xYzAb"),
    ],
)
def test_disguised_signals(caption, kind, text):
    assert (kind, text) in kinds(caption)
