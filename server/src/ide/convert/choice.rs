//! Choice rules as JSONata `Condition`s. A JSONPath comparison is false
//! (not an error) when the value is of another type, so each comparison
//! that JSONata would refuse on other types is guarded by `$type`.

use super::expr::{path, quoted, Why};
use serde_json::Value;

/// The condition a rule (with `And`/`Or`/`Not` nested) tests, with `$` the
/// Choice state's effective input `root`.
pub(super) fn condition(rule: &serde_json::Map<String, Value>, root: &str) -> Result<String, Why> {
    if let Some(all) = rule.get("And").and_then(Value::as_array) {
        return joined(all, " and ", root);
    }
    if let Some(any) = rule.get("Or").and_then(Value::as_array) {
        return joined(any, " or ", root);
    }
    if let Some(not) = rule.get("Not").and_then(Value::as_object) {
        return Ok(format!("$not({})", condition(not, root)?));
    }
    let variable = rule.get("Variable").and_then(Value::as_str).ok_or("a rule without `Variable`")?;
    let v = path(variable, root)?;
    let (operator, operand) = rule
        .iter()
        .find(|(k, _)| !matches!(k.as_str(), "Variable" | "Next" | "Comment" | "Assign"))
        .ok_or("a rule without a comparison")?;
    let (name, by_path) = match operator.strip_suffix("Path") {
        Some(name) if name != "Is" => (name, true),
        _ => (operator.as_str(), false),
    };
    let other = if by_path {
        path(operand.as_str().ok_or("a `…Path` comparison that is not a path")?, root)?
    } else {
        match operand {
            Value::String(s) => quoted(s),
            Value::Number(_) | Value::Bool(_) => operand.to_string(),
            _ => String::new(),
        }
    };
    let typed = |ty: &str, test: String| {
        let mut guard = format!("$type({v}) = '{ty}'");
        if by_path {
            guard.push_str(&format!(" and $type({other}) = '{ty}'"));
        }
        format!("({guard} and {test})")
    };
    let flag = operand.as_bool();
    Ok(match name {
        "StringEquals" => typed("string", format!("{v} = {other}")),
        "StringLessThan" => typed("string", format!("{v} < {other}")),
        "StringGreaterThan" => typed("string", format!("{v} > {other}")),
        "StringLessThanEquals" => typed("string", format!("{v} <= {other}")),
        "StringGreaterThanEquals" => typed("string", format!("{v} >= {other}")),
        "NumericEquals" => typed("number", format!("{v} = {other}")),
        "NumericLessThan" => typed("number", format!("{v} < {other}")),
        "NumericGreaterThan" => typed("number", format!("{v} > {other}")),
        "NumericLessThanEquals" => typed("number", format!("{v} <= {other}")),
        "NumericGreaterThanEquals" => typed("number", format!("{v} >= {other}")),
        "BooleanEquals" => typed("boolean", format!("{v} = {other}")),
        "TimestampEquals" | "TimestampLessThan" | "TimestampGreaterThan" | "TimestampLessThanEquals"
        | "TimestampGreaterThanEquals" => {
            return Err(format!(
                "`{operator}` compares timestamps to the nanosecond and is false for a text that is not one; JSONata's `$toMillis` is to the millisecond and fails on such text"
            ))
        }
        "StringMatches" if !by_path => {
            let pattern = operand.as_str().ok_or("`StringMatches` without a pattern")?;
            typed("string", format!("$contains({v}, /^{}$/)", glob_regex(pattern)))
        }
        "IsPresent" => match flag {
            Some(true) => format!("$exists({v})"),
            Some(false) => format!("$not($exists({v}))"),
            None => return Err("`IsPresent` takes true or false".into()),
        },
        "IsNull" => match flag {
            Some(true) => format!("({v} = null)"),
            Some(false) => format!("($exists({v}) and {v} != null)"),
            None => return Err("`IsNull` takes true or false".into()),
        },
        "IsString" | "IsNumeric" | "IsBoolean" => {
            let ty = match name {
                "IsString" => "string",
                "IsNumeric" => "number",
                _ => "boolean",
            };
            match flag {
                Some(true) => format!("($type({v}) = '{ty}')"),
                Some(false) => format!("($type({v}) != '{ty}')"),
                None => return Err(format!("`{name}` takes true or false")),
            }
        }
        other => return Err(format!("`{other}` has no exact JSONata form")),
    })
}

fn joined(rules: &[Value], operator: &str, root: &str) -> Result<String, Why> {
    let parts: Vec<String> = rules
        .iter()
        .map(|r| {
            r.as_object().ok_or_else(|| "a rule that is not an object".to_string()).and_then(|r| condition(r, root))
        })
        .collect::<Result<_, _>>()?;
    if parts.is_empty() {
        return Err("an empty `And`/`Or`".into());
    }
    Ok(format!("({})", parts.join(operator)))
}

/// A `StringMatches` pattern (`*` any text, `\*` a star, `\\` a backslash)
/// as a regular expression for a JSONata `/…/` literal.
fn glob_regex(pattern: &str) -> String {
    let mut out = String::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '*' => out.push_str(".*"),
            '\\' => match chars.next() {
                Some(next) => push_escaped(&mut out, next),
                None => push_escaped(&mut out, '\\'),
            },
            other => push_escaped(&mut out, other),
        }
    }
    out
}

fn push_escaped(out: &mut String, c: char) {
    if "\\^$.|?*+()[]{}/".contains(c) {
        out.push('\\');
    }
    out.push(c);
}
