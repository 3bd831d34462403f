"""Entry point of the frozen app: the same `main` as the `bedtime-companion` script."""

import sys

from companion.cli import main

if __name__ == "__main__":
    sys.exit(main())
