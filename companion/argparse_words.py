"""argparse's own words ("usage:", "options", "invalid choice: ...") in our catalog.

argparse translates its words with the standard library's gettext, looked up at call time through
its module globals ``_`` and ``ngettext``, against a "argparse" domain no system ships for us. So
``install()`` points those two globals at companion.core.i18n's functions, and the messages are
listed here once, spelled exactly as argparse spells them (checked against Python 3.11's
argparse.py; the ``%s``/``%(name)s``/``%r`` placeholders are argparse's and must stay as they are),
so that extraction puts them in our catalog and a translator sees them beside our own help texts.

Left out: the messages argparse raises only for a programming mistake in the parser (conflicting
option strings, "dest= is required", ...); no user of a finished program can see them.
"""

from __future__ import annotations

import argparse

from companion.core import i18n
from companion.core.i18n import N_, counted

#: argparse's singular messages that a user of the command line can see.
MESSAGES: tuple[str, ...] = (
    # Translators: argparse, before the command's synopsis; keep the space after the colon.
    N_("usage: "),
    # Translators: argparse, the heading of the list of positional arguments in --help.
    N_("positional arguments"),
    # Translators: argparse, the heading of the list of options in --help.
    N_("options"),
    N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
    N_("%(prog)s: error: %(message)s\n"),
)


def counted_messages(n: int) -> list[str]:
    """argparse's counted messages as they read for ``n``, written out with ``counted`` so that
    extraction finds each as one plural entry (argparse itself asks for them through
    ``ngettext``, which ``install`` points at ours)."""
    return [counted(n, "expected %s argument", "expected %s arguments")]


def install() -> None:
    """Route argparse's words through our catalog, in whatever language is set at the time."""
    argparse._ = i18n._  # type: ignore[attr-defined]
    argparse.ngettext = i18n.ngettext  # type: ignore[attr-defined]
