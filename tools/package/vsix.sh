#!/usr/bin/env bash
# A platform-specific .vsix with the asl-ls binary inside:
#   tools/package/vsix.sh BINARY VSCODE_TARGET OUT.vsix
# VSCODE_TARGET is vsce's name (linux-x64, linux-arm64, alpine-x64,
# darwin-arm64, win32-x64, …). The release workflow calls this for each
# target; CI calls it for linux-x64 and installs the result.
set -euo pipefail
if [ $# -ne 3 ]; then
  echo "usage: $0 BINARY VSCODE_TARGET OUT.vsix" >&2
  exit 2
fi
binary=$(realpath "$1")
target=$2
# The output path made absolute without `realpath -m` (macOS has no -m).
mkdir -p "$(dirname "$3")"
out="$(cd "$(dirname "$3")" && pwd)/$(basename "$3")"
here="$(cd "$(dirname "$0")" && pwd)"
extension="$(cd "$here/../../vscode-extension" && pwd)"
cd "$extension"

version="$(bash "$here/version.sh")"
extension_version="$(node -p 'require("./package.json").version')"
if [ "$extension_version" != "$version" ]; then
  echo "vsix: vscode-extension/package.json has version $extension_version, server/Cargo.toml $version" >&2
  exit 1
fi

export npm_config_update_notifier=false
if [ ! -x node_modules/.bin/vsce ]; then
  # --ignore-scripts: as in ci.sh, nothing here needs an install script.
  npm ci --no-audit --no-fund --ignore-scripts
fi

name=asl-ls
case "$target" in win32-*) name=asl-ls.exe ;; esac
# server/ is where the extension looks for a bundled binary (src/serverPath.ts);
# it is gitignored and emptied again whatever happens.
rm -rf server
trap 'rm -rf "$extension/server"' EXIT
mkdir server
cp "$binary" "server/$name"
chmod 755 "server/$name"

rm -f "$out"
npx --no-install vsce package --target "$target" --out "$out" </dev/null

# python3 on Linux and macOS, python on Windows runners.
py=$(command -v python3 || command -v python)
"$py" - "$out" "extension/server/$name" <<'PY'
import sys, zipfile
vsix, inside = sys.argv[1], sys.argv[2]
info = {i.filename: i for i in zipfile.ZipFile(vsix).infolist()}
if inside not in info:
    sys.exit(f"package: {vsix} lacks {inside}")
print(f"package: {vsix} holds {inside} ({info[inside].file_size // 1024} KiB)")
PY
