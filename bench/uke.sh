#!/usr/bin/env bash
# Reads and checks a large hospital's monthly claim file (RECEIPTC.UKE, 医科) in one streaming
# pass, side by side with `iconv -f CP932 -t UTF-8` over the same bytes: iconv touches every byte
# once and does nothing else, the floor for any reader of a Windows-31J file (issue 53, item 6,
# "At disk speed").
#
#   bash bench/uke.sh                    # 50,000 claims (about 100 MB), 5 rounds: about a minute
#   CLAIMS=5000 ROUNDS=9 bash bench/uke.sh
#   MYNAKIT=path/to/mynakit bash bench/uke.sh   # time `mynakit claim check FILE` instead of uke-check
#
# Targets (docs/performance.md, "The claim file"): the checker's throughput >= 0.5x iconv's (the
# median of the per-round ratios), and its peak memory (max RSS) under 100 MB.
#
# The file is written once by bench/src/bin/uke-generate.rs (synthetic: made-up names and
# numbers, deterministic with SEED) into a temporary folder, so both sides read it from the page
# cache. Each round runs iconv and the checker back to back, alternating which goes first, so that
# drift in the machine's load hits both; each run is timed by the wall clock (bash's
# EPOCHREALTIME) under `/usr/bin/time`, which also gives its max RSS and CPU time. The checker is
# bench/src/bin/uke-check.rs: `mynakit_uke::check` as `mynakit claim check` calls it, with the
# CLI's allocator, without building the CLI's other dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
CLAIMS=${CLAIMS:-50000}
ROUNDS=${ROUNDS:-5}
SEED=${SEED:-1}
need_tools "libc-bin" iconv
[ -x /usr/bin/time ] || { echo "$0 needs /usr/bin/time (Debian: apt-get install time)" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mynakit-uke.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

bins=${CARGO_TARGET_DIR:-target}/release
if [ -n "${MYNAKIT:-}" ]; then
  cargo build --release -q -p mynakit-bench --bin uke-generate
  checker=("$(realpath "$MYNAKIT")" claim check)
  checker_name="mynakit claim check"
else
  cargo build --release -q -p mynakit-bench --bin uke-generate --bin uke-check
  checker=("$bins/uke-check")
  checker_name="uke-check"
fi

file=$tmp/RECEIPTC.UKE
"$bins/uke-generate" "$file" "$CLAIMS" "$SEED"
bytes=$(stat -c %s "$file")
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')
# Warm the page cache, and make sure the file is consistent: a checker that stops early is fast.
"${checker[@]}" "$file" >"$tmp/check.out" || { echo "the generated file does not check:" >&2; cat "$tmp/check.out" >&2; exit 2; }
iconv -f CP932 -t UTF-8 "$file" >/dev/null

# Runs "$@" once; prints "wall_seconds max_rss_kib cpu_seconds".
timed() {
  local start end
  start=$EPOCHREALTIME
  /usr/bin/time -f '%M %U %S' -o "$tmp/time" "$@" >/dev/null
  end=$EPOCHREALTIME
  read -r rss user sys <"$tmp/time"
  awk -v s="$start" -v e="$end" -v m="$rss" -v u="$user" -v y="$sys" \
    'BEGIN { printf "%.4f %d %.2f\n", e - s, m, u + y }'
}
mbps() { awk -v b="$bytes" -v s="$1" 'BEGIN { printf "%.1f", b / 1e6 / s }'; }
median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

echo "== $(sed 's/ *$//' "$tmp/check.out" | tail -n 1)"
echo "== $mb MB ($CLAIMS claims), $ROUNDS interleaved rounds, wall clock"
printf '  %-5s %12s %12s %12s %8s\n' round "iconv MB/s" "check MB/s" "check RSS" ratio
for round in $(seq "$ROUNDS"); do
  if [ $((round % 2)) = 1 ]; then
    i=$(timed iconv -f CP932 -t UTF-8 "$file"); c=$(timed "${checker[@]}" "$file")
  else
    c=$(timed "${checker[@]}" "$file"); i=$(timed iconv -f CP932 -t UTF-8 "$file")
  fi
  read -r iw irss icpu <<<"$i"
  read -r cw crss ccpu <<<"$c"
  x=$(awk -v a="$iw" -v b="$cw" 'BEGIN { printf "%.3f", a / b }')
  echo "$iw" >>"$tmp/iconv"; echo "$cw" >>"$tmp/check"; echo "$x" >>"$tmp/ratio"
  echo "$crss" >>"$tmp/rss"; echo "$irss" >>"$tmp/iconv-rss"
  echo "$icpu $ccpu" >>"$tmp/cpu"
  printf '  %-5s %12s %12s %9d KiB %7sx\n' "$round" "$(mbps "$iw")" "$(mbps "$cw")" "$crss" "$x"
done
ratio=$(median <"$tmp/ratio")
lowest=$(sort -g "$tmp/ratio" | head -n 1); highest=$(sort -g "$tmp/ratio" | tail -n 1)
rss=$(sort -n "$tmp/rss" | tail -n 1)
cpu=$(awk '{ i += $1; c += $2 } END { if (c > 0) printf "%.2f", i / c; else print "n/a" }' "$tmp/cpu")
printf '  iconv -f CP932 -t UTF-8 : %8s MB/s (median), max RSS %d KiB\n' \
  "$(mbps "$(median <"$tmp/iconv")")" "$(sort -n "$tmp/iconv-rss" | tail -n 1)"
printf '  %-23s : %8s MB/s (median), max RSS %d KiB (%.1f MB; target < 100 MB)\n' "$checker_name" \
  "$(mbps "$(median <"$tmp/check")")" "$rss" "$(awk -v k="$rss" 'BEGIN { print k * 1024 / 1e6 }')"
printf '  ratio (check / iconv throughput): median %sx (rounds %s..%s; target >= 0.50x); by CPU time, all rounds: %sx\n' \
  "$ratio" "$lowest" "$highest" "$cpu"
status=0
awk -v x="$ratio" 'BEGIN { exit !(x >= 0.5) }' || { echo "  BELOW TARGET: throughput ratio $ratio < 0.50" >&2; status=1; }
[ "$rss" -lt $((100 * 1000 * 1000 / 1024)) ] || { echo "  OVER TARGET: max RSS $rss KiB >= 100 MB" >&2; status=1; }
exit $status
