#!/bin/sh
# Refreshes the behaviour corpus from the repository's history (README.md): for each day given as
# DAY=COMMIT, the files of examples/python-client needed to run it (its Python modules and
# capabilities files) as they were at COMMIT, unchanged, into DAY/. Needs a full clone (not a
# shallow one); the test itself never reads git history.
#
#   harness/tests/behaviour/gather.sh 2026-11-23=177ac0e8 2026-11-24=5944918c \
#       2026-11-25=7bec6034 2026-11-26=19a58ca5
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(git -C "$here" rev-parse --show-toplevel)
cd "$root"
for pair in "$@"; do
    day=${pair%%=*}
    commit=${pair#*=}
    rm -rf "${here:?}/$day"
    mkdir "$here/$day"
    git ls-tree --name-only "$commit" examples/python-client/ | while read -r path; do
        name=${path##*/}
        case $name in
        *.py | capabilities*.json) git show "$commit:$path" >"$here/$day/$name" ;;
        esac
    done
    echo "$day: $(git rev-parse --short "$commit:examples/python-client") from $commit"
done
