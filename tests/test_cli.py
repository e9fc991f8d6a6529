"""End-to-end command-line tests through a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import run_cli

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, stdin: str | None = None, env: dict[str, str] | None = None):
    return run_cli(ROOT, *args, stdin=stdin, env=env)


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


# -- helpers for the tests below ----------------------------------------------------------------


def run_in(cwd, *args: str, stdin: bytes | str | None = None, env: dict[str, str] | None = None):
    """Run the command in `cwd` (relative file names keep the output free of tmp paths)."""
    import os

    environment = dict(os.environ)
    for name in ("NO_COLOR", "FORCE_COLOR"):
        environment.pop(name, None)
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "disclosure_check", "--no-config", *args],
        input=stdin.encode("utf-8") if isinstance(stdin, str) else stdin,
        capture_output=True,
        cwd=cwd,
        env=environment,
        timeout=300,
    )


def out(result) -> str:
    return result.stdout.decode("utf-8")


def err(result) -> str:
    return result.stderr.decode("utf-8")


def jsonl(result) -> list[dict]:
    return [json.loads(line) for line in out(result).splitlines()]


BATCH = (
    '{"id": "fr", "caption": "code GLOW20 chez @glowco", "jurisdiction": "FR"}\n'
    '{"id": "us-ok", "caption": "#ad new drop from @glowco code GLOW20", "jurisdiction": "US"}\n'
    '{"id": "plain", "caption": "Sunday walk in the park"}\n'
)


# -- inputs -------------------------------------------------------------------------------------


def test_text_option_checks_a_caption_even_when_a_file_has_that_name(tmp_path):
    (tmp_path / "code GLOW20").write_text("#ad fine", encoding="utf-8")
    result = run_in(tmp_path, "--text", "code GLOW20", "-j", "UK", "--format", "jsonl", "-q")
    assert result.returncode == 1, err(result)
    [record] = jsonl(result)
    assert record["source"] == "<text>" and record["caption"] == "code GLOW20"


def test_text_file_with_bom_and_crlf_keeps_offsets_of_the_caption(tmp_path):
    (tmp_path / "c.txt").write_bytes("\ufeffhello\r\ncode GLOW20 @glowco\r\n".encode())
    result = run_in(tmp_path, "c.txt", "-j", "UK", "--format", "jsonl", "-q")
    [record] = jsonl(result)
    assert record["caption"] == "hello\r\ncode GLOW20 @glowco"
    finding = record["findings"][0]
    assert record["caption"][finding["span"]["start"] : finding["span"]["end"]] == "GLOW20"
    text = run_in(tmp_path, "c.txt", "-j", "UK", "-q")
    assert out(text).startswith("c.txt:2:6: UK101 error"), out(text)


def test_stdin_as_jsonl_with_input_format(tmp_path):
    result = run_in(
        tmp_path, "-", "--input-format", "jsonl", "--format", "jsonl", "-q", stdin=BATCH
    )
    records = jsonl(result)
    assert [r["id"] for r in records] == ["fr", "us-ok", "plain"]
    assert [r["source"] for r in records] == ["<stdin>"] * 3
    assert [r["line"] for r in records] == [1, 2, 3]


def test_several_inputs_are_reported_in_the_order_given(tmp_path):
    (tmp_path / "b.jsonl").write_text(BATCH, encoding="utf-8")
    (tmp_path / "a.txt").write_text("code LEA20 @glowco\n", encoding="utf-8")
    result = run_in(
        tmp_path, "a.txt", "b.jsonl", "--text", "first", "-j", "FR", "--format", "jsonl", "-q"
    )
    assert [(r["source"], r["id"]) for r in jsonl(result)] == [
        ("<text>", None),
        ("a.txt", None),
        ("b.jsonl", "fr"),
        ("b.jsonl", "us-ok"),
        ("b.jsonl", "plain"),
    ]


def test_record_jurisdiction_platform_language_and_post_are_used(tmp_path):
    (tmp_path / "b.jsonl").write_text(
        '{"id": 1, "caption": "Love this serum", "jurisdiction": "UK", "platform": "tiktok", '
        '"language": "en", "post": {"sponsored": true}}\n',
        encoding="utf-8",
    )
    [record] = jsonl(run_in(tmp_path, "b.jsonl", "-j", "FR", "--format", "jsonl", "-q"))
    assert record["id"] == "1"
    assert record["jurisdictions"] == ["UK"] and record["platform"] == "tiktok"
    assert record["language"] == "en" and record["language_source"] == "given"
    assert record["commercial"] is True
    assert [f["rule_id"] for f in record["findings"]] == ["UK101"]


def test_csv_multiline_caption_reports_the_physical_line(tmp_path):
    (tmp_path / "p.csv").write_text(
        'id,caption,jurisdiction\n1,"first line\nsecond code GLOW20 @glowco",FR\n2,"#ad ok",US\n',
        encoding="utf-8",
    )
    result = run_in(tmp_path, "p.csv", "-q")
    assert result.returncode == 1
    lines = out(result).splitlines()
    assert lines[0].startswith("p.csv[1]:3:13: FR101 error missing-disclosure"), lines
    assert lines[1] == "    | second code GLOW20 @glowco"
    assert lines[2] == "    |             ^^^^^^"


def test_csv_post_column_and_extra_fields(tmp_path):
    (tmp_path / "p.csv").write_text(
        'id,caption,post\n1,Love this serum,"{""sponsored"": true}"\n2,a,b,c\n3,x,{oops\n',
        encoding="utf-8",
    )
    result = run_in(tmp_path, "p.csv", "-j", "UK", "--format", "jsonl", "-q")
    assert result.returncode == 2
    first, second, third = jsonl(result)
    assert first["commercial"] is True
    assert second == {
        "source": "p.csv",
        "line": 3,
        "id": "2",
        "error": "row has 4 fields but the header has 3 (an unquoted comma in the caption?)",
    }
    assert third["error"] == "column 'post' is not JSON"


def test_a_directory_is_a_bad_input_and_the_rest_goes_on(tmp_path):
    (tmp_path / "d").mkdir()
    result = run_in(tmp_path, "d", "--text", "#ad hello", "-j", "UK", "--format", "jsonl", "-q")
    assert result.returncode == 2
    records = jsonl(result)
    assert records[0]["ok"] is True
    assert "is a directory" in records[1]["error"]


# -- malformed inputs ---------------------------------------------------------------------------


def test_truncated_json_line_goes_on_with_line_number(tmp_path):
    (tmp_path / "b.jsonl").write_text(
        '{"id": "a", "caption": "#ad ok"}\n{"id": "b", "capt\n{"id": "c", "caption": "#ad ok"}\n',
        encoding="utf-8",
    )
    result = run_in(tmp_path, "b.jsonl", "-j", "UK")
    assert result.returncode == 2
    assert "b.jsonl:2: bad record: invalid JSON" in out(result)
    assert "disclosure-check: b.jsonl:2: bad record: invalid JSON" in err(result)
    assert "2 caption(s) checked, 0 commercial" not in out(result)
    assert "2 caption(s) checked" in out(result) and "1 bad record(s)" in out(result)


def test_undecodable_bytes_on_one_jsonl_line_do_not_stop_the_batch(tmp_path):
    (tmp_path / "b.jsonl").write_bytes(
        b'{"caption": "#ad ok"}\n{"caption": "caf\xe9 code X20"}\n{"caption": "#ad fine"}\n'
    )
    result = run_in(tmp_path, "b.jsonl", "-j", "UK", "--format", "jsonl", "-q")
    assert result.returncode == 2
    records = jsonl(result)
    assert len(records) == 3
    assert records[1]["line"] == 2 and records[1]["error"].startswith("not UTF-8 text")
    assert records[0]["ok"] and records[2]["ok"]


def test_latin1_text_file_and_csv_row(tmp_path):
    (tmp_path / "c.txt").write_bytes(b"caf\xe9 code X20\n")
    (tmp_path / "p.csv").write_bytes(b"id,caption\n1,#ad ok\n2,caf\xe9\n3,#ad fine\n")
    result = run_in(tmp_path, "c.txt", "p.csv", "-j", "UK", "--format", "jsonl", "-q")
    assert result.returncode == 2
    records = jsonl(result)
    assert records[0]["source"] == "c.txt" and "not UTF-8" in records[0]["error"]
    assert [r.get("id") for r in records[1:]] == ["1", "2", "3"]
    assert records[2]["error"].startswith("not UTF-8 text (byte 0xe9 at byte 6 of line 3)")
    assert "--encoding cp1252" in records[2]["error"]


def test_csv_without_caption_column_is_reported_and_other_inputs_go_on(tmp_path):
    (tmp_path / "p.csv").write_text("id,body\n1,hello\n", encoding="utf-8")
    result = run_in(tmp_path, "p.csv", "--text", "#ad fine", "-j", "UK", "--format", "jsonl")
    assert result.returncode == 2
    records = jsonl(result)
    assert records[0]["ok"] is True
    assert records[1]["line"] == 1 and "no caption column" in records[1]["error"]
    assert "p.csv:1: bad record: no caption column" in err(result)


def test_csv_column_option_names_the_caption_column(tmp_path):
    (tmp_path / "p.csv").write_text("id,body\n1,code GLOW20 @glowco\n", encoding="utf-8")
    result = run_in(tmp_path, "p.csv", "--column", "body", "-j", "UK", "--format", "jsonl", "-q")
    assert result.returncode == 1
    assert jsonl(result)[0]["findings"][0]["rule_id"] == "UK101"


def test_empty_inputs_are_bad_inputs(tmp_path):
    for name in ("e.txt", "e.jsonl", "e.csv"):
        (tmp_path / name).write_bytes(b"")
    result = run_in(tmp_path, "e.txt", "e.jsonl", "e.csv", "--format", "jsonl", "-q")
    assert result.returncode == 2
    assert [r["error"] for r in jsonl(result)] == [
        "empty input: no caption to check",
        "no records",
        "empty file: no header row",
    ]


def test_records_that_are_not_objects_or_lack_a_caption(tmp_path):
    (tmp_path / "b.jsonl").write_text(
        '"#ad a bare string is a caption"\n[1, 2]\n{"id": 7, "body": "x"}\n'
        '{"caption": null}\n{"caption": ["x"]}\n' + "[" * 100_000 + "\n",
        encoding="utf-8",
    )
    result = run_in(tmp_path, "b.jsonl", "-j", "UK", "--format", "jsonl", "-q")
    assert result.returncode == 2
    records = jsonl(result)
    assert records[0]["ok"] is True
    assert records[1]["error"] == "a record must be a JSON object or string"
    assert records[2]["id"] == "7" and "no 'caption'" in records[2]["error"]
    assert records[3]["error"] == "caption must be text, not NoneType"
    assert records[4]["error"] == "caption must be text, not list"
    assert records[5]["line"] == 6 and records[5]["error"].startswith("invalid JSON")


def test_lone_surrogate_in_a_caption_does_not_crash_any_format(tmp_path):
    (tmp_path / "b.jsonl").write_text('{"caption": "code GLOW20 \\ud83d @glowco"}\n', "utf-8")
    for fmt in ("text", "json", "jsonl", "csv", "sarif"):
        result = run_in(tmp_path, "b.jsonl", "-j", "UK", "--format", fmt, "--fix", "-q")
        assert result.returncode == 1, (fmt, err(result))
        assert "\\ud83d" in out(result), fmt


# -- output formats -----------------------------------------------------------------------------


def test_json_document_is_streamed_but_identical_to_one_dump(tmp_path):
    (tmp_path / "b.jsonl").write_text(BATCH + "{oops\n", encoding="utf-8")
    result = run_in(tmp_path, "b.jsonl", "--format", "json")
    assert result.returncode == 2
    text = out(result)
    document = json.loads(text)
    assert text == json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    assert [r.get("id") for r in document["reports"]] == ["fr", "us-ok", "plain", None]
    assert document["reports"][3]["error"].startswith("invalid JSON")
    assert document["summary"] == {
        "checked": 3,
        "commercial": 2,
        "with_findings": 1,
        "errors": 1,
        "findings": 1,
        "categories": {"missing-disclosure": 1},
        "config": None,
    }
    assert "3 caption(s) checked" in err(result)  # the summary stays out of the document


def test_json_with_nothing_to_report_is_still_a_document(tmp_path):
    (tmp_path / "e.jsonl").write_text("\n\n", encoding="utf-8")
    result = run_in(tmp_path, "e.jsonl", "--format", "json", "-q")
    document = json.loads(out(result))
    assert document["reports"][0]["error"] == "no records"


def test_csv_output_one_row_per_finding_and_per_clean_caption(tmp_path):
    import csv
    import io

    (tmp_path / "b.jsonl").write_text(BATCH + "{oops\n", encoding="utf-8")
    result = run_in(tmp_path, "b.jsonl", "--format", "csv", "--fix")
    rows = list(csv.DictReader(io.StringIO(out(result), newline="")))
    assert list(rows[0]) == [
        "id",
        "source",
        "line",
        "rule_id",
        "severity",
        "category",
        "start",
        "end",
        "text",
        "message",
        "fix",
        "error",
        "suggested_caption",
    ]
    fr, us, plain, bad = rows
    assert (fr["id"], fr["rule_id"], fr["severity"], fr["category"]) == (
        "fr",
        "FR101",
        "error",
        "missing-disclosure",
    )
    assert (fr["start"], fr["end"], fr["text"]) == ("5", "11", "GLOW20")
    assert fr["fix"].startswith("Start the caption with 'Publicité'")
    assert fr["suggested_caption"] == "Publicité | code GLOW20 chez @glowco"
    assert us["rule_id"] == "" and us["line"] == "2" and us["error"] == ""
    assert plain["rule_id"] == "" and plain["id"] == "plain"
    assert bad["line"] == "4" and bad["error"].startswith("invalid JSON")


def test_jsonl_fix_adds_the_suggested_caption(tmp_path):
    result = run_in(tmp_path, "--text", "code LEA20 chez @glowco", "-j", "FR", "--format", "jsonl")
    [record] = jsonl(result)
    assert "suggested_caption" not in record
    result = run_in(
        tmp_path, "--text", "code LEA20 chez @glowco", "-j", "FR", "--format", "jsonl", "--fix"
    )
    [record] = jsonl(result)
    assert record["suggested_caption"] == "Publicité | code LEA20 chez @glowco"


def test_sarif_regions_are_file_positions_for_a_text_file(tmp_path):
    (tmp_path / "c.txt").write_text("Morning ✨\nuse code EMMA20 at @glowco\n", encoding="utf-8")
    result = run_in(tmp_path, "c.txt", "-j", "UK", "--format", "sarif", "-q")
    assert result.returncode == 1
    run = json.loads(out(result))["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    [res] = run["results"]
    assert res["ruleId"] == "UK101" and res["level"] == "error"
    location = res["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "c.txt"}
    assert location["region"] == {
        "startLine": 2,
        "startColumn": 10,
        "endLine": 2,
        "endColumn": 16,
        "charOffset": 19,
        "charLength": 6,
    }
    text = (tmp_path / "c.txt").read_text("utf-8")
    assert text[19:25] == "EMMA20"
    [fix] = res["fixes"]
    [change] = fix["artifactChanges"]
    [replacement] = change["replacements"]
    assert replacement["deletedRegion"]["charOffset"] == 0
    assert replacement["deletedRegion"]["charLength"] == 0
    assert replacement["insertedContent"]["text"].startswith("#ad")
    rule = run["tool"]["driver"]["rules"][res["ruleIndex"]]
    assert rule["id"] == "UK101"
    assert rule["helpUri"] == "docs/rules/UK101.md"
    assert (ROOT / rule["helpUri"]).is_file()
    assert rule["defaultConfiguration"]["level"] == "error"


def test_sarif_bad_records_are_notifications(tmp_path):
    (tmp_path / "b.jsonl").write_text(BATCH + "{oops\n", encoding="utf-8")
    result = run_in(tmp_path, "b.jsonl", "--format", "sarif", "-q")
    assert result.returncode == 2
    [invocation] = json.loads(out(result))["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    [note] = invocation["toolExecutionNotifications"]
    assert note["level"] == "error"
    assert note["locations"][0]["physicalLocation"]["region"] == {"startLine": 4}


def test_text_output_caret_under_wide_characters():
    result = run("✨✨ code EMMA20 @glowco", "-j", "UK", "-q")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("<argument>:1:9: UK101")
    assert lines[1] == "    | ✨✨ code EMMA20 @glowco"
    assert lines[2] == "    | " + " " * 10 + "^^^^^^"  # each ✨ takes two terminal columns


def test_control_characters_in_a_caption_cannot_reach_the_terminal():
    result = run("\x1b[2J code EMMA20 @glowco\r", "-j", "UK", "-q")
    assert result.returncode == 1
    assert "\x1b" not in result.stdout and "\r" not in result.stdout
    assert "    | \\x1b[2J code EMMA20 @glowco\\r" in result.stdout.splitlines()


def test_show_signals_lists_signals_and_disclosures():
    result = run("#ad code EMMA20 @glowco", "-j", "UK", "--show-signals", "-q")
    assert "<argument>:1:10: signal discount-code 'EMMA20' after 'code'" in result.stdout
    assert "<argument>:1:1: disclosure '#ad' clear en visible paid" in result.stdout


# -- summary, statistics, colour, progress ------------------------------------------------------


def test_summary_on_stdout_for_text_and_on_stderr_for_machine_formats(tmp_path):
    (tmp_path / "b.jsonl").write_text(BATCH, encoding="utf-8")
    text = run_in(tmp_path, "b.jsonl")
    assert "3 caption(s) checked, 2 commercial, 1 with findings, 0 bad record(s)." in out(text)
    assert "     1  missing-disclosure" in out(text)
    assert err(text) == ""
    for fmt in ("json", "jsonl", "csv", "sarif"):
        machine = run_in(tmp_path, "b.jsonl", "--format", fmt)
        assert "caption(s) checked" not in out(machine), fmt
        assert "3 caption(s) checked" in err(machine), fmt
        quiet = run_in(tmp_path, "b.jsonl", "--format", fmt, "--quiet")
        assert err(quiet) == "", fmt


def test_statistics_replace_the_list_with_counts_per_rule_and_category(tmp_path):
    (tmp_path / "b.jsonl").write_text(
        BATCH + '{"caption": "code LEA20 @x", "jurisdiction": "FR"}\n', encoding="utf-8"
    )
    result = run_in(tmp_path, "b.jsonl", "--statistics", "-q")
    assert out(result).splitlines() == [
        "     2  FR101   error    missing-disclosure",
        "",
        "     2  missing-disclosure",
    ]
    machine = run_in(tmp_path, "b.jsonl", "--statistics", "--format", "jsonl", "-q")
    assert len(out(machine).splitlines()) == 4
    assert "     2  FR101   error    missing-disclosure" in err(machine)


def test_colour_only_on_request_and_never_with_no_color():
    plain = run("code EMMA20 @glowco", "-j", "UK", "-q")
    assert "\x1b[" not in plain.stdout  # a pipe is not a terminal
    forced = run("code EMMA20 @glowco", "-j", "UK", "-q", env={"FORCE_COLOR": "1"})
    assert "\x1b[31mUK101\x1b[0m" in forced.stdout
    assert "\x1b[31m^^^^^^\x1b[0m" in forced.stdout
    denied = run("code EMMA20 @glowco", "-j", "UK", "-q", env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "\x1b[" not in denied.stdout


def _run_with_terminal_stderr(cwd, *args: str) -> tuple[int, bytes, bytes]:
    import os
    import pty

    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env["TERM"] = "xterm"
    # stdout goes to a file: a pipe nobody reads while the terminal is drained would fill up
    # and stall the child.
    with open(cwd / "stdout.bin", "wb") as stdout:
        process = subprocess.Popen(
            [sys.executable, "-m", "disclosure_check", "--no-config", *args],
            stdout=stdout,
            stderr=slave,
            cwd=cwd,
            env=env,
        )
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=300)
    os.close(master)
    return process.returncode, (cwd / "stdout.bin").read_bytes(), b"".join(chunks)


def _batch(path, n: int) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": i, "caption": f"code A{i} @glowco"}) + "\n")


def test_progress_bar_on_a_terminal_only_and_never_in_the_output(tmp_path):
    import re

    _batch(tmp_path / "b.jsonl", 8000)
    code, stdout, terminal = _run_with_terminal_stderr(
        tmp_path, "b.jsonl", "-j", "UK", "--format", "json"
    )
    assert code == 1
    bar = re.search(rb"\[[#-]{24}\] +\d+%  [\d,]+ captions  [\d,]+/s  ETA \d+:\d\d", terminal)
    assert bar, terminal[-500:]
    assert b"8000 caption(s) checked" in terminal
    assert b"captions/s" not in stdout and b"ETA" not in stdout
    assert len(json.loads(stdout)["reports"]) == 8000
    quiet_code, _, quiet_terminal = _run_with_terminal_stderr(
        tmp_path, "b.jsonl", "-j", "UK", "--format", "jsonl", "-q"
    )
    assert quiet_code == 1 and b"ETA" not in quiet_terminal
    piped = run_in(tmp_path, "b.jsonl", "-j", "UK", "--format", "jsonl")
    assert b"\r" not in piped.stderr and b"ETA" not in piped.stderr


# -- exit codes ---------------------------------------------------------------------------------


def test_exit_codes_follow_fail_on():
    warning = "#collab with @glowco"  # UK102, a warning
    info = "new drop bit.ly/abc"  # UK101 at info level: a short link may hide an affiliate
    assert run("#ad new drop from @glowco", "-j", "UK", "-q").returncode == 0
    assert run(warning, "-j", "UK", "-q").returncode == 1
    assert run(warning, "-j", "UK", "-q", "--fail-on", "error").returncode == 0
    assert run(info, "-j", "UK", "-q").returncode == 0
    assert run(info, "-j", "UK", "-q", "--fail-on", "info").returncode == 1
    assert run("code EMMA20 @glowco", "-j", "UK", "-q", "--fail-on", "error").returncode == 1
    assert run("hello", "-j", "UK", "--fail-on", "fatal").returncode == 2


def test_bad_input_exit_code_wins_over_findings(tmp_path):
    (tmp_path / "b.jsonl").write_text(
        '{"caption": "code EMMA20 @glowco"}\n{"caption": 1}\n', encoding="utf-8"
    )
    result = run_in(tmp_path, "b.jsonl", "-j", "UK", "-q")
    assert result.returncode == 2
    assert "UK101" in out(result)


def test_unknown_selector_is_a_usage_error_with_a_suggestion():
    result = run("hello", "-j", "FR", "--select", "FR1O1")
    assert result.returncode == 2
    assert "--select: selector 'FR1O1' matches no rule (did you mean 'FR101'?)" in result.stderr
    assert result.stdout == ""


def test_selectors_of_other_markets_apply_to_their_own_records(tmp_path):
    (tmp_path / "b.jsonl").write_text(
        '{"id": "fr", "caption": "code GLOW20 @glowco", "jurisdiction": "FR"}\n'
        '{"id": "us", "caption": "code GLOW20 @glowco", "jurisdiction": "US"}\n'
        '{"id": "uk", "caption": "code GLOW20 @glowco", "jurisdiction": "UK"}\n',
        encoding="utf-8",
    )
    result = run_in(tmp_path, "b.jsonl", "--select", "FR101,US1", "--format", "jsonl", "-q")
    ids = {r["id"]: [f["rule_id"] for f in r["findings"]] for r in jsonl(result)}
    assert ids == {"fr": ["FR101"], "us": ["US101"], "uk": []}


def test_output_file_that_is_also_an_input_is_refused(tmp_path):
    (tmp_path / "b.jsonl").write_text(BATCH, encoding="utf-8")
    result = run_in(tmp_path, "b.jsonl", "--format", "jsonl", "-o", "b.jsonl")
    assert result.returncode == 2 and "also an input" in err(result)
    assert (tmp_path / "b.jsonl").read_text("utf-8") == BATCH


def test_output_option_writes_the_file(tmp_path):
    (tmp_path / "b.jsonl").write_text(BATCH, encoding="utf-8")
    result = run_in(tmp_path, "b.jsonl", "--format", "jsonl", "-o", "out.jsonl", "-q")
    assert result.returncode == 1 and out(result) == ""
    lines = (tmp_path / "out.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["fr", "us-ok", "plain"]


# -- streaming ----------------------------------------------------------------------------------


def test_results_are_written_as_records_arrive(tmp_path):
    import threading

    process = subprocess.Popen(
        [*COMMAND, "-", "--input-format", "jsonl", "--format", "jsonl", "-q", "-j", "UK"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=tmp_path,
    )
    assert process.stdin and process.stdout
    process.stdin.write(b'{"id": "first", "caption": "code GLOW20 @glowco"}\n')
    process.stdin.flush()
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(process.stdout.readline()))
    reader.start()
    reader.join(timeout=60)
    # The first result came out while the input was still open: nothing waits for the end.
    assert got and json.loads(got[0])["id"] == "first"
    process.stdin.write(b'{"id": "second", "caption": "#ad ok"}\n')
    process.stdin.close()
    rest = process.stdout.read()
    assert process.wait(timeout=60) == 1
    assert json.loads(rest)["id"] == "second"


COMMAND = (sys.executable, "-m", "disclosure_check", "--no-config")
MEASURE = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=False, stdout=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def _peak_rss_kib(cwd, *args: str) -> int:
    """Peak resident memory of one CLI run: measured in a wrapper whose only child it is."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *COMMAND, *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=900,
        check=True,
    )
    return int(done.stdout.strip())


def test_memory_stays_flat_on_a_large_batch(tmp_path):
    _batch(tmp_path / "small.jsonl", 20_000)
    _batch(tmp_path / "large.jsonl", 200_000)
    options = ("-j", "UK", "--format", "json", "-o", "out.json", "-q")
    small = _peak_rss_kib(tmp_path, "small.jsonl", *options)
    large = _peak_rss_kib(tmp_path, "large.jsonl", *options)
    assert (tmp_path / "out.json").stat().st_size > 200_000 * 500  # every report was written
    # Holding 200,000 reports (or their dicts) would take several hundred MB.
    assert large < 200 * 1024, f"peak RSS {large} KiB"
    assert large - small < 16 * 1024, f"20k lines: {small} KiB, 200k lines: {large} KiB"


# -- pre-commit ---------------------------------------------------------------------------------


def test_pre_commit_hook_runs_the_installed_command_on_caption_files():
    import re
    import tomllib

    text = (ROOT / ".pre-commit-hooks.yaml").read_text("utf-8")
    assert re.search(r"^- id: disclosure-check$", text, re.M)
    entry = re.search(r"^  entry: (\S+)$", text, re.M)
    files = re.search(r"^  files: (.+)$", text, re.M)
    assert entry and files
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["scripts"]
    assert entry.group(1) in scripts
    pattern = re.compile(files.group(1).strip().strip("'\""))
    for name in ("captions/a.txt", "batch.jsonl", "posts.csv"):
        assert pattern.search(name), name
    for name in ("notes.md", "data.json", "a.txt.bak"):
        assert not pattern.search(name), name
