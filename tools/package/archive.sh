#!/usr/bin/env bash
# A release archive and its checksum:
#   tools/package/archive.sh BINARY RUST_TARGET OUTDIR
# writes OUTDIR/asl-ls-v<version>-<RUST_TARGET>.tar.gz (.zip for Windows)
# with the binary, the licenses and the README at its root, and beside it
# the same name + .sha256 (`sha256sum -c` reads it). `cargo binstall` finds
# these names (server/Cargo.toml, [package.metadata.binstall]).
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 BINARY RUST_TARGET OUTDIR" >&2; exit 2; }
here="$(cd "$(dirname "$0")" && pwd)"
repo="$here/../.."
binary=$(realpath "$1"); target=$2
mkdir -p "$3"; out=$(realpath "$3")
name="asl-ls-v$(bash "$here/version.sh")-$target"

stage="$(mktemp -d)"; trap 'rm -rf "$stage"' EXIT
exe=asl-ls; case "$target" in *windows*) exe=asl-ls.exe ;; esac
cp "$binary" "$stage/$exe"; chmod 755 "$stage/$exe"
cp "$repo/LICENSE-MIT" "$repo/LICENSE-APACHE" "$repo/README.md" "$stage/"

case "$target" in
  *windows*) # python3 on Linux and macOS, python on Windows runners.
    py=$(command -v python3 || command -v python)
    file="$name.zip"; (cd "$stage" && "$py" -m zipfile -c "$out/$file" ./*) ;;
  *) file="$name.tar.gz"; tar -C "$stage" -czf "$out/$file" . ;;
esac
# sha256sum where it exists (Linux, Git Bash on Windows), else macOS's shasum.
if command -v sha256sum > /dev/null; then sum=(sha256sum); else sum=(shasum -a 256); fi
(cd "$out" && "${sum[@]}" "$file" > "$file.sha256")
echo "$out/$file"
