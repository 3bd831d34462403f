"""The limits of an experiment plan: one home for each rule, read where it applies.

The plan's checks and the analysis (:mod:`companion.core.experiment`), the diary's CHECK
constraints (:mod:`companion.core.store`), the Experiment page's fields and the CLI's options all
use these numbers. They live apart from the analysis because the store is on the start-up path:
importing it must not load the whole experiment module for a table definition.
"""

from __future__ import annotations

RUN_IN_RANGE = (0, 28)
PAIRS_RANGE = (6, 12)
BLOCK_NIGHTS_RANGE = (5, 14)
WASHOUT_RANGE = (0, 3)
WASHOUT_MARGIN = 3  # W <= K - 3: every block keeps at least three nights to analyse
MAX_QUESTION = 60
MAX_LABEL = 200
