"""The command line's seams: settings laid over the configuration, the subcommand table, the
CSV reader's header check."""

from __future__ import annotations

import argparse
import io

from disclosure_check import cli
from disclosure_check.config import Config
from disclosure_check.inputs import CsvReader


def test_command_line_overrides_only_what_it_sets():
    config = Config(jurisdiction=("FR",), platform="tiktok", select=("FR1",), fail_on="error")
    args = argparse.Namespace(
        jurisdiction=["uk,de", " "], pack=[], select=[], platform=None, language="fr"
    )
    merged = config.merged_with(args)
    assert merged.jurisdiction == ("UK", "DE")
    assert merged.platform == "tiktok"
    assert merged.language == "fr"
    assert merged.select == ("FR1",)
    assert merged.fail_on == "error"
    # A subcommand's namespace has no --select at all: the file's value stays.
    assert Config(ignore=("FR104",)).merged_with(argparse.Namespace()).ignore == ("FR104",)


def test_a_registered_subcommand_gets_the_arguments_after_its_name(monkeypatch):
    calls = []

    def audit(argv: list[str]) -> int:
        calls.append(argv)
        return 7

    monkeypatch.setitem(cli.SUBCOMMANDS, "audit", audit)
    assert cli.main(["audit", "--since", "2026-01-01"]) == 7
    assert calls == [["--since", "2026-01-01"]]


def test_csv_header_problem_is_one_bad_record():
    reader = CsvReader("posts.csv", io.BytesIO(b"id,body\n1,Use code EMMA20\n"))
    problem = reader.header()
    assert problem is not None
    assert problem.error == (
        "no caption column (caption, text, description) among the CSV columns id, body; "
        "name it with --column"
    )
    assert [r.error for r in reader.records()] == [problem.error]

    reader = CsvReader("posts.csv", io.BytesIO(b"id,body\n1,Use code EMMA20\n"), column="body")
    assert reader.header() is None
    assert reader.columns == ["id", "body"]
    (record,) = reader.records()
    assert (record.caption, record.origin.line, record.origin.id) == ("Use code EMMA20", 2, "1")
