#!/usr/bin/env bash
# How the in-process run grows with the number of scenario runs (issue 41, docs/performance.md):
#
#   bash bench/grow.sh                     # 250, 500, 1000 and 2000 runs, then 4 shards of 2000
#   SIZES="250 500" SHARDS=0 bash bench/grow.sh
#
# Generates N scenario files from the bundled scenarios that run in one mode (the files without
# `modes:`), taken in turn, each copy with its own id (`<id>-g<n>`), so N files give N runs.
# Runs them with `mynakit run DIR` (the built-in reference client, in-process) under
# `/usr/bin/time -v`, and prints the wall time, CPU time and peak memory (maximum resident set
# size) of each size, the time and memory per run, and how many runs FAILED (each one's check
# is printed: on a loaded machine a timing-sensitive scenario can fail, as in the bundled run).
#
# With SHARDS=k (default 4), the largest size is also run as k shards (`--shard i/k`, one after
# the other) and joined with `mynakit report merge`; the merged verdicts must equal the
# unsharded run's, scenario by scenario (checked here; exits 1 otherwise).
#
# Knobs: SIZES, SHARDS; MYNAKIT=path/to/mynakit to measure a given binary instead of building
# target/debug/mynakit (the bundled run's own build, `cargo run -p mynakit -- run`). Needs
# python3 and GNU time (Debian: apt-get install time).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-250 500 1000 2000}
SHARDS=${SHARDS:-4}
[ -x /usr/bin/time ] || { echo "bench/grow.sh needs GNU time (Debian: apt-get install time)" >&2; exit 2; }
if [ -n "${MYNAKIT:-}" ]; then
  mynakit=$(realpath "$MYNAKIT")
else
  cargo build -q -p mynakit
  mynakit=$PWD/target/debug/mynakit
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mynakit-grow.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# Writes $1 scenario files into folder $2.
generate() {
  python3 - "$1" "$2" <<'PY'
import pathlib, re, sys
count, out = int(sys.argv[1]), pathlib.Path(sys.argv[2])
out.mkdir(parents=True)
templates = []
for path in sorted(pathlib.Path("scenarios").glob("*.yaml")):
    text = path.read_text(encoding="utf-8")
    if re.search(r"^modes:", text, re.M):
        continue
    templates.append((path.stem, text))
for n in range(count):
    stem, text = templates[n % len(templates)]
    new = f"{stem}-g{n:05}"
    text, found = re.subn(rf"^id: {re.escape(stem)}$", f"id: {new}", text, count=1, flags=re.M)
    assert found == 1, stem
    (out / f"{new}.yaml").write_text(text, encoding="utf-8")
PY
}

# The verdict of every scenario in report $1, one line each, sorted.
verdicts() {
  python3 - "$1" <<'PY'
import json, sys
report = json.load(open(sys.argv[1], encoding="utf-8"))
# SKIPPED and PASSED findings written once for the report (docs/reports.md, "Written once").
for field in ("skipped", "passed"):
    table = report.get(field + "_checks") or []
    for s in report["scenarios"]:
        s["checks"] = s.get("checks", []) + [table[i] for i in s.pop(field, None) or []]
for s in sorted(report["scenarios"], key=lambda s: s["id"]):
    checks = " ".join(f"{c['check']}={c['level']}" for c in sorted(s.get("checks", []), key=lambda c: c["check"]))
    print(s["id"], s["level"], (s.get("result") or {}).get("outcome"), checks)
PY
}

echo "== load average at the start: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) CPUs)"
printf '  %6s %9s %9s %10s %12s %12s %7s\n' runs wall_s cpu_s peak_MB ms_per_run KB_per_run failed
largest=0
for n in $SIZES; do
  generate "$n" "$tmp/s$n"
  /usr/bin/time -v -o "$tmp/time$n" "$mynakit" run "$tmp/s$n" --color never \
    --report-dir "$tmp/r$n" >"$tmp/log$n" 2>&1 || true
  [ -f "$tmp/r$n/report.json" ] || { tail -n 30 "$tmp/log$n" >&2; exit 1; }
  failed=$(grep -c '^FAILED ' "$tmp/log$n" || true)
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$tmp/time$n")
  cpu=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { print u + s }' "$tmp/time$n")
  peak=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tmp/time$n")
  awk -v n="$n" -v w="$wall" -v c="$cpu" -v p="$peak" -v f="$failed" \
    'BEGIN { printf "  %6d %9.1f %9.1f %10.1f %12.1f %12.1f %7d\n", n, w, c, p / 1024, w * 1000 / n, p / n, f }'
  grep -E '^    FAILED ' "$tmp/log$n" | sed 's/^/        /' || true
  largest=$n
done
echo "  load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

[ "$SHARDS" -gt 0 ] || exit 0
echo "== $largest runs as $SHARDS shards, merged"
shards=()
for i in $(seq "$SHARDS"); do
  "$mynakit" run "$tmp/s$largest" --color never --shard "$i/$SHARDS" \
    --report-dir "$tmp/shard$i" >"$tmp/shardlog$i" 2>&1 || true
  [ -f "$tmp/shard$i/report.json" ] || { tail -n 30 "$tmp/shardlog$i" >&2; exit 1; }
  grep -E '^    FAILED ' "$tmp/shardlog$i" | sed 's/^/        /' || true
  shards+=("$tmp/shard$i")
  echo "  shard $i/$SHARDS: $(grep -cE '^(PASSED|FAILED|WARNING|SKIPPED|NOT-APPLICABLE) ' "$tmp/shardlog$i" || true) runs"
done
"$mynakit" report merge --color never --out "$tmp/merged" "${shards[@]}" >"$tmp/mergelog" 2>&1 || true
[ -f "$tmp/merged/report.json" ] || { cat "$tmp/mergelog" >&2; exit 1; }
verdicts "$tmp/r$largest/report.json" >"$tmp/unsharded"
verdicts "$tmp/merged/report.json" >"$tmp/sharded"
# The same scenarios, each judged once in each: ids, and the verdicts apart from timing flakes
# (a scenario FAILED in one of the two runs is listed, not counted as a difference).
python3 - "$tmp/unsharded" "$tmp/sharded" <<'PY'
import sys
a, b = ([l.split(" ", 1) for l in open(p)] for p in sys.argv[1:3])
assert [x[0] for x in a] == [x[0] for x in b], "the sharded run judged other scenarios"
for (id_, x), (_, y) in zip(a, b):
    if x != y:
        print(f"  differs (a FAILED run on one side): {id_}: {x.split()[0]} / {y.split()[0]}")
PY
if cmp -s "$tmp/unsharded" "$tmp/sharded"; then
  echo "  merged verdicts equal the unsharded run's: $(wc -l <"$tmp/sharded") scenarios"
else
  echo "  merged verdicts differ from the unsharded run's:" >&2
  diff "$tmp/unsharded" "$tmp/sharded" | head -n 20 >&2
  exit 1
fi
