"""End-to-end command-line tests through a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, stdin: str | None = None, env: dict[str, str] | None = None):
    import os

    environment = dict(os.environ)
    environment.pop("NO_COLOR", None)
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "disclosure_check", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=environment,
        timeout=120,
    )


def test_caption_argument_text_output_with_caret_and_help():
    result = run("Use code EMMA20 at @glowco", "--jurisdiction", "UK")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("<argument>:1:10: UK101 error missing-disclosure")
    assert lines[1] == "    | Use code EMMA20 at @glowco"
    assert lines[2] == "    |          ^^^^^^"
    assert lines[3].startswith("    = help: Start the caption with '#ad'")


def test_clean_caption_exits_zero():
    result = run("#ad new drop from @glowco code EMMA20", "-j", "UK", "--quiet")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_fail_on_error_ignores_warnings():
    result = run("#collab with @glowco", "-j", "UK", "--fail-on", "error")
    assert result.returncode == 0, result.stdout


def test_stdin_and_json_output():
    result = run("-", "--format", "json", "-j", "FR", stdin="code LEA20 chez @glowco\n")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    report = data["reports"][0]
    assert report["caption"] == "code LEA20 chez @glowco"
    assert report["findings"][0]["rule_id"] == "FR101"
    assert data["summary"]["checked"] == 1


def test_text_file(tmp_path):
    path = tmp_path / "caption.txt"
    path.write_text("Publicité | code LEA20\n", encoding="utf-8")
    result = run(str(path), "-j", "FR", "--quiet")
    assert result.returncode == 0, result.stdout + result.stderr


def test_jsonl_batch_reports_bad_records_and_goes_on(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text(
        '{"id": "a", "caption": "code GLOW20 @glowco", "jurisdiction": "FR"}\n'
        '{"id": "b", "caption": \n'
        '{"id": "c", "text": "#ad code GLOW20", "jurisdiction": "US"}\n'
        '{"id": "d", "caption": 42}\n',
        encoding="utf-8",
    )
    result = run(str(path), "--format", "jsonl")
    assert result.returncode == 2
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r.get("id") for r in records] == ["a", None, "c", "d"]
    assert records[1]["line"] == 2 and "invalid JSON" in records[1]["error"]
    assert "caption must be text" in records[3]["error"]
    assert records[2]["ok"] is True
    assert "batch.jsonl:2" in result.stderr


def test_csv_batch_with_column(tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text('id,text\n1,"code GLOW20 @glowco"\n2,"#ad code GLOW20"\n', encoding="utf-8")
    result = run(str(path), "--column", "text", "-j", "US", "--format", "jsonl", "--quiet")
    assert result.returncode == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records] == ["1", "2"]


def test_csv_without_caption_column_is_an_input_error(tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text("id,body\n1,hello\n", encoding="utf-8")
    result = run(str(path))
    assert result.returncode == 2
    assert "no caption column" in result.stderr


def test_missing_file_is_an_input_error():
    result = run("no/such/file.jsonl")
    assert result.returncode == 2 and "no such file" in result.stderr


def test_unknown_jurisdiction_is_a_usage_error():
    result = run("hello", "-j", "XX")
    assert result.returncode == 2 and "unknown jurisdiction 'XX'" in result.stderr


def test_fix_prints_the_suggested_caption():
    result = run("code LEA20 chez @glowco", "-j", "FR", "--fix")
    assert "    > Publicité | code LEA20 chez @glowco" in result.stdout


def test_rules_rule_and_packs_subcommands():
    rules = run("rules", "--jurisdiction", "FR")
    assert rules.returncode == 0 and "FR101" in rules.stdout and "DC201" in rules.stdout
    doc = run("rule", "FR101")
    assert doc.returncode == 0 and doc.stdout.startswith("# FR101 missing-disclosure")
    packs = run("packs")
    assert packs.returncode == 0 and "fr " in packs.stdout and "core" in packs.stdout


def test_bundled_example_runs():
    result = run("examples/captions.jsonl")
    assert result.returncode == 1
    assert "examples/captions.jsonl[uk-code]:1:" in result.stdout
