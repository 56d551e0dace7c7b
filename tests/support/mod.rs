//! Shared helpers for the integration tests: where `../shared` is, and
//! reading the definition files under it.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// `../shared` beside the repository (CI clones it there).
pub fn shared() -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared");
    assert!(path.is_dir(), "the shared folder is missing: expected it at {}", path.display());
    path
}

/// Every file under `dir` whose name ends with one of `suffixes`, sorted.
pub fn files(dir: &Path, suffixes: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())).flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if suffixes.iter().any(|s| path.to_string_lossy().ends_with(s)) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Parses JSON whose strings may hold lone UTF-16 surrogate escapes
/// (`"\uD800"`, valid JSON text that Rust strings cannot hold): each lone
/// surrogate becomes U+FFFD.
pub fn json_lenient(text: &str) -> serde_json::Value {
    let mut fixed = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("\\u") {
        // An escaped backslash before `u` is not an escape.
        let backslashes = rest[..at].chars().rev().take_while(|&c| c == '\\').count();
        fixed.push_str(&rest[..at]);
        rest = &rest[at..];
        let unit = rest.get(2..6).and_then(|h| u16::from_str_radix(h, 16).ok());
        let is_high = unit.is_some_and(|u| (0xD800..0xDC00).contains(&u));
        let is_low = unit.is_some_and(|u| (0xDC00..0xE000).contains(&u));
        let next_low = rest.get(6..8) == Some("\\u")
            && rest
                .get(8..12)
                .and_then(|h| u16::from_str_radix(h, 16).ok())
                .is_some_and(|u| (0xDC00..0xE000).contains(&u));
        if backslashes % 2 == 0 && ((is_high && !next_low) || is_low) {
            fixed.push_str("\\uFFFD");
            rest = &rest[6..];
        } else if backslashes % 2 == 0 && is_high {
            fixed.push_str(&rest[..12]);
            rest = &rest[12..];
        } else {
            fixed.push_str(&rest[..2]);
            rest = &rest[2..];
        }
    }
    fixed.push_str(rest);
    serde_json::from_str(&fixed).unwrap_or_else(|e| panic!("invalid JSON: {e}"))
}
