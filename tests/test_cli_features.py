"""Subcommands from feature packages: wired into the command line, clear when an extra is
missing."""

from __future__ import annotations

import importlib

import pytest
from conftest import ROOT, run_cli

from disclosure_check import cli


def test_serve_is_a_subcommand():
    out = run_cli(ROOT, "serve", "--help")
    assert out.returncode == 0, out.stderr
    assert "--port" in out.stdout and "--host" in out.stdout


def test_audit_is_a_subcommand(tmp_path):
    posts = tmp_path / "posts.jsonl"
    posts.write_text(
        '{"account": "a", "id": "1", "caption": "Use code EMMA20 at @glowco"}\n'
        '{"account": "a", "id": "2", "caption": "Sunday walk by the sea"}\n',
        "utf-8",
    )
    out = run_cli(ROOT, "audit", str(posts), "-j", "UK", "--format", "json")
    assert out.returncode in (0, 1), out.stderr
    assert '"account": "a"' in out.stdout or '"account":"a"' in out.stdout


def test_a_missing_extra_is_a_one_line_error(monkeypatch, capsys):
    def missing(name: str):
        raise ImportError(f'{name} needs starlette: pip install "disclosure-check[server]"')

    monkeypatch.setattr(importlib, "import_module", missing)
    assert cli.main(["serve"]) == cli.EXIT_ERROR
    err = capsys.readouterr().err
    assert err.startswith("disclosure-check: error:") and "disclosure-check[server]" in err
    assert err.count("\n") == 1


@pytest.mark.parametrize("name", sorted(cli.SUBCOMMANDS))
def test_every_subcommand_has_help(name):
    assert run_cli(ROOT, name, "--help").returncode == 0
