#!/usr/bin/env python3
"""asl-ls against AWS's language service on YAML definitions: open -> diagnostics and
edit -> diagnostics, the two servers alternating run by run on the same files.

The files are the synthetic JSON definitions written as YAML here (block style, plain
scalars where YAML reads them back the same). ../shared/bench/lsp_bench.py finds its
positions in JSON only, so this uses its client (lspclient.py) with YAML positions.

    tools/yaml-lsp-bench.py --server "target/release/asl-ls --stdio" \\
        --vs "node target/peer/aws-asl-ls/server.js --stdio" target/synthetic/synthetic-1000.asl.json
"""

import argparse
import json
import os
import re
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "shared", "bench"))
import lspclient  # noqa: E402

YAML_11 = re.compile(r"(?i)(y|n|yes|no|on|off|true|false|null|~)$")
NUMBER = re.compile(r"(?i)[-+]?(\.\d+|\d+(\.\d*)?)([eE][-+]?\d+)?$|0x[0-9a-f]+$|0o[0-7]+$|[-+]?\.(inf|nan)$")


def plain(s):
    if not s or s != s.strip() or any(c in s for c in "\n\t\r"):
        return False
    if s[0] in "[]{},#&*!|>'\"%@`" or (s[0] in "-?:" and (len(s) == 1 or s[1] == " ")):
        return False
    if ": " in s or " #" in s or s.endswith(":") or s == "<<":
        return False
    return not (YAML_11.match(s) or NUMBER.match(s))


def scalar(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if v is None:
        return "null"
    if isinstance(v, (int, float)):
        return json.dumps(v)
    if isinstance(v, str):
        return v if plain(v) else json.dumps(v, ensure_ascii=False)
    return "{}" if isinstance(v, dict) else "[]"


def block(v, indent):
    lines = []
    pairs = v.items() if isinstance(v, dict) else ((None, x) for x in v)
    for i, (key, x) in enumerate(pairs):
        lead = ("" if i == 0 else indent) + (scalar(key) + ":" if key is not None else "-")
        if isinstance(x, (dict, list)) and x:
            if key is None:
                lines.append(lead + " " + block(x, indent + "  "))
            else:
                lines.append(lead + "\n" + indent + "  " + block(x, indent + "  "))
        else:
            lines.append(lead + " " + scalar(x))
    return "\n".join(lines)


def to_yaml(path, out_dir):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    name = os.path.basename(path).replace(".asl.json", ".asl.yaml")
    out = os.path.join(out_dir, name)
    with open(out, "w", encoding="utf-8") as f:
        f.write(block(data, "") + "\n")
    return out


def one_run(cmd, files, edits, timeout, language_id="asl-yaml", state_indent=2):
    """Times per file: (open, [edit, ...]). `files` holds paths, or (path,
    indentation of its top-level state names) pairs."""
    srv = lspclient.LspServer(cmd)
    srv.initialize(timeout)
    times = {}
    for entry in files:
        path, indent = entry if isinstance(entry, tuple) else (entry, state_indent)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        uri = lspclient.path_to_uri(path)
        mark = srv.publish_mark()
        t0 = time.perf_counter()
        srv.open(uri, text, language_id)
        opened = srv.wait_diagnostics(uri, since=mark, timeout=timeout)
        open_ms = (time.perf_counter() - t0) * 1e3 if opened else None
        # A character typed into (then deleted from) the middle state's name.
        keys = [m.start() for m in re.finditer(r"(?m)^" + " " * indent + r"\S[^\n]*:$", text)]
        at = keys[len(keys) // 2] + indent if keys else 0
        version, edit_ms = 1, []
        for i in range(2 * edits):
            insert, delete = ("X", 0) if i % 2 == 0 else ("", 1)
            start = lspclient.offset_to_position(text, at)
            end = lspclient.offset_to_position(text, at + delete)
            text = text[:at] + insert + text[at + delete:]
            version += 1
            full = srv.sync_kind() == 1
            changes = [{"text": text}] if full else [{"range": {"start": start, "end": end}, "text": insert}]
            mark = srv.publish_mark()
            t0 = time.perf_counter()
            srv.change(uri, version, changes)
            got = srv.wait_diagnostics(uri, since=mark, min_version=version, timeout=timeout)
            edit_ms.append((time.perf_counter() - t0) * 1e3 if got else None)
        srv.close_document(uri)
        times[path] = (open_ms, edit_ms)
    srv.close()
    return times


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--server", required=True)
    ap.add_argument("--vs", required=True)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--edits", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--out-dir", default="target/synthetic-yaml")
    ap.add_argument("files", nargs="+", help="JSON definitions, written as YAML first")
    args = ap.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    files = [to_yaml(f, args.out_dir) for f in args.files]
    samples = {name: {f: ([], []) for f in files} for name in ("asl-ls", "peer")}
    for run in range(args.runs + 1):  # the first run warms up
        order = [("asl-ls", args.server), ("peer", args.vs)]
        for name, cmd in order if run % 2 == 0 else order[::-1]:
            for path, (open_ms, edit_ms) in one_run(cmd, files, args.edits, args.timeout).items():
                if run > 0:
                    samples[name][path][0].append(open_ms)
                    samples[name][path][1].extend(edit_ms)
    print("| metric | file | asl-ls | AWS peer | peer ÷ asl-ls |")
    print("|---|---|---:|---:|---:|")
    for metric, index in (("open → diagnostics", 0), ("edit → diagnostics", 1)):
        for path in files:
            ours, theirs = median(samples["asl-ls"][path][index]), median(samples["peer"][path][index])
            size = os.path.getsize(path) / 1e6
            cell = lambda v: "no answer" if v is None else f"{v:.1f}"
            ratio = f"{theirs / ours:.1f}×" if ours and theirs else "–"
            name = os.path.basename(path).replace(".asl.yaml", "")
            print(f"| {metric} | {name} ({size:.1f} MB YAML) | {cell(ours)} | {cell(theirs)} | {ratio} |")


if __name__ == "__main__":
    main()
