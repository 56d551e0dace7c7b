//! Every limit on outside data ends in a diagnostic or an error that names
//! the limit, never in a stack overflow or an endless run: nesting, file
//! size, string and expression length, expression nesting and evaluator
//! transitions (the 256 KiB payload rule is in server/src/run/tests.rs, the
//! LSP message size in server/src/lsp/transport.rs).

use asl_ls::ide::diagnostics::check;
use asl_ls::ide::Config;
use asl_ls::run::mocks::NoMocks;
use asl_ls::run::{run, Options};

/// Each diagnostic as `CODE message`.
fn diagnostics(text: &str) -> Vec<String> {
    check(text, &Config::default()).iter().map(|d| format!("{} {}", d.code.id(), d.message)).collect()
}

fn pass_with(field: &str, value: &str) -> String {
    format!(r#"{{"StartAt": "A", "States": {{"A": {{"Type": "Pass", "{field}": {value}, "End": true}}}}}}"#)
}

fn jsonata_output(expression: &str) -> String {
    format!(
        r#"{{"QueryLanguage": "JSONata", "StartAt": "A", "States": {{"A": {{"Type": "Pass", "Output": "{{% {expression} %}}", "End": true}}}}}}"#
    )
}

#[test]
fn json_nesting_past_128_levels_is_reported_once() {
    let deep = pass_with("Result", &format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000)));
    assert_eq!(diagnostics(&deep), ["ASL005 nesting deeper than 128 levels: asl-ls does not check the content here"]);
}

#[test]
fn file_size_past_aws_limit_and_past_the_analysis_cap() {
    let long = pass_with("Result", &format!("\"{}\"", "x".repeat(2 << 20)));
    assert_eq!(
        diagnostics(&long),
        ["ASL007 the definition has 2097230 characters; AWS accepts at most 1048576: split it (for example into a child state machine)"]
    );
    let huge = pass_with("Result", &format!("\"{}\"", "x".repeat(40 << 20)));
    assert_eq!(
        diagnostics(&huge),
        ["ASL007 the definition has 41943118 characters; AWS accepts at most 1048576: split it (for example into a child state machine); asl-ls checks nothing else in files over 32 MiB"]
    );
}

#[test]
fn long_expressions_are_checked_or_reported() {
    // A 400,000-character JSONPath: checked like any other.
    let path = pass_with("InputPath", &format!("\"${}\"", ".a".repeat(200_000)));
    assert_eq!(diagnostics(&path), Vec::<String>::new());
    let intrinsic = format!("{{\"x.$\": \"{}$.a{}\"}}", "States.Array(".repeat(2000), ")".repeat(2000));
    assert_eq!(
        diagnostics(&pass_with("Parameters", &intrinsic)),
        ["ASL801 invalid intrinsic function call: intrinsic calls nest at most 10 deep"]
    );
    let too_deep = ["ASL902 this JSONata expression is nested too deeply for asl-ls to check"];
    let brackets = format!("{}1{}", "(".repeat(100_000), ")".repeat(100_000));
    assert_eq!(diagnostics(&jsonata_output(&brackets)), too_deep);
    // 200,000 additions make a tree as deep: a warning, not a crash.
    assert_eq!(diagnostics(&jsonata_output(&format!("{}1", "1 + ".repeat(200_000)))), too_deep);
}

#[test]
fn endless_loops_stop_after_the_transition_bound() {
    let looped = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "A"}}}"#;
    let outcome = run(looped, &Options::default(), &mut NoMocks).expect("runs");
    assert_eq!(outcome.error.as_deref(), Some("States.Runtime"));
    assert_eq!(
        outcome.cause.as_deref(),
        Some("the execution made more than 10000 state transitions: it looks like an endless loop")
    );
}

#[test]
fn map_iterations_count_toward_the_transition_bound() {
    let map = r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
        "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}"#;
    let items: Vec<u32> = (0..1_000).collect();
    let options = Options { input: serde_json::json!(items), max_transitions: 500, ..Options::default() };
    let outcome = run(map, &options, &mut NoMocks).expect("runs");
    assert_eq!(
        outcome.cause.as_deref(),
        Some(
            "An error occurred while executing the state 'M' (entered at the event id #2). \
             the execution made more than 500 state transitions: it looks like an endless loop"
        )
    );
}
