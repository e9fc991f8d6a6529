"""Configuration files: discovery, validation with suggestions, and their effect on the CLI."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import run_cli

from disclosure_check.config import (
    KEYS,
    RULE_OPTIONS,
    Config,
    ConfigError,
    RuleOptions,
    discover,
    find_config,
    load_config,
    parse_config,
)


def cli(cwd: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return run_cli(cwd, *args, stdin=stdin)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- parsing and validation ---------------------------------------------------------------------


def test_every_key_parses():
    config = parse_config(
        {
            "jurisdiction": ["fr", "BE"],
            "platform": "tiktok",
            "language": "fr-CA",
            "packs": ["eu"],
            "select": ["FR1", "DC2"],
            "ignore": ["FR104"],
            "fail-on": "error",
            "severity": {"fr103": "info"},
            "rule-options": {"fold-chars": 100, "fold-lines": 2},
        }
    )
    assert config.jurisdiction == ("FR", "BE")
    assert config.platform == "tiktok" and config.language == "fr-CA"
    assert config.packs == ("eu",)
    assert config.select == ("FR1", "DC2") and config.ignore == ("FR104",)
    assert config.fail_on == "error"
    assert dict(config.severity) == {"FR103": "info"}
    assert config.rule_options == RuleOptions(fold_chars=100, fold_lines=2)
    assert config.rule_options.items() == {"fold-chars": 100, "fold-lines": 2}


def test_a_single_jurisdiction_may_be_a_string():
    assert parse_config({"jurisdiction": "UK"}).jurisdiction == ("UK",)


def test_empty_configuration_sets_nothing():
    assert parse_config({}) == Config()
    assert Config().rule_options.items() == {}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"jurisdictions": "FR"}, "unknown key jurisdictions (did you mean 'jurisdiction'?)"),
        ({"fail_on": "error"}, "unknown key fail_on (did you mean 'fail-on'?)"),
        ({"jurisdiction": "FRR"}, "jurisdiction: unknown jurisdiction 'FRR' (did you mean 'FR'?)"),
        ({"jurisdiction": ["FR", 3]}, "jurisdiction: must be a list of non-empty strings"),
        ({"platform": "instagarm"}, "platform: unknown platform 'instagarm' (did you mean"),
        ({"language": "french!"}, "language: language 'french!' is not a BCP-47 language tag"),
        ({"packs": ["exmaple"]}, "packs: rule pack 'exmaple' is not installed"),
        ({"packs": "eu"}, "packs: must be a list of non-empty strings"),
        ({"select": ["FR1O1"]}, "select: selector 'FR1O1' matches no rule (did you mean 'FR101'?)"),
        ({"ignore": ["missing-disclosur"]}, "(did you mean 'missing-disclosure'?)"),
        ({"fail-on": "warn"}, "fail-on: 'warn' is not a severity (did you mean 'warning'?)"),
        (
            {"severity": {"FR13": "error"}},
            "severity.FR13: unknown rule 'FR13' (did you mean 'FR103'?)",
        ),
        ({"severity": {"FR103": "fatal"}}, "severity.FR103: 'fatal' is not a severity"),
        ({"severity": ["FR103"]}, "severity: must be a table"),
        (
            {"rule-options": {"fold-char": 100}},
            "unknown option 'fold-char' (did you mean 'fold-chars'?)",
        ),
        ({"rule-options": {"fold-chars": True}}, "rule-options.fold-chars: must be a whole number"),
        ({"rule-options": {"fold-chars": -1}}, "must be a whole number from 0 to 100000, not -1"),
        ({"rule-options": {"fold-lines": 10**6}}, "must be a whole number from 0 to 10000"),
        ({"rule-options": {"fold-chars": 12.5}}, "not 12.5"),
        ({"rule-options": 100}, "rule-options: must be a table"),
    ],
)
def test_invalid_values_name_the_key_and_suggest(data, message):
    with pytest.raises(ConfigError) as info:
        parse_config(data, Path("conf/disclosure-check.toml"))
    text = str(info.value)
    assert text.startswith("conf/disclosure-check.toml: "), text
    assert message in text, text


def test_rule_ids_of_every_market_are_accepted_at_once():
    config = parse_config({"select": ["FR101", "US1"], "severity": {"DE103": "error"}})
    assert config.select == ("FR101", "US1")


def test_rule_ids_of_an_enabled_pack_are_accepted():
    from disclosure_check import discovery

    if "example" not in discovery.available():
        pytest.skip("examples/dc-pack-example not installed")
    with pytest.raises(ConfigError, match="selector 'EX101' matches no rule"):
        parse_config({"select": ["EX101"]})
    assert parse_config({"packs": ["example"], "select": ["EX101"]}).select == ("EX101",)


def test_option_tables_follow_the_documented_names():
    assert "rule-options" in KEYS and set(RULE_OPTIONS) == {"fold-chars", "fold-lines"}


# -- files and discovery ------------------------------------------------------------------------


def test_pyproject_table_is_read_with_its_prefix_in_errors(tmp_path):
    path = write(tmp_path / "pyproject.toml", '[tool.disclosure-check]\nfail-on = "fatal"\n')
    with pytest.raises(ConfigError, match=r"pyproject.toml: tool\.disclosure-check\.fail-on:"):
        load_config(path)


def test_invalid_toml_is_an_error_naming_the_file(tmp_path):
    path = write(tmp_path / "disclosure-check.toml", "select = [\n")
    with pytest.raises(ConfigError, match=r"disclosure-check\.toml: not valid TOML"):
        load_config(path)


def test_explicit_file_must_exist_and_pyproject_must_have_the_table(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "nope.toml")
    path = write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n")
    with pytest.raises(ConfigError, match=r"no \[tool\.disclosure-check\] table"):
        load_config(path)


def test_found_from_the_working_directory_upwards(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.disclosure-check]\njurisdiction = "FR"\n')
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find_config(deep) == (tmp_path / "pyproject.toml").resolve()
    assert discover(deep).jurisdiction == ("FR",)


def test_the_nearest_file_wins_and_the_search_stops_there(tmp_path):
    write(tmp_path / "disclosure-check.toml", 'jurisdiction = "FR"\n')
    write(tmp_path / "a" / "disclosure-check.toml", 'platform = "tiktok"\n')
    config = discover(tmp_path / "a")
    assert config.platform == "tiktok"
    assert config.jurisdiction is None  # not merged with the file further up


def test_pyproject_without_the_table_does_not_stop_the_search(tmp_path):
    write(tmp_path / "disclosure-check.toml", 'jurisdiction = "US"\n')
    write(tmp_path / "a" / "pyproject.toml", "[project]\nname = 'x'\n")
    assert discover(tmp_path / "a").jurisdiction == ("US",)


def test_disclosure_check_toml_comes_before_pyproject_in_one_folder(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.disclosure-check]\njurisdiction = "FR"\n')
    write(tmp_path / "disclosure-check.toml", 'jurisdiction = "DE"\n')
    assert discover(tmp_path).jurisdiction == ("DE",)


# -- through the command line -------------------------------------------------------------------


CODE = "code LEA20 chez @glowco"


def test_cli_reads_the_configuration_and_flags_override_it(tmp_path):
    write(
        tmp_path / "pyproject.toml",
        "[tool.disclosure-check]\n"
        'jurisdiction = "FR"\n'
        'fail-on = "error"\n'
        'severity = { FR101 = "warning" }\n',
    )
    (tmp_path / "sub").mkdir()
    result = cli(tmp_path / "sub", CODE, "-q")
    assert result.stdout.startswith("<argument>:1:6: FR101 warning missing-disclosure")
    assert result.returncode == 0  # a warning, below fail-on = "error"
    result = cli(tmp_path / "sub", CODE, "-q", "--fail-on", "warning")
    assert result.returncode == 1
    result = cli(tmp_path / "sub", CODE, "-q", "-j", "US")
    assert "US101 error" in result.stdout and result.returncode == 1


def test_no_config_and_explicit_config(tmp_path):
    write(tmp_path / "disclosure-check.toml", 'jurisdiction = "FR"\n')
    write(tmp_path / "other.toml", 'jurisdiction = "DE"\n')
    assert "FR101" in cli(tmp_path, CODE, "-q").stdout
    assert "DC101" in cli(tmp_path, CODE, "-q", "--no-config").stdout
    assert "DE101" in cli(tmp_path, CODE, "-q", "--config", "other.toml").stdout
    both = cli(tmp_path, CODE, "--config", "other.toml", "--no-config")
    assert both.returncode == 2 and "exclude each other" in both.stderr


def test_cli_config_error_exits_2_before_any_output(tmp_path):
    write(tmp_path / "disclosure-check.toml", 'jurisdiction = "FR"\nselect = ["FR1O1"]\n')
    result = cli(tmp_path, CODE, "--format", "json", "-o", "out.json")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "disclosure-check.toml: select: selector 'FR1O1' matches no rule" in result.stderr
    assert "(did you mean 'FR101'?)" in result.stderr
    assert not (tmp_path / "out.json").exists()


def test_select_in_the_file_covers_a_batch_that_mixes_markets(tmp_path):
    write(tmp_path / "disclosure-check.toml", 'select = ["FR101", "US101"]\n')
    write(
        tmp_path / "b.jsonl",
        '{"id": "fr", "caption": "code GLOW20 @glowco", "jurisdiction": "FR"}\n'
        '{"id": "us", "caption": "code GLOW20 @glowco", "jurisdiction": "US"}\n'
        '{"id": "de", "caption": "code GLOW20 @glowco", "jurisdiction": "DE"}\n',
    )
    result = cli(tmp_path, "b.jsonl", "--format", "jsonl", "-q")
    found = {
        r["id"]: [f["rule_id"] for f in r["findings"]]
        for r in map(json.loads, result.stdout.splitlines())
    }
    assert found == {"fr": ["FR101"], "us": ["US101"], "de": []}


def test_fold_chars_moves_the_fold(tmp_path):
    caption = "Bonjour tout le monde ici, Publicité code LEA20"
    assert "FR103" not in cli(tmp_path, caption, "-j", "FR", "-q").stdout
    write(
        tmp_path / "disclosure-check.toml", 'jurisdiction = "FR"\n[rule-options]\nfold-chars = 20\n'
    )
    result = cli(tmp_path, caption, "-q")
    assert "<argument>:1:28: FR103 error hidden-disclosure" in result.stdout


def test_subcommands_follow_the_configuration(tmp_path):
    write(
        tmp_path / "disclosure-check.toml",
        'jurisdiction = "FR"\nignore = ["FR104"]\nseverity = { FR101 = "info" }\n',
    )
    rules = cli(tmp_path, "rules")
    lines = {line.split()[0]: line for line in rules.stdout.splitlines()}
    assert lines["FR101"].split()[1] == "info"
    assert lines["FR104"].endswith("(off: select/ignore)")
    assert not lines["FR103"].endswith(")")
    packs = cli(tmp_path, "packs")
    states = {line.split()[0]: line.split()[1] for line in packs.stdout.splitlines()}
    assert states["fr"] == "enabled" and states["core"] == "enabled" and states["de"] == "-"
    assert "enabled" in {
        line.split()[1]
        for line in cli(tmp_path, "packs", "-j", "DE").stdout.splitlines()
        if line.startswith("de ")
    }
