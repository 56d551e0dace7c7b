//! Unit tests of state machines: test files (`NAME.asl.test.yaml` or
//! `.json`) listing cases — input, mocks, expectations — each run by the
//! evaluator, in process, and checked. The CLI (`asl-ls test`) and the
//! editor read results from here.

mod coverage;
mod diff;
mod file;
#[cfg(test)]
mod tests;

pub use coverage::{Coverage, Item, ItemKind};
pub use diff::diff;
pub use file::{read, Case, Problem, TestFile};

use crate::run::mocks::MockConfig;
use crate::run::{Outcome, StateRun};
use crate::syntax::Language;
use crate::text::TextRange;
use serde_json::{json, Map, Value};
use std::path::Path;

/// One expectation of a case, where it is written.
#[derive(Clone, Debug, PartialEq)]
pub struct Expect {
    pub field: Field,
    pub range: TextRange,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Field {
    Status(String),
    Output(Matcher),
    Error(Matcher),
    Cause(Matcher),
    /// The states entered at the top level, in order.
    Path(Vec<String>),
    /// A state's input and output (its first visit).
    StateInput(String, Matcher),
    StateOutput(String, Matcher),
    Visited(String, bool),
}

/// How a value is expected.
#[derive(Clone, Debug, PartialEq)]
pub enum Matcher {
    Exact(Value),
    /// Every member given, at any depth (arrays element by element).
    Contains(Value),
    /// A JSONata expression (`{% … %}`) true of the value (`$`).
    Predicate(String),
}

impl Matcher {
    fn of(value: Value) -> Matcher {
        match value {
            Value::String(s) if crate::lang::is_jsonata_expression(&s) => Matcher::Predicate(s),
            other => Matcher::Exact(other),
        }
    }

    /// `None` when `actual` is as expected, else why not.
    fn check(&self, actual: &Value) -> Option<String> {
        match self {
            Matcher::Exact(expected) if same(expected, actual) => None,
            Matcher::Exact(expected) => Some(diff(expected, actual)),
            Matcher::Contains(expected) if contains(expected, actual) => None,
            Matcher::Contains(expected) => {
                Some(format!("does not contain what is expected\n{}", diff(expected, actual)))
            }
            Matcher::Predicate(expression) => match crate::run::jsonata_predicate(expression, actual) {
                Ok(Value::Bool(true)) => None,
                Ok(other) => Some(format!("`{expression}` is {other} for {actual}")),
                Err(message) => Some(format!("`{expression}` fails: {message}")),
            },
        }
    }
}

/// Equal JSON, numbers by value (`1` is `1.0`).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same(v, w)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

fn contains(expected: &Value, actual: &Value) -> bool {
    match (expected, actual) {
        (Value::Object(x), Value::Object(y)) => x.iter().all(|(k, v)| y.get(k).is_some_and(|w| contains(v, w))),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(v, w)| contains(v, w)),
        _ => same(expected, actual),
    }
}

/// What a case found: nothing wrong, or each expectation that failed.
#[derive(Clone, Debug)]
pub struct CaseResult {
    pub name: String,
    pub range: TextRange,
    /// The run could not start (bad input file, unknown test case, …).
    pub error: Option<String>,
    pub failures: Vec<Failure>,
    pub outcome: Option<Outcome>,
}

impl CaseResult {
    pub fn passed(&self) -> bool {
        self.error.is_none() && self.failures.is_empty()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// The expectation, in the test file.
    pub range: TextRange,
    /// `output`, `status`, `states.Charge Card.input`, …
    pub what: String,
    pub message: String,
    /// What the run gave, where the expectation is a value `--update` can
    /// replace with it (an exact `output`, or a state's `input`/`output`).
    pub actual: Option<Value>,
}

/// The machine a test file tests, read.
pub struct Subject<'a> {
    pub definition: &'a str,
    pub language: Language,
    /// The test file's folder: relative paths start there.
    pub folder: &'a Path,
}

/// Runs one case.
pub fn run_case(subject: &Subject<'_>, file: &TestFile, case: &Case) -> CaseResult {
    let mut result =
        CaseResult { name: case.name.clone(), range: case.range, error: None, failures: Vec::new(), outcome: None };
    let prepared = prepare(subject, file, case);
    let (options, mut mocks) = match prepared {
        Ok(prepared) => prepared,
        Err(message) => {
            result.error = Some(message);
            return result;
        }
    };
    let outcome = match crate::run::run_in(subject.definition, subject.language, &options, &mut mocks) {
        Ok(outcome) => outcome,
        Err(message) => {
            result.error = Some(message);
            return result;
        }
    };
    for expect in &case.expect {
        if let Some((what, message)) = check(&expect.field, &outcome) {
            let actual = replaceable(&expect.field, &outcome);
            result.failures.push(Failure { range: expect.range, what, message, actual });
        }
    }
    result.outcome = Some(outcome);
    result
}

fn prepare(subject: &Subject<'_>, file: &TestFile, case: &Case) -> Result<(crate::run::Options, MockConfig), String> {
    let read_json = |relative: &str| -> Result<Value, String> {
        let path = subject.folder.join(relative);
        let text = crate::text::read_file(&path).map_err(|e| format!("{relative}: {e}"))?;
        serde_json::from_str(&text).map_err(|e| format!("{relative} is not JSON: {e}"))
    };
    let input = match (&case.input, &case.input_file) {
        (Some(input), _) => input.clone(),
        (None, Some(path)) => read_json(path)?,
        (None, None) => json!({}),
    };
    // One MockConfigFile test case: the mock file's, with the inline mocks over it.
    let mut states = Map::new();
    let mut responses = Map::new();
    if let Some(test_case) = &case.test_case {
        let path = file.mock_file.as_deref().ok_or("`testCase` needs a `mockFile` in the test file")?;
        let mock_file = read_json(path)?;
        let machines = mock_file["StateMachines"].as_object().ok_or(format!("{path} has no `StateMachines`"))?;
        // The machine of that name first; a mock file may name it otherwise
        // (as Step Functions Local knows it), then any machine with the case.
        let named = machines.iter().filter(|(name, _)| file.machine.as_deref() == Some(name.as_str()));
        let cases = named
            .chain(machines.iter())
            .find_map(|(_, m)| m["TestCases"].get(test_case).and_then(Value::as_object))
            .ok_or_else(|| format!("no test case `{test_case}` in {path}"))?;
        states.extend(cases.clone());
        if let Some(all) = mock_file["MockedResponses"].as_object() {
            responses.extend(all.clone());
        }
    }
    for (state, response) in case.mocks.iter().flat_map(|m| m.as_object()).flatten() {
        let name = format!("inline: {state}");
        // `{"Return": …}` answers every attempt; `{"0": …, "1-2": …}` by attempt.
        let response = match response.get("Return").or_else(|| response.get("Throw")) {
            Some(_) => json!({"0": response}),
            None => response.clone(),
        };
        states.insert(state.clone(), Value::String(name.clone()));
        responses.insert(name, response);
    }
    let config = json!({"StateMachines": {"test": {"TestCases": {"case": states}}}, "MockedResponses": responses});
    let mocks = MockConfig::from_file(&config, None, "case")?;
    let options = crate::run::Options { input, context: case.context.clone(), ..Default::default() };
    Ok((options, mocks))
}

/// The value an exact expectation would have to be to pass.
fn replaceable(field: &Field, outcome: &Outcome) -> Option<Value> {
    let first = |state: &str| outcome.states.iter().find(|s| s.state == state);
    match field {
        Field::Output(Matcher::Exact(_)) => outcome.output.clone(),
        Field::StateInput(state, Matcher::Exact(_)) => first(state).map(|s| s.input.clone()),
        Field::StateOutput(state, Matcher::Exact(_)) => first(state).and_then(|s| s.output.clone()),
        _ => None,
    }
}

/// `None` when the run meets the expectation, else what and why.
fn check(field: &Field, outcome: &Outcome) -> Option<(String, String)> {
    let text = |s: &Option<String>| s.clone().map(Value::String).unwrap_or(Value::Null);
    let first = |state: &str| outcome.states.iter().find(|s| s.state == state);
    let missing = |state: &str| format!("`{state}` was never entered");
    match field {
        Field::Status(expected) => (outcome.status.name() != expected).then(|| {
            let why = match (&outcome.error, &outcome.cause) {
                (Some(error), Some(cause)) => format!(" ({error}: {cause})"),
                (Some(error), None) => format!(" ({error})"),
                _ => String::new(),
            };
            ("status".into(), format!("expected {expected}, the run {}{why}", outcome.status.name()))
        }),
        Field::Output(matcher) => match &outcome.output {
            Some(output) => matcher.check(output).map(|m| ("output".into(), m)),
            None => Some(("output".into(), format!("the run {} and has no output", outcome.status.name()))),
        },
        Field::Error(matcher) => matcher.check(&text(&outcome.error)).map(|m| ("error".into(), m)),
        Field::Cause(matcher) => matcher.check(&text(&outcome.cause)).map(|m| ("cause".into(), m)),
        Field::Path(expected) => {
            let taken: Vec<&str> = outcome.states.iter().filter(|s| s.depth == 0).map(|s| s.state.as_str()).collect();
            (taken != expected.iter().map(String::as_str).collect::<Vec<_>>())
                .then(|| ("path".into(), format!("expected {}\n   taken {}", expected.join(" → "), taken.join(" → "))))
        }
        Field::StateInput(state, matcher) => match first(state) {
            Some(run) => matcher.check(&run.input).map(|m| (format!("states.{state}.input"), m)),
            None => Some((format!("states.{state}.input"), missing(state))),
        },
        Field::StateOutput(state, matcher) => match first(state).map(|s: &StateRun| &s.output) {
            Some(Some(output)) => matcher.check(output).map(|m| (format!("states.{state}.output"), m)),
            Some(None) => Some((format!("states.{state}.output"), format!("`{state}` did not complete"))),
            None => Some((format!("states.{state}.output"), missing(state))),
        },
        Field::Visited(state, expected) => {
            let visited = first(state).is_some();
            (visited != *expected).then(|| {
                let message = if visited { format!("`{state}` was entered") } else { missing(state) };
                (format!("states.{state}.visited"), message)
            })
        }
    }
}

/// The definition beside a test file or a MockConfigFile, by its name:
/// `NAME.asl.test.yaml` (`.yml`, `.json`) and `NAME.mocks.json` go with
/// `NAME.asl.json` (or `.asl.yaml`, `.asl.yml`).
pub fn definition_beside(file: &Path) -> Option<std::path::PathBuf> {
    let name = file.file_name()?.to_str()?;
    let stem = [".asl.test.yaml", ".asl.test.yml", ".asl.test.json", ".mocks.json"]
        .iter()
        .find_map(|end| name.strip_suffix(end))?;
    [".asl.json", ".asl.yaml", ".asl.yml"]
        .iter()
        .map(|end| file.with_file_name(format!("{stem}{end}")))
        .find(|p| p.is_file())
}

/// Whether a file name is a test file's.
pub fn is_test_file(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    [".asl.test.yaml", ".asl.test.yml", ".asl.test.json"].iter().any(|end| name.ends_with(end))
}
