#!/bin/sh
# Prints the bundled suite's HTML report to PDF with headless Chromium, as a person would print
# it, and says how many pages it takes (docs/reports.md, "Printing"; the test
# harness/tests/browser/print.rs asserts at most 4 pages plus 1 per 25 verdicts).
set -eu
out=${1:-target/mynakit-print}
mkdir -p "$out"
cargo run -q -p mynakit -- run --transport in-process --report-dir "$out" >/dev/null
chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
    --user-data-dir="$out/chromium-profile" \
    --print-to-pdf="$out/report.pdf" "file://$(cd "$out" && pwd)/report.html" 2>/dev/null
pages=$(grep -a -o '/Count [0-9]*' "$out/report.pdf" | awk '{ if ($2 > n) n = $2 } END { print n }')
echo "$out/report.pdf: $pages pages"
