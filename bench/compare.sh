#!/usr/bin/env bash
# Measures mynakit's hot paths against their targets, side by side in one run, and prints ratios.
#
#   bash bench/compare.sh            # about 2 minutes on a 2-core machine
#
# Targets (docs/performance.md):
#   - SELECT and READ BINARY dispatch: median <= 100 ns (criterion medians);
#   - the card's 80 2A RSA-2048 signature: >= 0.9x `openssl speed rsa2048` signs/s, single core;
#   - the APDU round trip through pcscd: <= 1.1x a minimal echo responder on the same pcscd.
# The signature rates are interleaved (openssl, card, openssl, card) so that both see the same
# machine load, and the ratio uses the medians of the rounds.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}
SECONDS_PER=${SECONDS_PER:-3}

cargo build --release -q -p mynakit-bench --bin sign-rate
rate_bin=target/release/sign-rate

openssl_rate() {
  openssl speed -seconds "$SECONDS_PER" -mr rsa2048 2>/dev/null |
    awk -F: '/^\+F2:/ { printf "%.1f\n", $4; exit }'
}

median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

echo "== RSA-2048 signature, single core, $ROUNDS rounds of ${SECONDS_PER}s"
: >/tmp/mynakit-openssl.txt; : >/tmp/mynakit-card.txt; : >/tmp/mynakit-rustcrypto.txt
for _ in $(seq "$ROUNDS"); do
  openssl_rate >>/tmp/mynakit-openssl.txt
  "$rate_bin" "$SECONDS_PER" card >>/tmp/mynakit-card.txt
  "$rate_bin" "$SECONDS_PER" rustcrypto >>/tmp/mynakit-rustcrypto.txt
done
o=$(median </tmp/mynakit-openssl.txt); c=$(median </tmp/mynakit-card.txt); r=$(median </tmp/mynakit-rustcrypto.txt)
printf '  openssl speed rsa2048 : %10.1f signs/s\n' "$o"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
printf '  card 80 2A (default)  : %10.1f signs/s  ratio %sx  (target >= 0.90x)\n' "$c" "$(ratio "$c" "$o")"
printf '  rsa crate backend     : %10.1f signs/s  ratio %sx\n' "$r" "$(ratio "$r" "$o")"

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
awk -v c="$c" -v o="$o" 'BEGIN { exit !(c / o >= 0.9) }' || status=1

echo "== PC/SC round trip (needs root, pcscd, vsmartcard-vpcd)"
if [ "$(id -u)" = 0 ] && command -v pcscd >/dev/null && [ -e /usr/lib/pcsc/drivers/serial/libifdvpcd.so ]; then
  cargo build --release -q -p mynakit-bench --bin pcsc-roundtrip
  target/release/pcsc-roundtrip "${PCSC_ROUNDS:-2000}" || status=1
else
  echo "  skipped: not root, or pcscd / vsmartcard-vpcd missing"
fi
exit $status
