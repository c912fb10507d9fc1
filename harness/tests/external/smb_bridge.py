#!/usr/bin/env python3
# The SMB client adapter of harness/tests/external/terminal_share_run.rs (docs/terminal.md, "The share
# in a run").
"""A レセコン that reaches the 資格確認端末 only through its SMB share, with smbclient.

Usage: python3 smb_bridge.py [--notify] MYNAKIT [ARGS...]
       (as `mynakit run --terminal-share smb --client ...`)

It runs `MYNAKIT reference-client ARGS` on a private local copy of the share (its own folder in
TMPDIR, given to it as MYNAKIT_TERMINAL_DIR) and keeps that copy and the share in step with
smbclient alone, from MYNAKIT_TERMINAL_SMB_URL, _USER and _PASSWORD (docs/terminal.md, "The
share in a run"):
- a request the client renames into req/ is put on the share under a dot name, then renamed
  into place (the terminal ignores dot names); a client started with `--defect write-in-place`
  writes its requests in place, and they are put under their final name likewise (and put again
  whenever the local file changes), so that the share's record shows what such a client does
  over SMB (XML-share-writes);
- every file in res/ and face/ on the share is got into the copy (under a dot name, then renamed
  in) and got again whenever its size or time changes, so a result written slowly reaches the
  client in the parts it was written in;
- what the client deletes or moves (face/X into face/done/) is done on the share, and a request
  the terminal removed is removed from the copy;
- the client's `result` line is held until everything it did is on the share.
The share is listed every 100 ms, or with --notify only when SMB2 CHANGE_NOTIFY says one of its
folders changed (`smbclient -c 'notify FOLDER'`, one watcher per folder, as clinic software
watches the share), and at least every 2 s; the local copy is looked at every 50 ms.
The copy and the credentials file are removed at the end (nothing of the patient is kept), and
when mynakit ends the client with SIGTERM too: a bridge still copying when the run's grace ran out
(a loaded machine) otherwise left them behind.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

POLL = 0.1
LOCAL_POLL = 0.05
NOTIFY_FALLBACK = 2.0
ENTRY = re.compile(r"^  (.+?)\s+([A-Z]*)\s+(\d+)\s+\w{3} \w{3} [ \d]\d (\d\d:\d\d:\d\d) \d{4}$")
SUMMARY = re.compile(r"blocks of size \d+\. \d+ blocks available")


def log(text):
    print(f"smb-bridge: {text}", file=sys.stderr, flush=True)


class Share:
    def __init__(self, work):
        url = os.environ["MYNAKIT_TERMINAL_SMB_URL"]
        match = re.fullmatch(r"smb://(\[[^]]+\]|[^/:]+):(\d+)/([^/]+)", url)
        if not match:
            raise SystemExit(f"smb-bridge: cannot read MYNAKIT_TERMINAL_SMB_URL {url!r}")
        host, self.port, name = match.groups()
        self.service = f"//{host.strip('[]')}/{name}"
        # The credentials from the environment, into a 0600 file: never on a command line.
        self.auth = os.path.join(work, "auth")
        fd = os.open(self.auth, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(f"username = {os.environ['MYNAKIT_TERMINAL_SMB_USER']}\n")
            f.write(f"password = {os.environ['MYNAKIT_TERMINAL_SMB_PASSWORD']}\n")

    def args(self, commands):
        return ["smbclient", self.service, "-p", self.port, "-A", self.auth, "-d", "0",
                "-c", "; ".join(commands)]

    def watch(self, folder, changed):
        """Sets `changed` whenever SMB2 CHANGE_NOTIFY reports a change in `folder`."""
        # stdbuf: smbclient prints each notification as it comes, not when its buffer fills.
        watcher = subprocess.Popen(["stdbuf", "-oL", *self.args([f'notify "{folder}"'])],
                                   stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL, text=True, errors="replace")

        def read():
            for _ in watcher.stdout:
                changed.set()

        threading.Thread(target=read, daemon=True).start()
        return watcher

    def run(self, commands):
        out = subprocess.run(
            self.args(commands),
            stdin=subprocess.DEVNULL, capture_output=True, text=True, errors="replace")
        return out.stdout

    def listing(self, folders, first=(), then=()):
        """{folder: {name: (size, time)}} of the files (not folders) in each folder; the
        commands `first` run before the listing and `then` after it, in the same session."""
        out = self.run(list(first) + [f'ls "{folder}\\*"' for folder in folders] + list(then))
        result = {folder: {} for folder in folders}
        sections = iter(folders)
        current = next(sections, None)
        for line in out.splitlines():
            if SUMMARY.search(line):
                current = next(sections, None)
                continue
            m = ENTRY.match(line)
            if current is None or not m or "D" in m.group(2):
                continue
            result[current][m.group(1)] = (int(m.group(3)), line[-24:])
        return result


class Bridge:
    def __init__(self, share, copy, in_place=False):
        self.share = share
        self.copy = copy
        self.in_place = in_place
        self.put_stamps = {}  # request name -> (size, mtime) as last put, when written in place
        self.uploaded = set()
        self.have = {}  # (folder, name) -> (size, time) as got
        self.gone = set()  # (folder, name) the client took: never got again
        self.awaited = set()  # answers (in res) to requests put, not got yet
        self.lock = threading.Lock()

    def local(self, folder, name=""):
        return os.path.join(self.copy, folder, name)

    def local_changes(self):
        """Whether the client did something in the copy that the share does not know yet."""
        here = {n for n in os.listdir(self.local("req"))
                if not n.startswith(".") and not n.endswith(".tmp")}
        return (here != self.uploaded
                or any(not os.path.exists(self.local(f, n)) for f, n in self.have))

    def step(self):
        with self.lock:
            # New requests are put, and the answers awaited got, in the listing's own smbclient
            # run (a missing answer is only an error line): no run of its own between the client
            # and the terminal.
            puts = self.new_requests()
            early = {name: self.local("res", f".{name}.early") for name in sorted(self.awaited)}
            on_share = self.share.listing(
                ["req", "res", "face"],
                puts,
                [f'get "res\\{name}" "{path}"' for name, path in early.items()])
            self.requests(on_share["req"])
            for folder in ("res", "face"):
                self.results(folder, on_share[folder], early if folder == "res" else {})
            for path in early.values():
                if os.path.exists(path):
                    os.remove(path)

    def new_requests(self):
        """The smbclient commands that put the client's new requests: each under a dot name,
        then renamed into place."""
        here = {n for n in os.listdir(self.local("req"))
                if not n.startswith(".") and not n.endswith(".tmp")}
        commands = []
        for name in sorted(here):
            if self.in_place:
                # Written in place: put under its final name, and again whenever it changes.
                try:
                    st = os.stat(self.local("req", name))
                except OSError:
                    continue
                stamp = (st.st_size, st.st_mtime_ns)
                if self.put_stamps.get(name) == stamp:
                    continue
                self.put_stamps[name] = stamp
                commands.append(f'put "{self.local("req", name)}" "req\\{name}"')
                if name in self.uploaded:
                    continue
            elif name in self.uploaded:
                continue
            else:
                part = f".{name}.part"
                commands += [f'put "{self.local("req", name)}" "req\\{part}"',
                             f'rename "req\\{part}" "req\\{name}"']
            self.uploaded.add(name)
            answer = name.replace("req", "res", 1)
            self.awaited.update({answer, os.path.splitext(answer)[0] + ".pdf"})
        return commands

    def requests(self, on_share):
        here = {n for n in os.listdir(self.local("req"))
                if not n.startswith(".") and not n.endswith(".tmp")}
        for name in sorted(self.uploaded):
            if name in here and name not in on_share:
                # Answered: the terminal removed it.
                os.remove(self.local("req", name))
                self.uploaded.discard(name)
            elif name not in here and name in on_share:
                # The client withdrew it.
                self.share.run([f'del "req\\{name}"'])
                self.uploaded.discard(name)
            elif name not in here:
                self.uploaded.discard(name)

    def results(self, folder, on_share, early):
        # What the client did to the files it was given.
        for key in [k for k in self.have if k[0] == folder]:
            name = key[1]
            if os.path.exists(self.local(folder, name)):
                continue
            if folder == "face" and os.path.exists(self.local("face", os.path.join("done", name))):
                self.share.run(['mkdir "face\\done"', f'rename "face\\{name}" "face\\done\\{name}"'])
            elif name in on_share:
                self.share.run([f'del "{folder}\\{name}"'])
            del self.have[key]
            self.gone.add(key)
        for name, stamp in sorted(on_share.items()):
            key = (folder, name)
            if key in self.gone or self.have.get(key) == stamp:
                continue
            part = early.get(name)
            if part is None or not os.path.exists(part):
                part = self.local(folder, f".{name}.got")
                self.share.run([f'get "{folder}\\{name}" "{part}"'])
            if os.path.exists(part):
                os.replace(part, self.local(folder, name))
                self.have[key] = stamp
                self.awaited.discard(name)


def main():
    args = sys.argv[1:]
    notify = args[:1] == ["--notify"]
    if notify:
        args = args[1:]
    if not args:
        raise SystemExit("usage: smb_bridge.py [--notify] MYNAKIT [reference-client ARGS...]")
    work = tempfile.mkdtemp(prefix="smb-bridge-")
    # SIGTERM (mynakit ending the client after its grace) unwinds to the `finally` below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    try:
        copy = os.path.join(work, "oqs")
        for folder in ("req", "res", "face"):
            os.makedirs(os.path.join(copy, folder))
        client_args = args[1:]
        in_place = "--defect=write-in-place" in client_args or any(
            a == "--defect" and b == "write-in-place" for a, b in zip(client_args, client_args[1:]))
        bridge = Bridge(Share(work), copy, in_place)
        env = dict(os.environ, MYNAKIT_TERMINAL_DIR=copy)
        changed = threading.Event()
        watchers = ([bridge.share.watch(f, changed) for f in ("req", "res", "face")]
                    if notify else [])
        client = subprocess.Popen([args[0], "reference-client", *args[1:]],
                                  env=env, stdout=subprocess.PIPE, text=True)
        stop = threading.Event()

        def keep_in_step():
            last = 0.0
            while not stop.is_set():
                if not notify:
                    bridge.step()
                    time.sleep(POLL)
                    continue
                due = time.monotonic() - last >= NOTIFY_FALLBACK
                if changed.is_set() or due or bridge.local_changes():
                    changed.clear()
                    last = time.monotonic()
                    bridge.step()
                time.sleep(LOCAL_POLL)

        thread = threading.Thread(target=keep_in_step, daemon=True)
        thread.start()
        for line in client.stdout:
            try:
                kind = json.loads(line).get("type")
            except ValueError:
                kind = None
            if kind == "result":
                # Everything the client did is on the share before it reports.
                bridge.step()
            sys.stdout.write(line)
            sys.stdout.flush()
        code = client.wait()
        stop.set()
        thread.join()
        for watcher in watchers:
            watcher.terminate()
            watcher.wait()
        return code
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
