#!/usr/bin/env python3
"""A report.html or report.xml with what differs between two runs of the same scenarios masked,
so that two runs (of two builds) compare with diff: the masks of normalise-report.py (durations,
timeline times, run ids, device ids, long hex such as the tool's commit and digests), and
besides them the wall-clock times of the run (RFC 3339), JUnit's `time` attributes, the run's
temporary folders and its readers' numbers.

    python3 bench/mask-report.py OLD/report.html > old.txt
    python3 bench/mask-report.py NEW/report.html > new.txt
    diff old.txt new.txt

A page whose folds are packed (docs/reports.md, "Sizes") has its block written unpacked, each
fold in its key's order, its lines said once put back, so that two pages compare by what they
hold however it is packed (a page packed before the lines were said once, or before they
were cut into pieces, too).
"""
import base64
import gzip
import importlib.util
import pathlib
import re
import sys

_spec = importlib.util.spec_from_file_location(
    "normalise_report", pathlib.Path(__file__).with_name("normalise-report.py")
)
_normalise = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_normalise)

MASKS = [
    # A run's temporary folders (`mkdtemp`'s six random characters, and a scenario folder's owner,
    # `-o<pid>.<start>`) and its readers' numbers.
    (re.compile(r"-o\d+\.\d+-(?=[A-Za-z0-9]{6}\b)"), "-oPID.START-"),
    (re.compile(r"(/tmp/[^/\s\"'<]*-)[A-Za-z0-9]{6}(?=/|\b)"), r"\1XXXXXX"),
    (re.compile(r"\b(in-process|pcscd) [0-9]+\b"), r"\1 N"),
    (re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})"), "TIME"),
    (re.compile(r'\btime="[0-9.]+"'), 'time="T"'),
    (re.compile(r'\btimestamp="[^"]*"'), 'timestamp="T"'),
] + _normalise.MASKS


def mask(text):
    for pattern, replacement in MASKS:
        text = pattern.sub(replacement, text)
    return text


BLOCK = re.compile(r'<script type="application/octet-stream" id="packed">([^<]*)</script>')
OLD_SHAPE = re.compile(r"^(findings|timeline|summary)-\d+\n")


def unpacked(line):
    """The packed block's line as its folds: `fold KEY` and the fold's HTML, by key."""
    found = BLOCK.search(line)
    if not found:
        return line
    text = gzip.decompress(base64.b64decode(found.group(1))).decode("utf-8")
    parts = text.split("\0")
    # Before the lines said once, the text was the folds alone.
    once = [] if OLD_SHAPE.match(parts[0]) else parts.pop(0).split("\n")
    folds = {}
    for part in parts:
        key, html = part.split("\n", 1)
        piece = lambda l: once[int(l[1:])] if l.startswith("\x01") else l
        folds[key] = "\n".join(
            "\x02" + piece(l[1:]) if l.startswith("\x02") else piece(l)
            for l in html.split("\n")
        ).replace("\n\x02", "")
    out = line[: found.start()] + "<packed folds>\n"
    for key in sorted(folds, key=lambda k: (k.split("-")[0], int(k.split("-")[1]))):
        out += "fold " + key + "\n" + folds[key] + "\n"
    return out + line[found.end() :]


def main(argv):
    if len(argv) != 1:
        sys.exit("usage: mask-report.py REPORT.html|REPORT.xml")
    with open(argv[0], encoding="utf-8") as f:
        for line in f:
            sys.stdout.write(mask(unpacked(line)))


if __name__ == "__main__":
    main(sys.argv[1:])
