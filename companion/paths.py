"""Where the diary, settings and bundled assets live.

Data dir precedence: ``--data-dir`` > ``BEDTIME_COMPANION_HOME`` > the platform's user data dir.
The config dir follows the same rule (``--data-dir`` and the env var hold both, so a test or a
demo never touches the real settings). Folders are created owner-only because the diary is
health data.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from companion.core.errors import OutputRefused
from companion.core.i18n import _
from companion.error_log import ERROR_LOG

APP_DIR_NAME = "bedtime-companion"
ENV_HOME = "BEDTIME_COMPANION_HOME"

DIARY_FILE = "diary.sqlite3"
SETTINGS_FILE = "settings.json"
BACKUP_DIR = "backups"
ROUTINES_FILE = "routines.json"
LOCK_FILE = "app.lock"  # the one-window lock (companion/ui/single_instance.py)
# The app's own files in the data folder. Each also stands for its side files: "diary.sqlite3"
# covers -wal, -shm, -journal, .lock, .restoring, .before-restore-…, and the hidden temp files
# (".diary.sqlite3.new-123", ".settings.json.x.tmp"); "errors.log" covers errors.log.1.
SIDECARS = ("-wal", "-shm", "-journal", ".lock")
OWN_FILES = (DIARY_FILE, SETTINGS_FILE, ROUTINES_FILE, ERROR_LOG, LOCK_FILE)


def _is_own_name(name: str) -> bool:
    bare = name[1:] if name.startswith(".") else name
    return any(bare == own or bare.startswith((own + ".", own + "-")) for own in OWN_FILES)


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path
    config_dir: Path

    @property
    def diary(self) -> Path:
        return self.data_dir / DIARY_FILE

    @property
    def backups(self) -> Path:
        return self.data_dir / BACKUP_DIR

    @property
    def settings(self) -> Path:
        return self.config_dir / SETTINGS_FILE

    @property
    def custom_routines(self) -> Path:
        return self.data_dir / ROUTINES_FILE

    def refuse_as_output(self, out: str | os.PathLike[str]) -> None:
        """Raise OutputRefused when writing ``out`` would overwrite the app's own data.

        The one check for every output (export, report; the command line and the app alike).
        ``out`` is judged where it really leads, after symlinks and ``..``: the diary and its
        side files, anything in backups/, the settings, routines, log and lock, in the data
        folder (and the config folder). The diary may itself be a symlink: the file it leads to
        and that file's -wal/-shm are covered too, and so is any other name (a hard link, another
        case on a case-insensitive disk) for a file that is the diary.
        """
        given = Path(out).expanduser()
        real = Path(os.path.realpath(given))
        if self._owns(real):
            raise OutputRefused(
                _(
                    "{path} is one of your diary's own files in {folder}, so it was left "
                    "untouched; choose another file to write to."
                ).format(path=given, folder=self.data_dir)
            )

    def _owns(self, real: Path) -> bool:
        folders = {self.data_dir, self.config_dir}
        folders |= {Path(os.path.realpath(f)) for f in folders}
        for folder in folders:
            try:
                inside = real.relative_to(folder).parts
            except ValueError:
                continue
            if not inside or inside[0] == BACKUP_DIR or _is_own_name(inside[0]):
                return True
        diary = Path(os.path.realpath(self.diary))
        if real.parent == diary.parent and real.name.startswith(diary.name):
            return True
        if Path(os.path.realpath(self.backups)) in real.parents:
            return True
        try:
            found = real.stat()
        except OSError:
            return False  # a new file: nothing of ours has that name
        for own in (self.diary, diary, *(diary.with_name(diary.name + s) for s in SIDECARS)):
            try:
                if os.path.samestat(found, own.stat()):
                    return True
            except OSError:
                continue
        return False

    def ensure(self) -> AppPaths:
        """Create whichever of the two folders is missing, owner-only; existing ones keep their
        mode (see ``make_private_dir``)."""
        for folder in (self.data_dir, self.config_dir):
            make_private_dir(folder)
        return self

    def shared_folder_notice(self) -> str | None:
        """One calm sentence when others on this computer can list the data folder; else None.

        The folder is left as the person set it up (a shared or group folder is their choice);
        the diary's own files in it are owner-only whatever the folder's mode.
        """
        if os.name != "posix":
            return None
        try:
            mode = self.data_dir.stat().st_mode
        except OSError:
            return None
        if not mode & (stat.S_IRGRP | stat.S_IROTH):
            return None
        return _(
            "Your data folder {folder} can be seen by other people on this computer; it was "
            "left as it is, and your diary files in it can be read by you only."
        ).format(folder=self.data_dir)


def make_private_dir(folder: Path) -> None:
    """Create ``folder`` (and any missing folders above it) readable by the owner only.

    A folder that already exists keeps its mode: the app never changes a folder it did not
    create (a 1777 or 2770 shared folder, or one made read-only on purpose).
    """
    missing: list[Path] = []
    for candidate in (folder, *folder.parents):
        if candidate.is_dir():
            break
        missing.append(candidate)
    for created in reversed(missing):
        try:
            created.mkdir(mode=0o700)
        except FileExistsError:
            if created.is_dir():
                continue  # made by someone else a moment ago: theirs, so its mode stays
            raise
        if os.name == "posix":
            os.chmod(created, 0o700)  # ours: exactly 0700, whatever the umask left


class DataFolderError(ValueError):
    """The data folder named cannot be a folder (it is a file, or lies below one): a usage error."""


def check_folder(folder: Path, named_by: str) -> None:
    """Raise DataFolderError when ``folder`` is a file or lies below one, in one sentence.

    Only looks: a folder that is missing (beneath real folders) is fine, it is created later, and
    a folder that cannot be looked at is left for the diary's own open to report.
    """
    for candidate in (folder, *folder.parents):
        try:
            info = candidate.stat()
        except (FileNotFoundError, NotADirectoryError):
            continue
        except OSError:
            return
        if stat.S_ISDIR(info.st_mode):
            return
        if candidate == folder:
            message = _(
                "The data folder {folder} is a file, not a folder, so no diary can be kept "
                "there; give {option} the folder that holds your diary."
            )
        else:
            message = _(
                "The data folder {folder} lies inside {file}, which is a file, not a folder, so "
                "no diary can be kept there; give {option} the folder that holds your diary."
            )
        raise DataFolderError(message.format(folder=folder, file=candidate, option=named_by))


def resolve_paths(data_dir: str | os.PathLike[str] | None = None) -> AppPaths:
    """The folders to use; DataFolderError when the one named is a file or below one."""
    if data_dir:
        base = Path(data_dir).expanduser().resolve()
        check_folder(base, "--data-dir")
        return AppPaths(base, base)
    env = os.environ.get(ENV_HOME)
    if env:
        base = Path(env).expanduser().resolve()
        check_folder(base, ENV_HOME)
        return AppPaths(base, base)
    import platformdirs  # only here: most launches name their folder or read the env var

    # appauthor=False keeps Windows from nesting an author folder; on macOS data and config share
    # one folder, which is fine because the file names differ.
    data = Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))
    config = Path(platformdirs.user_config_dir(APP_DIR_NAME, appauthor=False))
    check_folder(data, "--data-dir")
    check_folder(config, "--data-dir")
    return AppPaths(data, config)


@cache
def assets_root() -> Path:
    """The assets folder: inside the installed package, or the repo's top-level one in a checkout.

    A plain path beside this module (the wheel installs files, never a zip), which is what Qt
    needs anyway; importlib.resources would add ~20 ms to every start for no gain here. Found
    once per process (it cannot move while the app runs): every picture and routine asks.
    """
    package_dir = Path(__file__).resolve().parent
    packaged = package_dir / "assets"
    if packaged.is_dir():
        return packaged
    return package_dir.parent / "assets"


def asset(*parts: str) -> Path:
    return assets_root().joinpath(*parts)
