"""`python -m companion` runs the same entry point as `bedtime-companion`."""

import sys

from companion.cli import main

sys.exit(main())
