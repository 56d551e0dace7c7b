//! The evaluator on executions recorded on real AWS
//! (`shared/conformance/cases`): every case's outcome matches except those
//! listed in tests/expected/conformance-failures.txt, and every case's
//! trace (each state's input and output) except those listed in
//! tests/expected/trace-differences.txt, each with its reason.

mod support;

use support::conformance;

#[test]
fn recorded_executions_match_except_listed_cases() {
    let dir = support::shared().join("conformance/cases");
    let files = conformance::case_files(std::slice::from_ref(&dir));
    assert!(files.len() > 700, "expected the conformance cases in {}", dir.display());
    let listed = support::listed(include_str!("expected/conformance-failures.txt"));
    let listed_traces = support::listed(include_str!("expected/trace-differences.txt"));
    let mut problems = Vec::new();
    let mut passed = 0;
    let mut traces_passed = 0;
    for file in &files {
        let outcome = conformance::run_file(file);
        match (&outcome.trace, listed_traces.contains(&outcome.name.as_str())) {
            (None, false) => traces_passed += 1,
            (Some(why), false) => problems.push(format!("{} (trace): {why}", outcome.name)),
            (None, true) => {
                problems.push(format!("{}'s trace now matches: remove it from trace-differences.txt", outcome.name))
            }
            (Some(_), true) => {}
        }
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
    println!("{passed} of {} outcomes and {traces_passed} traces match", files.len());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(passed as f64 / files.len() as f64 >= 0.995, "only {passed} of {} pass", files.len());
    assert!(traces_passed as f64 / files.len() as f64 >= 0.99, "only {traces_passed} of {} traces match", files.len());
}
