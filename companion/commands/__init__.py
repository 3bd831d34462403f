"""One module per subcommand; each exposes ``run(args, paths) -> int``.

Handlers raise ``CommandError`` for a calm one-sentence failure; cli.py prints it and exits with
its code (1 bad input, 2 usage, 3 diary cannot be opened).
"""

from __future__ import annotations

from companion.core.i18n import _

EXIT_OK = 0
EXIT_BAD_INPUT = 1
EXIT_USAGE = 2
EXIT_DIARY = 3
EXIT_INTERNAL = 4


class CommandError(Exception):
    def __init__(self, message: str, code: int = EXIT_BAD_INPUT) -> None:
        self.code = code
        super().__init__(message)


def not_available(name: str) -> int:
    raise CommandError(
        _("The '{command}' command is not available yet.").format(command=name), EXIT_USAGE
    )
