#!/usr/bin/env bash
# asl-ls against AWS's language service (../shared/peers/aws-asl-ls), driven
# by ../shared/bench/lsp_bench.py in the same run, on the synthetic files of
# 100, 1000, 5000 and 20000 states. Writes target/lsp-bench.json and the
# markdown table target/lsp-bench.md (and prints it).
#   tools/lsp-bench.sh            5 runs after a warm-up
#   RUNS=2 tools/lsp-bench.sh     quicker
#   SIZES="100 1000 5000" ...     fewer files
set -euo pipefail
cd "$(dirname "$0")/.."
shared=../shared
runs=${RUNS:-5}
sizes=${SIZES:-"100 1000 5000 20000"}

cargo build --release --quiet

# The peer, installed into a writable copy (../shared is read-only).
peer=target/peer/aws-asl-ls
if [ ! -d "$peer/node_modules" ]; then
  rm -rf "$peer" && mkdir -p "$(dirname "$peer")"
  cp -r "$shared/peers/aws-asl-ls" "$peer"
  rm -rf "$peer/node_modules"
  (cd "$peer" && npm ci --no-audit --no-fund --silent)
fi

files=()
for n in $sizes; do
  file=target/synthetic/synthetic-$n.asl.json
  [ -f "$file" ] || python3 "$shared/corpus/synthetic/generate.py" target/synthetic --sizes "$n" --variants jsonpath -q
  files+=("$file")
done

python3 "$shared/bench/lsp_bench.py" --server "target/release/asl-ls --stdio" \
  --vs "node $peer/server.js --stdio" --files "${files[@]}" --runs "$runs" --warmup 1 \
  --json target/lsp-bench.json > target/lsp-bench.txt
python3 tools/lsp_bench_table.py target/lsp-bench.json | tee target/lsp-bench.md
