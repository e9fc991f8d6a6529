"""How a command-line run ends: its exit codes, and the error for a command line that is wrong.

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage, configuration,
input or internal error (a bad record, a missing file, an output that cannot be written, a
crash); 2 wins over 1. A run stopped by a signal ends with 128 + its number, as a shell
reports a program the signal killed: 130 interrupted (Ctrl-C), 143 terminated (SIGTERM), 141
when standard output was closed (`| head`) before anything at or above --fail-on was found.
"""

from __future__ import annotations

import signal

from ..errors import UsageError

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 128 + signal.SIGINT
EXIT_TERMINATED = 128 + signal.SIGTERM
EXIT_PIPE = 128 + signal.SIGPIPE

__all__ = [
    "EXIT_ERROR",
    "EXIT_FINDINGS",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_PIPE",
    "EXIT_TERMINATED",
    "UsageError",
]
