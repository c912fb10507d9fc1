#!/usr/bin/env bash
# Measures mynakit's hot paths against their targets, side by side in one run, and prints ratios.
#
#   bash bench/compare.sh            # about 3 minutes on a 2-core machine
#   ROUNDS=15 SECONDS_PER=2 bash bench/compare.sh  # more rounds, steadier medians
#
# Targets (docs/performance.md):
#   - SELECT and READ BINARY dispatch: median <= 100 ns (criterion medians);
#   - the card's 80 2A RSA-2048 signature: >= 0.9x `openssl speed rsa2048` signs/s, single core;
#   - the APDU round trip through pcscd: <= 1.1x a minimal echo responder on the same pcscd.
# The signature is measured in ROUNDS interleaved rounds: each round runs `openssl speed` and the
# card back to back (alternating which goes first, so drift in machine load hits both), and the
# verdict is the median of the per-round ratios. Both sides divide by CPU time: `openssl speed`
# reports signs per user-CPU second unless given -elapsed, and sign-rate reads the thread's
# on-CPU time, so other processes on a shared machine do not count against either side.
#
# Both sides of the signature run pinned to one core (`taskset -c $PIN_CPU`, default core 0,
# as issue 41 measures them), so neither gets a second core or migrates mid-round;
# PIN_CPU=none runs them unpinned.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-9}
SECONDS_PER=${SECONDS_PER:-1}
PIN_CPU=${PIN_CPU:-0}
pinned=()
if [ "$PIN_CPU" != none ]; then
  command -v taskset >/dev/null || { echo "bench/compare.sh: taskset (util-linux) is needed, or PIN_CPU=none" >&2; exit 2; }
  pinned=(taskset -c "$PIN_CPU")
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mynakit-compare.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

cargo build --release -q -p mynakit-bench --bin sign-rate
rate_bin=target/release/sign-rate
sign_rate() { "${pinned[@]}" "$rate_bin" "$@"; }

openssl_rate() {
  "${pinned[@]}" openssl speed -seconds "$SECONDS_PER" -mr rsa2048 2>/dev/null |
    awk -F: '/^\+F2:/ { printf "%.1f\n", $4; exit }'
}

median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f\n", a / b }'; }

echo "== RSA-2048 signature, single core (pinned: ${PIN_CPU}), $ROUNDS interleaved rounds of ${SECONDS_PER}s (CPU time)"
printf '  %-5s %12s %12s %12s %12s %8s\n' round openssl card backend rsa-crate ratio
for round in $(seq "$ROUNDS"); do
  if [ $((round % 2)) = 1 ]; then
    o=$(openssl_rate); c=$(sign_rate "$SECONDS_PER" card)
  else
    c=$(sign_rate "$SECONDS_PER" card); o=$(openssl_rate)
  fi
  b=$(sign_rate "$SECONDS_PER" openssl)
  r=$(sign_rate "$SECONDS_PER" rustcrypto)
  [ -n "$o" ] && [ -n "$c" ] || { echo "  round $round: no rate measured" >&2; exit 2; }
  x=$(ratio "$c" "$o")
  echo "$o" >>"$tmp/openssl"; echo "$c" >>"$tmp/card"; echo "$b" >>"$tmp/backend"; echo "$r" >>"$tmp/rustcrypto"
  echo "$x" >>"$tmp/ratio"
  ratio "$b" "$o" >>"$tmp/backend-ratio"
  ratio "$r" "$o" >>"$tmp/rustcrypto-ratio"
  printf '  %-5s %12.1f %12.1f %12.1f %12.1f %7sx\n' "$round" "$o" "$c" "$b" "$r" "$x"
done
o=$(median <"$tmp/openssl"); c=$(median <"$tmp/card"); b=$(median <"$tmp/backend"); r=$(median <"$tmp/rustcrypto")
card_ratio=$(median <"$tmp/ratio")
lowest=$(sort -g "$tmp/ratio" | head -n 1); highest=$(sort -g "$tmp/ratio" | tail -n 1)
printf '  openssl speed rsa2048 : %10.1f signs/s (median)\n' "$o"
at_par=$(awk '$1 >= 1.0' "$tmp/ratio" | wc -l)
printf '  card 80 2A (default)  : %10.1f signs/s  median ratio %sx (rounds %s..%s, %s of %s at >= 1.0x; target >= 0.90x)\n' \
  "$c" "$card_ratio" "$lowest" "$highest" "$at_par" "$ROUNDS"
printf '  OpenSSL backend alone : %10.1f signs/s  median ratio %sx\n' "$b" "$(median <"$tmp/backend-ratio")"
printf '  rsa crate backend     : %10.1f signs/s  median ratio %sx\n' "$r" "$(median <"$tmp/rustcrypto-ratio")"

echo "== APDU dispatch (criterion medians)"
cargo bench -q -p mynakit-bench --bench card -- --noplot 'apdu_parse|select_ef|read_binary_256|read_certificate|verify' >/dev/null 2>&1
status=0
for name in apdu_parse select_ef read_binary_256 read_certificate verify; do
  # The median's point estimate: the first "point_estimate" after the "median" key.
  ns=$(sed 's/.*"median"://' "target/criterion/$name/new/estimates.json" |
       grep -o '"point_estimate":[0-9.e+-]*' | head -n 1 | cut -d: -f2)
  case $name in
    select_ef|read_binary_256)
      verdict=$(awk -v n="$ns" 'BEGIN { print (n <= 100 ? "ok" : "OVER TARGET") }'); [ "$verdict" = ok ] || status=1
      printf '  %-18s %12.1f ns   (target <= 100 ns: %s)\n' "$name" "$ns" "$verdict" ;;
    *) printf '  %-18s %12.1f ns\n' "$name" "$ns" ;;
  esac
done
awk -v x="$card_ratio" 'BEGIN { exit !(x >= 0.9) }' || status=1

echo "== PC/SC round trip (needs root, pcscd, vsmartcard-vpcd)"
if [ "$(id -u)" = 0 ] && command -v pcscd >/dev/null && [ -e /usr/lib/pcsc/drivers/serial/libifdvpcd.so ]; then
  cargo build --release -q -p mynakit-bench --bin pcsc-roundtrip
  target/release/pcsc-roundtrip "${PCSC_ROUNDS:-2000}" || status=1
else
  echo "  skipped: not root, or pcscd / vsmartcard-vpcd missing"
fi
exit $status
