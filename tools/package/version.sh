#!/usr/bin/env bash
# Prints the version every package ships with: server/Cargo.toml's.
set -euo pipefail
sed -n 's/^version = "\(.*\)"$/\1/p' "$(dirname "$0")/../../server/Cargo.toml" | head -1
