#!/bin/sh
# Run the Python example client against a named subset of the bundled scenarios and exit
# non-zero on any FAILED scenario (mynakit run's own exit status: 0 only when nothing failed;
# NOT-APPLICABLE scenarios do not fail a run).
#
#   examples/python-client/run.sh                      # every bundled scenario (both roles)
#   examples/python-client/run.sh tag:mission          # any --filter expression
#   examples/python-client/run.sh '!tag:terminal'      # the counter (card-app) scenarios only
#   MYNAKIT=./target/debug/mynakit examples/python-client/run.sh tag:pin
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
mynakit=${MYNAKIT:-mynakit}
command -v "$mynakit" >/dev/null 2>&1 || mynakit="$root/target/debug/mynakit"
caps="$here/capabilities.json"
filter=${1:-}
# The client runs in a fresh working directory per scenario: give it by absolute path.
cd "$root"
set +e
if [ -n "$filter" ]; then
    "$mynakit" run --client "python3 $here/client.py" --capabilities "$caps" --filter "$filter" --color never
else
    "$mynakit" run --client "python3 $here/client.py" --capabilities "$caps" --color never
fi
status=$?
set -e
if [ "$status" -ne 0 ]; then
    echo "run.sh: mynakit run exited $status (a FAILED scenario, or an error); see target/mynakit-report/" >&2
fi
exit "$status"
