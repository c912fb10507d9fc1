#!/usr/bin/env bash
# Two builds of the mock service side by side in one run, to judge one change (issue 23,
# docs/performance.md): on a shared machine only a ratio from one run means anything.
#
#   cp target/release/mynakit /tmp/mynakit-before     # then change, rebuild, and:
#   bash bench/service-ab.sh /tmp/mynakit-before target/release/mynakit
#   ROUNDS=7 SECONDS_PER=5 WARMUP=10 bash bench/service-ab.sh A B
#
# Both binaries serve the same CARDS generated cards (`--plain-http --allow-unsigned`); `wrk -t2
# -c50` with bench/wrk/rotate.lua drives each with visual confirmations, after a warm-up of
# WARMUP s each, in ROUNDS rounds of SECONDS_PER s alternating which goes first. Prints every
# round and the medians of B / A, qualified answers per wall-clock second and per CPU second of
# the server process.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# = 2 ] || { echo "usage: $0 BINARY_A BINARY_B" >&2; exit 2; }
a_bin=$(realpath "$1"); b_bin=$(realpath "$2")
ROUNDS=${ROUNDS:-5}
SECONDS_PER=${SECONDS_PER:-5}
WARMUP=${WARMUP:-10}
CARDS=${CARDS:-100}

# shellcheck source=bench/lib.sh
. bench/lib.sh
need_tools "wrk python3" wrk python3
bench_setup service-ab
visual_requests "$CARDS" "$tmp/cards.yaml" "$tmp/bodies.jsonl"
start() {
  "$1" service --plain-http --allow-unsigned --port 0 --admin-port 0 --data "$tmp/cards.yaml" \
    >"$tmp/$2.log" 2>&1 &
  pids+=("$!")
}
start "$a_bin" a; a_pid=$!; a_url=$(url_from "$tmp/a.log" "card-check API:")
start "$b_bin" b; b_pid=$!; b_url=$(url_from "$tmp/b.log" "card-check API:")
export MYNAKIT_WRK_REQUESTS=$tmp/bodies.jsonl MYNAKIT_WRK_EXPECT='"ProcessingResultStatus":"1"|"ResultList"'
wrk_load "$a_url" "$WARMUP" 50 >/dev/null
wrk_load "$b_url" "$WARMUP" 50 >/dev/null

# "rate per_cpu_second" of url $1 / pid $2; exits if an answer was not a qualification.
measure() {
  local before after rate requests good
  before=$(cpu_seconds "$2")
  read -r rate _ requests good _ <<<"$(wrk_load "$1" "$SECONDS_PER" 50)"
  after=$(cpu_seconds "$2")
  [ "$good" = "$requests" ] || { echo "$1: $((requests - good)) of $requests answers not qualified" >&2; exit 1; }
  awk -v r="$rate" -v g="$good" -v b="$before" -v a="$after" 'BEGIN { printf "%s %.1f\n", r, g / (a - b) }'
}
echo "A: $a_bin"; echo "B: $b_bin"
printf '  %-5s %10s %10s %7s %10s %10s %7s\n' round A/s B/s B/A "A/CPU s" "B/CPU s" B/A
for round in $(seq "$ROUNDS"); do
  if [ $((round % 2)) = 1 ]; then
    a=$(measure "$a_url" "$a_pid"); b=$(measure "$b_url" "$b_pid")
  else
    b=$(measure "$b_url" "$b_pid"); a=$(measure "$a_url" "$a_pid")
  fi
  read -r a_rate a_cpu <<<"$a"; read -r b_rate b_cpu <<<"$b"
  r=$(ratio "$b_rate" "$a_rate"); c=$(ratio "$b_cpu" "$a_cpu")
  printf '  %-5s %10.0f %10.0f %6sx %10.0f %10.0f %6sx\n' "$round" "$a_rate" "$b_rate" "$r" "$a_cpu" "$b_cpu" "$c"
  echo "$r" >>"$tmp/r"; echo "$c" >>"$tmp/c"
done
echo "  median B/A $(median <"$tmp/r")x per wall-clock second, $(median <"$tmp/c")x per server CPU second (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
