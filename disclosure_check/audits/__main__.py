"""`python -m disclosure_check.audits posts.jsonl -j FR` (the same as `disclosure-check audit`)."""

from __future__ import annotations

import sys

from .command import main

sys.exit(main())
