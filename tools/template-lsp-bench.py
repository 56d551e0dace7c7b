#!/usr/bin/env python3
"""A definition inline in a SAM template against the same definition as a file of its own:
open -> diagnostics and edit -> diagnostics of one asl-ls server, the two documents
alternating run by run.

The definition is a synthetic JSON one written as YAML (tools/yaml-lsp-bench.py's
writer); the template holds it under `Definition:` (indented by 8). The edit types a
character into (then deletes it from) the middle state's name, as yaml-lsp-bench.py does.

    tools/template-lsp-bench.py --server "target/release/asl-ls --stdio" target/synthetic/synthetic-5000.asl.json
"""

import argparse
import importlib.util
import os
import statistics

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("yaml_bench", os.path.join(HERE, "yaml-lsp-bench.py"))
yaml_bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(yaml_bench)

TEMPLATE_HEAD = """AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Machine:
    Type: AWS::Serverless::StateMachine
    Properties:
      Definition:
"""


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--server", required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--edits", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--out-dir", default="target/synthetic-template")
    ap.add_argument("file", help="a JSON definition")
    args = ap.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    standalone = yaml_bench.to_yaml(args.file, args.out_dir)
    with open(standalone, encoding="utf-8") as f:
        definition = f.read()
    template = os.path.join(args.out_dir, os.path.basename(standalone).replace(".asl.yaml", ".template.yaml"))
    with open(template, "w", encoding="utf-8") as f:
        f.write(TEMPLATE_HEAD)
        f.write("".join(("        " + line if line.strip() else line) for line in definition.splitlines(True)))
    documents = [(standalone, 2), (template, 10)]
    samples = {path: ([], []) for path, _ in documents}
    for run in range(args.runs + 1):  # the first run warms up
        order = documents if run % 2 == 0 else documents[::-1]
        runs = yaml_bench.one_run(args.server, order, args.edits, args.timeout, language_id="yaml")
        for path, (open_ms, edit_ms) in runs.items():
            if run > 0:
                samples[path][0].append(open_ms)
                samples[path][1].extend(edit_ms)
    print("| metric | standalone .asl.yaml | inline in SAM template | template ÷ standalone |")
    print("|---|---:|---:|---:|")
    for metric, index in (("open → diagnostics", 0), ("edit → diagnostics", 1)):
        alone, inline = median(samples[standalone][index]), median(samples[template][index])
        cell = lambda v: "no answer" if v is None else f"{v:.1f} ms"
        ratio = f"{inline / alone:.2f}×" if alone and inline else "–"
        print(f"| {metric} | {cell(alone)} | {cell(inline)} | {ratio} |")


if __name__ == "__main__":
    main()
