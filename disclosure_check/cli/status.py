"""How a command-line run ends: its exit codes, and the error for a command line that is wrong.

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage, configuration
or input error (a bad record, a missing file); 2 wins over 1; 130 interrupted.
"""

from __future__ import annotations

from ..errors import UsageError

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130

__all__ = ["EXIT_ERROR", "EXIT_FINDINGS", "EXIT_INTERRUPTED", "EXIT_OK", "UsageError"]
