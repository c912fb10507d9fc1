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
# The Debian root comes from image/debian-root.sh, which builds it once and caches it. Run it as
# root: debootstrap needs root, and so does reading the root's files as they are owned
# (/etc/shadow). Prints the archive's path. The image holds /usr/local/bin/mynakit (with its
# reader driver inside, written out for each managed pcscd: no compiler in the image), its bundled
# data unpacked in /var/cache/mynakit and action/steps.sh as /usr/local/lib/mynakit/steps.sh.
set -euo pipefail
source_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

binary=${1:?usage: image/build.sh BINARY [ARCHIVE]}
archive=${2:-mynakit-image.tar}
tag=${MYNAKIT_IMAGE_TAG:-localhost/mynakit:latest}

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
if [ "$(id -u)" != 0 ]; then
  echo "image/build.sh: run it as root (debootstrap, and the root's files as they are owned)" >&2
  exit 2
fi

start=$(date +%s)
root=$("$source_dir/image/debian-root.sh")
packages=$(sed -n 's/^packages //p' "$root/.mynakit-image-root-complete")

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
