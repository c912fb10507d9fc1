#!/usr/bin/env python3
"""The day each conformance check and bundled scenario was added or made stricter, from git.

    python3 bench/suite-days.py > conformance/src/suite/days.tsv

Run once to derive conformance/src/suite/days.tsv from the history (which starts 2026-11-22);
after that the file is kept by hand: a new or stricter check or scenario adds its line with the
day of its work (`docs/suites.md`), and a test of the conformance crate fails while any check or
bundled scenario has no `added` line.

A day's suite is what the last commit of that day (UTC) held:
- `added`: the first day whose last commit declares the check (`id: "FAMILY-name"` under
  conformance/src) or holds a scenario file with that `id:` under scenarios/.
- `stricter`: a later day whose last commit changed what the check asks (its `rule:` line) or what
  the scenario expects (its `expect:` block, `modes:` or `flows:`) from the day before. A change of
  words alone counts too: the file records where to look, a reader judges how far it moved.

Output: one line a change, tab-separated `day  kind  what  id`, days in order, then kind, what, id.
"""
import re
import os
import subprocess
import sys
from collections import OrderedDict

CHECK_ID = re.compile(r'id: "([A-Z]+-[a-z0-9-]+)",\s*\n\s*severity:')
RULE = re.compile(r'id: "([A-Z]+-[a-z0-9-]+)",\s*\n\s*severity:[^\n]*\n\s*rule:\s*"((?:[^"\\]|\\.)*)"')
SCENARIO_ID = re.compile(r"^id:\s*(\S+)", re.M)


def git(*args):
    env = dict(os.environ, TZ="UTC")
    return subprocess.run(["git", *args], check=True, capture_output=True, text=True, env=env).stdout


def days_and_commits():
    """Each UTC day of the history with its last commit (first-parent order of HEAD)."""
    out = git("log", "--first-parent", "--reverse", "--date=format-local:%Y-%m-%d",
              "--format=%H %ad", "HEAD")
    last = OrderedDict()
    for line in out.splitlines():
        commit, day = line.split()
        last[day] = commit
    return last


def checks_at(commit):
    """Check id -> its rule text at `commit`."""
    files = [f for f in git("ls-tree", "-r", "--name-only", commit, "--", "conformance/src").split()
             if f.endswith(".rs")]
    rules = {}
    for f in files:
        text = git("show", f"{commit}:{f}")
        for m in CHECK_ID.finditer(text):
            rules.setdefault(m.group(1), "")
        for m in RULE.finditer(text):
            rules[m.group(1)] = m.group(2)
    return rules


def expect_part(text):
    """What a scenario expects: its `expect:` block, `modes:` and `flows:` lines."""
    lines = text.splitlines()
    kept, inside = [], False
    for line in lines:
        if re.match(r"^(modes|flows):", line):
            kept.append(line)
        if re.match(r"^expect:", line):
            inside = True
        elif inside and re.match(r"^\S", line):
            inside = False
        if inside:
            kept.append(line.rstrip())
    return "\n".join(kept)


def scenarios_at(commit):
    """Scenario id -> what it expects at `commit`."""
    files = [f for f in git("ls-tree", "-r", "--name-only", commit, "--", "scenarios").split()
             if f.endswith(".yaml") and f.count("/") == 1]
    found = {}
    for f in files:
        text = git("show", f"{commit}:{f}")
        m = SCENARIO_ID.search(text)
        if m:
            found[m.group(1).strip("\"'")] = expect_part(text)
    return found


def main():
    rows = []
    before_checks, before_scenarios = {}, {}
    for day, commit in days_and_commits().items():
        checks, scenarios = checks_at(commit), scenarios_at(commit)
        for what, now, before in (("check", checks, before_checks),
                                  ("scenario", scenarios, before_scenarios)):
            for ident, body in now.items():
                if ident not in before:
                    rows.append((day, "added", what, ident))
                elif before[ident] != body:
                    rows.append((day, "stricter", what, ident))
        # A check or scenario removed and brought back keeps its first day.
        before_checks.update(checks)
        before_scenarios.update(scenarios)
    # Only what the newest day still holds: a check or scenario since renamed is under its new id.
    rows = [r for r in rows if r[3] in (checks if r[2] == "check" else scenarios)]
    print("# day\tkind\twhat\tid (derived by bench/suite-days.py; kept by hand since)")
    for row in sorted(rows):
        print("\t".join(row))


if __name__ == "__main__":
    sys.exit(main())
