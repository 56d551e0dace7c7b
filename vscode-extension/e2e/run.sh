#!/usr/bin/env bash
# The extension in a real VS Code: builds a linux-x64 .vsix with the asl-ls
# binary inside (tools/package/vsix.sh), installs it into code-server, starts
# code-server on 127.0.0.1 with a workspace of sample definitions, and drives
# it with Debian's headless Chromium through playwright-core (test.mjs).
# Screenshots and logs go to out/. Safe to run again, from any folder.
#
#   ASL_LS_BIN=path/to/asl-ls bash vscode-extension/e2e/run.sh
#
# ASL_LS_BIN defaults to ../../target/debug/asl-ls (from this folder).
# E2E_TIMEOUT_S bounds the whole run (default 900 s, most of it for a first
# `npm ci`, which builds code-server's native modules); E2E_KEEP=1 keeps the
# temporary folder (code-server's user data, logs and the workspace).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

# The whole run under one time limit: `timeout` signals this script's process
# group (so the timeouts inside keep to it with --foreground), and the EXIT
# trap below still stops code-server.
if [ -z "${E2E_UNDER_TIMEOUT:-}" ]; then
  export E2E_UNDER_TIMEOUT=1
  exec timeout -k 30 "${E2E_TIMEOUT_S:-900}" bash "${BASH_SOURCE[0]}" "$@"
fi

# A relative ASL_LS_BIN is taken from the caller's folder.
ASL_LS_BIN="$(realpath -m "${ASL_LS_BIN:-$here/../../target/debug/asl-ls}")"
cd "$here"
out="$here/out"
CHROMIUM=/usr/bin/chromium

say() { echo "e2e: $*"; }
fail() { echo "e2e: FAILED: $*" >&2; exit 1; }

run_started=$SECONDS
phase_started=$SECONDS
phase_name=""
phase() {
  if [ -n "$phase_name" ]; then
    say "phase '$phase_name' took $((SECONDS - phase_started)) s"
  fi
  phase_name="$1"
  phase_started=$SECONDS
  [ -z "$1" ] || say "--- $1"
}

work=""
cs_pid=""
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  set +e
  [ -z "$phase_name" ] || say "phase '$phase_name' took $((SECONDS - phase_started)) s"
  if [ -n "$cs_pid" ] && kill -0 -- "-$cs_pid" 2> /dev/null; then
    # code-server runs in its own process group (setsid): the VS Code server,
    # the extension host and asl-ls stop with it.
    kill -TERM -- "-$cs_pid" 2> /dev/null || true
    for _ in $(seq 1 50); do
      kill -0 -- "-$cs_pid" 2> /dev/null || break
      sleep 0.2
    done
    kill -KILL -- "-$cs_pid" 2> /dev/null || true
  fi
  if [ -n "$work" ] && [ -d "$work" ]; then
    if [ "$status" -ne 0 ]; then
      # What the extension and the server said, for the failure's report.
      mkdir -p "$out"
      cp "$work/code-server.log" "$out/" 2> /dev/null || true
      rm -rf "$out/vscode-logs"
      cp -r "$work/user-data/logs" "$out/vscode-logs" 2> /dev/null || true
      if [ -f "$work/code-server.log" ]; then
        echo "e2e: the end of code-server's log:" >&2
        tail -n 25 "$work/code-server.log" >&2 || true
      fi
      find "$out/vscode-logs" -name '*ASL*' -type f 2> /dev/null | while read -r f; do
        echo "e2e: the end of $f:" >&2
        tail -n 25 "$f" >&2 || true
      done
    fi
    if [ -n "${E2E_KEEP:-}" ]; then
      say "kept $work"
    else
      rm -rf "$work"
    fi
  fi
  if [ "$status" -eq 0 ]; then
    say "ok in $((SECONDS - run_started)) s"
  else
    echo "e2e: FAILED (exit $status) after $((SECONDS - run_started)) s; screenshots and logs in $out" >&2
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

[ -x "$ASL_LS_BIN" ] || fail "no asl-ls binary at $ASL_LS_BIN (build it, or set ASL_LS_BIN)"
work="$(mktemp -d "${TMPDIR:-/tmp}/asl-ls-e2e.XXXXXX")"
rm -rf "$out"
mkdir -p "$out"

# --- 1. What the machine needs: Debian's Chromium (no tool here downloads a
# browser), and what code-server's native modules build with.
phase "system packages"
need=()
dpkg -s chromium > /dev/null 2>&1 || need+=(chromium)
dpkg -s libkrb5-dev > /dev/null 2>&1 || need+=(libkrb5-dev) # code-server's kerberos module
dpkg -s ripgrep > /dev/null 2>&1 || need+=(ripgrep)         # VS Code's search and quick open
command -v make > /dev/null && command -v g++ > /dev/null || need+=(build-essential)
if [ "${#need[@]}" -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  say "apt-get install ${need[*]}"
  $sudo apt-get update -qq > /dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" > /dev/null
fi
[ -x "$CHROMIUM" ] || fail "$CHROMIUM is missing after installing Debian's chromium"

# --- 2. code-server and playwright-core, from package-lock.json. Skipped when
# node_modules already holds exactly this lock's install.
phase "npm ci"
export npm_config_update_notifier=false
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
stamp="node_modules/.e2e-installed"
want="$(sha256sum package-lock.json | cut -d' ' -f1) $(node --version)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x node_modules/.bin/code-server ]; then
  say "node_modules is up to date with package-lock.json"
else
  # code-server's postinstall runs `npm install` in its bundled VS Code, whose
  # @vscode/ripgrep would download rg from GitHub: it finds Debian's rg in the
  # download cache it looks at first ($TMPDIR/vscode-ripgrep-cache-VERSION).
  # The version pair is the one code-server 4.100.3 pins.
  rg_cache="$work/npm-tmp"
  mkdir -p "$rg_cache/vscode-ripgrep-cache-1.15.11" "$rg_cache/rg"
  cp "$(command -v rg)" "$rg_cache/rg/rg"
  tar czf "$rg_cache/vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$rg_cache/rg" rg
  # unsafe_perm: as root, code-server's postinstall refuses to run without it.
  # yes: node-pty's postinstall runs `npx node-gyp`, which would otherwise
  # stop at npx's question.
  status=0
  TMPDIR="$rg_cache" npm_config_unsafe_perm=true npm_config_yes=true \
    npm ci --no-audit --no-fund --foreground-scripts > "$work/npm-ci.log" 2>&1 || status=$?
  rm -rf "$rg_cache"
  if [ "$status" -ne 0 ]; then
    cp "$work/npm-ci.log" "$out/"
    tail -n 60 "$work/npm-ci.log" >&2
    fail "npm ci failed (exit $status); the whole log is $out/npm-ci.log"
  fi
  echo "$want" > "$stamp"
fi
code_server="$here/node_modules/.bin/code-server"

# --- 3. The .vsix, with the binary inside.
phase "vsix"
vsix="$work/asl-ls-linux-x64.vsix"
[ -f "$repo/tools/package/vsix.sh" ] || fail "tools/package/vsix.sh is missing"
bash "$repo/tools/package/vsix.sh" "$ASL_LS_BIN" linux-x64 "$vsix" > "$work/vsix.log" 2>&1 || {
  cat "$work/vsix.log" >&2
  fail "tools/package/vsix.sh failed"
}
tail -n 1 "$work/vsix.log"

phase "install extension"

# code-server's own files go to the temporary folder, not to ~/.config or
# ~/.local/share. EXTENSIONS_GALLERY without a serviceUrl turns the
# Marketplace (Open VSX) off: nothing waits on a network that is closed.
export XDG_CONFIG_HOME="$work/xdg-config" XDG_DATA_HOME="$work/xdg-data" XDG_CACHE_HOME="$work/xdg-cache"
export EXTENSIONS_GALLERY='{}'
mkdir -p "$work/user-data/User" "$work/extensions" "$work/workspace"
printf 'auth: none\n' > "$work/config.yaml"
cs_dirs=(--config "$work/config.yaml" --user-data-dir "$work/user-data" --extensions-dir "$work/extensions")
say "code-server $("$code_server" --config "$work/config.yaml" --version 2> /dev/null | head -n 1)"

# --- 4. Into code-server.
"$code_server" "${cs_dirs[@]}" --install-extension "$vsix" --force > "$work/install.log" 2>&1 || {
  cat "$work/install.log" >&2
  fail "code-server --install-extension failed"
}
bundled="$(find "$work/extensions" -path '*/asl-ls.asl-ls-*/server/asl-ls' -type f | head -n 1)"
[ -n "$bundled" ] && [ -x "$bundled" ] || fail "the installed extension has no server/asl-ls"
say "installed: $("$code_server" "${cs_dirs[@]}" --list-extensions --show-versions 2> /dev/null | grep asl-ls) with its binary $(du -k "$bundled" | cut -f1) KiB"

# The workspace: the shared sample with a typo'd Next, and the example with
# its input and mocks.
cp "$repo/../shared/lsp-harness/samples/typo-next.asl.json" "$work/workspace/"
cp "$repo/examples/order-processing.asl.json" "$repo/examples/order-processing.input.json" \
  "$repo/examples/order-processing.mocks.json" "$work/workspace/"

# User settings: nothing online (telemetry, update checks, experiments,
# recommendations, schema downloads), no welcome page or trust prompt, and
# sticky scroll off so that each line is drawn once.
cat > "$work/user-data/User/settings.json" << 'JSON'
{
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "workbench.enableExperiments": false,
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "security.workspace.trust.enabled": false,
  "json.schemaDownload.enable": false,
  "npm.fetchOnlinePackageInfo": false,
  "git.enabled": false,
  "editor.stickyScroll.enabled": false,
  "editor.inlayHints.enabled": "on"
}
JSON

# --- 5. code-server on 127.0.0.1, a free port it picks itself (port 0, read
# back from its log), no password.
phase "start code-server"
setsid "$code_server" "${cs_dirs[@]}" --bind-addr 127.0.0.1:0 --auth none \
  --disable-telemetry --disable-update-check --disable-workspace-trust \
  --disable-getting-started-override --ignore-last-opened \
  "$work/workspace" > "$work/code-server.log" 2>&1 < /dev/null &
cs_pid=$!
url=""
for _ in $(seq 1 300); do
  kill -0 "$cs_pid" 2> /dev/null || fail "code-server exited at start: $(tail -n 20 "$work/code-server.log")"
  url="$(sed -n 's|.*HTTP server listening on \(http://127\.0\.0\.1:[0-9]*\)/.*|\1|p' "$work/code-server.log" | head -n 1)"
  [ -z "$url" ] || break
  sleep 0.2
done
[ -n "$url" ] || fail "code-server did not say where it listens within 60 s"
# It answers HTTP (the workbench page) before the test starts.
# shellcheck disable=SC2016 # JavaScript, not shell, in single quotes
node -e '
  const url = process.argv[1];
  const deadline = Date.now() + 60000;
  (async () => {
    for (;;) {
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
        if (response.ok) return;
      } catch {}
      if (Date.now() > deadline) { console.error(`e2e: ${url} did not answer within 60 s`); process.exit(1); }
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
' "$url/healthz"
say "code-server at $url (pid $cs_pid)"

# --- 6. The test in the browser.
phase "browser test"
status=0
E2E_URL="$url/?folder=$work/workspace" E2E_OUT="$out" E2E_PROFILE="$work/chromium-profile" \
  E2E_CHROMIUM="$CHROMIUM" E2E_TIMEOUT_S=420 \
  timeout --foreground -k 10 450 node "$here/test.mjs" || status=$?
phase ""
[ "$status" -eq 0 ] || fail "the browser test failed (exit $status)"
# The extension started the binary inside the .vsix, and says so in its output
# channel ("Starting …/server/asl-ls (bundled)"), which VS Code keeps as a log.
started="$(find "$work/user-data/logs" -type f -name '*ASL Language Server*' -exec grep -h 'Starting ' {} + 2> /dev/null | head -n 1)"
case "$started" in
  *"/server/asl-ls (bundled)"*) say "the extension started its bundled binary: ${started#*Starting }" ;;
  *) fail "the extension's output does not say it started the bundled binary (it says: ${started:-nothing})" ;;
esac
