//! JSONata expressions (`{% … %}`) in JSONata states: each one must parse.
//! AWS parses every expression when the definition is created and refuses
//! one that does not (`INVALID_JSONATA_EXPRESSION`).

use super::fields::is_jsonata_expression;
use super::{Code, Cx, Diagnostic, Sink};
use crate::lang::jsonata;
use crate::model::{QueryLanguage, State};
use crate::syntax::{source_range, Object, Value, ValueKind};

/// State fields that hold no expression, or hold nested machines checked
/// as states of their own.
const STRUCTURAL: &[&str] = &[
    "Type",
    "Comment",
    "Next",
    "End",
    "Resource",
    "QueryLanguage",
    "Default",
    "ItemProcessor",
    "Iterator",
    "Branches",
    "Retry",
];

/// Fields of catchers and choice rules that hold no expression.
const RULE_STRUCTURAL: &[&str] = &["Next", "Comment", "ErrorEquals"];

pub(super) fn check(cx: &Cx<'_, '_>, sink: &mut Sink, state: &State<'_>, object: &Object) {
    if state.query_language != QueryLanguage::Jsonata {
        return;
    }
    for member in &object.members {
        let pointer = format!("{}/{}", state.pointer, member.key);
        match member.key.as_str() {
            key if STRUCTURAL.contains(&key) => {}
            "Catch" | "Choices" => {
                for (i, item) in member.value.as_array().unwrap_or_default().iter().enumerate() {
                    let Some(rule) = item.as_object() else { continue };
                    for field in rule.members.iter().filter(|m| !RULE_STRUCTURAL.contains(&m.key.as_str())) {
                        walk(cx, sink, &field.value, &format!("{pointer}[{i}]/{}", field.key));
                    }
                }
            }
            _ => walk(cx, sink, &member.value, &pointer),
        }
    }
}

fn walk(cx: &Cx<'_, '_>, sink: &mut Sink, value: &Value, pointer: &str) {
    match &value.kind {
        ValueKind::String(s) if is_jsonata_expression(s) => check_expression(cx, sink, value, s, pointer),
        ValueKind::Object(object) => {
            for member in &object.members {
                walk(cx, sink, &member.value, &format!("{pointer}/{}", member.key));
            }
        }
        ValueKind::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(cx, sink, item, &format!("{pointer}[{i}]"));
            }
        }
        _ => {}
    }
}

fn check_expression(cx: &Cx<'_, '_>, sink: &mut Sink, value: &Value, text: &str, pointer: &str) {
    let expression = &text[2..text.len() - 2];
    // Every error, not only the first: a user fixing one sees the rest.
    for error in jsonata::check(expression) {
        // Offsets in the decoded string: the expression starts after `{%`.
        let range = source_range(cx.text, value.range, 2 + error.range.start, 2 + error.range.end);
        if error.code == "S0900" {
            let message = "this JSONata expression is nested too deeply for asl-ls to check";
            sink.push(Diagnostic::new(Code::JsonataTooDeep, range, message));
            continue;
        }
        let message = format!("JSONata syntax error {}: {}", error.code, error.message());
        sink.push(
            Diagnostic::new(Code::InvalidJsonata, range, message.clone()).aws_with(Some(pointer.to_string()), message),
        );
    }
}
