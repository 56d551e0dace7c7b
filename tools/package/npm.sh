#!/usr/bin/env bash
# The npm packages, as tarballs `npm publish` takes:
#   tools/package/npm.sh platform BINARY NPM_PLATFORM OUTDIR   # @asl-ls/<NPM_PLATFORM>, e.g. linux-x64
#   tools/package/npm.sh main OUTDIR                           # asl-ls, the launcher
# NPM_PLATFORM is Node's `${process.platform}-${process.arch}`. The versions
# come from server/Cargo.toml; npm/asl-ls/package.json must agree with it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$here/../.."
version="$(bash "$here/version.sh")"
export npm_config_update_notifier=false

pack() { # DIR OUTDIR
  mkdir -p "$2"
  (cd "$1" && npm pack --silent --pack-destination "$(realpath "$2")")
}

case "${1:-}" in
  platform)
    [ $# -eq 4 ] || { echo "usage: $0 platform BINARY NPM_PLATFORM OUTDIR" >&2; exit 2; }
    binary=$(realpath "$2"); platform=$3; out=$4
    os=${platform%-*}; cpu=${platform#*-}
    exe=asl-ls; [ "$os" = win32 ] && exe=asl-ls.exe
    stage="$(mktemp -d)"; trap 'rm -rf "$stage"' EXIT
    mkdir "$stage/bin"
    cp "$binary" "$stage/bin/$exe"; chmod 755 "$stage/bin/$exe"
    cp "$repo/LICENSE-MIT" "$repo/LICENSE-APACHE" "$stage/"
    cat > "$stage/package.json" <<JSON
{
  "name": "@asl-ls/$platform",
  "version": "$version",
  "description": "The asl-ls binary for $platform (installed by the asl-ls package)",
  "license": "MIT OR Apache-2.0",
  "repository": { "type": "git", "url": "git+https://github.com/asl-ls/asl-ls.git" },
  "os": ["$os"],
  "cpu": ["$cpu"],
  "files": ["bin/$exe", "LICENSE-MIT", "LICENSE-APACHE"],
  "preferUnplugged": true
}
JSON
    pack "$stage" "$out"
    ;;
  main)
    [ $# -eq 2 ] || { echo "usage: $0 main OUTDIR" >&2; exit 2; }
    manifest="$repo/npm/asl-ls/package.json"
    # shellcheck disable=SC2016 # JavaScript, not shell, in single quotes
    node -e '
      const [file, version] = process.argv.slice(1);
      const m = require(file);
      const wrong = [["version", m.version], ...Object.entries(m.optionalDependencies)].filter(([, v]) => v !== version);
      if (wrong.length) {
        console.error(`npm: ${file} must name version ${version} (server/Cargo.toml) everywhere; it has`, wrong);
        process.exit(1);
      }' "$manifest" "$version"
    stage="$(mktemp -d)"; trap 'rm -rf "$stage"' EXIT
    cp -r "$repo/npm/asl-ls/." "$stage/"
    cp "$repo/LICENSE-MIT" "$repo/LICENSE-APACHE" "$stage/"
    pack "$stage" "$2"
    ;;
  *)
    echo "usage: $0 platform BINARY NPM_PLATFORM OUTDIR | $0 main OUTDIR" >&2
    exit 2
    ;;
esac
