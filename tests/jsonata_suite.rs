//! The JSONata engine on the reference implementation's test suite: every
//! case passes except those listed, with reasons, in
//! tests/expected/jsonata-failures.txt.

mod support;

use support::jsonata_suite as suite;

#[test]
fn reference_suite_passes_except_listed_cases() {
    let root = support::shared().join("jsonata-suite");
    let outcomes = suite::run(&root.join("groups"), &root.join("datasets"));
    assert!(outcomes.len() > 1600, "expected the JSONata suite in {}", root.display());
    let listed = support::listed(include_str!("expected/jsonata-failures.txt"));
    let mut problems = Vec::new();
    let mut passed = 0;
    for outcome in &outcomes {
        let expected_to_fail = listed.contains(&outcome.name.as_str());
        match (&outcome.failure, expected_to_fail) {
            (None, false) => passed += 1,
            (Some(why), false) => problems.push(format!("{}: {}\n    {why}", outcome.name, outcome.expr)),
            (None, true) => problems.push(format!("{} now passes: remove it from jsonata-failures.txt", outcome.name)),
            (Some(_), true) => {}
        }
    }
    println!("{passed} of {} cases pass", outcomes.len());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let ratio = passed as f64 / outcomes.len() as f64;
    assert!(ratio >= 0.98, "only {passed} of {} pass", outcomes.len());
}
