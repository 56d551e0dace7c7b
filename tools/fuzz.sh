#!/usr/bin/env bash
# Runs every fuzz target (fuzz/fuzz_targets) for a while, seeded from
# ../shared/corpus; crashes land in fuzz/artifacts/TARGET.
#   tools/fuzz.sh                 60 s per target
#   SECONDS_PER_TARGET=1800 tools/fuzz.sh syntax analysis
set -euo pipefail
cd "$(dirname "$0")/.."
shared=$(cd ../shared && pwd)
seconds=${SECONDS_PER_TARGET:-60}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(syntax analysis expressions evaluator lsp)

command -v cargo-fuzz > /dev/null || cargo install cargo-fuzz --locked
# libFuzzer's instrumentation flags are unstable options: allowed on the stable toolchain this way.
export RUSTC_BOOTSTRAP=1

for target in "${targets[@]}"; do
  corpus=fuzz/corpus/$target
  mkdir -p "$corpus"
  case $target in
    syntax | analysis | evaluator)
      find "$shared/corpus/real-world" "$shared/corpus/invalid" -name '*.json' -size -64k -exec cp {} "$corpus/" \; ;;
    lsp)
      # A document, a NUL, then bytes the target decodes as client messages.
      mapfile -t files < <(find "$shared/corpus/real-world" -name '*.json' -size -16k | sort)
      for file in "${files[@]:0:150}"; do
        { cat "$file"; printf '\0'; head -c 512 /dev/urandom; } > "$corpus/$(basename "$file")"
      done ;;
    expressions)
      printf '%s' '$.a[0].b' > "$corpus/path"
      printf '%s' "States.Format('{} {}', \$.a, States.ArrayLength(\$.a))" > "$corpus/call"
      printf '%s' '$sum(a[$ > 1]) & $string(n)' > "$corpus/jsonata" ;;
  esac
  (cd fuzz && cargo fuzz run -O "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=10 -print_final_stats=1)
done
