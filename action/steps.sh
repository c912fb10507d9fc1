#!/usr/bin/env bash
# The steps of mynakit's composite GitHub Action (action.yml), one per argument, so that they run
# and are tested as a plain script (.ci/run, harness/tests/action.rs); docs/ci.md.
#
#   steps.sh packages   apt-get the PC/SC stack and the build's libraries (sudo unless root)
#   steps.sh install    cargo install --locked this repository's mynakit into $MYNAKIT_ROOT
#                       (default $RUNNER_TEMP/mynakit, else ~/.local/mynakit); extra cargo
#                       flags in $MYNAKIT_INSTALL_FLAGS; adds its bin/ to $GITHUB_PATH
#   steps.sh run        mynakit run: $MYNAKIT_SCENARIO_PATHS (words; `bundled` = the bundled
#                       set), --client "$MYNAKIT_CLIENT", --capabilities, $MYNAKIT_ARGS (words),
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
  *)
    echo "usage: $0 packages|install|run" >&2
    exit 2
    ;;
esac
