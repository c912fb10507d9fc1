# Shell helpers shared by bench/wiremock.sh and bench/cards-sign.sh (sourced, not run).

# Exits 2 naming the Debian packages ($1) unless every later argument is a command on PATH.
need_tools() {
  local packages=$1 tool
  shift
  for tool in "$@"; do
    command -v "$tool" >/dev/null || {
      echo "$0 needs $tool (Debian: apt-get install $packages)" >&2
      exit 2
    }
  done
}

# Prints a free loopback TCP port.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Waits (up to 60 s) for the line "<prefix> <url>" in log file $1 and prints the URL.
url_from() {
  local log=$1 prefix=$2 url
  for _ in $(seq 600); do
    url=$(sed -n "s|^$prefix *\(http://[^ ]*\).*|\1|p" "$log" 2>/dev/null | head -n 1)
    [ -n "$url" ] && { echo "$url"; return; }
    sleep 0.1
  done
  echo "no '$prefix' line in $log:" >&2
  cat "$log" >&2
  exit 2
}

# One wrk run with bench/wrk/rotate.lua ($MYNAKIT_WRK_REQUESTS, $MYNAKIT_WRK_EXPECT) against URL
# $1 for $2 seconds over $3 connections (2 threads); prints "good_per_second p99_us requests good
# wrk_cpu_seconds" (the last: wrk's own user + system CPU time).
wrk_load() {
  python3 - "$@" <<'PY'
import resource, subprocess, sys
url, seconds, connections = sys.argv[1:4]
out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s",
                      "-s", "bench/wrk/rotate.lua", url],
                     check=True, capture_output=True, text=True).stdout
line = next(l for l in out.splitlines() if l.startswith("RESULT"))
f = dict(kv.split("=") for kv in line.split()[1:])
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{int(f['ok']) / (int(f['duration_us']) / 1e6):.1f} {f['p99_us']} {f['requests']} {f['ok']} "
      f"{r.ru_utime + r.ru_stime:.3f}")
PY
}

# User + system CPU seconds used so far by process $1 (all its threads).
cpu_seconds() {
  awk -v tck="$(getconf CLK_TCK)" '{ sub(/.*\) /, ""); printf "%.3f\n", ($12 + $13) / tck }' "/proc/$1/stat"
}

median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
ms() { awk -v u="$1" 'BEGIN { printf "%.1f", u / 1000 }'; }

# Builds the release binary ($mynakit; or takes the one env MYNAKIT names, unbuilt), makes a
# working folder ($tmp, named after $1) that is removed on exit, and kills the processes whose
# ids are added to $pids on exit.
bench_setup() {
  if [ -n "${MYNAKIT:-}" ]; then
    mynakit=$(realpath "$MYNAKIT")
  else
    cargo build --release -q -p mynakit
    mynakit=$PWD/target/release/mynakit
  fi
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/mynakit-$1.XXXXXX")
  pids=()
  trap bench_cleanup EXIT
}

bench_cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}

# Writes $1 generated cards' service data to file $2 and one visual-confirmation request per card
# (bench/wrk/rotate.lua's format) to file $3, from `mynakit cards serve --count $1` (a
# deterministic JPKI-TEST PKI); exits 2 unless the certificates are all different.
visual_requests() {
  local count=$1 data=$2 out=$3 log cards_pid cards_url
  log=$(mktemp "$tmp/cards.XXXXXX")
  "$mynakit" cards serve --count "$count" --listen 127.0.0.1:0 --service-data "$data" >"$log" 2>&1 &
  cards_pid=$!
  cards_url=$(url_from "$log" "cards:")
  python3 - "$cards_url" "$count" >"$out" <<'PY'
import json, sys, urllib.request
url, count = sys.argv[1], int(sys.argv[2])
for i in range(count):
    card = json.load(urllib.request.urlopen(f"{url}/cards/{i}"))
    body = json.dumps({"mode": "visual", "certificate": card["certificate"]}, separators=(",", ":"))
    print("/v1/confirmations " + body)
PY
  kill "$cards_pid"
  wait "$cards_pid" 2>/dev/null || true
  [ "$(sort -u "$out" | wc -l)" -eq "$count" ] || { echo "certificates are not all different" >&2; exit 2; }
}
