"""Issue 15 for the command line: nothing lost, nothing passed silently.

How a run ends when something goes wrong (exit status, one line on stderr, an output document
that is still closed and valid), terminal escapes in third-party text, where the configuration
comes from, and an --output file that never destroys an input or an older result.
"""

from __future__ import annotations

import csv
import dataclasses
import errno
import io
import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
import unicodedata
from pathlib import Path

import pytest

import disclosure_check as dc
from disclosure_check import cli
from disclosure_check.cli import run as run_module
from disclosure_check.config import discover, find_config
from disclosure_check.inputs import Origin
from disclosure_check.output.csv import CsvWriter
from disclosure_check.output.escape import CONTROLS
from disclosure_check.registry import rule_universe

COMMAND = (sys.executable, "-m", "disclosure_check")
FINDING = "code EMMA20 @glowco"  # UK101 under -j UK
CLEAN = "Sunday walk in the park"


def run_in(cwd: Path, *args: str, stdin=None, env: dict[str, str] | None = None):
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    environment.update(env or {})
    return subprocess.run(
        [*COMMAND, *args],
        stdin=stdin,
        capture_output=True,
        cwd=cwd,
        env=environment,
        timeout=300,
    )


def error_lines(stderr: bytes) -> list[str]:
    return [line for line in stderr.decode("utf-8").splitlines() if "error" in line]


def assert_one_line_error(stderr: bytes) -> None:
    text = stderr.decode("utf-8")
    assert "Traceback" not in text and "Exception ignored" not in text, text
    assert len(error_lines(stderr)) == 1, text


def write_batch(path: Path, captions: list[str]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for i, caption in enumerate(captions):
            fh.write(json.dumps({"id": f"r{i}", "caption": caption}) + "\n")


# -- a third-party pack that misbehaves -----------------------------------------------------


PACK_TOML = """
[pack]
id = "faulty"
prefix = "FT"
title = "Faulty"
version = "1.0"
confidence = "V"
summary = "A pack for fault tests."

[[sources]]
id = "s"
title = "test"
url = ""
confidence = "V"
"""

EXITING_RULE = """
[[rules]]
id = "FT101"
name = "exits"
kind = "python"
object = "faulty.rules:Exits"
category = "missing-disclosure"
severity = "warning"
source = "s"
summary = "A rule that ends the process."
why = "Fault test."
"""


def install_pack(site: Path, pack_toml: str, links_toml: str | None = None) -> dict[str, str]:
    """A distribution `faulty` on a folder put on PYTHONPATH; the environment that finds it."""
    package = site / "faulty"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", "utf-8")
    (package / "rules.py").write_text(
        "import sys\nfrom disclosure_check import Rule\n\n"
        "class Exits(Rule):\n    def check(self, ctx):\n        sys.exit(0)\n",
        "utf-8",
    )
    (package / "pack.toml").write_text(pack_toml, "utf-8")
    if links_toml is not None:
        (package / "links.toml").write_text(links_toml, "utf-8")
    info = site / "faulty-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: faulty\nVersion: 1.0\n", "utf-8")
    (info / "entry_points.txt").write_text("[disclosure_check.packs]\nfaulty = faulty\n", "utf-8")
    return {"PYTHONPATH": os.pathsep.join([str(site), *sys.path])}


# -- item 5: how a run ends -------------------------------------------------------------------


def test_deep_nesting_in_a_csv_post_cell_ends_with_closed_json_and_exit_2(tmp_path):
    (tmp_path / "deep.csv").write_text(
        f"caption,post\n{FINDING},{'[' * 100_000}\n{FINDING},\n", encoding="utf-8"
    )
    result = run_in(tmp_path, "--no-config", "deep.csv", "-j", "UK", "--format", "json")
    assert result.returncode == 2
    json.loads(result.stdout)  # closed and valid
    assert_one_line_error(result.stderr)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_on_stdout_is_exit_2_with_one_line(tmp_path):
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [*COMMAND, "--no-config", FINDING, "-j", "UK", "--format", "json"],
            stdout=full,
            stderr=subprocess.PIPE,
            cwd=tmp_path,
            timeout=120,
        )
    assert result.returncode == 2
    assert_one_line_error(result.stderr)
    assert "No space left on device" in result.stderr.decode()


class FailingWriter:
    """A writer whose disk fills up at the second report."""

    def __init__(self, out) -> None:
        self.out = out
        self.reports = 0

    def add_rules(self, rules) -> None:
        pass

    def report(self, origin, report) -> None:
        self.reports += 1
        if self.reports == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.out.write("partial\n")

    def bad_record(self, origin, message) -> None:
        pass

    def finish(self, summary, fatal=None) -> None:
        self.out.write("end\n")


def test_a_full_disk_on_the_output_file_leaves_the_old_file_intact(tmp_path, monkeypatch, capsys):
    write_batch(tmp_path / "b.jsonl", [FINDING, CLEAN, FINDING])
    (tmp_path / "out.jsonl").write_text("old results\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(run_module, "make_writer", lambda args, handle, *_: FailingWriter(handle))
    code = cli.main(["--no-config", "b.jsonl", "-j", "UK", "--format", "jsonl", "-o", "out.jsonl"])
    assert code == 2
    assert (tmp_path / "out.jsonl").read_text("utf-8") == "old results\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.jsonl", "out.jsonl"]  # no temp
    stderr = capsys.readouterr().err
    assert "cannot write out.jsonl: No space left on device" in stderr
    assert "Traceback" not in stderr


def test_a_read_error_mid_batch_closes_the_document(monkeypatch, capsys):
    real = run_module.read_inputs

    def failing(*args, **kwargs):
        yield from list(real(*args, **kwargs))[:1]
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(run_module, "read_inputs", failing)
    code = cli.main(
        ["--no-config", "--text", FINDING, "--text", CLEAN, "-j", "UK", "--format", "json"]
    )
    captured = capsys.readouterr()
    assert code == 2
    document = json.loads(captured.out)
    assert len(document["reports"]) == 1
    assert "Input/output error" in document["summary"]["fatal"]
    assert "Traceback" not in captured.err
    assert [line for line in captured.err.splitlines() if "error:" in line] == [
        "disclosure-check: error: unexpected OSError: [Errno 5] Input/output error "
        "(--verbose shows the traceback)"
    ]
    assert cli.main(["--no-config", "--text", FINDING, "-j", "UK", "--verbose"]) == 2
    assert "Traceback" in capsys.readouterr().err


def test_a_malformed_links_toml_is_exit_2_with_one_line(tmp_path):
    env = install_pack(tmp_path / "site", PACK_TOML, links_toml='affiliate = "x"\n')
    result = run_in(tmp_path, "--no-config", FINDING, "--pack", "faulty", env=env)
    assert result.returncode == 2
    assert_one_line_error(result.stderr)
    assert result.stdout == b""


def test_a_rule_raising_system_exit_never_ends_the_run_with_0(tmp_path):
    env = install_pack(tmp_path / "site", PACK_TOML + EXITING_RULE)
    result = run_in(
        tmp_path, "--no-config", FINDING, "--pack", "faulty", "--format", "sarif", env=env
    )
    assert result.returncode == 2
    log = json.loads(result.stdout)
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is False


def _closed_early(cwd: Path, caption: str) -> tuple[int, str]:
    write_batch(cwd / "b.jsonl", [caption] * 3000)
    process = subprocess.Popen(
        [*COMMAND, "--no-config", "b.jsonl", "-j", "UK", "--format", "jsonl"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=cwd,
    )
    assert process.stdout and process.stderr
    process.stdout.readline()
    process.stdout.close()  # `| head -1`
    stderr = process.stderr.read().decode()
    return process.wait(timeout=300), stderr


def test_a_closed_stdout_after_findings_keeps_exit_1(tmp_path):
    code, stderr = _closed_early(tmp_path, FINDING)
    assert code == 1
    assert "Traceback" not in stderr and "Exception ignored" not in stderr


def test_a_closed_stdout_before_any_finding_is_not_exit_0(tmp_path):
    code, stderr = _closed_early(tmp_path, CLEAN)
    assert code == 128 + signal.SIGPIPE
    assert "Traceback" not in stderr and "Exception ignored" not in stderr


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_sigterm_ends_with_143_and_a_closed_document(tmp_path, fmt):
    process = subprocess.Popen(
        [*COMMAND, "--no-config", "-", "--input-format", "jsonl", "-j", "UK", "--format", fmt],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    )
    assert process.stdin and process.stdout and process.stderr
    chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: chunks.extend(iter(process.stdout.read1, b"")))
    reader.start()
    process.stdin.write(json.dumps({"id": "first", "caption": FINDING}).encode() + b"\n")
    process.stdin.flush()
    deadline = time.monotonic() + 120
    while b"UK101" not in b"".join(chunks) and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)  # while it waits for the next record
    code = process.wait(timeout=120)
    reader.join(timeout=60)
    stderr = process.stderr.read().decode()
    process.stdin.close()
    assert code == 128 + signal.SIGTERM
    document = json.loads(b"".join(chunks))
    if fmt == "json":
        assert document["summary"]["fatal"] == "terminated by SIGTERM"
        assert [r["id"] for r in document["reports"]] == ["first"]
    else:
        invocation = document["runs"][0]["invocations"][0]
        assert invocation["executionSuccessful"] is False
        notes = [n["message"]["text"] for n in invocation["toolExecutionNotifications"]]
        assert notes == ["terminated by SIGTERM"]
        assert [r["ruleId"] for r in document["runs"][0]["results"]] == ["UK101"]
    assert "terminated by SIGTERM" in stderr and "Traceback" not in stderr


# -- item 6: terminal escapes -----------------------------------------------------------------


TITLE = "\x1b]0;owned\x07"
CLEAR = "\x1b[2J"
RLO = "\u202e"


def test_escapes_in_ids_captions_and_csv_headers_never_reach_the_terminal(tmp_path):
    (tmp_path / "b.jsonl").write_text(
        json.dumps({"id": TITLE, "caption": f"{CLEAR} {FINDING} {RLO}dlrow\x9b"}) + "\n", "utf-8"
    )
    (tmp_path / "h.csv").write_text(f"{CLEAR}name,{RLO}x\nhello,world\n", "utf-8")
    result = run_in(tmp_path, "--no-config", "b.jsonl", "h.csv", "-j", "UK", "--show-signals")
    assert result.returncode == 2  # the CSV has no caption column: a bad record
    for stream in (result.stdout.decode(), result.stderr.decode()):
        assert not CONTROLS.search(stream.replace("\n", "")), stream
    stdout = result.stdout.decode()
    assert "b.jsonl[\\x1b]0;owned\\x07]:1:" in stdout
    assert "    | \\x1b[2J code EMMA20 @glowco \\u202edlrow\\x9b" in stdout.splitlines()
    assert "\\x1b[2Jname, \\u202ex" in stdout and "\\x1b[2Jname, \\u202ex" in result.stderr.decode()


def test_carets_stay_under_the_evidence_after_an_escape():
    result = subprocess.run(
        [*COMMAND, "--no-config", f"{CLEAR} {FINDING}", "-j", "UK", "-q"],
        capture_output=True,
        timeout=120,
    )
    out = result.stdout.decode().splitlines()
    assert out[1] == "    | \\x1b[2J code EMMA20 @glowco"
    assert out[2] == "    | " + " " * len("\\x1b[2J code ") + "^^^^^^"


def test_json_lines_carry_no_raw_control_or_line_separator(tmp_path):
    caption = f"{FINDING}\u2028next\u2029para\x7f\x9b{RLO}\x1b"
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": "x", "caption": caption}) + "\n", "utf-8")
    result = run_in(tmp_path, "--no-config", "b.jsonl", "-j", "UK", "--format", "jsonl", "-q")
    text = result.stdout.decode("utf-8")
    assert not CONTROLS.search(text.rstrip("\n"))
    assert "\\u2028" in text and "\\u2029" in text and "\\u202e" in text
    assert json.loads(text)["caption"] == caption  # the text itself is kept exactly


def test_the_escaped_set_is_every_control_and_bidi_control_of_unicode():
    explicit = {"LRE", "RLE", "PDF", "LRO", "RLO", "LRI", "RLI", "FSI", "PDI"}
    expected = {
        chr(c)
        for c in range(0x10000)
        if unicodedata.category(chr(c)) in ("Cc", "Zl", "Zp")
        or unicodedata.bidirectional(chr(c)) in explicit
    }
    found = {chr(c) for c in range(0x10000) if CONTROLS.fullmatch(chr(c))}
    assert found == expected


# -- item 8: configuration discovery ----------------------------------------------------------


def test_the_search_stops_at_the_repository_root(tmp_path):
    (tmp_path / "disclosure-check.toml").write_text('ignore = ["UK"]\n', "utf-8")
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    (tmp_path / "repo" / "sub").mkdir()
    assert find_config(tmp_path / "repo" / "sub") is None
    (tmp_path / "repo" / "disclosure-check.toml").write_text('jurisdiction = "FR"\n', "utf-8")
    assert discover(tmp_path / "repo" / "sub").jurisdiction == ("FR",)


def test_the_search_stops_at_the_home_folder(tmp_path, monkeypatch):
    (tmp_path / "disclosure-check.toml").write_text('ignore = ["UK"]\n', "utf-8")
    (tmp_path / "home" / "project").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert find_config(tmp_path / "home" / "project") is None


def test_the_configuration_used_is_named_in_verbose_json_and_sarif(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "disclosure-check.toml").write_text('jurisdiction = "UK"\n', "utf-8")
    path = str((tmp_path / "disclosure-check.toml").resolve())
    verbose = run_in(tmp_path, FINDING, "-v", "-q")
    assert f"disclosure-check: configuration file: {path}" in verbose.stderr.decode()
    as_json = json.loads(run_in(tmp_path, FINDING, "--format", "json", "-q").stdout)
    assert as_json["summary"]["config"] == path
    sarif = json.loads(run_in(tmp_path, FINDING, "--format", "sarif", "-q").stdout)
    assert sarif["runs"][0]["invocations"][0]["properties"]["config"] == path
    none = json.loads(run_in(tmp_path, FINDING, "--no-config", "--format", "json").stdout)
    assert none["summary"]["config"] is None


def test_a_configuration_that_switches_every_rule_off_is_refused(tmp_path):
    prefixes = sorted({rule.id.rstrip("0123456789") for rule in rule_universe()})
    (tmp_path / ".git").mkdir()
    (tmp_path / "disclosure-check.toml").write_text(f"ignore = {json.dumps(prefixes)}\n", "utf-8")
    refused = run_in(tmp_path, FINDING, "-j", "UK")
    assert refused.returncode == 2
    assert_one_line_error(refused.stderr)
    assert "disclosure-check.toml" in refused.stderr.decode()
    assert "switch off every rule" in refused.stderr.decode()
    allowed = run_in(tmp_path, FINDING, "-j", "UK", "--allow-no-rules", "-q")
    assert allowed.returncode == 0


def test_a_run_in_which_no_rule_ran_is_not_a_pass(tmp_path):
    # FR101 is selected but no caption is French: nothing was checked at all.
    result = run_in(tmp_path, "--no-config", FINDING, "--select", "FR101", "-q")
    assert result.returncode == 2
    assert "no rule ran" in result.stderr.decode()
    assert run_in(tmp_path, "--no-config", FINDING, "--select", "FR101", "-j", "FR").returncode


# -- item 9: --output ---------------------------------------------------------------------------


def test_output_that_is_standard_input_is_refused(tmp_path):
    write_batch(tmp_path / "b.jsonl", [FINDING, CLEAN])
    before = (tmp_path / "b.jsonl").read_bytes()
    with open(tmp_path / "b.jsonl", "rb") as stdin:
        result = run_in(
            tmp_path, "--no-config", "-", "--input-format", "jsonl", "-o", "b.jsonl", stdin=stdin
        )
    assert result.returncode == 2
    assert "is also standard input" in result.stderr.decode()
    assert (tmp_path / "b.jsonl").read_bytes() == before


def test_output_through_a_hard_link_to_an_input_is_refused(tmp_path):
    write_batch(tmp_path / "b.jsonl", [FINDING])
    os.link(tmp_path / "b.jsonl", tmp_path / "alias.jsonl")
    result = run_in(tmp_path, "--no-config", "b.jsonl", "-j", "UK", "-o", "alias.jsonl")
    assert result.returncode == 2 and "also an input" in result.stderr.decode()


def test_output_replaces_the_file_whole_and_keeps_its_permissions(tmp_path):
    write_batch(tmp_path / "b.jsonl", [FINDING, CLEAN])
    target = tmp_path / "out.jsonl"
    target.write_text("old\n", "utf-8")
    target.chmod(0o640)
    result = run_in(
        tmp_path, "--no-config", "b.jsonl", "-j", "UK", "--format", "jsonl", "-o", "out.jsonl", "-q"
    )
    assert result.returncode == 1
    assert [json.loads(line)["id"] for line in target.read_text("utf-8").splitlines()] == [
        "r0",
        "r1",
    ]
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.jsonl", "out.jsonl"]
    devnull = run_in(tmp_path, "--no-config", "b.jsonl", "-j", "UK", "-o", os.devnull, "-q")
    assert devnull.returncode == 1 and stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_an_interrupted_run_leaves_the_old_output_file(tmp_path, monkeypatch, capsys):
    (tmp_path / "out.json").write_text("old\n", "utf-8")
    monkeypatch.chdir(tmp_path)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt
        yield

    monkeypatch.setattr(run_module, "read_inputs", interrupted)
    code = cli.main(["--no-config", FINDING, "-j", "UK", "--format", "json", "-o", "out.json"])
    assert code == 128 + signal.SIGINT
    assert (tmp_path / "out.json").read_text("utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]
    assert "out.json was left as it was" in capsys.readouterr().err


# -- issue 12, section 3: CSV for spreadsheets ----------------------------------------------


def test_csv_cells_a_spreadsheet_would_run_are_neutralised(tmp_path):
    ids = ["=1+2", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx", "plain"]
    write_ids = "".join(json.dumps({"id": i, "caption": FINDING}) + "\n" for i in ids)
    (tmp_path / "b.jsonl").write_text(write_ids, "utf-8")
    result = run_in(tmp_path, "--no-config", "b.jsonl", "-j", "UK", "--format", "csv", "-q")
    rows = list(csv.DictReader(io.StringIO(result.stdout.decode("utf-8"), newline="")))
    assert [row["id"] for row in rows] == ["'" + i for i in ids[:-1]] + ["plain"]
    assert {row["text"] for row in rows} == {"EMMA20"}
    # The evidence text is the caption's own: a code written as a formula is neutralised too.
    report = dc.Checker("UK").check(FINDING)
    start = report.findings[0].span.start
    formula = dataclasses.replace(report, caption=FINDING[:start] + "=" + FINDING[start + 1 :])
    out = io.StringIO()
    writer = CsvWriter(out, show_fix=True)
    writer.report(Origin("b.jsonl", id="=x"), formula)
    (row,) = csv.DictReader(io.StringIO(out.getvalue(), newline=""))
    assert (row["id"], row["text"]) == ("'=x", "'=MMA20")
    starts = ("=", "+", "-", "@", "\t", "\r")
    assert not [cell for cell in row.values() if cell.startswith(starts)]
