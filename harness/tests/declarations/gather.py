#!/usr/bin/env python3
"""Prints every `hello` line and capabilities object that docs/ and examples/ held at any commit
of the history, each with the first commit and file that held it, as corpus.json's lists
(README.md). Run from anywhere inside the repository; it reads git only."""
import subprocess, re, json, ast, sys
repo = subprocess.run(["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True).stdout.strip()
def git(*a): return subprocess.run(["git","-C",repo,*a],capture_output=True,text=True).stdout
commits = git("log","--format=%h","--reverse","--","docs","examples","README.md").split()
hellos, caps = {}, {}
def add(d, obj, src):
    key = json.dumps(obj, sort_keys=True, ensure_ascii=False)
    d.setdefault(key, (obj, src))
obj_re = re.compile(r'\{[^{}`]*(\{[^{}`]*\}[^{}`]*)*\}')
for c in commits:
    out = git("grep","-n","-E",r'"type": ?"hello"|"(role|modes|flows|rules|keeps|transport)": ?',c,"--","docs/*.md","examples","README.md")
    for line in out.splitlines():
        parts = line.split(":",3)
        if len(parts)<4: continue
        _, path, _, text = parts
        for m in re.finditer(r'\{', text):
            # try to parse json starting at m.start
            dec = json.JSONDecoder()
            try:
                obj, end = dec.raw_decode(text[m.start():])
            except Exception:
                continue
            if not isinstance(obj, dict): continue
            src = f"{c} {path}"
            if obj.get("type") == "hello":
                if "token" in obj: continue  # relay hello, another protocol
                add(hellos, obj, src)
            elif set(obj) and set(obj) <= {"role","modes","flows","rules","keeps","transport"}:
                add(caps, obj, src)
    # python CAPABILITIES dicts and capabilities json files
    files = git("ls-tree","-r","--name-only",c,"--","examples").split()
    for f in files:
        if f.endswith(".py"):
            text = git("show",f"{c}:{f}")
            m = re.search(r'^CAPABILITIES = (\{.*?\})[ \t]*$', text, re.S|re.M)
            if m:
                try: add(caps, ast.literal_eval(m.group(1)), f"{c} {f}")
                except Exception as e: print("skip", c, f, e, file=sys.stderr)
        elif re.search(r'capabilities[^/]*\.json$', f):
            try: add(caps, json.loads(git("show",f"{c}:{f}")), f"{c} {f}")
            except Exception as e: print("skip", c, f, e, file=sys.stderr)
json.dump({"hellos":[{"from":s,"hello":o} for o,s in hellos.values()],
           "capabilities":[{"from":s,"capabilities":o} for o,s in caps.values()]},
          sys.stdout, ensure_ascii=False, indent=1)
