//! Definition values as JSON, and JSONPath payload templates (`Parameters`,
//! `ResultSelector`, `ItemSelector`, `Assign`): keys ending in `.$` take a
//! path or intrinsic call, evaluated; other values are copied.

use super::intrinsics::{self, number, CallError};
use super::paths::{miss_message, select, Miss, Roots};
use super::random::Random;
use crate::lang::{intrinsics as calls, jsonpath};
use crate::syntax::{Value as Node, ValueKind};
use serde_json::{Map, Value};

/// A syntax tree value as JSON.
pub fn to_json(node: &Node) -> Value {
    match &node.kind {
        ValueKind::Null | ValueKind::Error => Value::Null,
        ValueKind::Bool(b) => Value::Bool(*b),
        ValueKind::Number(n) => number(n.value),
        ValueKind::String(s) => Value::String(s.to_string()),
        ValueKind::Array(items) => Value::Array(items.iter().map(to_json).collect()),
        ValueKind::Object(object) => {
            Value::Object(object.members.iter().map(|m| (m.key.to_string(), to_json(&m.value))).collect())
        }
    }
}

/// Why a state failed: AWS's error name (none for a Fail state without
/// `Error`) and cause.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub error: Option<String>,
    pub cause: Option<String>,
    /// A task that missed its heartbeat: AWS reports `States.Timeout`, and
    /// a retrier or catcher naming `States.HeartbeatTimeout` takes it too.
    pub heartbeat: bool,
}

impl Failure {
    pub fn new(error: &str, cause: impl Into<String>) -> Failure {
        Failure { error: Some(error.to_string()), cause: Some(cause.into()), heartbeat: false }
    }

    /// A failure as a service or a `Fail` state gives it.
    pub fn raised(error: Option<String>, cause: Option<String>) -> Failure {
        Failure { error, cause, heartbeat: false }
    }

    pub fn name(&self) -> &str {
        self.error.as_deref().unwrap_or("")
    }
}

/// Compact JSON text, as AWS quotes values in messages.
pub fn compact(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// Selects with a path written in a field (`InputPath`, `ItemsPath`, …):
/// a miss is `States.Runtime` with Jayway's message.
pub fn path_field(text: &str, roots: &Roots<'_>) -> Result<Value, Failure> {
    let path = jsonpath::parse(text)
        .map_err(|e| Failure::new("States.Runtime", format!("Invalid path '{text}': {}", e.message)))?;
    select(&path, roots).map_err(|miss| match miss {
        Miss::NotFound { at } => {
            Failure::new("States.Runtime", format!("Invalid path '{text}' : {}", miss_message(&path, at)))
        }
        Miss::NoVariable(name) => {
            Failure::new("States.Runtime", format!("Invalid path '{text}' : the variable '{name}' is not set"))
        }
    })
}

/// Evaluates a payload template against `roots`.
pub fn template(node: &Node, roots: &Roots<'_>, random: &mut Random) -> Result<Value, Failure> {
    match &node.kind {
        ValueKind::Object(object) => {
            let mut out = Map::new();
            for member in &object.members {
                match member.key.strip_suffix(".$") {
                    Some(key) => {
                        let text = member.value.as_str().unwrap_or_default();
                        out.insert(key.to_string(), dollar_value(&member.key, text, roots, random)?);
                    }
                    None => {
                        out.insert(member.key.to_string(), template(&member.value, roots, random)?);
                    }
                }
            }
            Ok(Value::Object(out))
        }
        ValueKind::Array(items) => {
            Ok(Value::Array(items.iter().map(|i| template(i, roots, random)).collect::<Result<_, _>>()?))
        }
        _ => Ok(to_json(node)),
    }
}

/// The value of a `.$` key: a path or an intrinsic call.
pub fn dollar_value(key: &str, text: &str, roots: &Roots<'_>, random: &mut Random) -> Result<Value, Failure> {
    if text.starts_with("States.") {
        let call = calls::parse(text).map_err(|e| Failure::new("States.IntrinsicFailure", e.message))?;
        return intrinsics::evaluate(&call, roots, random).map_err(|e| match e {
            CallError::Failure(message) => Failure::new("States.IntrinsicFailure", message),
            CallError::Path { path, .. } => not_found(&path, key, roots),
        });
    }
    let path = jsonpath::parse(text).map_err(|e| Failure::new("States.Runtime", e.message))?;
    select(&path, roots).map_err(|_| not_found(text, key, roots))
}

fn not_found(path: &str, key: &str, roots: &Roots<'_>) -> Failure {
    let input = if path.trim_start().starts_with("$$") { roots.context } else { roots.input };
    Failure::new(
        "States.Runtime",
        format!(
            "The JSONPath '{path}' specified for the field '{key}' could not be found in the input '{}'",
            compact(input)
        ),
    )
}

/// A JSON value's type as AWS's messages name it.
pub fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}
