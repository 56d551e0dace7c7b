//! The JSONata parser on the reference test suite (`shared/jsonata-suite`):
//! every expression the reference parses, we parse; every syntax error it
//! reports (`S0xxx`), we report with the same code, and the recovering
//! check an editor uses reports that same error first.

mod support;

use asl_ls::lang::jsonata;
use serde_json::Value;

#[test]
fn parser_agrees_with_the_reference_suite() {
    let dir = support::shared().join("jsonata-suite/groups");
    let mut checked = 0;
    let mut failures = Vec::new();
    for path in support::files(&dir, &[".json"]) {
        let content = support::json_lenient(&support::read(&path));
        let cases = match content {
            Value::Array(cases) => cases,
            case => vec![case],
        };
        for (i, case) in cases.iter().enumerate() {
            let expr = match (&case["expr"], &case["expr-file"]) {
                (Value::String(e), _) => e.clone(),
                (_, Value::String(file)) => support::read(&path.with_file_name(file)),
                _ => continue,
            };
            let code = case["code"].as_str().or_else(|| case["error"]["code"].as_str());
            let expected_syntax_error = code.filter(|c| c.starts_with('S'));
            let outcome = jsonata::parse(&expr);
            checked += 1;
            let name = format!("{}[{i}]", path.strip_prefix(&dir).unwrap_or(&path).display());
            // The editor's recovering check starts with the same error.
            let all = jsonata::check(&expr);
            if all.first() != outcome.as_ref().err() {
                failures.push(format!("{name}: {expr:?} check gives {all:?}, parse {outcome:?}"));
            }
            match (expected_syntax_error, &outcome) {
                (Some(expected), Err(error)) if error.code == expected => {}
                (Some(expected), _) => failures.push(format!("{name}: {expr:?} expected {expected}, got {outcome:?}")),
                (None, Err(error)) => failures.push(format!("{name}: {expr:?} should parse, got {error}")),
                (None, Ok(_)) => {}
            }
        }
    }
    assert!(checked > 1600, "expected the JSONata suite in {}", dir.display());
    assert!(failures.is_empty(), "{} of {checked} cases disagree:\n{}", failures.len(), failures.join("\n"));
}
