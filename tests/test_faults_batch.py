"""Batch workers that die, and forks taken while another thread checks (issue 15 item 7).

Each scenario runs in a subprocess with a time limit, so that a hang fails the test instead of
hanging the suite; the scenario itself checks that no worker process is left behind.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
pytestmark = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="needs the fork start method"
)


def _run(scenario: str, *args: str, timeout: float = 120) -> str:
    code = f"import test_faults_batch as t; t.{scenario}(*{list(args)!r})"
    # A session of its own, so that a hung run is killed with every worker it started.
    with subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=TESTS,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    ) as run:
        try:
            out, _ = run.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(run.pid, signal.SIGKILL)
            run.communicate()
            pytest.fail(f"{scenario}{args} hung for {timeout} s")
    assert run.returncode == 0, out
    return out.splitlines()[-1] if out else ""


def _leftover_children() -> list[str]:
    """Processes under this one other than multiprocessing's own helpers (the fork server and
    the resource tracker, which live as long as their parent); a worker forked by the fork
    server is its child, so it is listed."""
    import psutil

    me = psutil.Process()
    helpers = {
        p.pid
        for p in me.children()
        if any(h in " ".join(p.cmdline()) for h in ("forkserver", "resource_tracker"))
    }
    return [" ".join(p.cmdline()) for p in me.children(recursive=True) if p.pid not in helpers]


def _dying_checker(marker: str):
    """A French checker whose extra rule ends its own process on DIE captions: on every try
    for 'DIE-ALWAYS', on the first try only for 'DIE-ONCE' (the marker file remembers)."""
    from conftest import checker_with_rule

    import disclosure_check as dc

    class Dies(dc.Rule):
        def check(self, ctx):
            text = ctx.caption.original
            if "DIE-ALWAYS" in text:
                os.kill(os.getpid(), signal.SIGKILL)
            if "EXIT-ALWAYS" in text:
                os._exit(3)
            if "DIE-ONCE" in text and not os.path.exists(marker):
                Path(marker).touch()
                os.kill(os.getpid(), signal.SIGKILL)
            return ()

    return checker_with_rule(Dies)


def killed_worker_scenario(marker_dir: str, tries: str) -> None:
    import disclosure_check as dc
    from disclosure_check.errors import WorkerError

    plain = dc.Checker("FR")
    captions = [f"code LEA{n} chez @glowco" if n % 3 else "bonjour à tous" for n in range(60)]
    captions[13] = "DIE-ALWAYS code LEA13"
    captions[37] = "EXIT-ALWAYS"
    captions[45] = "DIE-ONCE code LEA45"
    expected = [plain.check(c).to_dict() for c in captions]
    for k in range(int(tries)):
        checker = _dying_checker(os.path.join(marker_dir, f"once-{k}"))
        out = list(checker.check_many(captions, errors="collect", workers=2, chunk_size=10))
        assert len(out) == len(captions)
        lost = [i for i, r in enumerate(out) if isinstance(r, dc.BatchError)]
        assert lost == [*range(10, 20), *range(30, 40)], lost
        assert all(out[i].index == i and out[i].kind == "WorkerError" for i in lost)
        assert "records 10-19 was killed by signal SIGKILL" in out[13].error
        assert "and on the retry was killed by signal SIGKILL" in out[13].error
        assert "records 30-39 exited with code 3" in out[37].error
        kept = [i for i in range(len(captions)) if i not in lost]
        assert [out[i].to_dict() for i in kept] == [expected[i] for i in kept]  # 45: retried
        assert _leftover_children() == []
        with pytest.raises(WorkerError, match="records 10-19"):
            list(checker.check_many(captions, workers=2, chunk_size=10))
        assert _leftover_children() == []
    print("ok")


def test_a_killed_worker_is_retried_then_reported_never_hangs(tmp_path):
    assert _run("killed_worker_scenario", str(tmp_path), "8") == "ok"


def fork_while_checking_scenario(context: str) -> None:
    import threading
    import time

    import disclosure_check as dc

    sys.path.insert(0, str(TESTS.parent / "benchmarks"))
    import throughput

    from disclosure_check import ngram_language

    # The benchmark's captions: some need the n-gram scorer, whose first use reads langdetect's
    # profiles (hundreds of ms) under a lock; the fork below lands inside that read.
    captions = throughput.generate(300)
    checker = dc.Checker(None, "instagram")
    thread = threading.Thread(target=lambda: [checker.check(c) for c in captions])
    thread.start()
    load_lock = ngram_language._load_lock  # the lock the fork must not copy held
    deadline = time.monotonic() + 30
    while not load_lock.locked() and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.0002)
    method = None if context == "auto" else context
    out = list(checker.check_many(captions[:40], workers=2, chunk_size=2, mp_context=method))
    thread.join()
    assert [r.to_dict() for r in out] == [checker.check(c).to_dict() for c in captions[:40]]
    assert _leftover_children() == []
    print("ok")


@pytest.mark.parametrize("context", ["fork", "auto"])
def test_fork_while_another_thread_checks_does_not_deadlock(context):
    for _ in range(3):
        assert _run("fork_while_checking_scenario", context, timeout=60) == "ok"
