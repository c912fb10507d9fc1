#!/usr/bin/env bash
# Locust's distributed mode with 1 and with 2 workers against the mock service (issue 41,
# docs/performance.md, "Distributed mode"), side by side in one run:
#
#   bash bench/locust-scale.sh                       # 3 rounds of 1 then 2 workers, 20 s each
#   ROUNDS=5 SECONDS_PER=10 USERS=20 bash bench/locust-scale.sh
#   MYNAKIT=target/debug/mynakit bash bench/locust-scale.sh    # an existing binary, unbuilt
#
# - The target: `mynakit service --plain-http --allow-unsigned --data cards.yaml`, standing in for a
#   vendor's back end; it verifies every PIN-mode signature and journals every request.
# - Each worker has its own `mynakit cards serve --count CARDS` (the same deterministic cards) and
#   `MYNAKIT_WORKERS=W`, so no two workers use the same card (bench/locust/locustfile.py).
# - Each run is `locust --master --headless --expect-workers W -u USERS -r USERS -t SECONDS_PER`
#   (the same users for 1 and 2 workers) and W `locust --worker`s, the master listening on
#   loopback only, on a free port. The order alternates per round (1 then 2, 2 then 1, …) so a
#   change in the machine's load hits both alike.
#
# Prints per run the master's aggregated requests per second, confirmations per second, p50 and
# p99 (ms, all requests), failed requests, the workers' "exceeded cpu threshold" warnings (Locust
# gives one when a worker uses more than 90 % of a core: the load engine is then the limit) and
# the CPU seconds the service, both card servers and Locust (master and workers, start-up
# included) used over the run, then the median 2-vs-1 ratio of confirmations per
# second, with the load average at the start and at the end. Exits 1 if any request failed.
# Needs Locust (PyPI `locust`; LOCUST or MYNAKIT_LOCUST names the executable, else `locust` on PATH).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}
SECONDS_PER=${SECONDS_PER:-20}
USERS=${USERS:-50}
CARDS=${CARDS:-1000}
LOCUST=${LOCUST:-${MYNAKIT_LOCUST:-locust}}

# shellcheck source=bench/lib.sh
. bench/lib.sh
need_tools "python3" python3
command -v "$LOCUST" >/dev/null || { echo "$0 needs Locust (pip install locust; or set LOCUST)" >&2; exit 2; }
bench_setup locust-scale
locustfile=$PWD/bench/locust/locustfile.py

load_average() { cut -d' ' -f1-3 /proc/loadavg; }
load_start=$(load_average)

cards_urls=() cards_pids=()
for w in 0 1; do
  data=()
  [ "$w" = 0 ] && data=(--service-data "$tmp/cards.yaml")
  "$mynakit" cards serve --count "$CARDS" --keys 8 --listen 127.0.0.1:0 "${data[@]}" >"$tmp/cards$w.log" 2>&1 &
  pids+=("$!")
  cards_pids+=("$!")
  cards_urls+=("$(url_from "$tmp/cards$w.log" "cards:")")
done
"$mynakit" service --plain-http --allow-unsigned --port 0 --admin-port 0 --data "$tmp/cards.yaml" \
  >"$tmp/service.log" 2>&1 &
pids+=("$!")
service_pid=$!
target=$(url_from "$tmp/service.log" "card-check API:")
admin=$(url_from "$tmp/service.log" "admin API:")

# One distributed run with $1 workers, CSV under prefix $2; the master's exit status is ignored
# (it is 1 when a request failed: the failures are counted from its CSV).
run() {
  local workers=$1 csv=$2 port w worker_pids=()
  # The journal starts empty for every run, so its size is the same for both.
  python3 -c 'import sys, urllib.request as u; u.urlopen(u.Request(sys.argv[1], method="DELETE"))' \
    "$admin/__admin/journal"
  port=$(free_port)
  "$LOCUST" -f "$locustfile" --master --master-bind-host 127.0.0.1 --master-bind-port "$port" \
    --headless --expect-workers "$workers" --expect-workers-max-wait 60 \
    -u "$USERS" -r "$USERS" -t "${SECONDS_PER}s" --only-summary --host "$target" --csv "$csv" \
    >"$csv.master.log" 2>&1 &
  local master=$!
  pids+=("$master")
  for w in $(seq 0 $((workers - 1))); do
    MYNAKIT_CARDS=${cards_urls[$w]} MYNAKIT_WORKERS=$workers \
      "$LOCUST" -f "$locustfile" --worker --master-host 127.0.0.1 --master-port "$port" \
      >"$csv.worker$w.log" 2>&1 &
    worker_pids+=("$!")
    pids+=("$!")
  done
  wait "$master" || true
  for w in "${worker_pids[@]}"; do wait "$w" || true; done
}

# "requests/s confirmations/s p50 p99 failures cpu_warnings" of a run's CSV prefix $1.
figures() {
  python3 - "$1" <<'PY'
import csv, glob, sys
prefix = sys.argv[1]
rows = {r["Name"]: r for r in csv.DictReader(open(f"{prefix}_stats.csv"))}
total, confirmations = rows["Aggregated"], rows["target: confirmation"]
warnings = sum(open(f).read().count("exceeded cpu threshold")
               for f in glob.glob(f"{prefix}.*.log"))
print(f"{float(total['Requests/s']):.1f} {float(confirmations['Requests/s']):.1f} "
      f"{total['50%']} {total['99%']} {total['Failure Count']} {warnings}")
PY
}

# CPU seconds used so far by the service, by both card servers together, and by the finished
# children of this shell (bash's `times`, which the caller writes to $tmp/times in this shell,
# not in a subshell: the Locust master and workers of the runs so far, and the python3 helpers).
cpu_now() {
  local children
  children=$(sed -n 2p "$tmp/times" | awk '{ gsub(/[ms]/, " "); print $1 * 60 + $2 + $3 * 60 + $4 }')
  awk -v s="$(cpu_seconds "$service_pid")" -v a="$(cpu_seconds "${cards_pids[0]}")" \
    -v b="$(cpu_seconds "${cards_pids[1]}")" -v c="$children" \
    'BEGIN { printf "%.3f %.3f %.3f\n", s, a + b, c }'
}
# The CPU seconds the service, the card servers and Locust used over a run ("$1" = cpu_now before,
# "$2" = after).
cpu_used() {
  awk -v b="$1" -v a="$2" 'BEGIN {
    split(b, x, " "); split(a, y, " ")
    printf "%.1f %.1f %.1f\n", y[1] - x[1], y[2] - x[2], y[3] - x[3] }'
}

echo "== Locust distributed mode, $USERS users, ${SECONDS_PER}s per run, $CARDS cards per worker"
echo "   load average at the start: $load_start"
echo "   (the last three: CPU seconds over the run, Locust's master and workers with their start-up)"
printf '  %-5s %7s %10s %14s %8s %8s %8s %13s %8s %8s %8s\n' round workers requests/s confirmations/s p50 p99 failed "CPU warnings" service cards locust
failed=0
for round in $(seq "$ROUNDS"); do
  order="1 2"
  [ $((round % 2)) = 0 ] && order="2 1"
  for workers in $order; do
    times >"$tmp/times"
    before=$(cpu_now)
    run "$workers" "$tmp/r$round-w$workers"
    times >"$tmp/times"
    read -r service_cpu cards_cpu locust_cpu <<<"$(cpu_used "$before" "$(cpu_now)")"
    read -r rps cps p50 p99 failures warnings <<<"$(figures "$tmp/r$round-w$workers")"
    printf '  %-5s %7s %10s %14s %6sms %6sms %8s %13s %8s %8s %8s\n' "$round" "$workers" "$rps" "$cps" "$p50" "$p99" "$failures" "$warnings" "$service_cpu" "$cards_cpu" "$locust_cpu"
    echo "$cps" >>"$tmp/w$workers"
    failed=$((failed + failures))
  done
  echo "$(ratio "$(sed -n "${round}p" "$tmp/w2")" "$(sed -n "${round}p" "$tmp/w1")")" >>"$tmp/ratio"
done
echo "  2-vs-1 worker ratio of confirmations/s per round: $(paste -sd' ' "$tmp/ratio"); median $(median <"$tmp/ratio")x"
echo "  medians: 1 worker $(median <"$tmp/w1")/s, 2 workers $(median <"$tmp/w2")/s confirmations"
echo "   load average at the end: $(load_average)"
[ "$failed" = 0 ] || { echo "  $failed requests failed" >&2; exit 1; }
