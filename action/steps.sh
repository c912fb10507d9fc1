#!/usr/bin/env bash
# The steps of mynakit's composite GitHub Action (action.yml), one per argument, so that they run
# and are tested as a plain script (.ci/run, harness/tests/external/action.rs); docs/ci.md.
#
#   steps.sh packages   apt-get the PC/SC stack and the build's libraries (sudo unless root)
#   steps.sh bin-key    the installed binary's folder and cache key, as path= and key= in
#                       $GITHUB_OUTPUT: the key names the OS, the machine and what is installed
#                       ($MYNAKIT_VERSION, a release tag, or else the SHA-256 of this checkout's
#                       sources), so a cache hit is always the same mynakit
#   steps.sh install    mynakit into $MYNAKIT_ROOT (default $RUNNER_TEMP/mynakit, else
#                       ~/.local/mynakit), adding its bin/ to $GITHUB_PATH: kept when the cache
#                       restored this very key; else with $MYNAKIT_VERSION the release's
#                       prebuilt binary, verified against $MYNAKIT_SHA256 or the release's
#                       .sha256 before use (`cargo install --git … --tag` when the release has
#                       none); else `cargo install --locked` of this checkout (extra cargo flags
#                       in $MYNAKIT_INSTALL_FLAGS), or, with $MYNAKIT_BINARY, that binary, already
#                       built from this checkout, copied in. Releases are downloaded from
#                       $MYNAKIT_RELEASE_URL, else <repository>/releases/download, the repository
#                       being $MYNAKIT_REPOSITORY, else Cargo.toml's `repository`
#   steps.sh wine-key   (windows-app) the Wine root's folder and cache key, the SHA-256 of
#                       windows/wine-root.sh and windows/wine-run, as path= and key= in
#                       $GITHUB_OUTPUT (hashFiles() reads only the workspace, not the Action)
#   steps.sh wine-root  (windows-app) builds the Wine root unless the cache restored it
#                       (`mynakit windows setup`, with sudo unless root), hands it to this user
#                       (the cache saves and restores it as this user), then `mynakit windows
#                       check`; docs/windows.md
#   steps.sh run        mynakit run: $MYNAKIT_SCENARIO_PATHS (words; `bundled` = the bundled
#                       set), --client "$MYNAKIT_CLIENT" or --windows "$MYNAKIT_WINDOWS_APP",
#                       --capabilities, --rules, --shard, --expected-failures, --json-detail
#                       $MYNAKIT_JSON_DETAIL (default `problems`, unless $MYNAKIT_ARGS has one),
#                       $MYNAKIT_ARGS (words), --report-dir $MYNAKIT_REPORT_DIR; writes artifact-name= (the
#                       report artifact's name, below) and exit-code= to $GITHUB_OUTPUT and
#                       exits with mynakit's status; with $MYNAKIT_PREVIOUS_REPORT (a report
#                       that exists), `mynakit report diff` of it and this run to the log,
#                       diff.md and $GITHUB_STEP_SUMMARY
#   steps.sh artifact-name  the report artifact's name: $MYNAKIT_ARTIFACT_NAME, else
#                       mynakit-report-<job>[-shard-K-of-N]-<8 hex of the inputs, OS and
#                       machine>, so that the jobs of a matrix never collide
set -euo pipefail
source_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

packages() {
  local sudo=()
  if [ "$(id -u)" != 0 ]; then sudo=(sudo); fi
  "${sudo[@]}" apt-get update -qq
  # pcscd, vsmartcard-vpcd: the real PC/SC stack behind the virtual readers; iproute2: the
  # managed pcscd's private loopback; libpcsclite-dev, libssl-dev, pkg-config: the build.
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
    pcscd vsmartcard-vpcd iproute2 libpcsclite-dev libssl-dev pkg-config >/dev/null
  # A Windows app: debootstrap builds the Debian 13 root holding Wine 10 (docs/windows.md), with
  # Debian's archive keys (an Ubuntu runner has none).
  if [ -n "${MYNAKIT_WINDOWS_APP:-}" ]; then
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
      debootstrap debian-archive-keyring >/dev/null
  fi
  # Ubuntu 24.04 (GitHub's ubuntu-24.04 runners) lets AppArmor refuse unprivileged user
  # namespaces, where the managed pcscd runs without root (docs/reader.md): allow them.
  local knob=/proc/sys/kernel/apparmor_restrict_unprivileged_userns
  if [ -e "$knob" ] && [ "$(cat "$knob")" != 0 ]; then
    "${sudo[@]}" sysctl -q -w kernel.apparmor_restrict_unprivileged_userns=0
  fi
}

# Where the Action installs mynakit.
install_root() {
  echo "${MYNAKIT_ROOT:-${RUNNER_TEMP:-$HOME/.local}/mynakit}"
}

# What is installed: the release tag asked for, else the SHA-256 of this checkout's sources
# (the Action is downloaded without .git, so no commit can be asked for), the C of the reader
# driver the binary embeds (reader/build.rs) among them.
install_id() {
  if [ -n "${MYNAKIT_VERSION:-}" ]; then
    echo "release-$MYNAKIT_VERSION"
    return
  fi
  local hash
  hash=$(cd "$source_dir" && find Cargo.toml Cargo.lock ./*/Cargo.toml ./*/src ./*/build.rs \
    reader/ifd/ifd-mynakit.c reader/ifd/protocol.h reader/ifd/cflags \
    scenarios fixtures/personas -type f 2>/dev/null | LC_ALL=C sort | xargs sha256sum | sha256sum)
  echo "source-${hash%% *}"
}

# A line of GitHub output (and of the log).
output() {
  echo "$1"
  if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "$1" >>"$GITHUB_OUTPUT"; fi
}

bin_key() {
  output "path=$(install_root)"
  output "key=mynakit-bin-$(uname -s)-$(uname -m)-$(install_id)"
}

# Where mynakit is published: $MYNAKIT_REPOSITORY, else the one setting of its address, the
# workspace's `repository` in Cargo.toml (docs/ci.md, "Where mynakit is published").
repository() {
  if [ -n "${MYNAKIT_REPOSITORY:-}" ]; then
    echo "$MYNAKIT_REPOSITORY"
    return
  fi
  local address
  address=$(sed -n 's/^repository = "\(.*\)"$/\1/p' "$source_dir/Cargo.toml" 2>/dev/null | head -n 1)
  if [ -z "$address" ]; then
    echo "steps.sh: no repository address: set MYNAKIT_REPOSITORY (no Cargo.toml beside $source_dir/action)" >&2
    exit 2
  fi
  echo "$address"
}

# The release's file names: docs/ci.md "The release".
release_name() {
  echo "mynakit-$1-$(uname -m)-linux"
}

# Downloads the release's prebuilt binary into $1/bin, verified before use; false when the
# release has no binary for this machine.
install_release() {
  local root=$1 version=$MYNAKIT_VERSION
  local name base work
  name=$(release_name "$version")
  base="${MYNAKIT_RELEASE_URL:-$(repository)/releases/download}/$version"
  work=$(mktemp -d)
  if ! curl -fsSL -o "$work/$name.tar.gz" "$base/$name.tar.gz"; then
    rm -rf "$work"
    return 1
  fi
  local expected="${MYNAKIT_SHA256:-}"
  if [ -z "$expected" ]; then
    curl -fsSL -o "$work/$name.tar.gz.sha256" "$base/$name.tar.gz.sha256" || {
      echo "mynakit release $version: $name.tar.gz has no $name.tar.gz.sha256 beside it; not used" >&2
      rm -rf "$work"
      exit 2
    }
    expected=$(cut -d' ' -f1 "$work/$name.tar.gz.sha256")
  fi
  local actual
  actual=$(sha256sum "$work/$name.tar.gz" | cut -d' ' -f1)
  if [ "$actual" != "$expected" ]; then
    echo "mynakit release $version: SHA-256 mismatch for $name.tar.gz (expected $expected, got $actual); not used" >&2
    rm -rf "$work"
    exit 2
  fi
  tar -xzf "$work/$name.tar.gz" -C "$work"
  mkdir -p "$root/bin"
  # `command`: this script's own step is called install.
  command install -m 0755 "$work/$name/mynakit" "$root/bin/mynakit"
  rm -rf "$work"
  echo "mynakit $version: the release's binary, SHA-256 $actual verified"
}

install() {
  local root id
  root=$(install_root)
  id=$(install_id)
  if [ -x "$root/bin/mynakit" ] && [ "$(cat "$root/.mynakit-install-id" 2>/dev/null)" = "$id" ]; then
    echo "mynakit from the cache ($id)"
  elif [ -n "${MYNAKIT_VERSION:-}" ]; then
    if ! install_release "$root"; then
      echo "mynakit release $MYNAKIT_VERSION has no binary for $(uname -m); building it" >&2
      # shellcheck disable=SC2086 # flags are words
      cargo install --locked --git "$(repository)" \
        --tag "$MYNAKIT_VERSION" --root "$root" ${MYNAKIT_INSTALL_FLAGS:-} mynakit
    fi
  elif [ -n "${MYNAKIT_BINARY:-}" ]; then
    # A binary this checkout's own build made (CI's test build): installed as `cargo install`
    # would place it, without building the package a second time.
    command install -D -m 0755 "$MYNAKIT_BINARY" "$root/bin/mynakit"
  else
    # shellcheck disable=SC2086 # flags are words
    cargo install --locked --path "$source_dir/harness" --root "$root" ${MYNAKIT_INSTALL_FLAGS:-}
  fi
  echo "$id" >"$root/.mynakit-install-id"
  # The manual pages beside the binary, where `man` looks for a program on PATH (../share/man);
  # a release from before `mynakit man` has none.
  if ! "$root/bin/mynakit" man --dir "$root/share/man/man1" >/dev/null 2>&1; then
    echo "this mynakit writes no manual pages (mynakit man)" >&2
  fi
  if [ -n "${GITHUB_PATH:-}" ]; then
    echo "$root/bin" >>"$GITHUB_PATH"
  fi
  "$root/bin/mynakit" --version
}

wine_root_path() {
  echo "${MYNAKIT_WINE_ROOT:-${XDG_CACHE_HOME:-$HOME/.cache}/mynakit-ci/wine-root}"
}

wine_key() {
  local hash
  hash=$(cat "$source_dir/windows/wine-root.sh" "$source_dir/windows/wine-run" | sha256sum)
  output "path=$(wine_root_path)"
  output "key=mynakit-wine-root-$(uname -m)-${hash%% *}"
}

wine_root() {
  local root
  root=$(wine_root_path)
  if [ ! -f "$root/.mynakit-wine-root-complete" ]; then
    local sudo=()
    if [ "$(id -u)" != 0 ]; then sudo=(sudo); fi
    local start=$SECONDS
    "${sudo[@]}" env MYNAKIT_WINE_ROOT="$root" "$(command -v mynakit)" windows setup >/dev/null
    # The launcher never chroots, so the root's device nodes are never used; a cache restored
    # as this user could not make them again.
    "${sudo[@]}" find "$root/dev" -mindepth 1 -delete
    "${sudo[@]}" chown -R "$(id -u):$(id -g)" "$root"
    echo "built the Wine root in $((SECONDS - start)) s: $root"
  fi
  MYNAKIT_WINE_ROOT="$root" mynakit windows check
}

# The report artifact's name (see the header).
artifact_name() {
  if [ -n "${MYNAKIT_ARTIFACT_NAME:-}" ]; then
    echo "$MYNAKIT_ARTIFACT_NAME"
    return
  fi
  local name="mynakit-report-${GITHUB_JOB:-local}"
  if [ -n "${MYNAKIT_SHARD:-}" ]; then name+="-shard-${MYNAKIT_SHARD//\//-of-}"; fi
  local hash
  hash=$(printf '%s\n' "${MYNAKIT_CLIENT:-}" "${MYNAKIT_WINDOWS_APP:-}" \
    "${MYNAKIT_CAPABILITIES:-}" "${MYNAKIT_SCENARIO_PATHS:-}" "${MYNAKIT_ARGS:-}" \
    "${MYNAKIT_RULES:-}" "${MYNAKIT_SHARD:-}" "${RUNNER_OS:-}" "$(uname -m)" | sha256sum)
  echo "$name-${hash:0:8}"
}

run() {
  output "artifact-name=$(artifact_name)"
  local args=(run)
  local path
  for path in ${MYNAKIT_SCENARIO_PATHS:-bundled}; do
    args+=("$path")
  done
  if [ -n "${MYNAKIT_CLIENT:-}" ]; then args+=(--client "$MYNAKIT_CLIENT"); fi
  if [ -n "${MYNAKIT_WINDOWS_APP:-}" ]; then args+=(--windows "$MYNAKIT_WINDOWS_APP"); fi
  if [ -n "${MYNAKIT_CAPABILITIES:-}" ]; then args+=(--capabilities "$MYNAKIT_CAPABILITIES"); fi
  if [ -n "${MYNAKIT_RULES:-}" ]; then args+=(--rules "$MYNAKIT_RULES"); fi
  if [ -n "${MYNAKIT_SHARD:-}" ]; then args+=(--shard "$MYNAKIT_SHARD"); fi
  if [ -n "${MYNAKIT_EXPECTED_FAILURES:-}" ]; then
    args+=(--expected-failures "$MYNAKIT_EXPECTED_FAILURES")
  fi
  # The artifact people download: report.json in its smaller form (docs/reports.md "Sizes"),
  # unless $MYNAKIT_JSON_DETAIL or the extra arguments ask for another.
  case " ${MYNAKIT_ARGS:-} " in
    *" --json-detail"*) ;;
    *) args+=(--json-detail "${MYNAKIT_JSON_DETAIL:-problems}") ;;
  esac
  # shellcheck disable=SC2206 # extra arguments are words
  args+=(${MYNAKIT_ARGS:-})
  # The CI log: NOT-APPLICABLE scenarios as one count line (the reports list each).
  args+=(--ci-log)
  args+=(--report-dir "${MYNAKIT_REPORT_DIR:-mynakit-report}")
  local status=0
  mynakit "${args[@]}" || status=$?
  output "exit-code=$status" >/dev/null
  compare_with_previous
  return "$status"
}

# What changed since the previous run (docs/ci.md "Comparing with the previous run"), when
# MYNAKIT_PREVIOUS_REPORT names a report that exists: the table in the log, the Markdown in
# diff.md beside the reports and in the GitHub step summary. The comparison's own status (1 on
# a new failure, 2 on a report it cannot read) leaves the run's exit code as mynakit run gave it.
compare_with_previous() {
  local previous=${MYNAKIT_PREVIOUS_REPORT:-}
  [ -n "$previous" ] || return 0
  if [ ! -e "$previous" ]; then
    echo "mynakit: no previous report at $previous: nothing to compare with" >&2
    return 0
  fi
  local report=${MYNAKIT_REPORT_DIR:-mynakit-report}
  mynakit report diff "$previous" "$report" || true
  mynakit report diff "$previous" "$report" --format markdown >"$report/diff.md" || true
  if [ -s "$report/diff.md" ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    cat "$report/diff.md" >>"$GITHUB_STEP_SUMMARY"
  fi
}

case "${1:-}" in
  packages | install | run) "$1" ;;
  bin-key) bin_key ;;
  wine-key) wine_key ;;
  wine-root) wine_root ;;
  artifact-name) artifact_name ;;
  *)
    echo "usage: $0 packages|bin-key|install|wine-key|wine-root|run|artifact-name" >&2
    exit 2
    ;;
esac
