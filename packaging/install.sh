#!/bin/sh
# Bedtime Companion: add the app to your applications menu, for you only (no root needed).
#   ./install.sh              copy the app to ~/.local/opt/bedtime-companion, add the menu entry,
#                             the icon and ~/.local/bin/bedtime-companion
#   ./install.sh --uninstall  take all of that away again
# Your diary (~/.local/share/bedtime-companion) and settings (~/.config/bedtime-companion) are
# never touched: installing a newer version keeps them, and uninstalling leaves them in place.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
dest="${BEDTIME_COMPANION_PREFIX:-$HOME/.local/opt/bedtime-companion}"
bindir="$HOME/.local/bin"
link="$bindir/bedtime-companion"

usage() {
  echo "usage: $0 [--uninstall]" >&2
  exit 2
}

uninstall() {
  if [ -x "$dest/bedtime-companion" ]; then
    "$dest/bedtime-companion" install-desktop --remove
  fi
  if [ -L "$link" ] && [ "$(readlink "$link")" = "$dest/bedtime-companion" ]; then
    rm -f "$link"
  fi
  if [ -d "$dest" ]; then
    rm -rf "$dest"
    echo "Removed $dest"
  fi
  echo "Bedtime Companion is uninstalled. Your diary is still in ~/.local/share/bedtime-companion."
}

install() {
  if [ ! -x "$here/bedtime-companion" ] || [ ! -d "$here/_internal" ]; then
    echo "install.sh must stay in the unpacked folder, next to bedtime-companion and _internal." >&2
    exit 1
  fi
  mkdir -p "$(dirname "$dest")"
  if [ "$here" != "$dest" ]; then
    # Copy beside the old version first, then swap, so a failed copy leaves the old one working.
    rm -rf "$dest.new" "$dest.old"
    cp -R "$here" "$dest.new"
    if [ -d "$dest" ]; then
      mv "$dest" "$dest.old"
    fi
    mv "$dest.new" "$dest"
    rm -rf "$dest.old"
  fi
  mkdir -p "$bindir"
  ln -sfn "$dest/bedtime-companion" "$link"
  "$dest/bedtime-companion" install-desktop
  echo "Bedtime Companion is installed: open it from your applications menu."
  echo "To remove it later: $dest/install.sh --uninstall"
}

case "${1:-}" in
  "") install ;;
  --uninstall) uninstall ;;
  *) usage ;;
esac
