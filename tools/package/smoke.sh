#!/usr/bin/env bash
# Builds every package that can be built on Linux x86_64, the way the
# release workflow builds it (the same scripts), installs each the way a
# user would, and runs `asl-ls check` from the installed copy:
#   tools/package/smoke.sh [OUTDIR]      (default target/packages)
# The wheel is built first: its build leaves target/dist/asl-ls, the binary
# every other package wraps. Needs Python 3, Node 20+ and npm.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="$(realpath -m "${1:-$repo/target/packages}")"
rm -rf "$out"; mkdir -p "$out"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
version="$(bash "$here/version.sh")"
cd "$repo"

phase_start=$SECONDS
phase() { echo "package: $1 ($((SECONDS - phase_start)) s)"; phase_start=$SECONDS; }

# `asl-ls check` from an installed copy, as the README shows it: the examples
# hold one file with mistakes (exit 1), the clean example alone passes (exit 0).
expect_check() { # LABEL COMMAND…
  local label=$1; shift
  local status=0
  "$@" check examples/ > "$work/check.out" 2>&1 || status=$?
  if [ "$status" -ne 1 ] || ! grep -q "ASL201 error" "$work/check.out"; then
    echo "package: $label: \`asl-ls check examples/\` exited $status (expected 1 with ASL201):" >&2
    cat "$work/check.out" >&2
    exit 1
  fi
  "$@" check examples/order-processing.asl.json > /dev/null \
    || { echo "package: $label: the clean example did not pass" >&2; exit 1; }
  "$@" --version | grep -q "^asl-ls $version" \
    || { echo "package: $label: --version does not say $version" >&2; exit 1; }
  echo "package: $label: ok"
}

# PyPI: the wheel, installed into a fresh virtual environment.
bash "$here/wheel.sh" "$out" --profile dist
phase "wheel built"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check --no-index "$out"/asl_ls-"$version"-*.whl
expect_check "pip install asl-ls" "$work/venv/bin/asl-ls"
binary="$repo/target/dist/asl-ls"
cmp -s "$binary" "$work/venv/bin/asl-ls" || { echo "package: the wheel's binary is not target/dist/asl-ls" >&2; exit 1; }
phase "wheel installed"

# From source, as the README's last install line, with the profile the
# packages ship (the wheel's build above, so nothing is compiled again).
CARGO_TARGET_DIR="$repo/target" cargo install --quiet --locked --path server --profile dist --root "$work/cargo"
expect_check "cargo install --path server" "$work/cargo/bin/asl-ls"
phase "cargo install"

# Release archive: checksum, then the binary it holds.
archive="$(bash "$here/archive.sh" "$binary" x86_64-unknown-linux-gnu "$out")"
(cd "$out" && sha256sum --quiet -c "$(basename "$archive").sha256")
mkdir "$work/archive" && tar -C "$work/archive" -xzf "$archive"
expect_check "release archive" "$work/archive/asl-ls"
# `cargo binstall` looks for the archive under the name server/Cargo.toml gives.
python3 - "$repo/server/Cargo.toml" "$(basename "$archive")" "$version" <<'PY'
import sys, tomllib
manifest, archive, version = sys.argv[1:]
binstall = tomllib.load(open(manifest, "rb"))["package"]["metadata"]["binstall"]
name = binstall["pkg-url"].split("/")[-1]
for key, value in {"name": "asl-ls", "version": version, "target": "x86_64-unknown-linux-gnu", "archive-suffix": ".tar.gz"}.items():
    name = name.replace("{ %s }" % key, value)
if name != archive:
    sys.exit(f"package: binstall's pkg-url names {name}, the release archive is {archive}")
PY
phase "archive"

# npm: the platform package and the launcher, installed globally into an
# empty prefix, and into a project for npx.
bash "$here/npm.sh" platform "$binary" linux-x64 "$out" > /dev/null
bash "$here/npm.sh" main "$out" > /dev/null
npm install --global --prefix "$work/npm-global" --offline --no-save \
  "$out/asl-ls-linux-x64-$version.tgz" "$out/asl-ls-$version.tgz" > /dev/null
expect_check "npm install -g asl-ls" "$work/npm-global/bin/asl-ls"
mkdir "$work/project" && (cd "$work/project" && npm init -y > /dev/null \
  && npm install --offline --save-dev "$out/asl-ls-linux-x64-$version.tgz" "$out/asl-ls-$version.tgz" > /dev/null)
expect_check "npx asl-ls" npx --prefix "$work/project" --no-install asl-ls
phase "npm"

# VS Code: the linux-x64 .vsix, unpacked as VS Code installs it.
bash "$here/vsix.sh" "$binary" linux-x64 "$out/asl-ls-linux-x64-$version.vsix" > /dev/null
mkdir "$work/vsix" && python3 -m zipfile -e "$out/asl-ls-linux-x64-$version.vsix" "$work/vsix"
chmod +x "$work/vsix/extension/server/asl-ls" # zipfile does not restore modes; VS Code does
expect_check ".vsix (linux-x64)" "$work/vsix/extension/server/asl-ls"
phase "vsix"

# The static Linux binary the release ships (musl, mimalloc), built and
# archived as the workflow does, where this machine can fetch the target.
if rustup target list --installed | grep -qx x86_64-unknown-linux-musl \
  || timeout 120 rustup target add x86_64-unknown-linux-musl > /dev/null 2>&1; then
  if ! command -v musl-gcc > /dev/null; then
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq > /dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq musl-tools > /dev/null
  fi
  cargo build --quiet --locked --profile dist --target x86_64-unknown-linux-musl
  musl="$repo/target/x86_64-unknown-linux-musl/dist/asl-ls"
  # ldd (Debian's libc-bin, on every machine) knows a static binary.
  ldd "$musl" 2>&1 | grep -Eq "statically linked|not a dynamic executable" \
    || { echo "package: the musl binary is not statically linked" >&2; exit 1; }
  archive="$(bash "$here/archive.sh" "$musl" x86_64-unknown-linux-musl "$out")"
  (cd "$out" && sha256sum --quiet -c "$(basename "$archive").sha256")
  mkdir "$work/musl" && tar -C "$work/musl" -xzf "$archive"
  expect_check "release archive (x86_64-unknown-linux-musl, static)" "$work/musl/asl-ls"
  phase "musl"
else
  echo "package: skipped the musl build: rustup cannot fetch the x86_64-unknown-linux-musl target here"
fi

ls -l "$out"
