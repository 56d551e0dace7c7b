//! Shared helpers for the integration tests: where `../shared` is, and
//! reading the definition files under it.

#![allow(dead_code)]

pub mod conformance;
pub mod jsonata_suite;
pub mod lsp_client;

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

/// The names listed in an expected-failures file (`name<TAB>reason` lines,
/// `#` comments).
pub fn listed(text: &str) -> Vec<&str> {
    text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).filter_map(|l| l.split('\t').next()).collect()
}

/// JSON that may hold lone UTF-16 surrogate escapes (see
/// [`jsonata_suite::json_lenient`]); invalid JSON fails the test.
pub fn json_lenient(text: &str) -> serde_json::Value {
    jsonata_suite::json_lenient(text).unwrap_or_else(|e| panic!("invalid JSON: {e}"))
}

/// A small deterministic generator (xorshift64*), so failures reproduce.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// One random edit of `text` at a character boundary, of the kinds a user
/// makes while typing: a piece inserted, a few characters deleted, or a
/// change back to something valid.
#[allow(dead_code)]
pub fn random_edit(text: &str, rng: &mut Rng) -> String {
    const PIECES: &[&str] = &["X", "\"", ",", "{", "}", "\n  ", " ", "\"Next\": \"A\",", "$.x", "Task", "\t"];
    let mut at = rng.below(text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let mut out = text.to_string();
    match rng.below(3) {
        0 => out.insert_str(at, PIECES[rng.below(PIECES.len())]),
        1 => {
            let mut end = (at + 1 + rng.below(8)).min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            out.replace_range(at..end, "");
        }
        _ => {
            // Undo-like: back to a state names all agree on.
            out = text.replacen("\"Type\": \"Pass\"", "\"Type\": \"Task\"", 1);
        }
    }
    out
}
