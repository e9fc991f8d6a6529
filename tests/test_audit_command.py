"""`disclosure-check audit` as a person runs it: files in, a table, JSON or a page out."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from test_audit import RECORDS

from disclosure_check.audits import audit
from disclosure_check.audits.command import main


@pytest.fixture()
def feed(tmp_path: Path) -> Path:
    path = tmp_path / "posts.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in RECORDS]
    lines.insert(3, json.dumps({"account": "lea", "id": "x1", "date": "2023-05-01"}))
    lines.insert(6, json.dumps({"account": "lea", "id": "x2", "caption": "hi", "date": "03/05"}))
    lines.insert(9, "{not json")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_json_is_the_library_audit_and_bad_records_are_reported_with_file_and_line(
    feed, tmp_path, capsys
):
    out = tmp_path / "audit.json"
    assert (
        main([str(feed), "-j", "FR", "--language", "fr", "--format", "json", "-o", str(out)]) == 0
    )
    got = json.loads(out.read_text(encoding="utf-8"))
    expected = audit(RECORDS, jurisdiction="FR", language="fr").to_dict()
    # Positions differ (three bad lines were read too), so compare what positions do not touch.
    for account, want in zip(got["accounts"], expected["accounts"], strict=True):
        assert account["account"] == want["account"]
        assert account["posts"] == want["posts"]
        assert account["disclosure"] == want["disclosure"]
        assert account["brands"] == want["brands"]
        assert account["score"] == want["score"]
    err = capsys.readouterr().err
    assert f"{feed.name}:4: skipped:" in err and "caption" in err
    assert f"{feed.name}:7: skipped: date '03/05' is not ISO 8601" in err
    assert f"{feed.name}:10: skipped: invalid JSON" in err
    assert got["skipped"]["count"] == 3
    assert got["skipped"]["by_reason"] == {"bad-date": 1, "bad-input": 2}


def test_text_table_has_one_row_per_account(feed, capsys):
    assert main([str(feed), "-j", "FR", "--language", "fr"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[:3] == ["account", "posts", "comm."]
    rows = {line.split()[0]: line.split() for line in out[1:-1]}
    assert set(rows) == {"lea", "noah", "shop", "solo"}
    lea = audit(RECORDS, jurisdiction="FR", language="fr")["lea"]
    assert rows["lea"][1:3] == [str(lea.posts.count), str(lea.commercial.count)]
    assert rows["lea"][7] == str(lea.score)
    assert out[-1] == "3 record(s) skipped (bad-date: 1, bad-input: 2)"


def test_csv_with_other_field_names_and_an_unknown_field(tmp_path, capsys):
    path = tmp_path / "posts.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "handle", "published", "caption"])
        writer.writerow(["1", "lea", "2023-05-01", "Code LEA15 sur @glowco pour leur sérum 🌿"])
        writer.writerow(["2", "lea", "2023-06-01", "Publicité | Mon sérum @glowco, code LEA15"])
        writer.writerow(["3", "max", "2023-06-02", "Ma routine du soir #skincare"])
    args = [str(path), "-j", "FR", "--format", "json", "--account-field", "handle"]
    assert main([*args, "--date-field", "published"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert [a["account"] for a in got["accounts"]] == ["lea", "max"]
    assert got["accounts"][0]["score"] == 50
    assert [m["month"] for m in got["accounts"][0]["timeline"]] == ["2023-05", "2023-06"]
    # A field name that the records do not have: each record says so, with file and line.
    assert main([*args, "--date-field", "posted_at"]) == 2
    err = capsys.readouterr().err
    assert f"{path.name}:2: skipped: no field 'posted_at' (given by --date-field)" in err
    assert f"{path.name}:4: skipped:" in err
    assert "no usable record" in err


def test_html_page_and_fail_under(feed, tmp_path):
    page = tmp_path / "report.html"
    code = main([str(feed), "-j", "FR", "--format", "html", "-o", str(page), "--fail-under", "90"])
    assert code == 1  # lea scores below 90
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and html.count('<svg class="chart"') >= 4
    assert (
        main([str(feed), "-j", "FR", "--format", "html", "-o", str(page), "--fail-under", "0"]) == 0
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["missing.jsonl", "-j", "FR"], "missing.jsonl: no such file"),
        (["{feed}", "-j", "ZZ"], "ZZ"),
        (["{feed}", "--workers", "0"], "--workers must be 1 or more"),
    ],
)
def test_usage_and_input_errors_exit_2_with_a_message(feed, capsys, argv, message):
    assert main([a.format(feed=feed) for a in argv]) == 2
    assert message in capsys.readouterr().err


def test_no_arguments_is_a_usage_error(capsys):
    assert main([]) == 2
    assert "usage: disclosure-check audit" in capsys.readouterr().err


def test_python_dash_m(feed):
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "disclosure_check.audits",
            str(feed),
            "-j",
            "FR",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert {a["account"] for a in json.loads(run.stdout)["accounts"]} == {
        "lea",
        "noah",
        "shop",
        "solo",
    }
    assert "skipped" in run.stderr
