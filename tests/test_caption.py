from disclosure_check.caption import Caption, TokenKind
from disclosure_check.platforms import platforms

IG = platforms()["instagram"]
TT = platforms()["tiktok"]
THREADS = platforms()["threads"]


def test_tokens_carry_original_offsets():
    text = "Merci @glow.co ✨\n#sponsorisé #współpraca https://amzn.to/3xYz, ok"
    caption = Caption(text)
    kinds = {(t.kind, text[t.start : t.end]) for t in caption.tokens()}
    assert (TokenKind.MENTION, "@glow.co") in kinds
    assert (TokenKind.HASHTAG, "#sponsorisé") in kinds
    assert (TokenKind.HASHTAG, "#współpraca") in kinds
    assert (TokenKind.URL, "https://amzn.to/3xYz") in kinds
    assert (TokenKind.EMOJI, "✨") in kinds
    assert (TokenKind.LINE_BREAK, "\n") in kinds
    assert (TokenKind.WORD, "Merci") in kinds


def test_scheme_less_links_count_and_plain_dotted_words_do_not():
    caption = Caption("shop amzn.to/3xYz or geni.us/abc. e.g. this, Mr.Smith")
    assert [u.text for u in caption.urls] == ["amzn.to/3xyz", "geni.us/abc"]


def test_fold_by_characters_and_lines():
    caption = Caption("a\nb\nc\nd" + "x" * 200)
    assert caption.fold_offset(IG) == 5  # the end of the third line
    long = Caption("x" * 300)
    assert long.fold_offset(IG) == 125
    assert long.fold_offset(TT) == 80
    assert long.fold_offset(THREADS) == 300


def test_trailing_hashtag_pile():
    caption = Caption("Loved it #ad\n\n#skin #glow #beauty 💕")
    assert caption.pile_start == caption.original.index("#skin")
    assert caption.visible(caption.original.index("#ad"), IG)
    assert not caption.visible(caption.original.index("#glow"), IG)
    assert Caption("a #b #c text").pile_start is None


def test_a_label_opening_an_all_hashtag_caption_is_visible():
    caption = Caption("#ad #glowco #skincare")
    assert caption.visible(0, IG)


def test_line_of():
    caption = Caption("one\ntwo\nthree")
    assert [caption.line_of(i) for i in (0, 4, 8, 12)] == [0, 1, 2, 2]
