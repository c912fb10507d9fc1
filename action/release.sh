#!/usr/bin/env bash
# A release of mynakit: the prebuilt Linux binary that the Action prefers (action/steps.sh
# install), as .github/workflows/release.yml builds and publishes it; docs/ci.md "The release".
#
#   release.sh build                        cargo build --release --locked -p mynakit; with
#                                           $MYNAKIT_RELEASE (the tag) the binary knows the
#                                           release it is, which `mynakit init` pins
#   release.sh package VERSION [BINARY] [DIR]
#                                           DIR/mynakit-VERSION-ARCH-linux.tar.gz (the binary,
#                                           stripped, and README.md in a folder of that name; the
#                                           binary carries its data, docs and reader driver) and
#                                           DIR/….tar.gz.sha256 (`sha256sum` format); BINARY
#                                           defaults to target/release/mynakit, DIR to dist
#
# The tarball is reproducible: sorted names, owner 0, the commit's time (SOURCE_DATE_EPOCH,
# else 0) and gzip without a name or time, so the same binary gives the same SHA-256.
set -euo pipefail
source_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

build() {
  # The commit every report names (harness/build.rs reads .git first; a build from a tarball
  # has none): GitHub's own for the release workflow, or what the caller sets.
  MYNAKIT_COMMIT=${MYNAKIT_COMMIT:-${GITHUB_SHA:-}} \
  cargo build --release --locked -p mynakit --manifest-path "$source_dir/Cargo.toml"
}

package() {
  local version=${1:?usage: release.sh package VERSION [BINARY] [DIR]}
  local binary=${2:-$source_dir/target/release/mynakit}
  local dir=${3:-dist}
  case "$version" in
    */* | *' '* | '') echo "release.sh: not a version: $version" >&2; exit 2 ;;
  esac
  "$binary" --version >/dev/null
  local name
  name="mynakit-$version-$(uname -m)-linux"
  local work
  work=$(mktemp -d)
  mkdir -p "$work/$name" "$dir"
  install -m 0755 "$binary" "$work/$name/mynakit"
  # Symbols are for debugging mynakit, not for running it: a sixth of the size.
  strip "$work/$name/mynakit"
  install -m 0644 "$source_dir/README.md" "$work/$name/README.md"
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@${SOURCE_DATE_EPOCH:-0}" \
    -C "$work" -cf - "$name" | gzip -n >"$dir/$name.tar.gz"
  rm -rf "$work"
  (cd "$dir" && sha256sum "$name.tar.gz" >"$name.tar.gz.sha256")
  echo "$dir/$name.tar.gz"
  cat "$dir/$name.tar.gz.sha256"
}

case "${1:-}" in
  build) build ;;
  package) shift; package "$@" ;;
  *)
    echo "usage: $0 build|package VERSION [BINARY] [DIR]" >&2
    exit 2
    ;;
esac
