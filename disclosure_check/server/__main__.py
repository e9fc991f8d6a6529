"""`python -m disclosure_check.server`: the same as `disclosure-check serve`."""

from __future__ import annotations

import sys

from .command import main

if __name__ == "__main__":
    sys.exit(main())
