"""The 'routines' command."""

from __future__ import annotations

import argparse

from companion.commands import not_available
from companion.paths import AppPaths


def run(args: argparse.Namespace, paths: AppPaths) -> int:
    return not_available("routines")
