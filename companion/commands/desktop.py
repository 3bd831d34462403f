"""The 'install-desktop' command: add (or with --remove, take away) the menu entry and icon."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

from companion import APP_NAME
from companion.commands import EXIT_BAD_INPUT, EXIT_OK, CommandError
from companion.core.i18n import _
from companion.core.settings import load_settings, save_settings
from companion.desktop import install_menu_entry, remove_menu_entry
from companion.paths import AppPaths


def run(args: argparse.Namespace, paths: AppPaths) -> int:
    try:
        if args.remove:
            removed = remove_menu_entry()
            _forget_start_at_login(paths)
            if not removed:
                print(
                    _("{app} was not in your applications menu, so nothing was removed.").format(
                        app=APP_NAME
                    )
                )
            else:
                print(_("Removed {app} from your applications menu:").format(app=APP_NAME))
                for path in removed:
                    print(f"  {path}")
            return EXIT_OK
        written = install_menu_entry()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if exc.filename:
            message = _("The menu entry could not be changed: {reason} ({path}).").format(
                reason=reason, path=exc.filename
            )
        else:
            message = _("The menu entry could not be changed: {reason}.").format(reason=reason)
        raise CommandError(message, EXIT_BAD_INPUT) from None
    print(_("Added {app} to your applications menu:").format(app=APP_NAME))
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
