"""The boundary table: where a term matches and where it must not (DESIGN §3.6)."""

import pytest

from disclosure_check.caption import Caption
from disclosure_check.matching import TermMatcher, trie_pattern

TERMS = [
    ("#ad", "ad-tag"),
    ("ad", "ad-word"),
    ("collaboration commerciale", "cc"),
    ("collaboration", "collab"),
    ("publicité", "pub"),
    ("sponsored", "sponsored"),
    ("not sponsored", "denial"),
    ("thanks {brand}", "thanks"),
    ("sponsored by {brand?}", "sponsored-by"),
    ("#{brand}partner", "brand-partner"),
    ("广告", "guanggao"),
    ("광고", "gwanggo"),
    ("PR-Sample", "pr-sample"),
]
MATCHER = TermMatcher(TERMS)


def found(text):
    caption = Caption(text)
    return [(text[m.start : m.end], m.payloads) for m in MATCHER.find(caption)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "great day #ad #sponsored",
            [("#ad", ("ad-tag", "ad-word")), ("#sponsored", ("sponsored",))],
        ),
        ("#AD love it", [("#AD", ("ad-tag", "ad-word"))]),
        ("#adidas #adventure ad-hoc", [("ad", ("ad-word",))]),
        ("[AD] new drop", [("AD", ("ad-word",))]),
        ("Ad: new drop", [("Ad", ("ad-word",))]),
        ("AD | new drop", [("AD", ("ad-word",))]),
        ("(publicité) ok", [("publicité", ("pub",))]),
        ("#CollaborationCommerciale avec", [("#CollaborationCommerciale", ("cc",))]),
        ("#collaboration_commerciale", [("#collaboration_commerciale", ("cc",))]),
        ("Collaboration  commerciale !", [("Collaboration  commerciale", ("cc",))]),
        ("une collaboration avec", [("collaboration", ("collab",))]),
        ("this is not sponsored", [("not sponsored", ("denial",))]),
        ("thanks @glowco for this", [("thanks @glowco", ("thanks",))]),
        ("thanks everyone", []),
        ("Sponsored by @glow.co!", [("Sponsored by @glow.co", ("sponsored-by",))]),
        ("Sponsored by", [("Sponsored by", ("sponsored-by",))]),
        ("#GlowcoPartner", [("#GlowcoPartner", ("brand-partner",))]),
        ("这是广告哦", [("广告", ("guanggao",))]),
        ("[광고] 올가을", [("광고", ("gwanggo",))]),
        ("PR Sample and PR-Sample", [("PR Sample", ("pr-sample",)), ("PR-Sample", ("pr-sample",))]),
        ("see shop.com/#ad and @ad", []),
        ("https://x.com/p?code=ad", []),
        ("badge bad", []),
        ("＃ａｄ", [("＃ａｄ", ("ad-tag", "ad-word"))]),
    ],
)
def test_boundaries(text, expected):
    assert found(text) == expected


def test_trie_prefers_the_longest_term():
    import re

    pattern = re.compile(f"(?:{trie_pattern(['ab', 'abc', 'abcd'])})(?!\\w)")
    assert pattern.match("abcd").group() == "abcd"
    assert pattern.match("abc def").group() == "abc"
