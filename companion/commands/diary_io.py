"""import, export and seed-demo."""

from __future__ import annotations

import argparse

from companion.commands import not_available
from companion.paths import AppPaths


def run_import(args: argparse.Namespace, paths: AppPaths) -> int:
    return not_available("import")


def run_export(args: argparse.Namespace, paths: AppPaths) -> int:
    return not_available("export")


def run_seed_demo(args: argparse.Namespace, paths: AppPaths) -> int:
    return not_available("seed-demo")
