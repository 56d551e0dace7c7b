#!/usr/bin/env bash
# The PyPI wheel (pyproject.toml: maturin, bindings = "bin"):
#   tools/package/wheel.sh OUTDIR [MATURIN ARGS…]
# e.g. `--target x86_64-unknown-linux-musl` in the release workflow. maturin
# comes from PyPI into a virtual environment under target/ unless it is on
# PATH. The build uses the `dist` profile, so target/dist/asl-ls (or
# target/<triple>/dist/asl-ls) is afterwards the binary the wheel holds.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 OUTDIR [MATURIN ARGS…]" >&2; exit 2; }
repo="$(cd "$(dirname "$0")/../.." && pwd)"
mkdir -p "$1"; out=$(realpath "$1"); shift

maturin=$(command -v maturin || true)
if [ -z "$maturin" ]; then
  tools="$repo/target/package-tools"
  if [ ! -x "$tools/bin/maturin" ]; then
    python3 -m venv "$tools"
    "$tools/bin/pip" install --quiet --disable-pip-version-check 'maturin>=1.7,<2'
  fi
  maturin="$tools/bin/maturin"
fi
cd "$repo"
"$maturin" build --out "$out" "$@"
