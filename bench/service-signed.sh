#!/usr/bin/env bash
# Device-signed PIN-mode confirmations per second, service side (issue 23, docs/performance.md):
#
#   bash bench/service-signed.sh          # about a minute after the build
#
# Runs the criterion benchmarks of service/benches/confirm.rs (release build): one whole
# confirmation through the public router — RFC 9421 device signature (Content-Digest, P-256
# verify, replay check), JSON, certificate chain (RSA verify), the card's signature over the
# challenge (RSA verify), challenge, validity, revocation, lookup, OQS result, journal, history.
# The card's and the device's signatures are made in unmeasured setup, so the figure is the
# service's own work. It prints the median time per confirmation, the rate of one core, and
# twice that as the figure for 2 cores: the confirmations share nothing but short-held locks
# (records, challenges, devices, replay cache, journal, history), so two workers scale about
# linearly. Target: >= 5,000 device-signed confirmations per second on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
MEASURE=${MEASURE:-5}
cargo bench -q -p mynakit-service --bench confirm -- --noplot --warm-up-time 1 \
  --measurement-time "$MEASURE" 'confirmation' >/dev/null 2>&1
status=0
for name in "pin-mode confirmation, device-signed (service side)" \
            "pin-mode confirmation (service side)" "visual-mode confirmation (service side)"; do
  dir="target/criterion/$name"
  ns=$(sed 's/.*"median"://' "$dir/new/estimates.json" |
       grep -o '"point_estimate":[0-9.e+-]*' | head -n 1 | cut -d: -f2)
  awk -v n="$ns" -v name="$name" 'BEGIN {
    printf "  %-52s %8.1f µs  %7.0f/s on one core  %7.0f/s on 2 cores\n", name, n / 1000, 1e9 / n, 2e9 / n }'
  if [ "$name" = "pin-mode confirmation, device-signed (service side)" ]; then
    awk -v n="$ns" 'BEGIN { exit !(2e9 / n >= 5000) }' || status=1
  fi
done
echo "  target: >= 5000 device-signed confirmations/s on 2 cores"
exit $status
