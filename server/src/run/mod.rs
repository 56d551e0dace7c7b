//! The evaluator: runs a definition on an input, tasks answered by mocks,
//! with AWS's semantics: JSONPath and JSONata input/output processing,
//! intrinsic functions, the context object, variables, Choice rules, Wait
//! on a simulated clock, Parallel and Map, Retry and Catch, and
//! `States.*` errors with AWS's error names and cause texts. It reads the
//! model and the expression languages; it knows nothing of LSP.

mod choice;
mod data;
mod intrinsics;
pub mod items;
mod jsonata;
mod machine;
pub mod mocks;
mod numbers;
mod paths;
mod random;
mod s3;

#[cfg(test)]
mod tests;

pub use data::to_json as tree_to_json;
pub use data::type_name;
pub use mocks::{Answer, Mocks};

use serde_json::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Succeeded,
    Failed,
    TimedOut,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Succeeded => "SUCCEEDED",
            Status::Failed => "FAILED",
            Status::TimedOut => "TIMED_OUT",
        }
    }
}

/// One state entered during a run.
#[derive(Clone, Debug, PartialEq)]
pub struct StateRun {
    pub state: String,
    pub kind: &'static str,
    /// 0 at the top level; inside a Parallel branch or Map iteration, more.
    pub depth: usize,
    pub input: Value,
    /// `None` when the state did not exit (it failed, or ended the run).
    pub output: Option<Value>,
    /// The byte range of the state's name in the definition.
    pub name_range: crate::text::TextRange,
    /// The choice rule taken, the retries made, …
    pub notes: Vec<String>,
    /// The same, for coverage: which rule, retrier and catcher of the state.
    pub taken: Vec<Taken>,
}

/// A branch of a state that a run took.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Taken {
    /// Choice rule `i` matched.
    Rule(usize),
    /// No rule matched: the `Default`.
    Default,
    /// Retrier `i` retried the state.
    Retrier(usize),
    /// Catcher `i` caught its failure.
    Catcher(usize),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub status: Status,
    pub output: Option<Value>,
    pub error: Option<String>,
    pub cause: Option<String>,
    pub states: Vec<StateRun>,
    /// Things the user should know about the run itself (tasks without a mock).
    pub notices: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct Options {
    pub input: Value,
    /// Context-object values that override the generated ones
    /// (`{"Execution": {"Name": …}}`).
    pub context: Option<Value>,
    /// Run this one state alone (as AWS's TestState API).
    pub state: Option<String>,
    /// Transitions before the run stops as runaway.
    pub max_transitions: usize,
    pub seed: u64,
    /// The folder that stands for S3 (`BUCKET/KEY` under it) for a
    /// distributed Map's `ItemReader` and `ResultWriter`; without it, the
    /// Map state's mock answers the read and nothing is written.
    pub s3_root: Option<std::path::PathBuf>,
    /// Run Map iterations and Parallel branches in an order drawn from this
    /// seed (each one whole, results kept in their places), to find a
    /// definition whose result depends on the order; `None`: in order.
    pub shuffle: Option<u64>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            input: Value::Object(Default::default()),
            context: None,
            state: None,
            max_transitions: 10_000,
            seed: 1,
            s3_root: None,
            shuffle: None,
        }
    }
}

impl Outcome {
    /// The outcome as `asl-ls run --format json` prints it.
    pub fn to_json(&self) -> Value {
        serde_json::json!({
            "status": self.status.name(),
            "output": self.output,
            "error": self.error,
            "cause": self.cause,
            "states": self
                .states
                .iter()
                .map(|s| serde_json::json!({"state": s.state, "type": s.kind, "input": s.input, "output": s.output}))
                .collect::<Vec<_>>(),
            "notices": self.notices,
        })
    }
}

/// The ISO 8601 timestamp `seconds` after `start`.
pub fn timestamp_after(start: &str, seconds: f64) -> Option<String> {
    choice::add_seconds(start, seconds)
}

/// Runs the definition `text`; `Err` when it cannot be run at all (not a
/// state machine, no start state).
/// A JSONata expression (`{% … %}`) evaluated with `$` (and
/// `$states.input`) the value given: test expectations' predicates.
pub fn jsonata_predicate(expression: &str, value: &Value) -> Result<Value, String> {
    let scope = jsonata::Scope { states: serde_json::json!({"input": value}), variables: &[] };
    jsonata::expression(expression, &scope, "expect").map_err(|f| f.cause.or(f.error).unwrap_or_default())
}

pub fn run(text: &str, options: &Options, mocks: &mut dyn Mocks) -> Result<Outcome, String> {
    run_in(text, crate::syntax::Language::Json, options, mocks)
}

/// [`run`] on a definition written in `language`.
pub fn run_in(
    text: &str,
    language: crate::syntax::Language,
    options: &Options,
    mocks: &mut dyn Mocks,
) -> Result<Outcome, String> {
    let parse = language.parse(text);
    let root = parse.root.as_ref().ok_or("the definition cannot be read")?;
    run_tree(root, options, mocks)
}

/// [`run`] on a definition already parsed (a template's machine, its
/// values read as the host deploys them): the trace's ranges are the tree's.
pub fn run_tree(root: &crate::syntax::Value, options: &Options, mocks: &mut dyn Mocks) -> Result<Outcome, String> {
    let machine = crate::model::lower(root).ok_or("the definition is not an object")?;
    machine::Runner::new(&machine, options, mocks).run()
}
