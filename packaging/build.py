"""Build the wheel, the sdist, the standalone tarball and the .deb into dist/ (`./dev package`).

Run with the virtual environment's Python (it needs build and PyInstaller):

    python packaging/build.py [--dist DIR] [--build-dir DIR] [--skip-sdist-wheel] [--skip-deb]

Nothing is downloaded here beyond what pip's PEP 517 build needs (hatchling, from the package
index); the app itself never goes online. The .deb's Depends come from `ldd` over the bundle,
each library mapped to its Debian package with `dpkg -S`, never from a hand-kept list.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from scripts.i18n_compile import compile_catalogs  # noqa: E402  (needs ROOT on the path)

PACKAGING = ROOT / "packaging"
DIST = ROOT / "dist"
BUILD = ROOT / "build" / "package"
APP_ID = "org.bedtimecompanion.BedtimeCompanion"
NAME = "bedtime-companion"
ARCH_TARBALL = "linux-x86_64"
ARCH_DEB = "amd64"
DEB_PREFIX = Path("opt") / NAME
SUMMARY = "calm bedtime stretch routine and night-cramp diary"
MAINTAINER = "The Bedtime Companion developers"
# Packages only the optional voice needs at run time (the speechd plugin talks to it).
RECOMMENDS = ["speech-dispatcher"]


def version() -> str:
    text = (ROOT / "companion" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.M)
    if not match:
        raise SystemExit("companion/__init__.py has no __version__")
    return match.group(1)


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.run(cmd, check=True, **kwargs)


def build_wheel_and_sdist() -> list[Path]:
    """PEP 517 build with `build` in an isolated environment: the same as a package index would."""
    run(
        [sys.executable, "-m", "build", "--outdir", str(DIST), str(ROOT)], stdout=subprocess.DEVNULL
    )
    return sorted(DIST.glob("bedtime_companion-*"))


def build_bundle() -> Path:
    run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(BUILD / "pyinstaller"),
            "--workpath",
            str(BUILD / "pyinstaller-work"),
            str(PACKAGING / "bedtime-companion.spec"),
        ]
    )
    bundle = BUILD / "pyinstaller" / NAME
    for link in [p for p in bundle.rglob("*") if p.is_symlink() and not p.exists()]:
        # PyInstaller links top-level names to every Qt library it saw, even the dropped ones.
        link.unlink()
    strip_debug_symbols(bundle)
    normalise_modes(bundle)
    return bundle


def strip_debug_symbols(bundle: Path) -> None:
    """Python's own build carries debug symbols (libpython alone is 23 MB), and so does ICU.

    Only these: stripping the wheels' auditwheel-patched libraries (numpy's OpenBLAS) breaks them
    ("ELF load command address/offset not page-aligned"), which is why the spec's strip is off.
    """
    internal = bundle / "_internal"
    targets = [
        *internal.glob("libpython3*.so*"),
        *internal.glob("python3*/lib-dynload/*.so"),
        *internal.glob("PySide6/Qt/lib/libicu*.so*"),
    ]
    files = sorted({p for p in targets if p.is_file() and not p.is_symlink()})
    if files:
        print(f"+ strip --strip-unneeded ({len(files)} files of Python and ICU)", flush=True)
        subprocess.run(["strip", "--strip-unneeded", *map(str, files)], check=True)


def normalise_modes(tree: Path) -> None:
    """Folders 755, the launcher 755, everything else (shared libraries too) 644, as Debian wants."""
    for path in [tree, *tree.rglob("*")]:
        if path.is_symlink():
            continue
        if path.is_dir():
            path.chmod(0o755)
        elif path.parent == tree and path.name in (NAME, "install.sh"):
            path.chmod(0o755)
        else:
            path.chmod(0o644)


def _tar_filter(info: tarfile.TarInfo) -> tarfile.TarInfo:
    """Owned by nobody in particular: the user unpacking it owns the files."""
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def build_tarball(bundle: Path, ver: str) -> Path:
    top = f"{NAME}-{ver}"
    stage = BUILD / "tarball" / top
    shutil.rmtree(stage.parent, ignore_errors=True)
    shutil.copytree(bundle, stage, symlinks=True)
    shutil.copy2(PACKAGING / "install.sh", stage / "install.sh")
    shutil.copy2(ROOT / "LICENSE", stage / "LICENSE")
    (stage / "README.txt").write_text(
        "Bedtime Companion " + ver + "\n\n"
        "Start it:   double-click bedtime-companion (or run ./bedtime-companion)\n"
        "Add it to your applications menu:   run ./install.sh\n"
        "Remove it again:   run ./install.sh --uninstall\n\n"
        "Your diary lives in ~/.local/share/bedtime-companion and is never removed by\n"
        "uninstalling or replaced by installing a newer version.\n",
        encoding="utf-8",
    )
    normalise_modes(stage)
    out = DIST / f"{NAME}-{ver}-{ARCH_TARBALL}.tar.gz"
    with tarfile.open(out, "w:gz", compresslevel=6) as tar:
        tar.add(stage, arcname=top, filter=_tar_filter)
    return out


# --- the .deb ---------------------------------------------------------------------------------


def _is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(4) == b"\x7fELF"
    except OSError:
        return False


def needed(path: Path) -> set[str]:
    """The sonames an ELF file links directly (its DT_NEEDED entries)."""
    out = subprocess.run(
        ["readelf", "--dynamic", "--wide", str(path)], capture_output=True, text=True
    ).stdout
    return set(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out))


def system_libraries(bundle: Path) -> dict[str, Path]:
    """Every library the bundle's ELF files link directly and load from outside the bundle.

    `ldd` runs with the bundle's library folders first on the search path, as the bootloader
    sets it up, so what it resolves outside the bundle is what the system must provide. Only
    direct links count (as with dpkg-shlibdeps): a system library's own dependencies are its
    package's business. A library not found at all stops the build, since the .deb would
    install and then fail to start.
    """
    internal = bundle / "_internal"
    search = [internal, internal / "PySide6" / "Qt" / "lib", internal / "numpy.libs"]
    env = {**os.environ, "LD_LIBRARY_PATH": ":".join(str(p) for p in search)}
    found: dict[str, Path] = {}
    missing: dict[str, list[str]] = {}
    bundle_real = str(bundle.resolve()) + os.sep
    for path in sorted(bundle.rglob("*")):
        if path.is_symlink() or not path.is_file() or not _is_elf(path):
            continue
        direct = needed(path)
        out = subprocess.run(
            ["ldd", str(path)], env=env, capture_output=True, text=True
        ).stdout.splitlines()
        for line in out:
            line = line.strip()
            if "=>" not in line:
                continue  # the vdso and the dynamic loader itself
            soname, _, rest = line.partition("=>")
            soname, target = soname.strip(), rest.strip().split(" (")[0].strip()
            if soname not in direct:
                continue
            if target == "not found":
                missing.setdefault(soname, []).append(str(path.relative_to(bundle)))
                continue
            if not os.path.realpath(target).startswith(bundle_real):
                found.setdefault(soname, Path(target))
    if missing:
        lines = [f"  {name} (needed by {', '.join(users[:3])})" for name, users in missing.items()]
        raise SystemExit(
            "These libraries are not installed on this machine, so the .deb's dependencies cannot"
            " be worked out (install them, e.g. with ./dev package):\n" + "\n".join(lines)
        )
    return found


def _dpkg_owner(path: Path) -> str:
    """The Debian package owning a file; tries the /usr-merged spellings of the same path."""
    candidates = [str(path), os.path.realpath(path)]
    for cand in list(candidates):
        if cand.startswith("/usr/lib/"):
            candidates.append(cand[len("/usr") :])
        elif cand.startswith("/lib/"):
            candidates.append("/usr" + cand)
    for cand in candidates:
        res = subprocess.run(["dpkg", "-S", cand], capture_output=True, text=True)
        if res.returncode == 0:
            owner = res.stdout.splitlines()[0].split(":", 1)[0]
            # "pkg:amd64: /path" or "pkg: /path"
            return owner.split(",")[0].strip()
    raise SystemExit(f"No Debian package owns {path} (dpkg -S found nothing)")


def _shlibs_version(package: str, soname: str) -> str | None:
    """The minimum version the package's shlibs file asks for this soname, as dpkg-shlibdeps does."""
    res = subprocess.run(
        ["dpkg-query", "--control-show", package, "shlibs"], capture_output=True, text=True
    )
    if res.returncode != 0:
        return None
    match = re.match(r"(.+)\.so\.(.+)$", soname)
    if not match:
        return None
    lib, major = match.groups()
    for line in res.stdout.splitlines():
        parts = line.split(None, 2)
        if len(parts) == 3 and parts[0] == lib and parts[1] == major:
            dep = re.search(rf"{re.escape(package)} \(([^)]+)\)", parts[2])
            return dep.group(1) if dep else None
    return None


def debian_depends(bundle: Path) -> list[str]:
    packages: dict[str, str | None] = {}
    for soname, path in sorted(system_libraries(bundle).items()):
        pkg = _dpkg_owner(path)
        ver = _shlibs_version(pkg, soname)
        if pkg not in packages or (ver and not packages[pkg]):
            packages[pkg] = ver
    return [f"{pkg} ({ver})" if ver else pkg for pkg, ver in sorted(packages.items())]


def _gzip_n(src: bytes, dest: Path) -> None:
    """gzip -9n: no timestamp, so rebuilds are identical (lintian checks this too)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    with dest.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write(src)


def man_page(ver: str) -> bytes:
    """A short bedtime-companion(1) from the command's own --help."""
    sys.path.insert(0, str(ROOT))
    from companion.cli import build_parser

    help_text = build_parser().format_help()
    lines = [line.replace("\\", "\\e") for line in help_text.splitlines()]
    escaped = "\n".join("\\&" + line if line.startswith((".", "'")) else line for line in lines)
    return (
        f'.TH BEDTIME-COMPANION 1 "" "bedtime-companion {ver}" "User Commands"\n'
        ".SH NAME\n"
        f"bedtime-companion \\- {SUMMARY}\n"
        ".SH SYNOPSIS\n"
        ".B bedtime-companion\n"
        "[\\fIOPTIONS\\fR] [\\fICOMMAND\\fR]\n"
        ".SH DESCRIPTION\n"
        ".nf\n"
        f"{escaped}\n"
        ".fi\n"
        ".SH FILES\n"
        "The diary and its backups are in ~/.local/share/bedtime-companion, the settings in\n"
        "~/.config/bedtime-companion. Removing the package leaves both in place.\n"
    ).encode()


def copyright_file() -> str:
    return (
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
        f"Upstream-Name: {NAME}\n\n"
        "Files: *\n"
        f"Copyright: 2026 {MAINTAINER}\n"
        "License: MIT\n"
        + "".join(
            " " + (line if line.strip() else ".") + "\n"
            for line in (ROOT / "LICENSE").read_text(encoding="utf-8").splitlines()[2:]
        )
        + "\n"
        "Files: opt/bedtime-companion/_internal/PySide6/*\n"
        "Copyright: The Qt Company Ltd. and other contributors\n"
        "License: LGPL-3.0-only\n"
        " Qt and PySide6, as shipped in the PySide6-Essentials and PySide6-Addons wheels. On\n"
        " Debian systems the full text of the GNU Lesser General Public License version 3 is in\n"
        " /usr/share/common-licenses/LGPL-3.\n\n"
        "Files: opt/bedtime-companion/_internal/numpy* opt/bedtime-companion/_internal/pyqtgraph/*\n"
        "Copyright: NumPy Developers; Luke Campagnola and the pyqtgraph contributors\n"
        "License: BSD-3-Clause and MIT\n"
        " See the license files in the wheels of numpy and pyqtgraph.\n\n"
        "Files: opt/bedtime-companion/_internal/libpython3* opt/bedtime-companion/_internal/python3*\n"
        "Copyright: Python Software Foundation\n"
        "License: PSF-2.0\n"
        " The Python runtime, under the Python Software Foundation License version 2.\n"
    )


def build_deb(bundle: Path, ver: str) -> Path:
    root = BUILD / "deb" / f"{NAME}_{ver}_{ARCH_DEB}"
    shutil.rmtree(root.parent, ignore_errors=True)
    opt = root / DEB_PREFIX
    shutil.copytree(bundle, opt, symlinks=True)
    normalise_modes(opt)
    assets = ROOT / "assets"
    share = root / "usr" / "share"
    files = {
        share / "applications" / f"{APP_ID}.desktop": assets / f"{APP_ID}.desktop",
        share / "metainfo" / f"{APP_ID}.metainfo.xml": assets / f"{APP_ID}.metainfo.xml",
        share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg": assets
        / "icons"
        / "bedtime-companion.svg",
    }
    for dest, src in files.items():
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)
        dest.chmod(0o644)
    bindir = root / "usr" / "bin"
    bindir.mkdir(parents=True)
    (bindir / NAME).symlink_to(Path("/") / DEB_PREFIX / NAME)
    doc = share / "doc" / NAME
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(copyright_file(), encoding="utf-8")
    _gzip_n(
        (
            f"{NAME} ({ver}) unstable; urgency=medium\n\n"
            f"  * Release {ver}: see the release notes in /usr/share/metainfo.\n\n"
            f" -- {MAINTAINER} <>  Tue, 01 Dec 2026 00:00:00 +0000\n"
        ).encode(),
        doc / "changelog.gz",
    )
    _gzip_n(man_page(ver), share / "man" / "man1" / f"{NAME}.1.gz")
    for path in [root / "usr", *(root / "usr").rglob("*")]:
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() else 0o644)
    root.chmod(0o755)
    (root / "opt").chmod(0o755)

    depends = debian_depends(opt)
    installed_kib = sum(
        (p.lstat().st_size + 1023) // 1024 for p in root.rglob("*") if not p.is_dir()
    )
    control = root / "DEBIAN" / "control"
    control.parent.mkdir()
    control.parent.chmod(0o755)
    description = (
        " At bedtime it walks you through a short stretch routine with a big countdown,\n"
        " soft chimes and optional spoken guidance. In the night one button helps you\n"
        " through a cramp and logs it; in the morning a few taps note how the night went,\n"
        " and the Trends page and a PDF report for your doctor show whether the routine\n"
        " helps. Everything stays on your computer: no account, no network.\n"
    )
    control.write_text(
        f"Package: {NAME}\n"
        f"Version: {ver}\n"
        f"Architecture: {ARCH_DEB}\n"
        f"Maintainer: {MAINTAINER} <>\n"
        f"Installed-Size: {installed_kib}\n"
        f"Depends: {', '.join(depends)}\n"
        f"Recommends: {', '.join(RECOMMENDS)}\n"
        "Section: utils\n"
        "Priority: optional\n"
        f"Description: {SUMMARY}\n{description}",
        encoding="utf-8",
    )
    control.chmod(0o644)
    out = DIST / f"{NAME}_{ver}_{ARCH_DEB}.deb"
    # xz, Debian's own choice: 42 MiB against 58 with gzip. zstd is as small and far faster, but
    # Debian 12's lintian calls a zstd .deb malformed (only Ubuntu's archive takes them).
    run(["dpkg-deb", "--root-owner-group", "-Zxz", "--build", str(root), str(out)])
    return out


def human(n: int) -> str:
    return f"{n / 2**20:.1f} MiB"


def tree_size(path: Path) -> int:
    return sum(p.lstat().st_size for p in path.rglob("*") if not p.is_dir())


def main() -> int:
    global DIST, BUILD  # the folders every step writes to; set once, here
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=DIST, help="where the packages go")
    parser.add_argument("--build-dir", type=Path, default=BUILD, help="scratch space")
    parser.add_argument("--skip-sdist-wheel", action="store_true")
    parser.add_argument("--skip-deb", action="store_true")
    args = parser.parse_args()
    DIST, BUILD = args.dist.resolve(), args.build_dir.resolve()
    start = time.monotonic()
    ver = version()
    DIST.mkdir(parents=True, exist_ok=True)
    for old in DIST.glob("*"):
        if old.name.startswith(("bedtime_companion-", f"{NAME}-", f"{NAME}_")):
            old.unlink()
    made: list[Path] = []
    stages: list[tuple[str, float]] = []

    def stage(name: str, func, *a):
        t0 = time.monotonic()
        result = func(*a)
        stages.append((name, time.monotonic() - t0))
        return result

    stage("translation catalogs", compile_catalogs)  # the bundle takes the .mo files as they are
    if not args.skip_sdist_wheel:
        made += stage("wheel + sdist", build_wheel_and_sdist)
    bundle = stage("PyInstaller bundle", build_bundle)
    made.append(stage("tarball", build_tarball, bundle, ver))
    if not args.skip_deb:
        made.append(stage(".deb", build_deb, bundle, ver))
    print(f"\nbundle unpacked: {human(tree_size(bundle))} in {bundle}")
    for path in made:
        print(f"{path}: {human(path.stat().st_size)}")
    for name, secs in stages:
        print(f"  {name}: {secs:.0f} s")
    print(f"./dev package took {time.monotonic() - start:.0f} s")
    return 0


if __name__ == "__main__":
    os.umask(0o022)
    sys.exit(main())
