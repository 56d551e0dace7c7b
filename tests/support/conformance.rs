//! Runs cases of `shared/conformance/cases` (format in its README) through
//! asl-ls's evaluator and compares with what AWS recorded. Shared by the
//! `conformance` example and the CI test.

#![allow(dead_code)]

use asl_ls::run::mocks::Recorded;
use asl_ls::run::{run, Options};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

pub struct Outcome {
    pub name: String,
    /// `None` when the case passed.
    pub failure: Option<String>,
}

/// Whether `actual` is what `expected` recorded, placeholders as wildcards.
pub fn matches(expected: &Value, actual: &Value, placeholders: &[String]) -> bool {
    match (expected, actual) {
        (Value::String(e), _) if placeholders.iter().any(|p| p == e && !p.starts_with('<')) => true,
        (Value::String(e), Value::String(a)) => text_matches(e, a, placeholders),
        (Value::Number(e), Value::Number(a)) => e.as_f64() == a.as_f64(),
        (Value::Array(e), Value::Array(a)) => {
            e.len() == a.len() && e.iter().zip(a).all(|(x, y)| matches(x, y, placeholders))
        }
        (Value::Object(e), Value::Object(a)) => {
            e.len() == a.len() && e.iter().all(|(k, v)| a.get(k).is_some_and(|w| matches(v, w, placeholders)))
        }
        _ => expected == actual,
    }
}

/// A string with `<token>` placeholders matching any non-empty text.
fn text_matches(expected: &str, actual: &str, placeholders: &[String]) -> bool {
    // Split the expected text at the placeholder tokens it contains.
    let mut parts: Vec<&str> = vec![expected];
    for token in placeholders.iter().filter(|p| p.starts_with('<')) {
        parts = parts.iter().flat_map(|p| p.split(token.as_str()).collect::<Vec<_>>()).collect::<Vec<_>>();
        // Each split point is a wildcard: mark with a separator the loop below respects.
    }
    if parts.len() == 1 {
        return expected == actual;
    }
    // parts[0] is a prefix, the last a suffix, the rest in order between wildcards.
    let Some(mut rest) = actual.strip_prefix(parts[0]) else { return false };
    for (i, part) in parts[1..].iter().enumerate() {
        let last = i + 2 == parts.len();
        if last {
            return rest.len() > part.len() && rest.ends_with(part) || (part.is_empty() && !rest.is_empty());
        }
        // At least one character for the wildcard, then the part.
        let Some(at) = rest.get(1..).and_then(|r| if part.is_empty() { Some(0) } else { r.find(part) }) else {
            return false;
        };
        rest = &rest[1 + at + part.len()..];
    }
    true
}

fn context(case: &Value) -> Option<Value> {
    let c = case.get("context")?;
    Some(json!({
        "Execution": {
            "Name": c.get("name").cloned().unwrap_or(Value::Null),
            "Id": c.get("executionArn").cloned().unwrap_or(Value::Null),
            "StartTime": c.get("startDate").cloned().unwrap_or(Value::Null),
        },
        "StateMachine": {"Id": c.get("stateMachineArn").cloned().unwrap_or(Value::Null)},
    }))
}

/// Runs one case; the reason it fails, if it does.
pub fn run_case(case: &Value) -> Option<String> {
    let placeholders: Vec<String> =
        case["placeholders"].as_array().into_iter().flatten().filter_map(|p| p.as_str().map(str::to_string)).collect();
    let definition = serde_json::to_string_pretty(&case["definition"]).unwrap_or_default();
    let mut options = Options { input: case["input"].clone(), context: context(case), ..Options::default() };
    // Drop context values the case did not record.
    if let Some(Value::Object(execution)) = options.context.as_mut().and_then(|c| c.get_mut("Execution")) {
        execution.retain(|_, v| !v.is_null());
    }
    if let Some(Value::Object(machine)) = options.context.as_mut().and_then(|c| c.get_mut("StateMachine")) {
        machine.retain(|_, v| !v.is_null());
    }
    let matcher = |recorded: &Value, actual: &Value| matches(recorded, actual, &placeholders);
    let mut mocks = Recorded::new(&case["mocks"], &matcher);
    let outcome = match run(&definition, &options, &mut mocks) {
        Ok(outcome) => outcome,
        Err(message) => return Some(format!("could not run: {message}")),
    };
    let expected = &case["expected"];
    let status = outcome.status.name();
    if expected["status"].as_str() != Some(status) {
        return Some(format!(
            "status {status} (error {:?}, cause {:?}), expected {}",
            outcome.error, outcome.cause, expected["status"]
        ));
    }
    if status == "SUCCEEDED" {
        let actual = outcome.output.unwrap_or(Value::Null);
        if !matches(&expected["output"], &actual, &placeholders) {
            return Some(format!("output {actual}, expected {}", expected["output"]));
        }
        return None;
    }
    let error = outcome.error.map(Value::String).unwrap_or(Value::Null);
    if expected["error"] != error {
        return Some(format!("error {error}, expected {}", expected["error"]));
    }
    let cause = outcome.cause.clone().map(Value::String).unwrap_or(Value::Null);
    let cause_ok = match &expected["cause"] {
        Value::Object(_) | Value::Array(_) => outcome
            .cause
            .as_deref()
            .and_then(|c| serde_json::from_str::<Value>(c).ok())
            .is_some_and(|c| matches(&expected["cause"], &c, &placeholders)),
        other => matches(other, &cause, &placeholders),
    };
    (!cause_ok).then(|| format!("cause {cause}, expected {}", expected["cause"]))
}

/// Every case file under the folders, sorted.
pub fn case_files(dirs: &[PathBuf]) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = dirs
        .iter()
        .flat_map(|d| std::fs::read_dir(d).into_iter().flatten().flatten().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

pub fn run_file(path: &Path) -> Outcome {
    let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let failure = match std::fs::read_to_string(path).ok().and_then(|t| serde_json::from_str::<Value>(&t).ok()) {
        Some(case) => {
            let result = std::panic::catch_unwind(|| run_case(&case));
            result.unwrap_or_else(|_| Some("panicked".into()))
        }
        None => Some("unreadable case".into()),
    };
    Outcome { name, failure }
}
