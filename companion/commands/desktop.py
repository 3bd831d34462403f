"""The 'install-desktop' command: add (or with --remove, take away) the menu entry and icon."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

from companion import APP_NAME
from companion.commands import EXIT_BAD_INPUT, EXIT_OK, CommandError
from companion.core.settings import load_settings, save_settings
from companion.desktop import install_menu_entry, remove_menu_entry
from companion.paths import AppPaths


def run(args: argparse.Namespace, paths: AppPaths) -> int:
    try:
        if args.remove:
            removed = remove_menu_entry()
            _forget_start_at_login(paths)
            if not removed:
                print(f"{APP_NAME} was not in your applications menu, so nothing was removed.")
            else:
                print(f"Removed {APP_NAME} from your applications menu:")
                for path in removed:
                    print(f"  {path}")
            return EXIT_OK
        written = install_menu_entry()
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        raise CommandError(
            f"The menu entry could not be changed: {exc.strerror or exc}{where}.", EXIT_BAD_INPUT
        ) from None
    print(f"Added {APP_NAME} to your applications menu:")
    for path in written:
        print(f"  {path}")
    return EXIT_OK


def _forget_start_at_login(paths: AppPaths) -> None:
    """The autostart file went with the entry; keep the saved setting truthful too."""
    if not paths.settings.exists():
        return
    settings = load_settings(paths.settings, warn=lambda line: print(line, file=sys.stderr))
    if settings.start_at_login:
        save_settings(replace(settings, start_at_login=False), paths.settings)
