#!/usr/bin/env bash
# Builds (once) a minimal Debian 13 (trixie) root holding Wine 10, whose winscard.dll is built on
# pcsc-lite, for running Windows PC/SC programs against mynakit's readers on a Debian 12 machine
# (docs/windows.md). Debian 12's own Wine 8.0 has a stub winscard: SCardEstablishContext answers
# SCARD_F_INTERNAL_ERROR (0x80100001).
#
#   windows/wine-root.sh            # builds it if missing or incomplete; prints its path
#   MYNAKIT_WINE_ROOT=/some/dir windows/wine-root.sh
#
# Needs root (debootstrap), debootstrap and network access to a Debian mirror
# (MYNAKIT_DEBIAN_MIRROR, default http://deb.debian.org/debian). The root is complete only once
# its marker file exists, so an interrupted build is started again from scratch, never reused.
# It also holds a ready Wine prefix (`/wine-prefix`), so each program run does not pay the
# ~10 s of `wineboot`.
set -euo pipefail

root="${MYNAKIT_WINE_ROOT:-${XDG_CACHE_HOME:-$HOME/.cache}/mynakit-ci/wine-root}"
mirror="${MYNAKIT_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
marker="$root/.mynakit-wine-root-complete"
# wine64 and libwine: Wine 10 (trixie); libpcsclite1: what its winscard links (the launcher
# puts the host's own libpcsclite first, windows/wine-run explains why).
packages="wine64,libwine,libpcsclite1"

if [ -f "$marker" ]; then
  echo "$root"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "wine-root.sh: debootstrap needs root; run as root or set MYNAKIT_WINE_ROOT to a built root" >&2
  exit 2
fi
command -v debootstrap >/dev/null || {
  echo "wine-root.sh: debootstrap is missing (apt-get install debootstrap)" >&2
  exit 2
}

start=$(date +%s)
partial="$root.partial"
rm -rf "$partial"
mkdir -p "$(dirname "$root")"
debootstrap --variant=minbase --include="$packages" trixie "$partial" "$mirror" >"$partial.log" 2>&1 || {
  echo "wine-root.sh: debootstrap failed; the last lines of $partial.log:" >&2
  tail -20 "$partial.log" >&2
  exit 1
}
# Nothing in the root is needed after the build but the binaries: drop the package caches.
rm -rf "$partial"/var/cache/apt/archives/*.deb "$partial"/var/lib/apt/lists/*

# Run without chroot (windows/wine-run): Wine finds its DLLs next to ntdll.so, but re-executes
# "<folder of the running executable>/wine64" for every new Windows process and looks for its
# NLS files relative to that folder, which is the root's ld.so's when the root's ld.so runs it.
# So two scripts there start the loader and the server through that ld.so, and the NLS folder
# gets the alias wineserver looks for.
lib="$partial/usr/lib/x86_64-linux-gnu"
cat >"$lib/wine64" <<'SCRIPT'
#!/bin/sh
# mynakit (windows/wine-root.sh): Wine's loader through this root's ld.so and libraries, with
# $MYNAKIT_WINE_PRELOAD_DIR (the host's libpcsclite.so.1, windows/wine-run) first.
r=$(cd "$(dirname "$0")/../../.." && pwd)
exec "$r/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" \
  --library-path "${MYNAKIT_WINE_PRELOAD_DIR:+$MYNAKIT_WINE_PRELOAD_DIR:}$r/usr/lib/x86_64-linux-gnu" \
  "$r/usr/lib/wine/wine64" "$@"
SCRIPT
cat >"$lib/wineserver64" <<'SCRIPT'
#!/bin/sh
# mynakit (windows/wine-root.sh): wineserver through this root's ld.so and libraries.
r=$(cd "$(dirname "$0")/../../.." && pwd)
exec "$r/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" --library-path "$r/usr/lib/x86_64-linux-gnu" \
  "$r/usr/lib/wine/wineserver64" "$@"
SCRIPT
chmod +x "$lib/wine64" "$lib/wineserver64"
ln -sfn . "$partial/usr/share/wine/wine"

# A prefix made once, here, as wineboot does on first use.
bash "$(dirname "$0")/wine-run" --root "$partial" --init-prefix

rm -rf "$root"
mv "$partial" "$root"
rm -f "$partial.log"
{
  echo "built $(date -u +%FT%TZ) in $(($(date +%s) - start)) s"
  chroot "$root" dpkg-query -W -f '${Package} ${Version}\n' wine64 libwine libpcsclite1
} >"$marker"
cat "$marker" >&2
echo "$root"
