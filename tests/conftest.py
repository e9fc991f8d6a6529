"""Shared helpers: inline span markers (⟦text⟧{ID}) used by case files and rule examples."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

TESTS = Path(__file__).parent
ROOT = TESTS.parent

MARKER = re.compile(r"⟦(.*?)⟧(?:\{([^}]*)\})?", re.S)


def unmark(marked: str) -> tuple[str, list[tuple[int, int, str | None]]]:
    """The caption without markers, and (start, end, tag) for each marked span."""
    out = []
    spans = []
    pos = 0
    length = 0
    for m in MARKER.finditer(marked):
        before = marked[pos : m.start()]
        out.append(before)
        length += len(before)
        inner = m.group(1)
        spans.append((length, length + len(inner), m.group(2)))
        out.append(inner)
        length += len(inner)
        pos = m.end()
    out.append(marked[pos:])
    return "".join(out), spans


@pytest.fixture(scope="session")
def unmark_fn():
    return unmark


def corpus_records(*paths: Path) -> list[dict[str, Any]]:
    """JSONL records of the labelled corpora, each with `caption` (the markers removed)."""
    out = []
    for path in paths:
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                record["caption"] = unmark(record["marked"])[0]
                out.append(record)
    return out


def run_cli(
    cwd: Path, *args: str, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m disclosure_check ARGS` in a subprocess, colour variables cleared."""
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "disclosure_check", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=environment,
        timeout=120,
    )


def checker_with_rule(cls: type, rule_id: str = "FR999") -> Any:
    """A French checker with one more rule of class `cls` (a faulty rule, in fault tests)."""
    import disclosure_check as dc

    checker = dc.Checker("FR")
    pack = next(r.pack for r in checker.rules if r.pack_id == "fr")
    rule = cls(
        id=rule_id,
        name="faulty",
        severity=dc.Severity.ERROR,
        confidence=dc.Confidence.HIGH,
        pack=pack,
        doc=dc.RuleDoc(summary="x"),
        category=dc.Category.MISSING_DISCLOSURE,
    )
    checker.rules = (*checker.rules, rule)
    return checker


@pytest.fixture(scope="module")
def dask_client() -> Any:
    """A two-process Dask LocalCluster for one test module, closed at its end (a cluster left
    running would read /proc files while later tests watch for file access)."""
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    with distributed.Client(cluster) as client:
        yield client
    cluster.close()
