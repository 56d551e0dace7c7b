//! Runs the evaluator on recorded AWS executions:
//!
//!     cargo run --release --example conformance -- ../shared/conformance/cases [MORE_DIRS…]
//!
//! Prints each failing case with the difference, then `N passed, M failed`.

#[path = "../../tests/support/conformance.rs"]
mod conformance;

fn main() {
    let dirs: Vec<std::path::PathBuf> = std::env::args().skip(1).map(Into::into).collect();
    if dirs.is_empty() {
        eprintln!("usage: conformance DIR… (folders of conformance cases)");
        std::process::exit(2);
    }
    let (mut passed, mut failed) = (0, 0);
    for file in conformance::case_files(&dirs) {
        let outcome = conformance::run_file(&file);
        match outcome.failure {
            None => passed += 1,
            Some(why) => {
                failed += 1;
                println!("FAIL {}: {why}", outcome.name);
            }
        }
    }
    println!("{passed} passed, {failed} failed");
}
