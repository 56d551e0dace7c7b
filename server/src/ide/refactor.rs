//! Refactors (code actions of kind `refactor.rewrite`) at the cursor:
//! convert the state or the whole machine from JSONPath to JSONata, call a
//! Lambda function through the `lambda:invoke` integration or by its ARN,
//! and add AWS's recommended retry of Lambda's transient errors. Each
//! rewrites a whole value, written in the document's language and
//! indentation.

use super::convert::{machine_to_jsonata, machine_to_jsonpath, state_to_jsonata, state_to_jsonpath};
use super::edit::{indent_at, is_block_mapping, TextEdit};
use super::format::{json_value, FormatOptions, Indent};
use super::yaml_text::{members_as_yaml, object_as_yaml, yaml_unit};
use crate::model::{Machine, QueryLanguage, State};
use crate::run::tree_to_json;
use crate::syntax::{Language, Value as Node};
use crate::text::TextRange;
use serde_json::{json, Map, Value};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refactor {
    pub title: String,
    pub edits: Vec<TextEdit>,
    /// Why it cannot be applied here (shown greyed out, with the reason).
    pub disabled: Option<String>,
}

/// The errors AWS recommends retrying for every Lambda call
/// (docs: "Handle transient Lambda service exceptions").
const LAMBDA_ERRORS: &[&str] = &[
    "Lambda.ClientExecutionTimeoutException",
    "Lambda.ServiceException",
    "Lambda.AWSLambdaException",
    "Lambda.SdkClientException",
];

const INVOKE: &str = "arn:aws:states:::lambda:invoke";

/// The refactors at `range` of the machine `machine` lowered from `root`;
/// the whole machine's conversion (a rewrite of every state) only when
/// `machine_wide` (the editor asked for refactors, not a lightbulb).
pub fn refactors(
    text: &str,
    root: &Node,
    machine: &Machine<'_>,
    language: Language,
    range: TextRange,
    machine_wide: bool,
) -> Vec<Refactor> {
    let mut out = Vec::new();
    // The innermost state whose text holds the cursor.
    let state =
        machine.states.iter().filter(|s| s.member.range().contains_range(range)).min_by_key(|s| s.member.range().len());
    if let Some(state) = state {
        let value = tree_to_json(&state.member.value);
        let top = root.as_object().and_then(|o| o.value("QueryLanguage")).and_then(Node::as_str);
        // A JSONPath state cannot live in a JSONata machine: that is the machine's refactor.
        let converted = match state.query_language {
            QueryLanguage::JsonPath => Some(("JSONata", state_to_jsonata(&value))),
            QueryLanguage::Jsonata if top != Some("JSONata") => Some(("JSONPath", state_to_jsonpath(&value))),
            QueryLanguage::Jsonata => None,
        };
        if let Some((target, converted)) = converted {
            let title = format!("Convert `{}` to {target}", state.name);
            out.push(match converted {
                Ok(new) => {
                    Refactor { title, edits: vec![replace(text, language, &state.member.value, &new)], disabled: None }
                }
                Err(why) => Refactor { title, edits: Vec::new(), disabled: Some(why) },
            });
        }
        out.extend(lambda_refactors(text, language, state));
    }
    if !machine_wide {
        return out;
    }
    let definition = tree_to_json(root);
    let (target, other, conversion) = match definition.get("QueryLanguage").and_then(Value::as_str) {
        Some("JSONata") => ("JSONPath", "JSONata", machine_to_jsonpath(&definition)),
        _ => ("JSONata", "JSONPath", machine_to_jsonata(&definition)),
    };
    let title = match conversion.left.len() {
        0 => format!("Convert the state machine to {target}"),
        n => format!(
            "Convert the state machine to {target} ({n} {} {other}: {})",
            if n == 1 { "state stays" } else { "states stay" },
            conversion.left.iter().map(|l| format!("{} {}", l.pointer, l.why)).collect::<Vec<_>>().join("; ")
        ),
    };
    if conversion.converted > 0 {
        out.push(Refactor {
            title,
            edits: vec![replace(text, language, root, &conversion.definition)],
            disabled: None,
        });
    }
    out
}

/// Lambda calls: plain ARN ⇄ `lambda:invoke`, and the recommended retry.
fn lambda_refactors(text: &str, language: Language, state: &State<'_>) -> Vec<Refactor> {
    let mut out = Vec::new();
    let value = tree_to_json(&state.member.value);
    let Some(object) = value.as_object() else { return out };
    let resource = object.get("Resource").and_then(Value::as_str).unwrap_or_default();
    let jsonata = state.query_language == QueryLanguage::Jsonata;
    let plain = resource.starts_with("arn:") && resource.contains(":lambda:") && resource.contains(":function:");
    let invoke = resource.starts_with("arn:") && resource.ends_with(":lambda:invoke");
    if plain {
        let title = "Call the function through the Lambda integration (`lambda:invoke`)".to_string();
        out.push(match to_invoke(object, resource, jsonata) {
            Ok(new) => {
                Refactor { title, edits: vec![replace(text, language, &state.member.value, &new)], disabled: None }
            }
            Err(why) => Refactor { title, edits: Vec::new(), disabled: Some(why) },
        });
    }
    if invoke {
        if let Some(new) = to_plain(object, jsonata) {
            let title = "Call the function by its ARN (the result without the integration's metadata)".to_string();
            out.push(Refactor {
                title,
                edits: vec![replace(text, language, &state.member.value, &new)],
                disabled: None,
            });
        }
    }
    let retried = object.get("Retry").and_then(Value::as_array).is_some_and(|retry| {
        retry
            .iter()
            .any(|r| r["ErrorEquals"].as_array().is_some_and(|e| e.iter().any(|e| e == "Lambda.ServiceException")))
    });
    if (plain || invoke) && !retried {
        let mut new = object.clone();
        let entry = json!({"ErrorEquals": LAMBDA_ERRORS, "IntervalSeconds": 2, "MaxAttempts": 6, "BackoffRate": 2});
        match new.get_mut("Retry").and_then(Value::as_array_mut) {
            Some(retry) => retry.insert(0, entry),
            None => {
                let at = new.keys().position(|k| k == "Catch" || k == "Next" || k == "End").unwrap_or(new.len());
                new = insert_at(new, at, "Retry", Value::Array(vec![entry]));
            }
        }
        out.push(Refactor {
            title: "Retry Lambda's transient errors (AWS's recommended retry)".into(),
            edits: vec![replace(text, language, &state.member.value, &Value::Object(new))],
            disabled: None,
        });
    }
    out
}

/// A plain-ARN Lambda task through `lambda:invoke`: the payload as the
/// function got it, and the output unwrapped from the response's `Payload`.
fn to_invoke(object: &Map<String, Value>, arn: &str, jsonata: bool) -> Result<Value, String> {
    let mut new = Map::new();
    for (key, value) in object {
        match key.as_str() {
            "Resource" => {
                new.insert(key.clone(), Value::String(INVOKE.into()));
                let (field, payload) = match (jsonata, object.get("Arguments"), object.get("Parameters")) {
                    (true, Some(arguments), _) => ("Arguments", json!({"FunctionName": arn, "Payload": arguments})),
                    (true, None, _) => ("Arguments", json!({"FunctionName": arn, "Payload": "{% $states.input %}"})),
                    (false, _, Some(parameters)) => ("Parameters", json!({"FunctionName": arn, "Payload": parameters})),
                    (false, _, None) => ("Parameters", json!({"FunctionName": arn, "Payload.$": "$"})),
                };
                new.insert(field.into(), payload);
            }
            "Arguments" | "Parameters" => {}
            _ => {
                new.insert(key.clone(), value.clone());
            }
        }
    }
    if jsonata {
        // What read `$states.result` now reads its `Payload`.
        for field in ["Output", "Assign"] {
            if let Some(value) = new.get_mut(field) {
                *value = unwrap_result(value);
            }
        }
        if !new.contains_key("Output") {
            let at = new.keys().position(|k| matches!(k.as_str(), "Assign" | "Retry" | "Catch" | "Next" | "End"));
            let at = at.unwrap_or(new.len());
            new = insert_at(new, at, "Output", json!("{% $states.result.Payload %}"));
        }
        return Ok(Value::Object(new));
    }
    for (field, why) in
        [("ResultSelector", "a `ResultSelector`"), ("Assign", "an `Assign`"), ("OutputPath", "an `OutputPath`")]
    {
        if new.contains_key(field) {
            return Err(format!("the state has {why}, which would then read the response, not the result"));
        }
    }
    if new.get("ResultPath").is_some_and(|p| p != "$") {
        return Err("the state has a `ResultPath`: only a `ResultSelector` could unwrap the response there".into());
    }
    let at = new.keys().position(|k| matches!(k.as_str(), "Retry" | "Catch" | "Next" | "End"));
    let at = at.unwrap_or(new.len());
    Ok(Value::Object(insert_at(new, at, "OutputPath", json!("$.Payload"))))
}

/// The inverse of [`to_invoke`], where it is one exactly: a literal
/// function ARN, and the output that unwraps `Payload`.
fn to_plain(object: &Map<String, Value>, jsonata: bool) -> Option<Value> {
    let field = if jsonata { "Arguments" } else { "Parameters" };
    let arguments = object.get(field)?.as_object()?;
    let arn = arguments.get("FunctionName")?.as_str()?;
    if !(arn.starts_with("arn:") && arn.contains(":function:")) {
        return None;
    }
    let payload = match (jsonata, arguments.len(), arguments.get("Payload"), arguments.get("Payload.$")) {
        (_, 1, None, None) => None,
        (true, 2, Some(p), _) if p == "{% $states.input %}" => None,
        (_, 2, Some(p), _) => Some(p.clone()),
        (false, 2, _, Some(p)) if p == "$" => None,
        _ => return None,
    };
    let unwraps = if jsonata {
        object.get("Output").is_some_and(|o| o == "{% $states.result.Payload %}")
    } else {
        object.get("OutputPath").is_some_and(|o| o == "$.Payload")
            && !object.contains_key("ResultSelector")
            && !object.contains_key("Assign")
            && object.get("ResultPath").is_none_or(|p| p == "$")
    };
    if !unwraps {
        return None;
    }
    let mut new = Map::new();
    for (key, value) in object {
        match key.as_str() {
            "Resource" => {
                new.insert(key.clone(), Value::String(arn.into()));
                if let Some(payload) = &payload {
                    new.insert(field.into(), payload.clone());
                }
            }
            "Output" | "OutputPath" => {}
            k if k == field => {}
            _ => {
                new.insert(key.clone(), value.clone());
            }
        }
    }
    Some(Value::Object(new))
}

/// `$states.result` read as `$states.result.Payload` in every expression.
fn unwrap_result(value: &Value) -> Value {
    match value {
        Value::String(s) if crate::lang::is_jsonata_expression(s) => {
            let mut out = String::new();
            let mut rest = s.as_str();
            while let Some(i) = rest.find("$states.result") {
                let after = &rest[i + "$states.result".len()..];
                out.push_str(&rest[..i]);
                out.push_str("$states.result");
                if !after.starts_with(|c: char| c.is_alphanumeric() || c == '_') {
                    out.push_str(".Payload");
                }
                rest = after;
            }
            out.push_str(rest);
            Value::String(out)
        }
        Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), unwrap_result(v))).collect()),
        Value::Array(items) => Value::Array(items.iter().map(unwrap_result).collect()),
        other => other.clone(),
    }
}

fn insert_at(map: Map<String, Value>, at: usize, key: &str, value: Value) -> Map<String, Value> {
    let mut entries: Vec<(String, Value)> = map.into_iter().collect();
    entries.insert(at.min(entries.len()), (key.to_string(), value));
    entries.into_iter().collect()
}

/// The edit writing `new` in place of the value `old`, in the document's
/// language and at its indentation.
fn replace(text: &str, language: Language, old: &Node, new: &Value) -> TextEdit {
    let indent = indent_at(text, old.range.start).to_string();
    let written = match (language, old.as_object()) {
        (Language::Yaml, Some(object)) if is_block_mapping(text, object) => {
            let unit = yaml_unit(text);
            let json = serde_json::to_string(new).unwrap_or_default();
            let column = column_of(text, old.range.start);
            let members = json.trim().strip_prefix('{').and_then(|j| j.strip_suffix('}')).unwrap_or_default();
            members_as_yaml(members, &" ".repeat(column), &unit)
                .or_else(|| object_as_yaml(&json, &unit))
                .unwrap_or(json)
                .trim_end()
                .to_string()
        }
        (Language::Yaml, _) => serde_json::to_string(new).unwrap_or_default(),
        (Language::Json, _) => {
            let options = FormatOptions::new(Indent::of_text(text));
            json_value(new, &indent, column_of(text, old.range.start), &options)
        }
    };
    TextEdit::replace(old.range, written)
}

fn column_of(text: &str, offset: u32) -> usize {
    let start = text[..offset as usize].rfind('\n').map_or(0, |i| i + 1);
    text[start..offset as usize].chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::format::apply;

    /// The refactors at `$0`, and the text each gives.
    fn at(text: &str, language: Language) -> Vec<(String, Option<String>, String)> {
        let offset = text.find("$0").expect("cursor") as u32;
        let text = text.replacen("$0", "", 1);
        let root = language.parse(&text).root.expect("root");
        let machine = crate::model::lower(&root).expect("a machine");
        refactors(&text, &root, &machine, language, TextRange::empty(offset), true)
            .into_iter()
            .map(|r| (r.title, r.disabled, apply(&text, &r.edits)))
            .collect()
    }

    fn titled<'a>(all: &'a [(String, Option<String>, String)], start: &str) -> &'a (String, Option<String>, String) {
        all.iter().find(|(t, ..)| t.starts_with(start)).unwrap_or_else(|| panic!("no `{start}` in {all:?}"))
    }

    #[test]
    fn a_state_converts_in_place_at_its_indentation() {
        let text = "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\"Type\": \"Pass\", \"InputPath\": \"$.o$0rder\", \"End\": true}\n  }\n}";
        let all = at(text, Language::Json);
        let (_, disabled, out) = titled(&all, "Convert `A` to JSONata");
        assert_eq!(*disabled, None);
        assert_eq!(
            out,
            "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\n      \"Type\": \"Pass\",\n      \"QueryLanguage\": \"JSONata\",\n      \"Output\": \"{% $states.input.order %}\",\n      \"End\": true\n    }\n  }\n}"
        );
        let (_, _, machine) = titled(&all, "Convert the state machine to JSONata");
        assert!(machine.starts_with("{\n  \"QueryLanguage\": \"JSONata\",\n  \"StartAt\": \"A\""), "{machine}");
    }

    #[test]
    fn what_cannot_convert_is_offered_disabled_with_the_reason() {
        let text = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"ids.$": "$.items[*].id"}, "End": $0true}}}"#;
        let all = at(text, Language::Json);
        let (_, disabled, _) = titled(&all, "Convert `A` to JSONata");
        assert!(disabled.as_deref().is_some_and(|d| d.contains("[*]")), "{disabled:?}");
        assert!(all.iter().all(|(t, ..)| !t.starts_with("Convert the state machine")), "nothing to convert: {all:?}");
    }

    #[test]
    fn yaml_states_are_written_in_yaml() {
        let text = "StartAt: A\nStates:\n  A:\n    Type: Pass\n    OutputPath: $.o$0rder\n    End: true\n";
        let all = at(text, Language::Yaml);
        let (_, _, out) = titled(&all, "Convert `A` to JSONata");
        assert_eq!(
            out,
            "StartAt: A\nStates:\n  A:\n    Type: Pass\n    QueryLanguage: JSONata\n    Output: \"{% $states.input.order %}\"\n    End: true\n"
        );
    }

    #[test]
    fn lambda_calls_convert_both_ways_and_get_the_recommended_retry() {
        let text = r#"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:$0f", "End": true}}}"#;
        let all = at(text, Language::Json);
        let (_, _, invoke) = titled(&all, "Call the function through the Lambda integration");
        let invoked: Value = serde_json::from_str(invoke).unwrap();
        assert_eq!(
            invoked["States"]["A"],
            json!({"Type": "Task", "Resource": INVOKE, "Parameters": {"FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:f", "Payload.$": "$"}, "OutputPath": "$.Payload", "End": true})
        );
        let (_, _, retried) = titled(&all, "Retry Lambda's transient errors");
        let retried: Value = serde_json::from_str(retried).unwrap();
        assert_eq!(retried["States"]["A"]["Retry"][0]["ErrorEquals"][1], "Lambda.ServiceException");
        // And back, to the text it was.
        let back_text =
            serde_json::to_string(&invoked).unwrap().replacen("\"Type\":\"Task\"", "\"Type\":\"Task\"$0", 1);
        let back = at(&back_text, Language::Json);
        let (_, _, plain) = titled(&back, "Call the function by its ARN");
        assert_eq!(
            serde_json::from_str::<Value>(plain).unwrap(),
            serde_json::from_str::<Value>(text.replace("$0", "").as_str()).unwrap()
        );
        // Not exact with an Assign: offered, disabled, with the reason.
        let assigned = text.replace("\"End\": true", "\"Assign\": {\"x.$\": \"$.a\"}, \"End\": true");
        let (_, disabled, _) = titled(&at(&assigned, Language::Json), "Call the function through").clone();
        assert!(disabled.is_some_and(|d| d.contains("Assign")));
    }

    #[test]
    fn a_jsonata_state_or_machine_converts_back() {
        let text = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% $states.input.o$0rder %}", "End": true}}}"#;
        let all = at(text, Language::Json);
        let (_, disabled, out) = titled(&all, "Convert `A` to JSONPath");
        assert_eq!(*disabled, None);
        assert!(out.contains(r#""OutputPath": "$.order""#) && !out.contains("JSONata"), "{out}");
        let machine = r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "Output": "{% $states.input.o$0rder %}", "End": true}}}"#;
        let all = at(machine, Language::Json);
        assert!(all.iter().all(|(t, ..)| !t.starts_with("Convert `A`")), "not one state of a JSONata machine: {all:?}");
        let (_, _, out) = titled(&all, "Convert the state machine to JSONPath");
        assert!(!out.contains("QueryLanguage") && out.contains(r#""OutputPath": "$.order""#), "{out}");
    }
}
