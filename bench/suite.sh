#!/usr/bin/env bash
# The bundled suite's wall time against issue 41's targets (docs/performance.md):
#
#   bash bench/suite.sh                    # in-process at the default jobs, then over pcscd at --jobs 2
#   ROUNDS=3 JOBS_PCSCD="2 4" bash bench/suite.sh
#
# Runs the whole bundled set with the built-in reference client, as `cargo run -p mynakit -- run`
# does (debug build), ROUNDS times each: in-process (target: under 20 s) and over the managed
# pcscd at each of JOBS_PCSCD (target at --jobs 2: under 60 s). For each run it prints the
# reported wall time, the sum of the runs' durations, the CPU time (user + system, GNU time),
# the verdict counts and a verdict digest (sha256 over each run's id, mode, level and every
# check's level, from report.json: equal digests mean equal verdicts). Exits 1 if a target is
# missed or a run's digest differs from the first's.
#
# Knobs: ROUNDS (default 1), JOBS_PCSCD (default 2), MYNAKIT=path/to/mynakit to measure a given
# binary. Over pcscd it needs pcscd, vsmartcard-vpcd and iproute2 (or root); python3 and GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-1}
JOBS_PCSCD=${JOBS_PCSCD:-2}
[ -x /usr/bin/time ] || { echo "bench/suite.sh needs GNU time (Debian: apt-get install time)" >&2; exit 2; }
if [ -n "${MYNAKIT:-}" ]; then
  mynakit=$(realpath "$MYNAKIT")
else
  cargo build -q -p mynakit
  mynakit=$PWD/target/debug/mynakit
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mynakit-suite.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

status=0
first_digest=
# One run: label $1, limit in seconds $2 (0: none), then mynakit run's own flags.
measure() {
  local label=$1 limit=$2 out=$tmp/report
  shift 2
  rm -rf "$out"
  /usr/bin/time -f '%U %S' -o "$tmp/cpu" "$mynakit" run "$@" --report-dir "$out" >/dev/null 2>"$tmp/stderr" || true
  [ -s "$out/report.json" ] || { echo "  $label: no report"; cat "$tmp/stderr" >&2; status=1; return; }
  local line
  line=$(python3 - "$out/report.json" "$tmp/cpu" <<'PY'
import collections, hashlib, json, sys
report = json.load(open(sys.argv[1]))
cpu = sum(float(x) for x in open(sys.argv[2]).read().split()[-2:])
runs = report["scenarios"]
# SKIPPED and PASSED findings written once for the report (docs/reports.md, "Written once").
for field in ("skipped", "passed"):
    table = report.get(field + "_checks") or []
    for s in runs:
        s["checks"] = s.get("checks", []) + [table[i] for i in s.pop(field, None) or []]
digest = hashlib.sha256("".join(
    s["id"] + s["mode"] + s["level"] + "".join(c["level"] for c in s["checks"]) for s in runs
).encode()).hexdigest()[:12]
counts = collections.Counter(s["level"] for s in runs)
print(report["duration_ms"] / 1000, sum(s["duration_ms"] for s in runs) / 1000, f"{cpu:.1f}", digest,
      ",".join(f"{n}-{level}" for level, n in sorted(counts.items())))
PY
)
  local wall sum cpu digest counts verdict=""
  read -r wall sum cpu digest counts <<<"$line"
  if [ "$limit" != 0 ]; then
    if awk -v w="$wall" -v l="$limit" 'BEGIN { exit !(w < l) }'; then
      verdict="ok (< $limit s)"
    else
      verdict="OVER TARGET (< $limit s)"; status=1
    fi
  fi
  first_digest=${first_digest:-$digest}
  if [ "$digest" != "$first_digest" ]; then
    verdict="$verdict; verdicts differ from the first run's ($first_digest)"; status=1
  fi
  printf '  %-22s wall %7.1f s  runs sum %7.1f s  cpu %5s s  %s  %s  %s\n' \
    "$label" "$wall" "$sum" "$cpu" "$digest" "$counts" "$verdict"
}

echo "== the bundled suite, reference client ($ROUNDS round(s))"
for round in $(seq "$ROUNDS"); do
  measure "in-process" 20 --transport in-process
  for jobs in $JOBS_PCSCD; do
    limit=0
    [ "$jobs" = 2 ] && limit=60
    measure "pcscd --jobs $jobs" "$limit" --transport pcscd --jobs "$jobs"
  done
done
exit $status
