#!/usr/bin/env bash
# Grammar checks and scope tests for the TextMate grammars in this folder.
# Needs only Node and npm; installs the pinned test tools from package-lock.json.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
npm ci --no-audit --no-fund
npm test
# Reached only when every test file passed (npm test exits non-zero otherwise).
echo "syntaxes: $(find tests -name '*.test.asl.json' | wc -l) passed, 0 failed"
