//! Neovim, headless, against the real binary: diagnostics appear for a
//! typo'd `Next`, and go-to-definition on a `Next` lands on the state,
//! in a JSON and a YAML definition and in a SAM template; and the
//! nvim-lspconfig file, editors/neovim/lsp/asl_ls.lua, starts the server.
//! Skipped when no `nvim` is found, unless ASL_LS_REQUIRE_EDITORS is set
//! (CI sets it and installs Debian's Neovim).

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

fn nvim() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("NVIM_BIN") {
        return Some(path.into());
    }
    std::env::split_paths(&std::env::var_os("PATH")?).map(|dir| dir.join("nvim")).find(|p| p.is_file())
}

/// The `nvim` to drive; `None` (the test skips) when there is none, which
/// fails instead when ASL_LS_REQUIRE_EDITORS is set.
fn nvim_or_skip() -> Option<PathBuf> {
    let found = nvim();
    if found.is_none() {
        assert!(std::env::var_os("ASL_LS_REQUIRE_EDITORS").is_none(), "nvim is required but not found");
        eprintln!("skipped: no nvim on PATH");
    }
    found
}

/// A fresh directory under the target directory.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    dir
}

/// Neovim on `file` with tests/editors/neovim.lua: its findings (the
/// diagnostics, and where go-to-definition from `line`:`col` lands).
fn drive(nvim: &Path, file: &Path, line: usize, col: usize) -> Value {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir = file.parent().expect("a directory");
    let out = dir.join("result.json");
    let child = Command::new(nvim)
        .args(["--headless", "--clean", "-n", "-i", "NONE", "-c"])
        .arg(format!("luafile {}", repo.join("tests/editors/neovim.lua").display()))
        .env("ASL_LS", env!("CARGO_BIN_EXE_asl-ls"))
        .env("ASL_FILE", file)
        .env("ASL_OUT", &out)
        .env("ASL_LINE", line.to_string())
        .env("ASL_COL", col.to_string())
        .current_dir(dir)
        .spawn()
        .expect("start nvim");
    findings(child, &out)
}

/// What the Neovim script wrote to `out`, once it has quit (at most 60 s).
fn findings(mut child: std::process::Child, out: &Path) -> Value {
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while child.try_wait().expect("nvim").is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("nvim did not finish in 60 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    serde_json::from_str(&std::fs::read_to_string(out).expect("nvim wrote its findings")).expect("json findings")
}

#[test]
fn neovim_shows_diagnostics_and_goes_to_the_state() {
    let Some(nvim) = nvim_or_skip() else { return };
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir = scratch("neovim");
    let file = dir.join("typo-next.asl.json");
    std::fs::copy(repo.join("../shared/lsp-harness/samples/typo-next.asl.json"), &file).expect("sample");
    // The cursor on `"IsValid"`, the value of ValidateOrder's `Next` (line 12).
    let result = drive(&nvim, &file, 12, 16);
    let diagnostics = result["diagnostics"].as_array().expect("diagnostics");
    let typo = diagnostics.iter().find(|d| d["code"] == "ASL201").unwrap_or_else(|| panic!("no ASL201 in {result}"));
    // Line 20 (0-based), at the opening quote of `"ProcesPayment"`; an error.
    assert_eq!((typo["line"].as_u64(), typo["col"].as_u64(), typo["severity"].as_u64()), (Some(20), Some(18), Some(1)));
    assert!(
        typo["message"].as_str().is_some_and(|m| m.contains("ProcesPayment") && m.contains("ProcessPayment")),
        "{typo}"
    );
    assert_eq!(result["definition"]["line"], 14, "{result}");
    assert_eq!(result["definition"]["col"], 4, "{result}");
    assert!(
        result["definition"]["text"].as_str().is_some_and(|t| t.trim_start().starts_with("\"IsValid\": {")),
        "{result}"
    );
}

/// Neovim on `text` (YAML, the typo'd sample somewhere in it) written as
/// `name`: the ASL201 error at the typo's line and column, and
/// go-to-definition from `Next: IsValid` lands on the state's key.
fn check_yaml(nvim: &Path, dir: &str, name: &str, text: &str) {
    let dir = scratch(dir);
    let file = dir.join(name);
    std::fs::write(&file, text).expect("write");
    let place = |needle: &str| {
        let at = text.find(needle).expect("needle");
        let line = text[..at].matches('\n').count();
        (line, at - text[..at].rfind('\n').map_or(0, |i| i + 1))
    };
    let (next_line, next_col) = place("Next: IsValid");
    let result = drive(nvim, &file, next_line, next_col + 7);
    let diagnostics = result["diagnostics"].as_array().expect("diagnostics");
    let typo = diagnostics.iter().find(|d| d["code"] == "ASL201").unwrap_or_else(|| panic!("no ASL201 in {result}"));
    let (line, col) = place("ProcesPayment\n");
    assert_eq!((typo["line"].as_u64(), typo["col"].as_u64()), (Some(line as u64), Some(col as u64)), "{result}");
    let (state_line, state_col) = place("IsValid:\n");
    assert_eq!(result["definition"]["line"], state_line, "{result}");
    assert_eq!(result["definition"]["col"], state_col, "{result}");
}

/// The typo'd sample as YAML.
fn sample_yaml() -> String {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let json = std::fs::read_to_string(repo.join("../shared/lsp-harness/samples/typo-next.asl.json")).expect("sample");
    let root = asl_ls::syntax::parse(&json).root.expect("a definition");
    asl_ls::syntax::to_yaml(&json, &root, "  ")
}

#[test]
fn neovim_on_a_yaml_definition() {
    let Some(nvim) = nvim_or_skip() else { return };
    check_yaml(&nvim, "neovim-yaml", "typo-next.asl.yaml", &sample_yaml());
}

#[test]
fn neovim_on_a_sam_template() {
    let Some(nvim) = nvim_or_skip() else { return };
    let definition: String = sample_yaml().lines().map(|l| format!("        {l}\n")).collect();
    let template = format!(
        "Transform: AWS::Serverless-2016-10-31\nResources:\n  Orders:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      Definition:\n{definition}"
    );
    check_yaml(&nvim, "neovim-sam", "template.yaml", &template);
}

/// Loads editors/neovim/lsp/asl_ls.lua, the nvim-lspconfig file, and starts
/// the server from it as lspconfig would: on 0.11+ through `vim.lsp.enable`
/// with the file found on 'runtimepath'; before that by hand, with its
/// `cmd` when the buffer's filetype is one of its `filetypes`, in the root
/// its `root_markers` find. Writes the config, the client and the
/// diagnostics to ASL_OUT.
const LSPCONFIG_LUA: &str = r#"
local file, out = os.getenv('ASL_FILE'), os.getenv('ASL_OUT')
local config = dofile(os.getenv('ASL_RTP') .. '/lsp/asl_ls.lua')
local result = {
  version = tostring(vim.version().major .. '.' .. vim.version().minor),
  cmd = config.cmd, filetypes = config.filetypes, root_markers = config.root_markers,
}
local function root_of(dir, markers)
  while true do
    for _, marker in ipairs(markers) do
      if vim.loop.fs_stat(dir .. '/' .. marker) then return dir end
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then return nil end
    dir = parent
  end
end
if vim.lsp.enable then
  vim.opt.runtimepath:prepend(os.getenv('ASL_RTP'))
  vim.lsp.enable('asl_ls')
  result.how = 'vim.lsp.enable'
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
else
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  result.how = 'start_client'
  if vim.tbl_contains(config.filetypes, vim.bo.filetype) then
    local dir = vim.fn.fnamemodify(file, ':p:h')
    local id = vim.lsp.start_client({
      name = 'asl_ls', cmd = config.cmd, root_dir = root_of(dir, config.root_markers or {}) or dir,
    })
    vim.lsp.buf_attach_client(0, id)
  end
end
local buf = vim.api.nvim_get_current_buf()
result.filetype = vim.bo[buf].filetype
vim.wait(15000, function() return #vim.diagnostic.get(buf) > 0 end, 20)
result.clients = {}
for _, client in pairs((vim.lsp.get_clients or vim.lsp.get_active_clients)()) do
  if vim.lsp.buf_is_attached(buf, client.id) then
    table.insert(result.clients, { name = client.name, root = client.config.root_dir })
  end
end
result.diagnostics = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  local lsp = (d.user_data or {}).lsp or {}
  table.insert(result.diagnostics, { line = d.lnum, col = d.col, code = d.code or lsp.code })
end
local handle = assert(io.open(out, 'w'))
handle:write(vim.fn.json_encode(result))
handle:close()
vim.cmd('qall!')
"#;

/// Neovim on `file` with the lspconfig file: its findings. The server is
/// the `asl-ls` the config's `cmd` names, found on PATH (the binary under
/// test first).
fn drive_lspconfig(nvim: &Path, file: &Path) -> Value {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir = file.parent().expect("a directory");
    let script = dir.join("lspconfig.lua");
    std::fs::write(&script, LSPCONFIG_LUA).expect("script");
    let out = dir.join("result.json");
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_asl-ls")).parent().expect("bin dir").to_path_buf();
    let path = std::env::join_paths(
        std::iter::once(bin_dir).chain(std::env::var_os("PATH").iter().flat_map(std::env::split_paths)),
    )
    .expect("PATH");
    let child = Command::new(nvim)
        .args(["--headless", "--clean", "-n", "-i", "NONE", "-c"])
        .arg(format!("luafile {}", script.display()))
        .env("PATH", path)
        .env("ASL_RTP", repo.join("editors/neovim"))
        .env("ASL_FILE", file)
        .env("ASL_OUT", &out)
        .current_dir(dir)
        .spawn()
        .expect("start nvim");
    findings(child, &out)
}

#[test]
fn neovim_with_the_lspconfig_file() {
    let Some(nvim) = nvim_or_skip() else { return };
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir = scratch("neovim-lspconfig");
    // The root marker, so the root the config finds is this folder.
    std::fs::create_dir_all(dir.join(".git")).expect(".git");
    let json = dir.join("typo-next.asl.json");
    std::fs::copy(repo.join("../shared/lsp-harness/samples/typo-next.asl.json"), &json).expect("sample");
    let yaml = dir.join("typo-next.asl.yaml");
    std::fs::write(&yaml, sample_yaml()).expect("yaml");
    for (file, filetype) in [(&json, "json"), (&yaml, "yaml")] {
        let result = drive_lspconfig(&nvim, file);
        assert_eq!(result["cmd"], serde_json::json!(["asl-ls", "--stdio"]), "{result}");
        assert_eq!(result["filetypes"], serde_json::json!(["json", "jsonc", "yaml"]), "{result}");
        assert_eq!(result["root_markers"], serde_json::json!([".git"]), "{result}");
        assert_eq!(result["filetype"], filetype, "{result}");
        let clients = result["clients"].as_array().expect("clients");
        assert_eq!(clients.len(), 1, "one client attached: {result}");
        assert_eq!(clients[0]["name"], "asl_ls", "{result}");
        let root = clients[0]["root"].as_str().map(|r| std::fs::canonicalize(r).expect("root"));
        assert_eq!(root, Some(std::fs::canonicalize(&dir).expect("dir")), "{result}");
        let diagnostics = result["diagnostics"].as_array().expect("diagnostics");
        let typo =
            diagnostics.iter().find(|d| d["code"] == "ASL201").unwrap_or_else(|| panic!("no ASL201 in {result}"));
        if filetype == "json" {
            // At the opening quote of `"ProcesPayment"` (line 20, 0-based).
            assert_eq!((typo["line"].as_u64(), typo["col"].as_u64()), (Some(20), Some(18)), "{result}");
        }
    }
}
