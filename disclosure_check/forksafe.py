"""Locks that a fork never copies while another thread holds them.

A child forked while another thread holds a lock inherits it held, with no thread left to
release it: the child's first use waits forever (a batch worker forked while another thread
loaded langdetect's profiles did, issue 15). These locks are taken before every fork and
released on both sides after it, so a fork waits for the critical section to end instead.
Only for module-level locks held briefly: the hooks live as long as the process.
"""

from __future__ import annotations

import os
import threading


def fork_safe_lock() -> threading.Lock:
    lock = threading.Lock()
    if hasattr(os, "register_at_fork"):
        os.register_at_fork(
            before=lock.acquire, after_in_parent=lock.release, after_in_child=lock.release
        )
    return lock
