//! Names the commit the binary is built from, for `asl-ls --version`:
//! `ASL_LS_COMMIT` from the environment, else the `.cargo_vcs_info.json`
//! that `cargo package` writes (a build from crates.io has no `.git` of its
//! own), else git. Nothing is set when none of them knows.

use std::path::Path;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=ASL_LS_COMMIT");
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let (commit, date) = match std::env::var("ASL_LS_COMMIT") {
        Ok(commit) if !commit.is_empty() => (Some(commit), None),
        // A packaged crate knows its own commit; a git checkout around it
        // (a vendored copy) would name another repository's.
        _ => match from_vcs_info(&manifest) {
            Some(commit) => (Some(commit), None),
            None => from_git(&manifest).map_or((None, None), |(c, d)| (Some(c), Some(d))),
        },
    };
    if let Some(commit) = commit {
        println!("cargo:rustc-env=ASL_LS_COMMIT={commit}");
    }
    if let Some(date) = date {
        println!("cargo:rustc-env=ASL_LS_COMMIT_DATE={date}");
    }
}

fn git(manifest: &str, args: &[&str]) -> Option<String> {
    let output = Command::new("git").arg("-C").arg(manifest).args(args).output().ok()?;
    let text = String::from_utf8(output.stdout).ok()?;
    (output.status.success() && !text.trim().is_empty()).then(|| text.trim().to_string())
}

/// The short hash and commit date of HEAD; rebuilds when HEAD moves.
fn from_git(manifest: &str) -> Option<(String, String)> {
    let line = git(manifest, &["log", "-1", "--format=%h %cs"])?;
    let (commit, date) = line.split_once(' ')?;
    let branch = git(manifest, &["symbolic-ref", "-q", "HEAD"]);
    for file in ["HEAD", "packed-refs"].into_iter().chain(branch.as_deref()) {
        let Some(path) = git(manifest, &["rev-parse", "--git-path", file]) else { continue };
        let path = Path::new(manifest).join(path);
        // A file that does not exist would make cargo run this script on every build.
        if path.exists() {
            println!("cargo:rerun-if-changed={}", path.display());
        }
    }
    Some((commit.to_string(), date.to_string()))
}

/// `{"git": {"sha1": "…"}}` of a packaged crate: its first 7 digits, as git's short hash.
fn from_vcs_info(manifest: &str) -> Option<String> {
    let text = std::fs::read_to_string(Path::new(manifest).join(".cargo_vcs_info.json")).ok()?;
    let at = text.find("\"sha1\"")?;
    let rest = &text[at + 6..];
    let start = rest.find('"')? + 1;
    let hash: String = rest[start..].chars().take_while(char::is_ascii_hexdigit).take(7).collect();
    (hash.len() == 7).then_some(hash)
}
