//! The evaluator on executions recorded on real AWS
//! (`shared/conformance/cases`): every case passes except those listed,
//! with reasons, in tests/expected/conformance-failures.txt.

mod support;

use support::conformance;

#[test]
fn recorded_executions_match_except_listed_cases() {
    let dir = support::shared().join("conformance/cases");
    let files = conformance::case_files(std::slice::from_ref(&dir));
    assert!(files.len() > 700, "expected the conformance cases in {}", dir.display());
    let listed = support::listed(include_str!("expected/conformance-failures.txt"));
    let mut problems = Vec::new();
    let mut passed = 0;
    for file in &files {
        let outcome = conformance::run_file(file);
        let expected_to_fail = listed.contains(&outcome.name.as_str());
        match (&outcome.failure, expected_to_fail) {
            (None, false) => passed += 1,
            (Some(why), false) => problems.push(format!("{}: {why}", outcome.name)),
            (None, true) => {
                problems.push(format!("{} now passes: remove it from conformance-failures.txt", outcome.name))
            }
            (Some(_), true) => {}
        }
    }
    println!("{passed} of {} cases pass", files.len());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(passed as f64 / files.len() as f64 >= 0.95, "only {passed} of {} pass", files.len());
}
