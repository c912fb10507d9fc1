#!/usr/bin/env bash
# mynakit's own flakes (issue 74, docs/performance.md "mynakit's own flakes"): the bundled suite
# repeated under CPU stress, every scenario whose verdict moved listed with whose flake it is.
#
#   bash bench/stress-repeat.sh                 # 5 attempts of every bundled scenario, in-process
#   REPEAT=50 bash bench/stress-repeat.sh       # the goal: 50
#   REPEAT=5 TRANSPORT=pcscd bash bench/stress-repeat.sh
#
# Runs `mynakit run --repeat REPEAT` (the reference client) while `stress-ng --cpu` keeps twice
# the cores busy (STRESS=0: no stress), then reads report.json: each FLAKY scenario with its
# pass rate and its `flake` (the client's or mynakit's, and the two acts where its attempts
# part). The reference client is correct, so a flake traced to mynakit is a bug of the tool; one
# traced to the client is the reference client's own race (also to fix). Exits 1 when any
# scenario is FLAKY or any FAILED, 0 otherwise.
#
# Knobs: REPEAT (default 5, at most 100 per run), TRANSPORT (in-process or pcscd), JOBS
# (mynakit's --jobs, default its own), STRESS (stressors; default twice the cores), OUT (the
# report folder, default a temporary one that is kept), MYNAKIT=path/to/mynakit.
# Needs stress-ng (Debian: apt-get install stress-ng) unless STRESS=0, and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
REPEAT=${REPEAT:-5}
TRANSPORT=${TRANSPORT:-in-process}
STRESS=${STRESS:-$((2 * $(nproc)))}
OUT=${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/mynakit-stress.XXXXXX")}
mkdir -p "$OUT"
if [ -n "${MYNAKIT:-}" ]; then
  mynakit=$(realpath "$MYNAKIT")
else
  cargo build -q -p mynakit
  mynakit=$PWD/target/debug/mynakit
fi
stress_pid=
if [ "$STRESS" != 0 ]; then
  command -v stress-ng >/dev/null || { echo "needs stress-ng (apt-get install stress-ng), or STRESS=0" >&2; exit 2; }
  stress-ng --cpu "$STRESS" --quiet &
  stress_pid=$!
fi
trap '[ -n "$stress_pid" ] && kill "$stress_pid" 2>/dev/null; true' EXIT
args=(run --repeat "$REPEAT" --transport "$TRANSPORT" --report-dir "$OUT/report")
[ -n "${JOBS:-}" ] && args+=(--jobs "$JOBS")
start=$(date +%s)
"$mynakit" "${args[@]}" >"$OUT/run.log" 2>&1 || true
echo "stress-repeat: REPEAT=$REPEAT TRANSPORT=$TRANSPORT stressors=$STRESS on $(nproc) cores, $(( $(date +%s) - start )) s; reports in $OUT"
python3 - "$OUT/report/report.json" <<'EOF'
import json, sys
report = json.load(open(sys.argv[1]))
moved, failed = 0, 0
for s in report["scenarios"]:
    attempts = s.get("attempts", [])
    levels = [a["level"] for a in attempts]
    if s.get("flaky"):
        moved += 1
        passed = sum(1 for l in levels if l != "FAILED")
        flake = s.get("flake") or {}
        print(f"FLAKY {s['id']}: {passed} of {len(levels)} passed ({', '.join(levels)})")
        print(f"  whose: {flake.get('whose')} ({flake.get('how')}), attempts {flake.get('attempts')}, "
              f"event {flake.get('event')}")
        for i, act in enumerate(flake.get("acts", [])):
            print(f"  attempt {flake['attempts'][i]}: {act}")
    elif s["level"] == "FAILED":
        failed += 1
        print(f"FAILED every time {s['id']}")
print(f"{len(report['scenarios'])} scenarios, {moved} whose verdict moved, {failed} FAILED every time")
sys.exit(1 if moved or failed else 0)
EOF
