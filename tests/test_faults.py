"""Issue 15, engine side: nothing lost, nothing passed silently.

Hand-written patterns that backtrack are refused when the pack loads; a rule that fails on a
caption (raises anything, returns something invalid, runs over its time budget, a pattern timing
out) is a per-record error naming the rule and its pack, and the batch goes on; over-long
captions and wrongly typed pack data are clear errors.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import regex
from conftest import checker_with_rule

import disclosure_check as dc
from disclosure_check import checker as checker_module
from disclosure_check.cli import main as cli_main
from disclosure_check.cli.status import EXIT_ERROR
from disclosure_check.errors import PackError, RuleError
from disclosure_check.matching import UserPattern
from disclosure_check.pack import load_pack
from disclosure_check.registry import BuiltRules, build_pack_rules

PACK = """
[pack]
id = "zz"
prefix = "ZZ"
title = "Test"
confidence = "V"
"""

RULE = """
[[rules]]
id = "ZZ101"
name = "x"
kind = "term-present"
category = "restricted-category"
"""


def _build(tmp_path: Path, text: str) -> None:
    (tmp_path / "pack.toml").write_text(text, encoding="utf-8")
    build_pack_rules(load_pack(tmp_path), BuiltRules())


# -- item 3: backtracking patterns ------------------------------------------------------------


@pytest.mark.parametrize("pattern", [r"(\d|\d\d)+$", r"(\d+)+$", r"(x+x+)+y", r"(.*,){12}z"])
def test_probe_refuses_patterns_that_backtrack_on_their_own_characters(tmp_path, pattern):
    text = PACK + RULE + f"patterns = ['{pattern}']\n"
    with pytest.raises(PackError, match="backtracks catastrophically") as info:
        _build(tmp_path, text)
    message = str(info.value)
    assert repr(pattern) in message and "pack 'zz'" in message and "rewrite it" in message


@pytest.mark.parametrize(
    "pattern", [r"\blose \d+ ?(?:kg|lbs?) in \d+ days\b", r"\d+$", r"x{2,}y", r"([^,]*,){12}z"]
)
def test_probe_accepts_patterns_that_do_not_backtrack(pattern):
    UserPattern(pattern, where="test")


class _TimesOut(dc.Rule):
    """A pack pattern that runs out of time on this caption. The probe would refuse the slow
    pattern itself (on a loaded machine), so a harmless one is probed and the slow one run."""

    def check(self, ctx):
        if "slow" in ctx.caption.original:
            pattern = UserPattern(r"[ab]\d", where="zz/pack.toml: rules[0]", timeout=0.001)
            pattern.compiled = regex.compile(r"[ab]+\d")
            pattern.finditer(ctx.caption.folded)
        return ()


def test_a_pattern_timeout_is_a_per_record_error_and_check_many_goes_on():
    checker = checker_with_rule(_TimesOut)
    slow = "slow " + "ab" * 20_000
    out = list(checker.check_many(["code GLOW20", slow, "#ad code GLOW20"], errors="collect"))
    assert isinstance(out[0], dc.Report) and isinstance(out[2], dc.Report)
    assert isinstance(out[1], dc.BatchError) and out[1].kind == "RuleError"
    assert "FR999" in out[1].error and "'fr'" in out[1].error and "timed out" in out[1].error


# -- item 4: rules that fail -------------------------------------------------------------------


class _Sleeps(dc.Rule):
    def check(self, ctx):
        time.sleep(0.2)
        return ()


class _Exits(dc.Rule):
    def check(self, ctx):
        if "BOOM" in ctx.caption.original:
            raise SystemExit(0)
        return ()


class _BadSeverity(dc.Rule):
    def check(self, ctx):
        yield dc.Hit(dc.Span(0, 1), "x", severity="high")


class _FloatSpan(dc.Rule):
    def check(self, ctx):
        yield dc.Hit(dc.Span(0.5, 2), "x")


class _FixOutside(dc.Rule):
    def check(self, ctx):
        edit = dc.Edit(dc.Span(0, len(ctx.caption.original) + 10), "#ad")
        yield dc.Hit(dc.Span(0, 1), "x", fix=dc.Fix("add a label", (edit,)))


def test_a_rule_over_its_time_budget_is_reported_not_silent():
    checker = checker_with_rule(_Sleeps)
    checker.rule_budget = 0.05
    with pytest.raises(RuleError, match=r"over the rule budget of 0.05 s") as info:
        checker.check("code GLOW20")
    assert info.value.rule_id == "FR999" and info.value.pack == "fr"
    assert info.value.distribution in str(info.value)


@pytest.mark.parametrize(
    ("cls", "match"),
    [
        (_Exits, "raised SystemExit"),
        (_BadSeverity, "severity 'high'"),
        (_FloatSpan, "outside the caption"),
        (_FixOutside, "fix edit .* outside the caption"),
    ],
)
def test_a_failing_rule_is_a_per_record_error_naming_rule_and_pack(cls, match):
    checker = checker_with_rule(cls)
    with pytest.raises(RuleError, match=match) as info:
        checker.check("BOOM code GLOW20")
    assert info.value.rule_id == "FR999" and info.value.pack == "fr"
    out = list(checker.check_many(["BOOM code GLOW20", "#ad code GLOW20"], errors="collect"))
    assert isinstance(out[0], dc.BatchError) and "FR999" in out[0].error
    assert isinstance(out[1], (dc.Report, dc.BatchError))


def test_checker_rule_budget_and_caption_limit_are_checked_arguments():
    with pytest.raises(ValueError, match="rule_budget must be a number of seconds > 0"):
        dc.Checker("FR", rule_budget=0)
    with pytest.raises(ValueError, match="max_caption_chars must be a whole number"):
        dc.Checker("FR", max_caption_chars="10")


def test_cli_reports_a_rule_that_exits_and_checks_the_other_records(tmp_path, monkeypatch, capsys):
    built = dc.Checker.__init__

    def with_faulty_rule(self, *args, **kwargs):
        built(self, *args, **kwargs)
        pack = self.packs[0]
        faulty = _Exits(
            id="DC999",
            name="faulty",
            severity=dc.Severity.ERROR,
            confidence=dc.Confidence.HIGH,
            pack=pack,
            doc=dc.RuleDoc(summary="x"),
            category=dc.Category.MISSING_DISCLOSURE,
        )
        self.rules = (*self.rules, faulty)

    monkeypatch.setattr(dc.Checker, "__init__", with_faulty_rule)
    monkeypatch.setattr(checker_module, "_cache", type(checker_module._cache)())
    records = ["#ad code GLOW20", "BOOM code GLOW20", "#ad new drop"]
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps({"caption": c}) + "\n" for c in records), "utf-8")
    code = cli_main(["--format", "jsonl", "-j", "UK", str(path)])
    captured = capsys.readouterr()
    assert code == EXIT_ERROR  # a record was not checked: never 0, whatever the rule exited with
    assert "DC999" in captured.err and "SystemExit" in captured.err
    lines = [json.loads(line) for line in captured.out.splitlines() if line.strip()]
    assert len(lines) == 3  # the records after the failing one are checked too


# -- item 10: caption size, pack data types, control characters -------------------------------


def test_a_caption_over_the_length_limit_is_a_clear_value_error():
    checker = dc.Checker("UK", max_caption_chars=1000)
    with pytest.raises(ValueError, match=r"1,001 characters long, over the limit of 1,000"):
        checker.check("x" * 1001)
    started = time.perf_counter()
    with pytest.raises(ValueError, match="max_caption_chars"):
        dc.check("#ad " * 1_000_000, "UK")
    assert time.perf_counter() - started < 5  # refused before any work, not after 23 s


@pytest.mark.parametrize(
    ("extra", "match"),
    [
        (
            'terms = ["x"]\nrequires_commercial = "false"\n',
            r"requires_commercial: expected true or",
        ),
        ('term = ["x"]\n', r"rules\[0\]\.term: unknown key .*did you mean 'terms'"),
        ('terms = ["x"]\nmessage = 3\n', r"message: expected a string, got 3"),
        ('terms = ["x"]\nlanguages = "en"\n', r"languages: expected a list of non-empty"),
        ('terms = ["x"]\nexamples.fail = [1]\n', r"examples.fail: expected a list of non-empty"),
    ],
)
def test_wrongly_typed_or_unknown_rule_keys_are_load_errors(tmp_path, extra, match):
    with pytest.raises(PackError, match=match) as info:
        _build(tmp_path, PACK + RULE + extra)
    assert "pack.toml" in str(info.value)


@pytest.mark.parametrize(
    ("extra", "match"),
    [
        ('[platform_label]\nsufficient = "true"\n', r"platform_label.sufficient: expected true"),
        ('[placement]\nrule = "anywhere"\nhashtag = 3\n', r"placement.hashtag: unknown key"),
        ('[[labels]]\ntext = "ad"\nlang = "en"\nstrength = "clear"\nadmits_relationship = 1\n',
         r"labels\[0\]\.admits_relationship: expected true or false"),
        ('[[sources]]\nid = "s"\ntitle = "t"\nlink = "u"\n', r"sources\[0\]\.link: unknown key"),
    ],
)  # fmt: skip
def test_wrongly_typed_or_unknown_pack_keys_are_load_errors(tmp_path, extra, match):
    (tmp_path / "pack.toml").write_text(PACK + extra, encoding="utf-8")
    with pytest.raises(PackError, match=match) as info:
        load_pack(tmp_path)
    assert "pack.toml" in str(info.value)


def test_an_unknown_key_in_the_pack_table_is_a_load_error(tmp_path):
    (tmp_path / "pack.toml").write_text(PACK + 'jurisdiction = ["ZZ"]\n', encoding="utf-8")
    with pytest.raises(PackError, match=r"pack.jurisdiction: unknown key.*'jurisdictions'"):
        load_pack(tmp_path)


@pytest.mark.parametrize("caption", ["use code EMMA\x0020 for 20% off", "use code EM\x07MA20 now"])
def test_a_control_character_inside_a_discount_code_does_not_hide_it(caption):
    report = dc.check(caption, "UK")
    codes = [s for s in report.signals if s.kind is dc.SignalKind.DISCOUNT_CODE]
    assert len(codes) == 1
    assert caption[codes[0].span.start : codes[0].span.end].replace("\x00", "").replace(
        "\x07", ""
    ) in ("EMMA20",)
    assert any(f.rule_id == "UK101" for f in report.findings)


# -- item 10: checkers for many jurisdiction pairs --------------------------------------------


@pytest.mark.parametrize("codes", [("DE", "ES"), ("FR", "UK"), ("JP", "KR", "CN"), ("US",)])
def test_the_shared_core_matcher_finds_what_one_matcher_of_everything_finds(codes):
    from conftest import corpus_records

    from disclosure_check.caption import Caption
    from disclosure_check.matching import TermMatcher

    corpus = Path(__file__).parent / "corpus"
    captions = [r["caption"] for r in corpus_records(*sorted(corpus.glob("*.jsonl")))]
    vocabulary = dc.Checker(list(codes)).vocabulary
    whole = TermMatcher(list(vocabulary.entries()))
    assert type(vocabulary.matcher).__name__ == "LayeredMatcher"
    for caption in captions:
        text = Caption(caption)
        assert vocabulary.matcher.find(text) == whole.find(text), caption


def test_a_checker_for_a_new_jurisdiction_pair_reuses_the_compiled_core():
    dc.Checker("FR")
    first = dc.Checker(["DE", "ES"]).vocabulary.matcher
    second = dc.Checker(["IT", "PL"]).vocabulary.matcher
    assert first.base is second.base  # compiled once per process, not once per pair
