//! Neovim, headless, against the real binary: diagnostics appear for a
//! typo'd `Next`, and go-to-definition on a `Next` lands on the state,
//! in a JSON and a YAML definition and in a SAM template.
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
    let mut child = Command::new(nvim)
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
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while child.try_wait().expect("nvim").is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("nvim did not finish in 60 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    serde_json::from_str(&std::fs::read_to_string(&out).expect("nvim wrote its findings")).expect("json findings")
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
