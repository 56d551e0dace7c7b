//! Numbers a state reads at run time (`TimeoutSecondsPath`,
//! `HeartbeatSecondsPath`, their JSONata forms, …): which values AWS takes,
//! and its `States.Runtime` / `States.QueryEvaluationError` cause for the
//! others.

use super::data::{compact, Failure};
use serde_json::Value;

/// The value as AWS quotes it in a cause: strings bare, others as JSON.
fn shown(value: &Value) -> String {
    value.as_str().map(str::to_string).unwrap_or_else(|| compact(value))
}

/// A positive whole number of seconds read by a `…SecondsPath` field.
pub fn path_seconds(field: &str, path: &str, value: &Value) -> Result<f64, Failure> {
    match value.as_f64() {
        Some(n) if n > 0.0 && n.fract() == 0.0 && value.is_number() => Ok(n),
        _ => Err(Failure::new(
            "States.Runtime",
            format!(
                "The {field} field refers to value \"{}\" which is not a valid positive integer: {path}",
                shown(value)
            ),
        )),
    }
}

/// A positive whole number of seconds given by a JSONata expression.
pub fn jsonata_seconds(field: &str, expression: &str, value: &Value) -> Result<f64, Failure> {
    match value.as_f64() {
        Some(n) if n > 0.0 && n.fract() == 0.0 => Ok(n),
        _ => Err(unexpected_type(field, expression, value, "integer")),
    }
}

/// A number given by a JSONata expression (`expected`: `integer` or
/// `float`, as AWS names the type it wanted).
pub fn jsonata_number(field: &str, expression: &str, value: &Value, expected: &str) -> Result<f64, Failure> {
    match value.as_f64() {
        Some(n) if expected != "integer" || n.fract() == 0.0 => Ok(n),
        _ => Err(unexpected_type(field, expression, value, expected)),
    }
}

/// AWS's refusal of a JSONata result of the wrong type.
fn unexpected_type(field: &str, expression: &str, value: &Value, expected: &str) -> Failure {
    Failure::new(
        "States.QueryEvaluationError",
        format!(
            "The JSONata expression '{}' specified for the field '{field}' returned an unexpected result type. Expected '{expected}', but was '{}' for value: {}",
            super::jsonata::inner(expression),
            kind(value),
            compact(value)
        ),
    )
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// A count of 0 or more read by a path (`MaxItemsPath`); a negative one
/// fails the map run as AWS records it (`States.ItemReaderFailed`).
pub fn path_count(field: &str, path: &str, value: &Value) -> Result<f64, Failure> {
    match value.as_f64() {
        Some(n) if n >= 0.0 && n.fract() == 0.0 && value.is_number() => Ok(n),
        Some(n) if n < 0.0 && n.fract() == 0.0 && value.is_number() => {
            Err(Failure::new("States.ItemReaderFailed", "field MaxItems must be positive"))
        }
        _ => Err(Failure::new(
            "States.Runtime",
            format!("The {field} field refers to value \"{}\" which is not a valid integer: {path}", shown(value)),
        )),
    }
}

/// `MaxConcurrencyPath`'s value: a whole number, 0 or more.
pub fn max_concurrency(path: &str, value: &Value) -> Result<f64, Failure> {
    match value.as_f64().filter(|n| n.fract() == 0.0 && value.is_number()) {
        Some(n) if n >= 0.0 => Ok(n),
        Some(n) => Err(Failure::new(
            "States.Runtime",
            format!("Expected non-negative integer for MaxConcurrency, got '{n}' instead."),
        )),
        None => Err(Failure::new(
            "States.Runtime",
            format!(
                "The MaxConcurrencyPath field refers to value \"{}\" which is not a valid integer: {path}",
                shown(value)
            ),
        )),
    }
}

/// `SecondsPath`'s value: a whole number of 0 or more, refused as AWS
/// records (negative, fraction), or else as not a non-negative integer.
pub fn seconds_path(path: &str, value: &Value) -> Result<f64, Failure> {
    let refuse = |text: String| Err(Failure::new("States.Runtime", text));
    match value.as_f64().filter(|_| value.is_number()) {
        Some(n) if n.fract() != 0.0 => {
            refuse(format!("The SecondsPath parameter cannot be parsed as a long value: {path} == {}", compact(value)))
        }
        Some(n) if n < 0.0 => {
            refuse(format!("The SecondsPath parameter references a negative value: {path} == {}", compact(value)))
        }
        Some(n) => Ok(n),
        None => refuse(format!(
            "The SecondsPath parameter does not reference a valid non-negative integer: {path} == {}",
            compact(value)
        )),
    }
}
