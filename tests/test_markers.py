from conftest import unmark


def test_unmark_returns_spans_of_the_clean_text():
    text, spans = unmark("Use code ⟦EMMA20⟧{discount-code} at ⟦@glow⟧{brand-mention}")
    assert text == "Use code EMMA20 at @glow"
    assert [(text[s:e], tag) for s, e, tag in spans] == [
        ("EMMA20", "discount-code"),
        ("@glow", "brand-mention"),
    ]


def test_unmark_without_tag():
    text, spans = unmark("a ⟦b⟧ c")
    assert text == "a b c" and spans == [(2, 3, None)]
