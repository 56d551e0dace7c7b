#!/usr/bin/env bash
# CI for the VS Code extension: a clean install from package-lock.json, the
# unit tests (node --test, no VS Code needed), the .vsix, and a check of what
# the .vsix holds. Needs Node 20+, npm and Python 3; the grammars come from
# ../syntaxes (see scripts/copy-grammars.js). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")"

export npm_config_update_notifier=false
# --ignore-scripts: nothing here needs an install script (only vsce's optional
# signing helper and keytar, used when publishing, have one; keytar would try
# to download or build a native module).
npm ci --no-audit --no-fund --ignore-scripts
npm test

rm -f asl-ls.vsix
# vsce asks nothing (package.json has a repository field, LICENSE exists);
# </dev/null makes sure a question would fail instead of waiting.
npx --no-install vsce package --out asl-ls.vsix </dev/null

python3 - asl-ls.vsix <<'PY'
import sys, zipfile
vsix = sys.argv[1]
names = set(zipfile.ZipFile(vsix).namelist())
# vsce stores the readme and changelog as readme.md / changelog.md.
lower = {n.lower() for n in names}
required = [
    "extension/package.json",
    "extension/out/extension.js",
    "extension/LICENSE.txt",
    "extension/readme.md",
    "extension/changelog.md",
    "extension/syntaxes/asl.tmLanguage.json",
    "extension/syntaxes/asl-jsonpath.injection.tmLanguage.json",
    "extension/syntaxes/asl-intrinsics.injection.tmLanguage.json",
    "extension/syntaxes/asl-jsonata.injection.tmLanguage.json",
    "extension/syntaxes/language-configuration.json",
    "extension/grammars/asl-yaml.tmLanguage.json",
    "extension/node_modules/vscode-languageclient/package.json",
    "extension/node_modules/vscode-languageclient/lib/node/main.js",
]
missing = [n for n in required if n.lower() not in lower]
unwanted = sorted(n for n in names if n.startswith(("extension/src/", "extension/out/test/", "extension/node_modules/typescript/", "extension/node_modules/@vscode/vsce/", "extension/scripts/")))
if missing or unwanted:
    print("ci: the .vsix lacks", missing, "and holds", unwanted[:10], file=sys.stderr)
    sys.exit(1)
print(f"ci: {vsix} holds {len(names)} files, including every required one")
PY
echo "ci: ok ($(du -k asl-ls.vsix | cut -f1) KiB)"
