//! One JSONPath state as the JSONata state that does the same, field by
//! field in the order the state writes them.

use super::choice::condition;
use super::expr::{dollar, literal, path, placed, template, Form, Why};
use serde_json::{Map, Value};

const INPUT: &str = "$states.input";
const RESULT: &str = "$states.result";
const ERROR_OUTPUT: &str = "$states.errorOutput";

/// Fields that end up in the one `Output`.
const OUTPUT_FIELDS: &[&str] = &["Result", "ResultSelector", "ResultPath", "OutputPath"];

pub(super) fn convert(state: &Map<String, Value>) -> Result<Map<String, Value>, Why> {
    let kind = state.get("Type").and_then(Value::as_str).ok_or("the state has no `Type`")?;
    let effective = effective_input(state)?;
    let (arguments, output, assign_root) = match kind {
        "Task" | "Parallel" | "Map" => {
            let arguments = match (kind, state.get("Parameters")) {
                ("Map", _) => None,
                (_, Some(parameters)) => Some(Form::Template(template(parameters, &effective)?)),
                (_, None) if effective != INPUT => Some(Form::Expr(effective.clone())),
                _ => None,
            };
            let result = match state.get("ResultSelector") {
                Some(selector) => Form::Template(template(selector, RESULT)?),
                None => Form::Expr(RESULT.into()),
            };
            let output = output_path(state, result_path(state, INPUT, result)?)?;
            (arguments, (!output.is(RESULT)).then_some(output), RESULT.to_string())
        }
        "Pass" => {
            let result = match (state.get("Result"), state.get("Parameters")) {
                (Some(result), _) => Form::Template(literal(result)?),
                (None, Some(parameters)) => Form::Template(template(parameters, &effective)?),
                (None, None) => Form::Expr(effective.clone()),
            };
            let assign_root = result.expr();
            let output = output_path(state, result_path(state, INPUT, result)?)?;
            (None, (!output.is(INPUT)).then_some(output), assign_root)
        }
        "Wait" | "Choice" | "Succeed" => {
            let output = output_path(state, Form::Expr(effective.clone()))?;
            (None, (!output.is(INPUT)).then_some(output), effective.clone())
        }
        "Fail" => (None, None, INPUT.to_string()),
        other => return Err(format!("`{other}` is not a state type")),
    };
    let mut out: Vec<(String, Value)> = Vec::new();
    let mut output = output;
    let mut arguments = arguments;
    for (key, value) in state {
        match key.as_str() {
            "QueryLanguage" => {}
            "InputPath" | "Parameters" if kind != "Map" || key == "InputPath" => {
                if let Some(arguments) = arguments.take() {
                    out.push(("Arguments".into(), arguments.into_field()));
                }
            }
            k if OUTPUT_FIELDS.contains(&k) => {
                if let Some(output) = output.take() {
                    out.push(("Output".into(), output.into_field()));
                }
            }
            "Assign" => out.push((key.clone(), template(value, &assign_root)?)),
            "Catch" => out.push((key.clone(), catchers(value)?)),
            "Choices" => out.push((key.clone(), rules(value, &effective, output_for_rules(state, &effective)?)?)),
            "Credentials" => {
                // JSONata states are refused without `RoleArn` (JSONPath ones only warned).
                let ok = value.as_object().is_some_and(|c| c.contains_key("RoleArn") || c.contains_key("RoleArn.$"));
                if !ok {
                    return Err("`Credentials` has no `RoleArn`, which a JSONata state requires".into());
                }
                out.push((key.clone(), template(value, &effective)?));
            }
            "TimeoutSecondsPath"
            | "HeartbeatSecondsPath"
            | "SecondsPath"
            | "TimestampPath"
            | "MaxConcurrencyPath"
            | "ToleratedFailureCountPath"
            | "ToleratedFailurePercentagePath" => {
                let field = key.trim_end_matches("Path").to_string();
                out.push((field, expression(path(text(value, key)?, &effective)?)));
            }
            "ErrorPath" | "CausePath" => {
                let field = key.trim_end_matches("Path").to_string();
                out.push((field, expression(dollar(text(value, key)?, INPUT)?)));
            }
            "ItemsPath" => out.push(("Items".into(), expression(path(text(value, key)?, &effective)?))),
            "ItemSelector" | "Parameters" => out.push(("ItemSelector".into(), template(value, &effective)?)),
            "Iterator" => out.push(("ItemProcessor".into(), value.clone())),
            "ItemReader" | "ResultWriter" | "ItemBatcher" => out.push((key.clone(), map_io(key, value, &effective)?)),
            _ => out.push((key.clone(), value.clone())),
        }
    }
    // A Map reading its items from an input the state narrows: `Items` says so.
    if kind == "Map" && !state.contains_key("ItemsPath") && effective != INPUT {
        out.push(("Items".into(), expression(effective.clone())));
    }
    // An output of a state without any of the output fields (`InputPath` alone).
    if let Some(output) = output {
        let at = out.iter().position(|(k, _)| k == "Next" || k == "End").unwrap_or(out.len());
        out.insert(at, ("Output".into(), output.into_field()));
    }
    if let Some(arguments) = arguments {
        let at = out.iter().position(|(k, _)| k == "Output" || k == "Next" || k == "End").unwrap_or(out.len());
        out.insert(at, ("Arguments".into(), arguments.into_field()));
    }
    Ok(out.into_iter().collect())
}

fn expression(expr: String) -> Value {
    Value::String(format!("{{% {expr} %}}"))
}

fn text<'v>(value: &'v Value, key: &str) -> Result<&'v str, Why> {
    value.as_str().ok_or_else(|| format!("`{key}` is not a string"))
}

/// What `$` is after `InputPath`.
fn effective_input(state: &Map<String, Value>) -> Result<String, Why> {
    match state.get("InputPath") {
        None => Ok(INPUT.into()),
        Some(Value::Null) => Ok("{}".into()),
        Some(Value::String(p)) => path(p, INPUT),
        Some(_) => Err("`InputPath` is neither a path nor null".into()),
    }
}

/// `ResultPath`: the result placed into `base` (the raw input).
fn result_path(state: &Map<String, Value>, base: &str, result: Form) -> Result<Form, Why> {
    match state.get("ResultPath") {
        None => Ok(result),
        Some(Value::Null) => Ok(Form::Expr(base.into())),
        Some(Value::String(p)) if p.trim() == "$" => Ok(result),
        Some(Value::String(p)) => Ok(Form::Expr(placed(base, p, &result.expr())?)),
        Some(_) => Err("`ResultPath` is neither a path nor null".into()),
    }
}

/// `OutputPath` applied to what `ResultPath` made.
fn output_path(state: &Map<String, Value>, merged: Form) -> Result<Form, Why> {
    match state.get("OutputPath") {
        None => Ok(merged),
        Some(Value::Null) => Ok(Form::Template(Value::Object(Map::new()))),
        Some(Value::String(p)) if p.trim() == "$" => Ok(merged),
        Some(Value::String(p)) => Ok(Form::Expr(path(p, &merged.expr())?)),
        Some(_) => Err("`OutputPath` is neither a path nor null".into()),
    }
}

/// A Choice's output, for each rule (a JSONata rule's own `Output` replaces
/// the state's): `None` when it is the input.
fn output_for_rules(state: &Map<String, Value>, effective: &str) -> Result<Option<Value>, Why> {
    let output = output_path(state, Form::Expr(effective.to_string()))?;
    Ok((!output.is(INPUT)).then(|| output.into_field()))
}

fn rules(value: &Value, effective: &str, output: Option<Value>) -> Result<Value, Why> {
    let rules = value.as_array().ok_or("`Choices` is not an array")?;
    let mut out = Vec::new();
    for rule in rules {
        let rule = rule.as_object().ok_or("a choice rule that is not an object")?;
        let mut new = Map::new();
        new.insert("Condition".into(), expression(condition(rule, effective)?));
        for (key, value) in rule {
            match key.as_str() {
                "Next" | "Comment" => {
                    new.insert(key.clone(), value.clone());
                }
                "Assign" => {
                    new.insert(key.clone(), template(value, effective)?);
                }
                _ => {}
            }
        }
        if let Some(output) = &output {
            new.insert("Output".into(), output.clone());
        }
        out.push(Value::Object(new));
    }
    Ok(Value::Array(out))
}

fn catchers(value: &Value) -> Result<Value, Why> {
    let catchers = value.as_array().ok_or("`Catch` is not an array")?;
    let mut out = Vec::new();
    for catcher in catchers {
        let catcher = catcher.as_object().ok_or("a catcher that is not an object")?;
        let output = result_path(catcher, INPUT, Form::Expr(ERROR_OUTPUT.into()))?;
        let mut new = Map::new();
        for (key, value) in catcher {
            match key.as_str() {
                "ResultPath" => {
                    if !output.is(ERROR_OUTPUT) {
                        new.insert("Output".into(), output.clone().into_field());
                    }
                }
                "Assign" => {
                    new.insert(key.clone(), template(value, ERROR_OUTPUT)?);
                }
                _ => {
                    new.insert(key.clone(), value.clone());
                }
            }
        }
        out.push(Value::Object(new));
    }
    Ok(Value::Array(out))
}

/// A distributed Map's `ItemReader`, `ResultWriter` and `ItemBatcher`.
fn map_io(key: &str, value: &Value, effective: &str) -> Result<Value, Why> {
    let object = value.as_object().ok_or_else(|| format!("`{key}` is not an object"))?;
    let mut out = Map::new();
    for (field, v) in object {
        match field.as_str() {
            "Parameters" => {
                out.insert("Arguments".into(), template(v, effective)?);
            }
            "BatchInput" => {
                out.insert(field.clone(), template(v, effective)?);
            }
            "MaxItemsPerBatchPath" | "MaxInputBytesPerBatchPath" => {
                out.insert(field.trim_end_matches("Path").into(), expression(path(text(v, field)?, effective)?));
            }
            "ReaderConfig" => {
                let config = v.as_object().ok_or("`ReaderConfig` is not an object")?;
                let mut new = Map::new();
                for (name, setting) in config {
                    if name == "MaxItemsPath" {
                        new.insert("MaxItems".into(), expression(path(text(setting, name)?, effective)?));
                    } else {
                        new.insert(name.clone(), setting.clone());
                    }
                }
                out.insert(field.clone(), Value::Object(new));
            }
            _ => {
                out.insert(field.clone(), v.clone());
            }
        }
    }
    Ok(Value::Object(out))
}
