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
    /// `None` when the case's outcome (status, output, error, cause) matched.
    pub failure: Option<String>,
    /// `None` when every state's input and output matched (`expected_states`).
    pub trace: Option<String>,
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

/// The account LocalStack's snapshots write in place of the recording
/// account (its transformers replace the real one and keep this literally).
const RECORDED_ACCOUNT: &str = "111111111111";

fn context(case: &Value) -> Option<Value> {
    let Some(c) = case.get("context") else {
        // No context recorded: the execution ARNs as the recording writes them.
        return Some(json!({
            "Execution": {
                "Id": format!("arn:aws:states:us-east-1:{RECORDED_ACCOUNT}:execution:StateMachine:asl-ls-run"),
                "RoleArn": format!("arn:aws:iam::{RECORDED_ACCOUNT}:role/StepFunctionsRole"),
            },
            "StateMachine": {"Id": format!("arn:aws:states:us-east-1:{RECORDED_ACCOUNT}:stateMachine:StateMachine")},
        }));
    };
    Some(json!({
        "Execution": {
            "Name": c.get("name").cloned().unwrap_or(Value::Null),
            "Id": c.get("executionArn").cloned().unwrap_or(Value::Null),
            "StartTime": c.get("startDate").cloned().unwrap_or(Value::Null),
        },
        "StateMachine": {"Id": c.get("stateMachineArn").cloned().unwrap_or(Value::Null)},
    }))
}

/// The execution start time the runner's evaluator uses (its default).
const START: &str = "2026-01-01T00:00:00.000Z";

/// The case's input, with the `<timestamp>` a recording made from a time
/// the test computed at run time rebuilt as the test built it: LocalStack's
/// `test_wait.py` writes "now" (to the second, `%Y-%m-%dT%H:%M:%S`) plus the
/// test's parameter as a suffix (`Z`, `.000000Z`, `""`, …), or, in the
/// too-far-in-future tests, "now" plus the parameter in days and `.000Z`.
/// "Now" is the execution's start time.
fn rebuilt_input(case: &Value) -> Value {
    let input = case["input"].clone();
    let test = case["source"]["test"].as_str().unwrap_or_default();
    let parameter = test.rsplit_once('[').and_then(|(_, p)| p.strip_suffix(']'));
    let (Some(parameter), true) = (parameter, input.to_string().contains("\"<timestamp>\"")) else { return input };
    let second = |days: f64| asl_ls::run::timestamp_after(START, days * 86_400.0).map(|t| t[..19].to_string());
    let timestamp = if test.contains("test_wait_timestamppath") {
        second(0.0).map(|t| format!("{t}{parameter}"))
    } else if test.contains("too_far_in_future") {
        parameter.parse::<f64>().ok().and_then(second).map(|t| format!("{t}.000Z"))
    } else {
        None
    };
    let Some(timestamp) = timestamp else { return input };
    replace_text(input, "<timestamp>", &timestamp)
}

/// `value` with every string equal to `from` replaced by `to`.
fn replace_text(value: Value, from: &str, to: &str) -> Value {
    match value {
        Value::String(s) if s == from => Value::String(to.to_string()),
        Value::Array(items) => Value::Array(items.into_iter().map(|v| replace_text(v, from, to)).collect()),
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, replace_text(v, from, to))).collect()),
        other => other,
    }
}

/// Runs one case: why its outcome differs from AWS's, and why its trace does.
pub fn run_case(case: &Value) -> (Option<String>, Option<String>) {
    let placeholders: Vec<String> =
        case["placeholders"].as_array().into_iter().flatten().filter_map(|p| p.as_str().map(str::to_string)).collect();
    let definition = serde_json::to_string_pretty(&case["definition"]).unwrap_or_default();
    let mut options = Options { input: rebuilt_input(case), context: context(case), ..Options::default() };
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
        Err(message) => {
            let failure = Some(format!("could not run: {message}"));
            return (failure.clone(), failure);
        }
    };
    let trace = trace_difference(case, &outcome.states, &placeholders);
    (outcome_difference(case, outcome, &placeholders), trace)
}

/// Why the run's status, output, error or cause differ from the recording.
fn outcome_difference(case: &Value, outcome: asl_ls::run::Outcome, placeholders: &[String]) -> Option<String> {
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
        if !matches(&expected["output"], &actual, placeholders) {
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
            .is_some_and(|c| matches(&expected["cause"], &c, placeholders)),
        other => matches(other, &cause, placeholders),
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
    let (failure, trace) = match std::fs::read_to_string(path).ok().and_then(|t| serde_json::from_str::<Value>(&t).ok())
    {
        Some(case) => {
            let result = std::panic::catch_unwind(|| run_case(&case));
            result.unwrap_or_else(|_| (Some("panicked".into()), Some("panicked".into())))
        }
        None => (Some("unreadable case".into()), Some("unreadable case".into())),
    };
    Outcome { name, failure, trace }
}

/// The names of the states inside distributed Map processors: their
/// iterations run as child executions, outside the recorded history.
fn distributed_states(definition: &Value, inside: bool, out: &mut Vec<String>) {
    let Some(states) = definition.get("States").and_then(Value::as_object) else { return };
    for (name, state) in states {
        if inside {
            out.push(name.clone());
        }
        for branch in state.get("Branches").and_then(Value::as_array).into_iter().flatten() {
            distributed_states(branch, inside, out);
        }
        if let Some(processor) = state.get("ItemProcessor").or_else(|| state.get("Iterator")) {
            let mode = processor.pointer("/ProcessorConfig/Mode").and_then(Value::as_str);
            distributed_states(processor, inside || mode == Some("DISTRIBUTED"), out);
        }
    }
}

/// Why the states entered differ from `expected_states`: depth-0 states
/// in order, deeper ones (Map iterations, Parallel branches) as a multiset.
fn trace_difference(case: &Value, actual: &[asl_ls::run::StateRun], placeholders: &[String]) -> Option<String> {
    let expected = case.get("expected_states")?.as_array()?;
    let mut hidden = Vec::new();
    distributed_states(&case["definition"], false, &mut hidden);
    let actual: Vec<&asl_ls::run::StateRun> =
        actual.iter().filter(|s| s.depth == 0 || !hidden.contains(&s.state)).collect();
    let same = |e: &Value, a: &asl_ls::run::StateRun| {
        e["state"].as_str() == Some(a.state.as_str())
            && matches(&e["input"], &a.input, placeholders)
            && matches(&e["output"], a.output.as_ref().unwrap_or(&Value::Null), placeholders)
    };
    let describe = |a: &asl_ls::run::StateRun| {
        format!("{} (input {}, output {})", a.state, a.input, a.output.as_ref().unwrap_or(&Value::Null))
    };
    let top_expected: Vec<&Value> = expected.iter().filter(|e| e["depth"].as_u64() == Some(0)).collect();
    let top_actual: Vec<&&asl_ls::run::StateRun> = actual.iter().filter(|a| a.depth == 0).collect();
    for (i, e) in top_expected.iter().enumerate() {
        match top_actual.get(i) {
            Some(a) if same(e, a) => {}
            Some(a) => return Some(format!("top-level state {i}: {}, AWS: {e}", describe(a))),
            None => return Some(format!("top-level state {i} missing, AWS: {e}")),
        }
    }
    if let Some(extra) = top_actual.get(top_expected.len()) {
        return Some(format!("top-level state {} not in AWS's trace: {}", top_expected.len(), describe(extra)));
    }
    let mut deep: Vec<&asl_ls::run::StateRun> = actual.iter().copied().filter(|a| a.depth > 0).collect();
    for e in expected.iter().filter(|e| e["depth"].as_u64().is_some_and(|d| d > 0)) {
        match deep.iter().position(|a| same(e, a)) {
            Some(at) => {
                deep.swap_remove(at);
            }
            None => return Some(format!("nested state not run as AWS ran it: {e}")),
        }
    }
    deep.first().map(|a| format!("nested state not in AWS's trace: {}", describe(a)))
}
