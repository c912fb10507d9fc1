#!/usr/bin/env bash
# The signing endpoint of `mynakit cards serve` against `openssl speed -multi 2 rsa2048`, side by
# side in one run (issue 23, docs/performance.md):
#
#   bash bench/cards-sign.sh                  # 3 alternating rounds of 10 s, about a minute
#   ROUNDS=5 SECONDS_PER=5 bash bench/cards-sign.sh
#
# - OpenSSL: `openssl speed -multi 2 -seconds S rsa2048`, two processes signing with RSA-2048 on
#   the two cores; its aggregated signs per second.
# - mynakit: `mynakit cards serve --count CARDS` (release build; default 100 generated cards over
#   8 keys) under `wrk -t2 -cCONNECTIONS` on loopback, POST /cards/{i}/sign rotating over the
#   cards, each a fresh 32-byte challenge signed as the card's 80 2A 00 97 (PKCS#1 v1.5 over
#   DigestInfo(SHA-256)); only 200 answers with a signature count. wrk and the HTTP work share
#   the same two cores, so this is the whole endpoint's cost, not the RSA operation alone.
#
# Prints every round and the median of the per-round ratios; exits 1 below 0.8x.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}
SECONDS_PER=${SECONDS_PER:-10}
CARDS=${CARDS:-100}
CONNECTIONS=${CONNECTIONS:-8}

# shellcheck source=bench/lib.sh
. bench/lib.sh
need_tools "wrk openssl python3" wrk openssl python3
bench_setup cards-sign

"$mynakit" cards serve --count "$CARDS" --listen 127.0.0.1:0 >"$tmp/cards.log" 2>&1 &
pids+=("$!")
cards_url=$(url_from "$tmp/cards.log" "cards:")
python3 - "$CARDS" >"$tmp/requests" <<'PY'
import base64, hashlib, sys
for i in range(int(sys.argv[1])):
    challenge = base64.b64encode(hashlib.sha256(f"challenge {i}".encode()).digest()).decode()
    print(f'/cards/{i}/sign {{"challenge":"{challenge}"}}')
PY
export MYNAKIT_WRK_REQUESTS=$tmp/requests MYNAKIT_WRK_EXPECT='"signature":'

openssl_rate() {
  openssl speed -multi 2 -seconds "$1" -mr rsa2048 2>/dev/null |
    awk -F: '/^\+F2:/ { rate = $4 } END { printf "%.1f\n", rate }'
}

echo "== warm-up"
wrk_load "$cards_url" 2 "$CONNECTIONS" >/dev/null
echo "== $ROUNDS rounds of ${SECONDS_PER}s: signs per second"
printf '  %-5s %14s %14s %10s %8s\n' round "openssl -multi 2" "cards serve" p99 ratio
for round in $(seq "$ROUNDS"); do
  if [ $((round % 2)) = 1 ]; then
    o=$(openssl_rate "$SECONDS_PER"); c=$(wrk_load "$cards_url" "$SECONDS_PER" "$CONNECTIONS")
  else
    c=$(wrk_load "$cards_url" "$SECONDS_PER" "$CONNECTIONS"); o=$(openssl_rate "$SECONDS_PER")
  fi
  read -r c_rate c_p99 c_requests c_ok <<<"$c"
  [ "$c_ok" = "$c_requests" ] || echo "  round $round: $((c_requests - c_ok)) of $c_requests answers without a signature (not counted)"
  x=$(ratio "$c_rate" "$o")
  printf '  %-5s %14.0f %14.0f %8sms %7sx\n' "$round" "$o" "$c_rate" "$(ms "$c_p99")" "$x"
  echo "$x" >>"$tmp/ratio"
done
x=$(median <"$tmp/ratio")
echo "  median ratio ${x}x (target >= 0.8x openssl speed -multi 2 rsa2048)"
awk -v r="$x" 'BEGIN { exit !(r >= 0.8) }'
