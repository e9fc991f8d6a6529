"""`python -m disclosure_check.cli` runs the command line, as `python -m disclosure_check` does."""

import sys

from . import main

sys.exit(main())
