//! JSONata in definitions: `{% … %}` strings evaluated with `$states` and
//! the variables bound, anywhere in a field's value (`Arguments`, `Output`,
//! `Assign`, …). A failure is `States.QueryEvaluationError` with AWS's
//! cause text naming the expression and the field.

use super::data::{to_json, Failure};
use crate::lang::jsonata::{self, value::Value as JValue, Limits};
use crate::lang::{is_jsonata_expression, sfn_jsonata};
use crate::syntax::{Value as Node, ValueKind};
use serde_json::{Map, Value};
use std::time::Duration;

/// What expressions see: `$states` and the variables.
pub struct Scope<'a> {
    pub states: Value,
    pub variables: &'a [(String, Value)],
}

/// The expression inside `{% … %}`, as AWS quotes it in messages; any
/// other text as it is.
pub fn inner(text: &str) -> &str {
    text.strip_prefix("{%").and_then(|t| t.strip_suffix("%}")).unwrap_or(text).trim()
}

/// Evaluates one expression string; `field` is the field path for messages
/// (`Arguments/FunctionName`).
pub fn expression(text: &str, scope: &Scope<'_>, field: &str) -> Result<Value, Failure> {
    let source = inner(text);
    let failure = |detail: String| {
        Failure::new(
            "States.QueryEvaluationError",
            format!("The JSONata expression '{source}' specified for the field '{field}' {detail}"),
        )
    };
    let ast = jsonata::parse(source)
        .map_err(|e| failure(format!("threw an error during evaluation. {}: {}", e.code, e.message())))?;
    let mut bindings: Vec<(&str, JValue)> = sfn_jsonata::functions();
    bindings.push(("states", JValue::from_json(&scope.states)));
    for (name, value) in scope.variables {
        bindings.push((name.as_str(), JValue::from_json(value)));
    }
    let limits = Limits { max_depth: 1000, timeout: Duration::from_secs(10) };
    let input = JValue::from_json(&scope.states["input"]);
    let result = jsonata::evaluate(&ast, &input, &bindings, limits)
        .map_err(|e| failure(format!("threw an error during evaluation. {}: {}", e.code, e.message())))?;
    if result.is_function() {
        return Err(failure("returned an unsupported result type.".into()));
    }
    result.to_json().ok_or_else(|| failure("returned nothing (undefined).".into()))
}

/// Evaluates every expression string in a field's value.
pub fn template(node: &Node, scope: &Scope<'_>, field: &str) -> Result<Value, Failure> {
    match &node.kind {
        ValueKind::String(s) if is_jsonata_expression(s) => expression(s, scope, field),
        ValueKind::Object(object) => {
            let mut out = Map::new();
            for member in &object.members {
                out.insert(member.key.to_string(), template(&member.value, scope, &format!("{field}/{}", member.key))?);
            }
            Ok(Value::Object(out))
        }
        ValueKind::Array(items) => Ok(Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| template(v, scope, &format!("{field}[{i}]")))
                .collect::<Result<_, _>>()?,
        )),
        _ => Ok(to_json(node)),
    }
}
