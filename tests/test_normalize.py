import pytest

from disclosure_check.normalize import FoldedText, fold_text


@pytest.mark.parametrize(
    ("original", "folded"),
    [
        ("Publicité", "publicite"),
        ("𝐏𝐮𝐛𝐥𝐢𝐜𝐢𝐭é", "publicite"),
        ("＃ａｄ", "#ad"),
        ("🅐🅓", "ad"),
        ("🄰🄳", "ad"),
        ("ᴀᴅ", "ad"),
        ("#a\u200bd", "#ad"),
        ("Wer\u00adbung", "werbung"),
        ("#\u0430d", "#ad"),  # Cyrillic а
        ("e\u0301te\u0301", "ete"),  # decomposed accents
        ("Straße", "strasse"),
        ("&#35;ad", "#ad"),
        ("Rock &amp; roll", "rock & roll"),
        ("współpraca", "wspolpraca"),
        ("Ad\u2019s", "ad's"),
    ],
)
def test_fold(original, folded):
    assert fold_text(original) == folded


@pytest.mark.parametrize(
    "original",
    ["Straße #ad", "x &#35;ad y", "a\u200bb 𝐏𝐮𝐛 é", "\ud800 lone", "🇫🇷 ＃ａｄ 𝓪𝓭", "\r\n#ad\r\n"],
)
def test_every_folded_range_maps_back_inside_the_original(original):
    view = FoldedText.of(original)
    for i in range(len(view.text)):
        for j in range(i, len(view.text) + 1):
            start, end = view.to_original(i, j)
            assert 0 <= start <= end <= len(original)


def test_spans_survive_normalisation():
    original = "x 𝐏𝐮𝐛𝐥𝐢𝐜𝐢𝐭é &#35;ad"
    view = FoldedText.of(original)
    i = view.text.index("publicite")
    start, end = view.to_original(i, i + len("publicite"))
    assert original[start:end] == "𝐏𝐮𝐛𝐥𝐢𝐜𝐢𝐭é"
    i = view.text.index("#ad")
    start, end = view.to_original(i, i + 3)
    assert original[start:end] == "&#35;ad"


def test_ascii_fast_path_keeps_identity_offsets():
    view = FoldedText.of("Use Code EMMA20")
    assert view.text == "use code emma20" and view.identity
