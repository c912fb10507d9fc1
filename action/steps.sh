#!/usr/bin/env bash
# The steps of mynakit's composite GitHub Action (action.yml), one per argument, so that they run
# and are tested as a plain script (.ci/run, harness/tests/action.rs); docs/ci.md.
#
#   steps.sh packages   apt-get the PC/SC stack and the build's libraries (sudo unless root)
#   steps.sh install    cargo install --locked this repository's mynakit into $MYNAKIT_ROOT
#                       (default $RUNNER_TEMP/mynakit, else ~/.local/mynakit); extra cargo
#                       flags in $MYNAKIT_INSTALL_FLAGS; adds its bin/ to $GITHUB_PATH
#   steps.sh wine-key   (windows-app) the Wine root's folder and cache key, the SHA-256 of
#                       windows/wine-root.sh and windows/wine-run, as path= and key= in
#                       $GITHUB_OUTPUT (hashFiles() reads only the workspace, not the Action)
#   steps.sh wine-root  (windows-app) builds the Wine root unless the cache restored it
#                       (`mynakit windows setup`, with sudo unless root), hands it to this user
#                       (the cache saves and restores it as this user), then `mynakit windows
#                       check`; docs/windows.md
#   steps.sh run        mynakit run: $MYNAKIT_SCENARIO_PATHS (words; `bundled` = the bundled
#                       set), --client "$MYNAKIT_CLIENT" or --windows "$MYNAKIT_WINDOWS_APP",
#                       --capabilities, $MYNAKIT_ARGS (words),
#                       --report-dir $MYNAKIT_REPORT_DIR; writes exit-code to $GITHUB_OUTPUT
#                       and exits with mynakit's status
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

install() {
  local root="${MYNAKIT_ROOT:-${RUNNER_TEMP:-$HOME/.local}/mynakit}"
  # shellcheck disable=SC2086 # flags are words
  cargo install --locked --path "$source_dir/harness" --root "$root" ${MYNAKIT_INSTALL_FLAGS:-}
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
  local line
  for line in "path=$(wine_root_path)" "key=mynakit-wine-root-$(uname -m)-${hash%% *}"; do
    echo "$line"
    if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "$line" >>"$GITHUB_OUTPUT"; fi
  done
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

run() {
  local args=(run)
  local path
  for path in ${MYNAKIT_SCENARIO_PATHS:-bundled}; do
    if [ "$path" = bundled ]; then
      args+=("$source_dir/scenarios")
    else
      args+=("$path")
    fi
  done
  if [ -n "${MYNAKIT_CLIENT:-}" ]; then args+=(--client "$MYNAKIT_CLIENT"); fi
  if [ -n "${MYNAKIT_WINDOWS_APP:-}" ]; then args+=(--windows "$MYNAKIT_WINDOWS_APP"); fi
  if [ -n "${MYNAKIT_CAPABILITIES:-}" ]; then args+=(--capabilities "$MYNAKIT_CAPABILITIES"); fi
  # shellcheck disable=SC2206 # extra arguments are words
  args+=(${MYNAKIT_ARGS:-})
  args+=(--report-dir "${MYNAKIT_REPORT_DIR:-mynakit-report}")
  local status=0
  mynakit "${args[@]}" || status=$?
  if [ -n "${GITHUB_OUTPUT:-}" ]; then
    echo "exit-code=$status" >>"$GITHUB_OUTPUT"
  fi
  return "$status"
}

case "${1:-}" in
  packages | install | run) "$1" ;;
  wine-key) wine_key ;;
  wine-root) wine_root ;;
  *)
    echo "usage: $0 packages|install|wine-key|wine-root|run" >&2
    exit 2
    ;;
esac
