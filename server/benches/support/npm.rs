//! The npm packages the benchmarks compare with, installed into
//! `target/NAME` on first use.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The folder holding `node_modules/PACKAGE` for `package@version`, after
/// installing it when missing; `None` when npm is not available.
pub fn package(folder: &str, package: &str, version: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target").join(folder);
    if !dir.join("node_modules").join(package).is_dir() {
        let status = Command::new("npm")
            .args(["install", "--silent", "--no-audit", "--no-fund", "--prefix"])
            .arg(&dir)
            .arg(format!("{package}@{version}"))
            .status()
            .ok()?;
        if !status.success() {
            return None;
        }
    }
    Some(dir)
}
