"""`python -m disclosure_check` runs the command line."""

import sys

from .cli import main

sys.exit(main())
