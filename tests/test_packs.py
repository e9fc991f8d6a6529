"""Loading packs: malformed data fails at load time with the file, key and reason; a faulty
rule never turns into a silent pass."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import checker_with_rule

import disclosure_check as dc
from disclosure_check.errors import PackError, RuleError
from disclosure_check.pack import load_pack
from disclosure_check.registry import BuiltRules, build_pack_rules

GOOD = """
[pack]
id = "zz"
prefix = "ZZ"
title = "Test"
confidence = "V"

[[sources]]
id = "s"
title = "Source"
"""


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "pack.toml").write_text(text, encoding="utf-8")
    return tmp_path


def test_invalid_toml_names_file_and_line(tmp_path):
    with pytest.raises(PackError, match=r"pack.toml: not valid TOML: .*line 3"):
        load_pack(write(tmp_path, '[pack]\nid = "zz"\nprefix = = "ZZ"\n'))


def test_missing_key_names_the_key(tmp_path):
    with pytest.raises(PackError, match=r"pack.prefix: missing"):
        load_pack(write(tmp_path, '[pack]\nid = "zz"\n'))


def test_bad_enum_value_lists_the_choices(tmp_path):
    text = GOOD + '[[labels]]\ntext = "ad"\nlang = "en"\nstrength = "strong"\n'
    with pytest.raises(PackError, match=r"labels\[0\]\.strength: 'strong' is not one of clear"):
        load_pack(write(tmp_path, text))


def test_unknown_rule_kind_suggests(tmp_path):
    text = GOOD + '[[rules]]\nid = "ZZ101"\nname = "x"\nkind = "term-presnt"\nterms=["a"]\n'
    pack = load_pack(write(tmp_path, text))
    with pytest.raises(PackError, match="did you mean 'term-present'"):
        build_pack_rules(pack, BuiltRules())


def test_catastrophic_pattern_is_rejected_at_load(tmp_path):
    text = GOOD + (
        '[[rules]]\nid = "ZZ101"\nname = "x"\nkind = "term-present"\n'
        'category = "restricted-category"\n'
        "patterns = ['(a+)+$']\n"
    )
    pack = load_pack(write(tmp_path, text))
    with pytest.raises(PackError, match="backtracks catastrophically"):
        build_pack_rules(pack, BuiltRules())


def test_rule_id_must_use_the_pack_prefix(tmp_path):
    text = GOOD + '[[rules]]\nid = "FR101"\nname = "x"\nkind = "term-present"\nterms=["a"]\n'
    pack = load_pack(write(tmp_path, text))
    with pytest.raises(PackError, match="does not start with the pack prefix ZZ"):
        build_pack_rules(pack, BuiltRules())


class _Raises(dc.Rule):
    def check(self, ctx):
        raise KeyError("boom")


class _OutOfRange(dc.Rule):
    def check(self, ctx):
        yield dc.Hit(dc.Span(0, len(ctx.caption.original) + 5), "too long")


class _WrongType(dc.Rule):
    def check(self, ctx):
        yield "not a hit"


@pytest.mark.parametrize(
    ("cls", "match"),
    [
        (_Raises, "raised KeyError"),
        (_OutOfRange, "outside the caption"),
        (_WrongType, "returned str instead of Hit"),
    ],
)
def test_faulty_rule_raises_naming_rule_pack_and_distribution(cls, match):
    checker = checker_with_rule(cls)
    with pytest.raises(RuleError, match=match) as info:
        checker.check("code GLOW20")
    assert info.value.rule_id == "FR999" and info.value.pack == "fr"
    assert "disclosure-check" in str(info.value)
    out = list(checker.check_many(["code GLOW20"], errors="collect"))
    assert isinstance(out[0], dc.BatchError) and "FR999" in out[0].error


def test_fill_lists_stand_for_each_of_their_words(tmp_path):
    from disclosure_check.pack import load_language

    path = tmp_path / "xx.toml"
    path.write_text(
        'language = "xx"\n[fill]\nthings = ["the photo", "the visit"]\n'
        '[terms]\nnot_label = ["thanks {brand} for {things}", "ad agency"]\n',
        "utf-8",
    )
    data = load_language(path, "xx.toml", "test")
    assert data.terms["not_label"] == (
        "thanks {brand} for the photo",
        "thanks {brand} for the visit",
        "ad agency",
    )


def test_a_term_naming_a_missing_fill_list_is_a_load_error(tmp_path):
    from disclosure_check.pack import load_language

    path = tmp_path / "xx.toml"
    path.write_text('language = "xx"\n[terms]\nnot_label = ["thanks for {things}"]\n', "utf-8")
    with pytest.raises(PackError, match=r"xx.toml.*not_label.*\{things\}.*not a \[fill\] list"):
        load_language(path, "xx.toml", "test")
