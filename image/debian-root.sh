#!/usr/bin/env bash
# Builds (once) a minimal Debian 12 (bookworm) root holding what mynakit needs at run time and
# nothing else, and prints its path: the root of mynakit's container image (image/build.sh) and
# the clean root that a release tarball is tried in (harness/tests/external/image.rs); docs/install.md.
#
#   image/debian-root.sh                 # the runtime packages below
#   MYNAKIT_IMAGE_PRINT=1 image/debian-root.sh   # also Chromium and fonts-noto-cjk
#
# Cached under ~/.cache/mynakit-ci/image-root-<key>, where the key is the SHA-256 of the package
# list and the recipe, so a changed list never reuses a stale root; complete only once its marker
# file exists, so an interrupted build is started again from scratch (as windows/wine-root.sh
# does). Needs root (debootstrap) and a Debian mirror (MYNAKIT_DEBIAN_MIRROR, default
# http://deb.debian.org/debian). Use a copy to change anything in it.
set -euo pipefail

mirror="${MYNAKIT_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/mynakit-ci"

# What mynakit needs at run time, as docs/install.md lists it: libpcsclite1, libssl3 (ldd:
# libpcsclite.so.1, libssl.so.3, libcrypto.so.3, beside libc); pcscd and vsmartcard-vpcd: the
# real PC/SC stack behind the virtual readers; iproute2: `ip` brings up the managed pcscd's
# private loopback (docs/reader.md). Chromium and the Japanese font, which only print
# report.html to PDF (docs/reports.md), add some hundreds of MB: only on request. Wine
# (windows-app) needs a Debian 13 root of its own (docs/windows.md).
packages="libpcsclite1,libssl3,pcscd,vsmartcard-vpcd,iproute2"
if [ -n "${MYNAKIT_IMAGE_PRINT:-}" ]; then
  # dbus-x11: what dconf-service's "default-dbus-session-bus | dbus-session-bus" takes, a choice
  # between virtual packages that debootstrap's resolver does not make by itself.
  packages="$packages,chromium,fonts-noto-cjk,dbus-x11"
fi
# The root's recipe: raise it when the root is built otherwise, so a cached one is not reused.
recipe=4
key=$(printf '%s\n' "bookworm minbase $packages recipe $recipe" | sha256sum | cut -c1-12)
root="${MYNAKIT_IMAGE_ROOT:-$cache/image-root-$key}"
marker="$root/.mynakit-image-root-complete"

if [ -f "$marker" ]; then
  echo "$root"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "image/debian-root.sh: debootstrap needs root" >&2
  exit 2
fi
command -v debootstrap >/dev/null || {
  echo "image/debian-root.sh: debootstrap is missing (apt-get install debootstrap)" >&2
  exit 2
}
# One build at a time (two tests may ask at once, flock(1)); the one that waited finds the
# marker.
mkdir -p "$(dirname "$root")"
exec 9>"$root.lock"
flock 9
if [ -f "$marker" ]; then
  echo "$root"
  exit 0
fi

start=$(date +%s)
partial="$root.partial"
rm -rf "$partial"
debootstrap --variant=minbase --include="$packages" bookworm "$partial" "$mirror" \
  >"$partial.log" 2>&1 || {
  echo "image/debian-root.sh: debootstrap failed; the last lines of $partial.log:" >&2
  tail -20 "$partial.log" >&2
  exit 1
}
# A root that runs programs and never installs: drop apt's caches and lists, the manuals and
# the translations, and the documentation but each package's copyright file, which Debian's
# packages must ship with their binaries (what debuerreotype-slimify drops for Debian's own
# container images, keeping the same copyright files).
rm -rf "$partial"/var/cache/apt/archives/*.deb "$partial"/var/cache/apt/*.bin \
  "$partial"/var/lib/apt/lists/* "$partial"/var/log/*.log "$partial"/var/log/apt/* \
  "$partial"/usr/share/man/* "$partial"/usr/share/info/* "$partial"/usr/share/locale/* \
  "$partial"/usr/share/lintian
find "$partial/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete
find "$partial/usr/share/doc" -mindepth 1 -type d -empty -delete
# Nothing of the build host's: debootstrap copies its /etc/resolv.conf and /etc/hostname into
# the root (a container engine mounts its own over both; a chroot needs neither, as mynakit
# uses loopback only), and writes the mirror it was given into apt's sources, where the
# default mirror stands instead (MYNAKIT_DEBIAN_MIRROR may be a private address).
rm -f "$partial/etc/resolv.conf" "$partial/etc/hostname"
echo "deb http://deb.debian.org/debian bookworm main" >"$partial/etc/apt/sources.list"
rm -rf "$root"
mv "$partial" "$root"
rm -f "$partial.log"
{
  echo "built $(date -u +%FT%TZ) in $(($(date +%s) - start)) s"
  echo "packages $packages"
} >"$marker"
echo "image/debian-root.sh: built in $(($(date +%s) - start)) s: $root" >&2
echo "$root"
