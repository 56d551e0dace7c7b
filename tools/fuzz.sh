#!/usr/bin/env bash
# Runs every fuzz target (fuzz/fuzz_targets) for a while, seeded from
# ../shared/corpus; crashes land in fuzz/artifacts/TARGET, each run's
# output in fuzz/logs/TARGET.log.
#   tools/fuzz.sh                 60 s per target
#   SECONDS_PER_TARGET=1800 tools/fuzz.sh syntax analysis
set -euo pipefail
cd "$(dirname "$0")/.."
shared=$(cd ../shared && pwd)
seconds=${SECONDS_PER_TARGET:-60}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(syntax analysis expressions evaluator lsp templates items)

command -v cargo-fuzz > /dev/null || cargo install cargo-fuzz --locked
# libFuzzer's instrumentation flags are unstable options: allowed on the stable toolchain this way.
export RUSTC_BOOTSTRAP=1
mkdir -p fuzz/logs
# Every target built once, before any runs: the time limits are for fuzzing.
(cd fuzz && cargo fuzz build -O) > fuzz/logs/build.log 2>&1 || { tail -n 40 fuzz/logs/build.log; exit 1; }

for target in "${targets[@]}"; do
  corpus=fuzz/corpus/$target
  mkdir -p "$corpus"
  case $target in
    syntax | analysis | evaluator)
      find "$shared/corpus/real-world" "$shared/corpus/invalid" \( -name '*.json' -o -name '*.yaml' \) -size -64k \
        -exec cp {} "$corpus/" \; ;;
    lsp)
      # A document, a NUL, then bytes the target decodes as client messages.
      mapfile -t files < <(find "$shared/corpus/real-world" -name '*.json' -size -16k | sort)
      for file in "${files[@]:0:150}"; do
        { cat "$file"; printf '\0'; head -c 512 /dev/urandom; } > "$corpus/$(basename "$file")"
      done ;;
    expressions)
      python3 tools/expression_seeds.py "$shared/corpus/real-world" "$corpus" > /dev/null ;;
    templates)
      # The first byte picks the host kind (see the target): 0 YAML, 1 JSON, 2 Serverless, 3 Terraform.
      while IFS= read -r file; do
        case $file in
          *.tf) kind='\003' ;; *serverless*) kind='\002' ;; *.json) kind='\001' ;; *) kind='\000' ;;
        esac
        { printf %s "$kind"; cat "$file"; } > "$corpus/$(basename "$file")"
      done < <(find tests/fixtures/iac tests/fixtures/diagnostics -type f \( -name '*.tf' -o -name '*.yaml' -o -name '*.yml' -o -name '*.template.json' -o -name '*.output.json' \) -size -64k | sort) ;;
    items)
      # The first byte picks the reading (see the target): 2 is CSV, 1 JSON Lines, 0 JSON.
      printf '\002name,age\nAda,36\n"Doe, J",7\n' > "$corpus/csv"
      printf '\001{"a":1}\n[2]\n' > "$corpus/jsonl"
      printf '\000[{"a":1},2,"x"]' > "$corpus/json" ;;
  esac
  # The server keeps a runtime and its tasks between inputs: LeakSanitizer's
  # checks would stop every thread each time, for nothing (the stress test
  # watches its memory instead).
  leaks=1; [ "$target" != lsp ] || leaks=0
  log=fuzz/logs/$target.log
  status=0
  (cd fuzz && cargo fuzz run -O "$target" "corpus/$target" -- -max_total_time="$seconds" -max_len=65536 \
    -rss_limit_mb=3072 -timeout=20 -detect_leaks=$leaks -print_final_stats=1) > "$log" 2>&1 || status=$?
  if [ "$status" -ne 0 ]; then
    tail -n 80 "$log"
    echo "fuzz: $target failed (exit $status); the whole output is in $log, the input in fuzz/artifacts/$target" >&2
    exit 1
  fi
  # The last status line: executions, coverage, corpus.
  echo "fuzz: $target: $(grep -a '^#[0-9]' "$log" | tail -n 1)"
done
