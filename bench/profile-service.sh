#!/usr/bin/env bash
# Where the mock service's time goes under the WireMock comparison's load (issue 23,
# docs/performance.md, "The release build under load"):
#
#   bash bench/profile-service.sh                 # perf report of the service process, 8 s
#   SECONDS_PER=15 CARDS=100 OUT=svc.perf bash bench/profile-service.sh
#
# Starts `mynakit service --plain-http --allow-unsigned` (release build) with CARDS generated
# cards (as bench/wiremock.sh does), drives it with `wrk -t2 -c50` and bench/wrk/rotate.lua
# (visual confirmations rotating over the cards), and after WARMUP s (default 5) records the
# service process alone with `perf record` for SECONDS_PER s. Prints the self-time report by
# shared object and symbol (the top LINES lines, default 60) and the answers per second; keeps
# the recording in OUT if given.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER=${SECONDS_PER:-8}
WARMUP=${WARMUP:-5}
CARDS=${CARDS:-100}
LINES=${LINES:-60}
FREQUENCY=${FREQUENCY:-1999}
# fp (cheap; the release build has no frame pointers, so callers are mostly lost) or dwarf
# (callers of malloc and the like, e.g. `perf report --no-children -S malloc -G`; costly).
CALL_GRAPH=${CALL_GRAPH:-fp}

# shellcheck source=bench/lib.sh
. bench/lib.sh
need_tools "wrk linux-perf python3" wrk perf python3
bench_setup profile-service
visual_requests "$CARDS" "$tmp/cards.yaml" "$tmp/bodies.jsonl"
"$mynakit" service --plain-http --allow-unsigned --port 0 --admin-port 0 --data "$tmp/cards.yaml" \
  >"$tmp/service.log" 2>&1 &
pids+=("$!"); service_pid=$!
url=$(url_from "$tmp/service.log" "card-check API:")
export MYNAKIT_WRK_REQUESTS=$tmp/bodies.jsonl MYNAKIT_WRK_EXPECT='"ProcessingResultStatus":"1"|"ResultList"'
wrk_load "$url" $((WARMUP + SECONDS_PER + 2)) 50 >"$tmp/wrk.out" &
wrk_job=$!
sleep "$WARMUP"
perf record -F "$FREQUENCY" --call-graph "$CALL_GRAPH" -p "$service_pid" -o "$tmp/svc.perf" -- sleep "$SECONDS_PER" 2>"$tmp/perf.log"
wait "$wrk_job"
read -r rate _ requests good _ <"$tmp/wrk.out"
echo "== $good of $requests answers qualified, $rate/s over the whole run (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
[ -z "${OUT:-}" ] || cp "$tmp/svc.perf" "$OUT"
report() {
  perf report -i "$tmp/svc.perf" --no-children --sort "$1" --stdio -g none 2>/dev/null |
    grep -v '^#' | grep -v '^$' | sed -e 's/  *-  *-  *$//' -e 's/   */  /g' | head -n "$2" || true
}
echo "== by shared object"; report dso 8
echo "== by symbol"; report dso,symbol "$LINES"
