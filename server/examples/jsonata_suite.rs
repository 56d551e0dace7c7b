//! Runs the reference JSONata test suite through asl-ls's engine:
//!
//!     cargo run --release --example jsonata_suite -- ../shared/jsonata-suite/groups [MORE_DIRS…]
//!
//! Prints each failing case with the difference, then `N passed, M failed`.

#[path = "../../tests/support/jsonata_suite.rs"]
mod suite;

use std::path::PathBuf;

fn main() {
    let dirs: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if dirs.is_empty() {
        eprintln!("usage: jsonata_suite DIR… (a suite's groups folder, or single groups)");
        std::process::exit(2);
    }
    let (mut passed, mut failed) = (0, 0);
    for dir in &dirs {
        // The datasets sit beside the groups folder.
        let root = dir.ancestors().find(|d| d.join("datasets").is_dir()).map(|d| d.join("datasets"));
        let datasets = root.unwrap_or_else(|| dir.join("datasets"));
        for outcome in suite::run(dir, &datasets) {
            match &outcome.failure {
                None => passed += 1,
                Some(why) => {
                    failed += 1;
                    println!("FAIL {}: {}\n     {}", outcome.name, outcome.expr.replace('\n', " "), why);
                }
            }
        }
    }
    println!("{passed} passed, {failed} failed");
}
