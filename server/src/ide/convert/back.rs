//! One JSONata state as the JSONPath state that does the same, where
//! JSONPath can say it: `Arguments` as `Parameters` (or `InputPath`),
//! `Output` as `ResultSelector`/`ResultPath`/`OutputPath` (or a Pass's
//! `Result`/`Parameters`), `Condition`s as choice rules, the plain fields'
//! expressions as their `…Path` twins.

use super::back_expr::{constructor, dollar, is_literal, no_path, path, rule, template, tree, Root};
use super::expr::Why;
use crate::lang::jsonata::{PKind, PNode};
use serde_json::{Map, Value};

/// Fields whose expression becomes a `…Path` field over the state input.
const PATH_FIELDS: &[&str] = &[
    "Seconds",
    "Timestamp",
    "TimeoutSeconds",
    "HeartbeatSeconds",
    "MaxConcurrency",
    "ToleratedFailureCount",
    "ToleratedFailurePercentage",
];

pub(super) fn convert(state: &Map<String, Value>) -> Result<Map<String, Value>, Why> {
    let kind = state.get("Type").and_then(Value::as_str).ok_or("the state has no `Type`")?;
    let mut out: Vec<(String, Value)> = Vec::new();
    let mut input_path = None;
    for (key, value) in state {
        match key.as_str() {
            "QueryLanguage" => {}
            "Arguments" => match (value, kind) {
                (Value::Object(_), _) => out.push(("Parameters".into(), template(value, Root::Input)?)),
                (Value::String(_), _) => {
                    let p = expression_path(value, Root::Input)?;
                    input_path = Some(p.clone());
                    out.push(("InputPath".into(), Value::String(p)));
                }
                _ => return Err("`Arguments` is neither an object nor an expression".into()),
            },
            "Output" => out.extend(output(kind, value)?),
            "Assign" => {
                let root = match kind {
                    "Task" | "Parallel" | "Map" => Root::Result,
                    _ => Root::Input,
                };
                // A Pass's JSONPath `Assign` reads its result, not its input.
                if kind == "Pass" && state.get("Output").is_some() {
                    return Err(
                        "a Pass state's `Assign` with an `Output`: JSONPath's `Assign` would read the output".into()
                    );
                }
                out.push((key.clone(), template(value, root)?));
            }
            "Items" => out.push(("ItemsPath".into(), Value::String(expression_path(value, Root::Input)?))),
            "ItemSelector" => out.push((key.clone(), template(value, Root::Input)?)),
            "Condition" => return Err("a `Condition` outside `Choices`".into()),
            "Choices" => out.push((key.clone(), rules(value)?)),
            "Catch" => out.push((key.clone(), catchers(value)?)),
            "Error" | "Cause" if value.as_str().and_then(tree).is_some() => {
                let node = value.as_str().and_then(tree).ok_or_else(|| no_path(value))??;
                let text = dollar(&node, Root::Input).ok_or_else(|| no_path(value))?;
                out.push((format!("{key}Path"), Value::String(text)));
            }
            "Credentials" => out.push((key.clone(), template(value, Root::Input)?)),
            "ItemReader" | "ResultWriter" | "ItemBatcher" => out.push((key.clone(), map_io(key, value)?)),
            k if PATH_FIELDS.contains(&k) && value.as_str().and_then(tree).is_some() => {
                out.push((format!("{key}Path"), Value::String(expression_path(value, Root::Input)?)));
            }
            // Their states are converted one by one (the walk goes in).
            "Branches" | "ItemProcessor" | "Iterator" => out.push((key.clone(), value.clone())),
            _ => {
                if !is_literal(value) {
                    return Err(format!("`{key}` holds an expression JSONPath has no place for"));
                }
                out.push((key.clone(), value.clone()));
            }
        }
    }
    // An `InputPath` moves what the `…Path` fields read: not the same then.
    if input_path.is_some() && out.iter().any(|(k, _)| k.ends_with("Path") && k != "InputPath" && k != "OutputPath") {
        return Err("`Arguments` as one expression with `…Path` fields: they would read the narrowed input".into());
    }
    Ok(out.into_iter().collect())
}

fn expression_path(value: &Value, root: Root) -> Result<String, Why> {
    let node = value.as_str().and_then(tree).ok_or_else(|| no_path(value))??;
    path(&node, root).ok_or_else(|| no_path(value))
}

/// A state's `Output` as the JSONPath fields that give it.
fn output(kind: &str, value: &Value) -> Result<Vec<(String, Value)>, Why> {
    let result_root = match kind {
        "Task" | "Parallel" | "Map" => Some(Root::Result),
        _ => None,
    };
    // A template.
    if let Value::Object(_) = value {
        return Ok(match (result_root, is_literal(value)) {
            (Some(root), _) => vec![("ResultSelector".into(), template(value, root)?)],
            (None, true) if kind == "Pass" => vec![("Result".into(), value.clone())],
            (None, _) if kind == "Pass" => vec![("Parameters".into(), template(value, Root::Input)?)],
            _ => return Err(format!("a {kind} state's `Output` template has no JSONPath form")),
        });
    }
    let node = value.as_str().and_then(tree).ok_or_else(|| no_path(value))??;
    let root = result_root.unwrap_or(Root::Input);
    if let Some(p) = path(&node, root) {
        return Ok(match p.as_str() {
            "$" => Vec::new(),
            _ => vec![("OutputPath".into(), Value::String(p))],
        });
    }
    if result_root.is_some() && path(&node, Root::Input).as_deref() == Some("$") {
        return Ok(vec![("ResultPath".into(), Value::Null)]);
    }
    // `$merge([$states.input, {'k': result}])`: the result placed at `$.k`.
    let (at, placed) = merged(&node, "$").ok_or_else(|| no_path(value))?;
    let mut fields = Vec::new();
    match result_root {
        Some(root) => match path(placed, root).as_deref() {
            Some("$") => {}
            _ => fields.push(("ResultSelector".into(), constructor(placed, root).ok_or_else(|| no_path(value))?)),
        },
        None => match (&placed.kind, path(placed, Root::Input)) {
            (_, Some(p)) if p == "$" => {}
            (_, Some(p)) => fields.push(("InputPath".into(), Value::String(p))),
            (_, None) if super::back_expr::constant(placed).is_some_and(|c| is_literal(&c)) => {
                fields.push(("Result".into(), super::back_expr::constant(placed).unwrap_or_default()));
            }
            (PKind::Object(_), None) => {
                let template = constructor(placed, Root::Input).ok_or_else(|| no_path(value))?;
                let literal = template.as_object().is_some_and(|m| m.keys().all(|k| !k.ends_with(".$")));
                fields.push((if literal { "Result" } else { "Parameters" }.into(), template));
            }
            _ => return Err(no_path(value)),
        },
    }
    fields.push(("ResultPath".into(), Value::String(at)));
    Ok(fields)
}

/// `$merge([$states.input…, {'k': inner}])` nested: the reference path
/// it writes and the value it places.
fn merged<'n>(node: &'n PNode, base: &str) -> Option<(String, &'n PNode)> {
    let PKind::Function { procedure, args, partial: false } = &node.kind else { return None };
    if !matches!(&procedure.kind, PKind::Variable(n) if n == "merge") || args.len() != 1 {
        return None;
    }
    let PKind::Array(items) = &args[0].kind else { return None };
    let [first, second] = items.as_slice() else { return None };
    if path(first, Root::Input)? != base {
        return None;
    }
    let PKind::Object(pairs) = &second.kind else { return None };
    let [(key, value)] = pairs.as_slice() else { return None };
    let PKind::String(key) = &key.kind else { return None };
    if !key.chars().all(|c| c.is_alphanumeric() || c == '_') || key.is_empty() {
        return None;
    }
    let here = format!("{base}.{key}");
    match merged(value, &here) {
        Some(deeper) => Some(deeper),
        None => Some((here, value)),
    }
}

fn rules(value: &Value) -> Result<Value, Why> {
    let rules = value.as_array().ok_or("`Choices` is not an array")?;
    let mut out = Vec::new();
    for r in rules {
        let r = r.as_object().ok_or("a choice rule that is not an object")?;
        let condition = r.get("Condition").ok_or("a rule without `Condition`")?;
        let node = condition.as_str().and_then(tree).ok_or("a `Condition` that is not an expression")??;
        let mut new = rule(&node).ok_or_else(|| format!("the condition {condition} has no exact JSONPath rule"))?;
        for (key, v) in r {
            match key.as_str() {
                "Condition" => {}
                "Next" | "Comment" => {
                    new.insert(key.clone(), v.clone());
                }
                "Assign" => {
                    new.insert(key.clone(), template(v, Root::Input)?);
                }
                other => return Err(format!("a rule's `{other}` has no JSONPath form")),
            }
        }
        out.push(Value::Object(new));
    }
    Ok(Value::Array(out))
}

fn catchers(value: &Value) -> Result<Value, Why> {
    let catchers = value.as_array().ok_or("`Catch` is not an array")?;
    let mut out = Vec::new();
    for c in catchers {
        let c = c.as_object().ok_or("a catcher that is not an object")?;
        let mut new = Map::new();
        for (key, v) in c {
            match key.as_str() {
                "Output" => {
                    let node = v.as_str().and_then(tree).ok_or_else(|| no_path(v))??;
                    if path(&node, Root::ErrorOutput).as_deref() == Some("$") {
                        continue;
                    }
                    if path(&node, Root::Input).as_deref() == Some("$") {
                        new.insert("ResultPath".into(), Value::Null);
                        continue;
                    }
                    let (at, placed) = merged(&node, "$").ok_or_else(|| no_path(v))?;
                    if path(placed, Root::ErrorOutput).as_deref() != Some("$") {
                        return Err(no_path(v));
                    }
                    new.insert("ResultPath".into(), Value::String(at));
                }
                "Assign" => {
                    new.insert(key.clone(), template(v, Root::ErrorOutput)?);
                }
                _ => {
                    new.insert(key.clone(), v.clone());
                }
            }
        }
        out.push(Value::Object(new));
    }
    Ok(Value::Array(out))
}

fn map_io(key: &str, value: &Value) -> Result<Value, Why> {
    let object = value.as_object().ok_or_else(|| format!("`{key}` is not an object"))?;
    let mut out = Map::new();
    for (field, v) in object {
        match field.as_str() {
            "Arguments" => {
                out.insert("Parameters".into(), template(v, Root::Input)?);
            }
            "BatchInput" => {
                out.insert(field.clone(), template(v, Root::Input)?);
            }
            "MaxItemsPerBatch" | "MaxInputBytesPerBatch" if v.is_string() => {
                out.insert(format!("{field}Path"), Value::String(expression_path(v, Root::Input)?));
            }
            "ReaderConfig" => {
                let mut config = Map::new();
                for (name, setting) in v.as_object().ok_or("`ReaderConfig` is not an object")? {
                    if name == "MaxItems" && setting.is_string() {
                        config.insert("MaxItemsPath".into(), Value::String(expression_path(setting, Root::Input)?));
                    } else {
                        config.insert(name.clone(), setting.clone());
                    }
                }
                out.insert(field.clone(), Value::Object(config));
            }
            _ => {
                out.insert(field.clone(), v.clone());
            }
        }
    }
    Ok(Value::Object(out))
}
