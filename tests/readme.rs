//! The README and docs/ as a user reads them: the list of diagnostics is
//! generated from the code table (`UPDATE_EXPECT=1 cargo test --test readme`
//! rewrites it), every relative link leads somewhere, the README stays a
//! short door, and every command they show is run here or named with the
//! CI script that runs it.

use asl_ls::ide::diagnostics::Code;
use std::path::{Path, PathBuf};
use std::process::Command;

const BEGIN: &str = "<!-- diagnostics:begin (generated from server/src/ide/diagnostics/codes.rs) -->\n";
const END: &str = "<!-- diagnostics:end -->";

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn table() -> String {
    let mut out = String::from(BEGIN);
    out.push_str("| code | name | severity | AWS code | what it means |\n|---|---|---|---|---|\n");
    for code in Code::ALL {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            code.id(),
            code.name(),
            code.default_severity().name(),
            code.aws_code().map(|c| format!("`{c}`")).unwrap_or_else(|| "—".into()),
            code.summary().replace('|', "\\|")
        ));
    }
    out
}

#[test]
fn the_diagnostics_page_lists_every_diagnostic() {
    let path = repo().join("docs/diagnostics.md");
    let page = std::fs::read_to_string(&path).expect("docs/diagnostics.md");
    let start = page.find(BEGIN).expect("docs/diagnostics.md has the diagnostics:begin marker");
    let end = page.find(END).expect("docs/diagnostics.md has the diagnostics:end marker");
    let expected = table();
    if page[start..end] == expected {
        return;
    }
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        let updated = format!("{}{}{}", &page[..start], expected, &page[end..]);
        std::fs::write(&path, updated).expect("write docs/diagnostics.md");
    } else {
        panic!("docs/diagnostics.md's table is out of date: run `UPDATE_EXPECT=1 cargo test --test readme`");
    }
}

/// README.md and every page of docs/, with their paths.
fn pages() -> Vec<(PathBuf, String)> {
    let mut paths = vec![repo().join("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(repo().join("docs"))
        .expect("docs/")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    paths.extend(docs);
    paths.into_iter().map(|p| (p.clone(), std::fs::read_to_string(&p).expect("read page"))).collect()
}

#[test]
fn the_readme_is_a_short_door() {
    let readme = std::fs::read_to_string(repo().join("README.md")).expect("README.md");
    let lines = readme.lines().count();
    assert!(lines <= 200, "README.md has {lines} lines: move detail into docs/");
    for section in ["## Install", "## Try it", "## Editors", "## Documentation"] {
        assert!(readme.contains(section), "README.md lacks {section}");
    }
}

#[test]
fn every_relative_link_leads_to_a_file() {
    let mut broken = Vec::new();
    for (path, text) in pages() {
        let folder = path.parent().expect("a folder").to_path_buf();
        for (at, _) in text.match_indices("](") {
            let rest = &text[at + 2..];
            let Some(end) = rest.find(')') else { continue };
            let target = &rest[..end];
            if target.contains("://") || target.starts_with('#') || target.starts_with("mailto:") {
                continue;
            }
            let file = target.split('#').next().unwrap_or(target);
            if !folder.join(file).exists() {
                broken.push(format!("{}: {target}", path.strip_prefix(repo()).unwrap_or(&path).display()));
            }
        }
    }
    assert!(broken.is_empty(), "links to nothing:\n{}", broken.join("\n"));
}

/// The commands the pages show: each line of a `sh` block (continuations
/// joined, comments dropped) and each inline code span that installs
/// something (the install tables). Other inline spans name commands in
/// prose (`asl-ls check`, `cargo bench`) rather than show one to type.
fn commands() -> Vec<(String, String)> {
    const COMMANDS: [&str; 8] =
        ["pip install", "npm install", "npx ", "cargo install", "cargo binstall", "code --", "sha256sum ", "bash "];
    let mut out = Vec::new();
    for (path, text) in pages() {
        let page = path.strip_prefix(repo()).unwrap_or(&path).display().to_string();
        let mut in_shell = false;
        let mut pending = String::new();
        for line in text.lines() {
            if let Some(fence) = line.strip_prefix("```") {
                in_shell = !in_shell && matches!(fence.trim(), "sh" | "bash" | "shell");
                continue;
            }
            if in_shell {
                let line = line.split(" #").next().unwrap_or(line).trim();
                if let Some(start) = line.strip_suffix('\\') {
                    pending.push_str(start.trim());
                    pending.push(' ');
                    continue;
                }
                pending.push_str(line);
                if !pending.is_empty() {
                    out.push((page.clone(), std::mem::take(&mut pending)));
                }
            } else {
                for span in line.split('`').skip(1).step_by(2) {
                    if COMMANDS.iter().any(|c| span.starts_with(c)) && !span.contains('…') {
                        out.push((page.clone(), span.to_string()));
                    }
                }
            }
        }
    }
    out
}

/// Commands run elsewhere: a prefix, the script that runs it, and the text
/// by which that script does.
const RUN_ELSEWHERE: &[(&str, &str, &str)] = &[
    ("cargo test --workspace", ".ci/run", "cargo test --workspace"),
    ("cargo build --profile dist", "tools/package/smoke.sh", "--profile dist"),
    ("bash tools/package/vsix.sh", "tools/package/smoke.sh", "vsix.sh"),
    ("cargo install asl-ls", ".ci/run", "cargo package --locked -p asl-ls"),
    ("cargo binstall asl-ls", "tools/package/smoke.sh", "binstall's pkg-url"),
    ("cargo install --path server", "tools/package/smoke.sh", "cargo install --path server"),
    ("pip install asl-ls", "tools/package/smoke.sh", "/bin/pip\" install"),
    ("npm install -g asl-ls", "tools/package/smoke.sh", "npm install --global"),
    ("npm install --save-dev asl-ls", "tools/package/smoke.sh", "npm install --offline --save-dev"),
    ("npx asl-ls", "tools/package/smoke.sh", "npx --prefix"),
    ("sha256sum -c", "tools/package/smoke.sh", "sha256sum --quiet -c"),
    ("bash tools/package/smoke.sh", ".ci/run", "bash tools/package/smoke.sh"),
    ("bash tools/lint-release.sh", ".ci/run", "bash tools/lint-release.sh"),
    ("bash editors/check.sh", ".ci/run", "bash editors/check.sh"),
    ("code --install-extension", "vscode-extension/e2e/run.sh", "--install-extension"),
    ("cd vscode-extension && npm ci", "vscode-extension/ci.sh", "npm ci"),
];

#[test]
fn every_command_shown_is_run() {
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("readme-commands");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).expect("scratch");
    // The commands name files under examples/; outputs (-o) land in the scratch folder.
    #[cfg(unix)]
    std::os::unix::fs::symlink(repo().join("examples"), scratch.join("examples")).expect("link examples");
    let mut problems = Vec::new();
    let mut ran = 0;
    for (page, command) in commands() {
        let args = command.strip_prefix("cargo run --release -- ").or_else(|| command.strip_prefix("asl-ls "));
        if let Some(args) = args.filter(|_| cfg!(unix)) {
            let args: Vec<&str> = args.split_whitespace().collect();
            let output = Command::new(env!("CARGO_BIN_EXE_asl-ls")).args(&args).current_dir(&scratch).output();
            let Ok(output) = output else {
                problems.push(format!("{page}: `{command}` did not start"));
                continue;
            };
            // The examples folder holds the file with mistakes (exit 1); every
            // other command the pages show runs clean (exit 0).
            let expected = if args.contains(&"examples/") || command.contains("with-mistakes") { 1 } else { 0 };
            if output.status.code() != Some(expected) {
                problems.push(format!(
                    "{page}: `{command}` exited {:?}, not {expected}: {}{}",
                    output.status.code(),
                    String::from_utf8_lossy(&output.stdout),
                    String::from_utf8_lossy(&output.stderr)
                ));
            }
            ran += 1;
            continue;
        }
        match RUN_ELSEWHERE.iter().find(|(prefix, ..)| command.starts_with(prefix)) {
            Some((_, script, evidence)) => {
                let text = std::fs::read_to_string(repo().join(script)).unwrap_or_default();
                if !text.contains(evidence) {
                    problems.push(format!("{page}: `{command}` should be run by {script}, which lacks `{evidence}`"));
                }
            }
            None => problems.push(format!("{page}: `{command}` is neither run here nor listed in RUN_ELSEWHERE")),
        }
    }
    assert!(problems.is_empty(), "commands in the docs:\n{}", problems.join("\n"));
    assert!(ran >= 6, "only {ran} asl-ls commands found in the pages");
    // The output the README shows is what `asl-ls check examples/` prints.
    let output = Command::new(env!("CARGO_BIN_EXE_asl-ls")).args(["check", "examples/"]).current_dir(&scratch).output();
    let output = output.expect("check");
    assert_eq!(output.status.code(), Some(1));
    let printed = String::from_utf8_lossy(&output.stdout);
    let readme = std::fs::read_to_string(repo().join("README.md")).expect("README.md");
    let shown = readme.split("```text\n").nth(1).and_then(|b| b.split("```").next()).expect("README's text block");
    assert!(printed.contains(shown.trim_end()), "README shows:\n{shown}\nbut check prints:\n{printed}");
}
