#!/usr/bin/env python3
"""The findings of a report.json as sorted lines, with what differs between two runs of the same
binary masked: wall-clock times, durations, run ids, device ids, timeline times (`t=1.234s`) and
the event numbers of exit lines. The indices of the events a finding cites are left out: which
APDU or request it cites is in its reason (`APDU 14`, `request 3`), compared as text, and the
first event of a millisecond, which a `t=` citation names, moves between two runs of the same
binary (two citations may then land on one event). Two runs' outputs are identical when their verdicts, their
reasons in both languages and the events each finding cites are.

    python3 bench/normalise-report.py OLD/report.json > old.txt
    python3 bench/normalise-report.py NEW/report.json > new.txt
    diff old.txt new.txt

Additive fields (a finding's `facts`) are left out unless `--facts` is given, so a report of a
version that adds them compares equal to one of a version before.
"""
import json
import re
import sys

MASKS = [
    (re.compile(r"\bt=\d+\.\d{3}s"), "t=T"),
    (re.compile(r"\b\d+(\.\d+)? ?(ms|s|µs|us)\b"), "D"),
    (re.compile(r"\d+(\.\d+)? ?(ミリ秒|秒)"), "D"),
    (re.compile(r"run-\d+-"), "run-N-"),
    (re.compile(r"dev-[0-9a-f]{16}"), "dev-X"),
    (re.compile(r"(in-process|pcscd) [0-9]+:"), r"\1 N:"),
    (re.compile(r"#[0-9]+"), "#N"),
    (re.compile(r"20[0-9]{12}"), "TS"),
    (re.compile(r"[0-9a-f]{30,}"), "HEX"),
    (re.compile(r'"ms": \d+'), '"ms": T'),
    # A fact named after a duration (`shortest-pause-ms`) measures the run's own timing.
    (re.compile(r'(-ms": \{"count": )\d+'), r'\1T'),
]


def mask(text):
    text = str(text)
    for pattern, replacement in MASKS:
        text = pattern.sub(replacement, text)
    return text


def expanded(report):
    """Each run's `checks` whole: its SKIPPED and PASSED findings back from the run's
    `skipped_checks` and `passed_checks` (docs/reports.md, "Written once"); the lines are
    sorted, so their order does not matter."""
    for field in ("skipped", "passed"):
        table = report.get(field + "_checks") or []
        for s in report["scenarios"]:
            s["checks"] = (s.get("checks") or []) + [table[i] for i in s.pop(field, None) or []]
    return report


def lines(report, facts):
    for s in report["scenarios"]:
        key = f"{s['id']} [{s['mode']}]"
        yield f"{key} LEVEL {s['level']}"
        result = s.get("result") or {}
        yield f"{key} RESULT {mask(result.get('outcome'))} {mask(json.dumps(result.get('fields'), sort_keys=True, ensure_ascii=False))}"
        yield f"{key} EXIT {mask(s.get('exit'))}"
        for kind in ("expectations", "checks"):
            for f in s.get(kind) or []:
                head = f"{key} {kind} {f.get('check')} {f.get('level')}"
                yield f"{head} en: {mask(f.get('reason', ''))}"
                yield f"{head} ja: {mask(f.get('reason_ja', '-'))}"
                if facts and f.get("facts"):
                    yield f"{head} facts: {mask(json.dumps(f['facts'], sort_keys=True, ensure_ascii=False))}"


def main(argv):
    facts = "--facts" in argv
    paths = [a for a in argv if a != "--facts"]
    if len(paths) != 1:
        sys.exit("usage: normalise-report.py [--facts] REPORT.json")
    with open(paths[0], encoding="utf-8") as f:
        report = expanded(json.load(f))
    for line in sorted(lines(report, facts)):
        print(line)


if __name__ == "__main__":
    main(sys.argv[1:])
