#!/usr/bin/env bash
# A hospital's month of claims judged in a run (issue 69, item 2): the bundled scenario
# terminal-claim-file-2026-06-01 run against the reference client, whose RECEIPTC.UKE is replaced,
# once it has written it, by a month of 50,000 synthetic claims (about 100 MB) with the client's
# own claim in the middle. The run reads the file claim by claim and keeps the claims of the run's
# patients; this measures its peak memory and what the month adds to report.json.
#
#   bash bench/claim-run.sh                       # 50,000 claims: a release build, then 2 runs
#   CLAIMS=5000 bash bench/claim-run.sh
#   MYNAKIT=target/debug/mynakit bash bench/claim-run.sh   # an existing build (no release build)
#
# Targets (docs/performance.md, "A month's claim file in a run"): the run's max RSS under 150 MB,
# report.json at most 5 MB larger than the same run's with the client's own one-claim file, and
# the scenario PASSED (the patient's claim found and judged among the month's).
#
# Three steps, each a `mynakit run` of the one scenario under `/usr/bin/time` (max RSS):
#  1. the reference client alone, its claim file copied out (the claim the month is built around);
#  2. bench/src/bin/uke-generate.rs writes the month (synthetic: made-up names and numbers,
#     deterministic with SEED) around that claim: its header, its month, its claim in the middle;
#  3. the reference client again, its file replaced by the month before it exits (a copy within
#     the page cache, well inside the 3 s a client has after its result).
# The month is generated with the insurers of uke-generate, one of which is the scenario
# patient's: about a quarter of the claims share the patient's insurer, as in a real month.
set -euo pipefail
cd "$(dirname "$0")/.."
CLAIMS=${CLAIMS:-50000}
SEED=${SEED:-1}
SCENARIO=scenarios/terminal-claim-file-2026-06-01.yaml
[ -x /usr/bin/time ] || { echo "$0 needs /usr/bin/time (Debian: apt-get install time)" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mynakit-claim-run.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

bins=${CARGO_TARGET_DIR:-target}/release
if [ -n "${MYNAKIT:-}" ]; then
  mynakit=$(realpath "$MYNAKIT")
  generate=$(dirname "$mynakit")/uke-generate
  profile=$([ "$(basename "$(dirname "$mynakit")")" = release ] && echo --release || true)
  cargo build $profile -q -p mynakit-bench --bin uke-generate
else
  cargo build --release -q -p mynakit -p mynakit-bench --bin mynakit --bin uke-generate
  mynakit=$(realpath "$bins/mynakit")
  generate=$bins/uke-generate
fi

# The client: the reference client (`mynakit reference-client`), then what $AFTER says.
cat >"$tmp/client.sh" <<EOF
#!/bin/sh
"$mynakit" reference-client; rc=\$?
case "\$AFTER" in
  keep) cp "\$MYNAKIT_CLAIM_DIR/RECEIPTC.UKE" "$tmp/client.UKE" ;;
  month) cp "$tmp/month.UKE" "\$MYNAKIT_CLAIM_DIR/RECEIPTC.UKE" ;;
esac
exit \$rc
EOF
chmod +x "$tmp/client.sh"

# Runs the scenario with AFTER=$1 into report folder $2; prints "max_rss_kib report_json_bytes".
run() {
  AFTER=$1 /usr/bin/time -f '%M' -o "$tmp/time" \
    "$mynakit" run "$SCENARIO" --client "$tmp/client.sh" --report-dir "$2" >"$2.out" 2>&1 || {
    echo "the run ($1) did not pass:" >&2; cat "$2.out" >&2; exit 1; }
  echo "$(cat "$tmp/time") $(stat -c %s "$2/report.json")"
}

read -r rss1 json1 <<<"$(run keep "$tmp/alone")"
"$generate" "$tmp/month.UKE" "$CLAIMS" "$SEED" "$tmp/client.UKE"
bytes=$(stat -c %s "$tmp/month.UKE")
read -r rss2 json2 <<<"$(run month "$tmp/month")"
kept=$(python3 - "$tmp/month/report.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
for event in report["scenarios"][0]["timeline"]:
    if event["kind"] == "claim-file":
        print(len(event.get("claims", [])), event.get("omitted", 0))
PY
)
read -r kept omitted <<<"$kept"
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e6 }'; }
grown=$((json2 - json1))
echo "== $SCENARIO, reference client, $(basename "$mynakit") $(dirname "$mynakit")"
printf '  %-34s max RSS %7d KiB (%5.1f MB), report.json %8d bytes\n' \
  "its own claim file (1 claim)" "$rss1" "$(awk -v k="$rss1" 'BEGIN { print k * 1024 / 1e6 }')" "$json1"
printf '  %-34s max RSS %7d KiB (%5.1f MB), report.json %8d bytes\n' \
  "a month: $(mb "$bytes") MB, $((CLAIMS + 1)) claims" "$rss2" "$(awk -v k="$rss2" 'BEGIN { print k * 1024 / 1e6 }')" "$json2"
echo "  kept $kept claims, omitted $omitted; report.json grew by $grown bytes ($(mb "$grown") MB; target <= 5 MB); max RSS target < 150 MB"
status=0
[ "$rss2" -lt $((150 * 1000 * 1000 / 1024)) ] || { echo "  OVER TARGET: max RSS $rss2 KiB >= 150 MB" >&2; status=1; }
[ "$grown" -le 5000000 ] || { echo "  OVER TARGET: report.json grew by $grown bytes > 5 MB" >&2; status=1; }
exit $status
