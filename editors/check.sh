#!/usr/bin/env bash
# Checks the editor files of editors/ (run by .ci/run; also by hand, from anywhere):
#  - every TOML, YAML and JSON file parses and has the keys its editor expects
#    (Helix's languages.toml, the Mason package, the Zed extension, the LSP4IJ
#    template, the Sublime settings);
#  - Neovim: tests/neovim.rs starts the server from editors/neovim/lsp/asl_ls.lua;
#  - Emacs: asl-ls.el byte-compiles without warnings, then eglot and lsp-mode open a
#    JSON and a YAML definition with a typo'd `Next` against the real binary and
#    flymake shows the ASL201 error;
#  - Zed: the extension crate type-checks (clippy, on the host: the wasm target it is
#    built for in Zed is not installable here) and is formatted.
# Installs Debian's Emacs, eglot, lsp-mode, yaml-mode and Neovim when they are missing.
# A missing tool skips its part with a message, or fails when ASL_LS_REQUIRE_EDITORS is
# set (CI sets it). Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
say() { echo "editors: $*"; }
missing_tool() {
  if [ -n "${ASL_LS_REQUIRE_EDITORS:-}" ]; then
    say "$1 is required but missing" >&2
    exit 1
  fi
  say "skipped: $1 is missing"
}

# --- Tools: Debian's packages, installed once per machine.
installed() { dpkg-query -W -f='${Status}' "$1" 2> /dev/null | grep -q 'install ok installed'; }
if command -v apt-get > /dev/null && command -v dpkg-query > /dev/null; then
  packages=()
  command -v emacs > /dev/null || packages+=(emacs-nox)
  command -v nvim > /dev/null || packages+=(neovim)
  for p in elpa-eglot elpa-lsp-mode elpa-yaml-mode; do installed "$p" || packages+=("$p"); done
  if [ ${#packages[@]} -gt 0 ]; then
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    say "installing ${packages[*]}"
    $sudo apt-get update -qq > /dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq -o DPkg::Lock::Timeout=600 \
      "${packages[@]}" > /dev/null
  fi
fi

# --- The files parse and carry what their editors read.
python3 - << 'EOF'
import json, pathlib, re, sys

root = pathlib.Path(".")
editors = root / "editors"
failures = []

def check(condition, what):
    if not condition:
        failures.append(what)

def ok(what):
    print(f"editors: ok: {what}")

try:
    import tomllib
except ModuleNotFoundError:
    tomllib = None
version = re.search(r'^version = "([^"]+)"', (root / "server/Cargo.toml").read_text(), re.M).group(1)

# Helix: the keys of its `[[language]]` and `[language-server]` tables (book/src/languages.md).
if tomllib:
    helix = tomllib.loads((editors / "helix/languages.toml").read_text())
    language_keys = {
        "name", "language-id", "scope", "injection-regex", "file-types", "shebangs", "roots",
        "auto-format", "diagnostic-severity", "comment-token", "comment-tokens",
        "block-comment-tokens", "indent", "language-servers", "grammar", "formatter",
        "soft-wrap", "text-width", "rulers", "path-completion", "word-completion",
        "workspace-lsp-roots", "persistent-diagnostic-sources", "auto-pairs", "debugger",
    }
    server_keys = {"command", "args", "config", "timeout", "environment", "required-root-patterns"}
    servers = helix.get("language-server", {})
    check(servers.get("asl-ls", {}).get("command") == "asl-ls", "helix: language-server.asl-ls.command is asl-ls")
    check(servers.get("asl-ls", {}).get("args") == ["--stdio"], "helix: asl-ls args are --stdio")
    for name, server in servers.items():
        check(set(server) <= server_keys, f"helix: unknown keys in language-server.{name}: {set(server) - server_keys}")
    languages = {language["name"]: language for language in helix.get("language", [])}
    check(set(languages) == {"asl", "asl-yaml"}, f"helix: languages asl and asl-yaml, not {set(languages)}")
    for name, language in languages.items():
        check(set(language) <= language_keys, f"helix: unknown keys in {name}: {set(language) - language_keys}")
        # A language Helix does not ship needs these (LanguageConfiguration's required fields).
        check({"name", "scope", "file-types"} <= set(language), f"helix: {name} lacks name, scope or file-types")
        for server in language.get("language-servers", []):
            check(server in servers, f"helix: {name} uses undefined server {server}")
    globs = [t["glob"] for l in languages.values() for t in l["file-types"] if isinstance(t, dict)]
    check({"*.asl.json", "*.asl.yaml", "*.asl.yml"} <= set(globs), f"helix: file-types globs {globs}")
    ok("helix/languages.toml")

    # Zed: extension.toml's required keys, the language server, and a crate outside the workspace.
    extension = tomllib.loads((editors / "zed/extension.toml").read_text())
    for key in ["id", "name", "version", "schema_version", "authors", "description", "repository"]:
        check(key in extension, f"zed: extension.toml lacks {key}")
    check(extension.get("schema_version") == 1, "zed: schema_version 1")
    check(extension.get("version") == version, f"zed: extension version {extension.get('version')} != {version}")
    server = extension.get("language_servers", {}).get("asl-ls", {})
    check({"JSON", "YAML"} <= set(server.get("languages", [])), "zed: asl-ls serves JSON and YAML")
    check("zed" not in extension.get("id", "zed").lower(), "zed: the id must not contain zed")
    cargo = tomllib.loads((editors / "zed/Cargo.toml").read_text())
    check(cargo.get("lib", {}).get("crate-type") == ["cdylib"], "zed: crate-type is cdylib")
    check("zed_extension_api" in cargo.get("dependencies", {}), "zed: depends on zed_extension_api")
    check("workspace" in cargo, "zed: Cargo.toml has its own [workspace]")
    check(cargo.get("package", {}).get("version") == extension.get("version"), "zed: crate and extension versions")
    workspace = tomllib.loads((root / "Cargo.toml").read_text()).get("workspace", {})
    check(not any("editors" in m for m in workspace.get("members", [])), "zed: not a member of the root workspace")
    ok("zed/extension.toml, zed/Cargo.toml")
else:
    print("editors: skipped: the TOML checks (python3 has no tomllib)")

# Mason: the package definition (CONTRIBUTING.md of mason-org/mason-registry).
try:
    import yaml
except ModuleNotFoundError:
    yaml = None
if yaml:
    package = yaml.safe_load((editors / "mason/package.yaml").read_text())
    for key in ["name", "description", "homepage", "licenses", "languages", "categories", "source", "bin"]:
        check(key in package, f"mason: lacks {key}")
    check(package.get("name") == "asl-ls", "mason: name asl-ls")
    check(set(package.get("categories", [])) <= {"Compiler", "DAP", "Formatter", "LSP", "Linter", "Runtime"},
          "mason: categories")
    source = package.get("source", {})
    check(source.get("id") == f"pkg:github/asl-ls/asl-ls@v{version}", f"mason: source id for v{version}")
    triples = {
        "darwin_arm64": "aarch64-apple-darwin", "darwin_x64": "x86_64-apple-darwin",
        "linux_arm64": "aarch64-unknown-linux-musl", "linux_x64": "x86_64-unknown-linux-musl",
        "win_x64": "x86_64-pc-windows-msvc",
    }
    assets = {a.get("target"): a for a in source.get("asset", [])}
    check(set(assets) == set(triples), f"mason: asset targets {set(assets)}")
    tag = source.get("id", "").rpartition("@")[2]
    for target, asset in assets.items():
        archive = "zip" if target.startswith("win") else "tar.gz"
        expected = f"asl-ls-v{version}-{triples.get(target)}.{archive}"
        check(asset.get("file", "").replace("{{version}}", tag) == expected,
              f"mason: {target} downloads {asset.get('file')}, expected {expected}")
        check(asset.get("bin") == ("asl-ls.exe" if target.startswith("win") else "asl-ls"), f"mason: {target} bin")
    check(package.get("bin", {}).get("asl-ls") == "{{source.asset.bin}}", "mason: bin asl-ls")
    check(package.get("neovim", {}).get("lspconfig") == "asl_ls", "mason: neovim.lspconfig asl_ls")
    check((editors / "neovim/lsp/asl_ls.lua").is_file(), "mason: the lspconfig name has its file")
    ok("mason/package.yaml")
else:
    print("editors: skipped: the YAML check (no PyYAML for python3)")

# LSP4IJ's custom template.
template = json.loads((editors / "jetbrains/asl-ls/template.json").read_text())
check(template.get("programArgs", {}).get("default") == "asl-ls --stdio", "jetbrains: command")
patterns = {p: m.get("languageId") for m in template.get("fileTypeMappings", []) for p in m["fileType"]["patterns"]}
check(patterns == {"*.asl.json": "asl", "*.asl": "asl", "*.asl.yaml": "asl-yaml", "*.asl.yml": "asl-yaml"},
      f"jetbrains: mappings {patterns}")
ok("jetbrains/asl-ls/template.json")

# Sublime's settings are JSON with // comments.
text = (editors / "sublime/LSP-asl-ls.sublime-settings").read_text()
sublime = json.loads("\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//")))
check(sublime.get("command") == ["asl-ls", "--stdio"], "sublime: command")
check("source.json" in sublime.get("selector", "") and "source.yaml" in sublime.get("selector", ""), "sublime: selector")
ok("sublime/LSP-asl-ls.sublime-settings")

if failures:
    for failure in failures:
        print(f"editors: FAILED: {failure}", file=sys.stderr)
    sys.exit(1)
EOF

# --- The binary the editors start, as `asl-ls` on PATH.
bin="${ASL_LS_BIN:-target/debug/asl-ls}"
if [ ! -x "$bin" ]; then
  say "building target/debug/asl-ls"
  cargo build --quiet --bin asl-ls
  bin=target/debug/asl-ls
fi
bin_dir="$(cd "$(dirname "$bin")" && pwd)"
export PATH="$bin_dir:$PATH"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# --- Neovim: the lspconfig file (tests/neovim.rs starts the server from it).
if command -v "${NVIM_BIN:-nvim}" > /dev/null; then
  if ! cargo test --quiet --test neovim neovim_with_the_lspconfig_file > "$work/neovim.log" 2>&1; then
    cat "$work/neovim.log" >&2
    say "FAILED: tests/neovim.rs neovim_with_the_lspconfig_file" >&2
    exit 1
  fi
  say "ok: neovim/lsp/asl_ls.lua with $("${NVIM_BIN:-nvim}" --version | head -1)"
else
  missing_tool nvim
fi

# --- Emacs: asl-ls.el with eglot and lsp-mode, against the binary.
if command -v emacs > /dev/null; then
  cp editors/emacs/asl-ls.el "$work/"
  cp ../shared/lsp-harness/samples/typo-next.asl.json "$work/"
  printf 'StartAt: First\nStates:\n  First:\n    Type: Pass\n    Next: Secnd\n  Second:\n    Type: Succeed\n' \
    > "$work/typo.asl.yaml"
  cat > "$work/drive.el" << 'EOF'
;; -*- lexical-binding: t; -*-
;; Byte-compiles asl-ls.el (a warning fails), loads it, then opens each
;; definition with CLIENT (eglot or lsp-mode) and waits for flymake's ASL201.
(package-initialize)
(setq byte-compile-error-on-warn t)
(unless (byte-compile-file (expand-file-name "asl-ls.el")) (error "asl-ls.el did not byte-compile"))
(load (expand-file-name "asl-ls.elc") nil t)
(defvar asl-check-client (intern (getenv "CLIENT")))
(defun asl-check-wait ()
  (let ((deadline (+ (float-time) 30)))
    (while (and (null (flymake-diagnostics)) (< (float-time) deadline))
      (accept-process-output nil 0.1))))
(defun asl-check-open (file mode language-id)
  (find-file (expand-file-name file))
  (unless (eq major-mode mode) (error "%s opened in %s, not %s" file major-mode mode))
  (pcase asl-check-client
    ('eglot (eglot-ensure) (run-hooks 'post-command-hook))
    ('lsp-mode (lsp-workspace-folders-add default-directory) (lsp)))
  (asl-check-wait)
  (let ((sent (pcase asl-check-client
                ('eglot (eglot--language-id (eglot-current-server)))
                ('lsp-mode (lsp-buffer-language)))))
    (unless (equal sent language-id) (error "%s: language id %S, not %S" file sent language-id)))
  (dolist (d (flymake-diagnostics))
    (message "emacs %s %s: %s:%d: %s %s" emacs-version asl-check-client file
             (line-number-at-pos (flymake-diagnostic-beg d)) (flymake-diagnostic-type d)
             (car (split-string (flymake-diagnostic-text d) "\n"))))
  (unless (seq-some (lambda (d) (and (memq (flymake-diagnostic-type d) '(eglot-error :error))
                                     (string-match-p "no such state" (flymake-diagnostic-text d))
                                     (or (eq asl-check-client 'lsp-mode)
                                         (string-match-p "\\[ASL201\\]" (flymake-diagnostic-text d)))))
                    (flymake-diagnostics))
    (error "%s: no ASL201 error from asl-ls through %s" file asl-check-client)))
(pcase asl-check-client
  ('eglot
   (require 'eglot)
   (dolist (mode '(asl-json-mode asl-yaml-mode))
     (unless (seq-some (lambda (entry) (and (consp (car entry)) (eq (caar entry) mode))) eglot-server-programs)
       (error "eglot-server-programs has no entry for %s" mode))))
  ('lsp-mode
   (require 'lsp-mode)
   (setq lsp-session-file (expand-file-name "lsp-session") lsp-diagnostics-provider :flymake
         lsp-enable-file-watchers nil lsp-enable-snippet nil lsp-restart 'ignore
         lsp-headerline-breadcrumb-enable nil lsp-modeline-code-actions-enable nil)
   (unless (gethash 'asl-ls lsp-clients) (error "lsp-mode has no asl-ls client"))))
(asl-check-open "typo-next.asl.json" 'asl-json-mode "asl")
(asl-check-open "typo.asl.yaml" 'asl-yaml-mode "asl-yaml")
(when (and (locate-library "yaml-mode") (not (derived-mode-p 'yaml-mode)))
  (error "asl-yaml-mode does not derive from yaml-mode"))
EOF
  for client in eglot lsp-mode; do
    if ! (cd "$work" && emacs --batch -q --eval "(require '$client)" > /dev/null 2>&1); then
      missing_tool "Emacs' $client"
      continue
    fi
    log="$work/$client.log"
    if ! (cd "$work" && CLIENT=$client timeout 120 emacs --batch -q -l drive.el > "$log" 2>&1); then
      cat "$log" >&2
      say "FAILED: Emacs with $client" >&2
      exit 1
    fi
    { grep '^emacs ' "$log" || true; } | sed 's/^/editors: /'
    say "ok: emacs/asl-ls.el with $client"
  done
else
  missing_tool emacs
fi

# --- Zed: the extension's Rust type-checks against zed_extension_api, on the host.
# Its own target directory, kept between runs (CI clones afresh each time; the crate's
# dependencies take a minute or two to build cold, a second or two warm).
zed_target="${ASL_LS_ZED_TARGET_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/asl-ls/editors-zed-target}"
cargo fmt --manifest-path editors/zed/Cargo.toml -- --check
cargo clippy --quiet --locked --manifest-path editors/zed/Cargo.toml --target-dir "$zed_target" -- -D warnings
if rustup target list --installed 2> /dev/null | grep -q '^wasm32-wasip2$'; then
  cargo build --quiet --locked --release --target wasm32-wasip2 \
    --manifest-path editors/zed/Cargo.toml --target-dir "$zed_target"
  say "ok: zed extension built for wasm32-wasip2"
else
  say "ok: zed extension type-checks (host); not built for wasm: no wasm32-wasip2 target here"
fi

say "all checks passed in $((SECONDS - started)) s"
