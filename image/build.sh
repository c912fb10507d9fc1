#!/usr/bin/env bash
# Builds mynakit's container image without pulling anything from a container registry: a minimal
# Debian 12 (bookworm) root made by debootstrap from Debian's packages, the given mynakit binary
# in it, committed by buildah into an OCI archive that `podman load` and `docker load` read
# (docs/install.md, "The container image").
#
#   image/build.sh BINARY [ARCHIVE]       # ARCHIVE defaults to mynakit-image.tar
#   MYNAKIT_IMAGE_TAG=localhost/mynakit:dev image/build.sh target/release/mynakit
#   MYNAKIT_IMAGE_PRINT=1 image/build.sh …  # also Chromium and fonts-noto-cjk (the print view)
#
# The Debian root is built once and cached under ~/.cache/mynakit-ci/image-root-<key>, where the
# key is the SHA-256 of the package list and the recipe, so a changed list never reuses a stale
# root; it is complete only once its marker file exists, so an interrupted build is started
# again from scratch (as windows/wine-root.sh does). Run it as root: debootstrap needs root, and
# so does reading the root's files as they are owned (/etc/shadow); it also needs a Debian
# mirror (MYNAKIT_DEBIAN_MIRROR, default http://deb.debian.org/debian). Prints the archive's
# path. The image holds /usr/local/bin/mynakit, its bundled data unpacked in /var/cache/mynakit
# and action/steps.sh as /usr/local/lib/mynakit/steps.sh.
set -euo pipefail
source_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

binary=${1:?usage: image/build.sh BINARY [ARCHIVE]}
archive=${2:-mynakit-image.tar}
tag=${MYNAKIT_IMAGE_TAG:-localhost/mynakit:latest}
mirror="${MYNAKIT_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/mynakit-ci"

# What mynakit needs at run time (ldd: libpcsclite.so.1, libssl.so.3, libcrypto.so.3, libc);
# pcscd and vsmartcard-vpcd: the real PC/SC stack behind the virtual readers; iproute2: `ip`
# brings up the managed pcscd's private loopback (docs/reader.md); ca-certificates: a client
# command that speaks TLS to a test server of its own. Chromium and the Japanese font, which
# only print report.html to PDF (docs/reports.md), add some hundreds of MB: only on request.
# Wine (windows-app) is not in it: it needs a Debian 13 root of its own (docs/windows.md).
packages="pcscd,vsmartcard-vpcd,libpcsclite1,libssl3,ca-certificates,iproute2"
if [ -n "${MYNAKIT_IMAGE_PRINT:-}" ]; then
  packages="$packages,chromium,fonts-noto-cjk"
fi
# The root's recipe: raise it when the root is built otherwise, so a cached one is not reused.
recipe=2
key=$(printf '%s\n' "bookworm minbase $packages recipe $recipe" | sha256sum | cut -c1-12)
root="${MYNAKIT_IMAGE_ROOT:-$cache/image-root-$key}"
marker="$root/.mynakit-image-root-complete"

for tool in buildah tar; do
  command -v "$tool" >/dev/null || {
    echo "image/build.sh: $tool is missing (apt-get install $tool)" >&2
    exit 2
  }
done
"$binary" --version >/dev/null || {
  echo "image/build.sh: $binary does not run" >&2
  exit 2
}

start=$(date +%s)
if [ "$(id -u)" != 0 ]; then
  echo "image/build.sh: run it as root (debootstrap, and the root's files as they are owned)" >&2
  exit 2
fi
if [ ! -f "$marker" ]; then
  command -v debootstrap >/dev/null || {
    echo "image/build.sh: debootstrap is missing (apt-get install debootstrap)" >&2
    exit 2
  }
  partial="$root.partial"
  rm -rf "$partial"
  mkdir -p "$(dirname "$root")"
  debootstrap --variant=minbase --include="$packages" bookworm "$partial" "$mirror" \
    >"$partial.log" 2>&1 || {
    echo "image/build.sh: debootstrap failed; the last lines of $partial.log:" >&2
    tail -20 "$partial.log" >&2
    exit 1
  }
  # An image runs its programs, it never installs: drop apt's caches and lists, the manuals and
  # the translations, and the documentation but each package's copyright file, which Debian's
  # packages must ship with their binaries (what debuerreotype-slimify drops for Debian's own
  # container images, keeping the same copyright files).
  rm -rf "$partial"/var/cache/apt/archives/*.deb "$partial"/var/cache/apt/*.bin \
    "$partial"/var/lib/apt/lists/* "$partial"/var/log/*.log "$partial"/var/log/apt/* \
    "$partial"/usr/share/man/* "$partial"/usr/share/info/* "$partial"/usr/share/locale/* \
    "$partial"/usr/share/lintian
  find "$partial/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete
  find "$partial/usr/share/doc" -mindepth 1 -type d -empty -delete
  rm -rf "$root"
  mv "$partial" "$root"
  rm -f "$partial.log"
  {
    echo "built $(date -u +%FT%TZ) in $(($(date +%s) - start)) s"
    echo "packages $packages"
  } >"$marker"
  echo "image/build.sh: Debian root built in $(($(date +%s) - start)) s: $root" >&2
fi

work=$(mktemp -d)
ctr=
cleanup() {
  if [ -n "$ctr" ]; then buildah rm "$ctr" >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# The binary, stripped (symbols are for debugging mynakit, not for running it, as
# action/release.sh does), and its bundled data unpacked once into the image
# (MYNAKIT_CACHE, docs/install.md "Where the data comes from"), so that a container never
# unpacks them and runs under any user id.
mkdir -p "$work/add/usr/local/bin" "$work/add/usr/local/lib/mynakit" "$work/add/var/cache/mynakit"
install -m 0755 "$binary" "$work/add/usr/local/bin/mynakit"
# The Action's steps script, whose `run` step takes the same variables in a GitLab job or any
# other CI as on GitHub (docs/ci.md).
install -m 0755 "$source_dir/action/steps.sh" "$work/add/usr/local/lib/mynakit/steps.sh"
if command -v strip >/dev/null; then strip "$work/add/usr/local/bin/mynakit"; fi
MYNAKIT_CACHE="$work/add/var/cache/mynakit" "$work/add/usr/local/bin/mynakit" fixtures --path >/dev/null
chmod -R a+rX "$work/add/var/cache/mynakit"

# A tar keeps the owners, modes and device nodes of the root as debootstrap made them (buildah
# add unpacks a local archive; `buildah copy` of a folder would make everything root's).
tar --exclude=./.mynakit-image-root-complete --numeric-owner -C "$root" -cf "$work/root.tar" .
tar --numeric-owner --owner=0 --group=0 -C "$work/add" -cf "$work/mynakit.tar" .

ctr=$(buildah from scratch)
buildah add --quiet "$ctr" "$work/root.tar" / >/dev/null
buildah add --quiet "$ctr" "$work/mynakit.tar" / >/dev/null
# No ENTRYPOINT: GitLab's Docker executor runs a job's script through the image's shell, and an
# image whose entrypoint is not a shell must be overridden in every job (GitLab docs, "Override
# the entrypoint of an image"). The default command prints the help. No USER: the default user
# is root, which under rootless podman is the caller, so reports written to a mounted folder are
# the caller's; with `--userns keep-id` podman runs the container as the caller's own uid (it
# does so only for an image that names no user; podman-run(1)), which the managed pcscd needs,
# since as an unprivileged root without CAP_SYS_ADMIN it may not unshare (docs/install.md).
buildah config \
  --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  --env MYNAKIT_CACHE=/var/cache/mynakit \
  --env LANG=C.UTF-8 \
  --cmd '["mynakit", "--help"]' \
  --entrypoint '[]' \
  --workingdir /work \
  --user "" \
  --label "org.opencontainers.image.title=mynakit" \
  --label "org.opencontainers.image.version=$("$binary" --version | awk '{print $2}')" \
  --label "org.opencontainers.image.description=mynakit on Debian 12 (bookworm): $packages" \
  "$ctr"
mkdir -p "$(dirname "$archive")"
rm -f "$archive"
timestamp=()
if [ -n "${SOURCE_DATE_EPOCH:-}" ]; then timestamp=(--timestamp "$SOURCE_DATE_EPOCH"); fi
buildah commit --quiet "${timestamp[@]}" --format oci --disable-compression=false --rm "$ctr" "oci-archive:$archive:$tag" >/dev/null
ctr=
echo "image/build.sh: $tag in $archive ($(du -m "$archive" | cut -f1) MB) in $(($(date +%s) - start)) s" >&2
echo "$archive"
