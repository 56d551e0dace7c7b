//! Choice rules. JSONPath: a comparison (`Variable` + one operator) or one
//! of `And`/`Or`/`Not`, with `Next` on top-level rules only. JSONata: a
//! `Condition` and `Next`.

use super::fields::{is_jsonata_expression, location};
use super::states::check_non_empty;
use super::suggest::did_you_mean;
use super::timestamp::is_rfc3339;
use super::{Code, Cx, Diagnostic, Sink};
use crate::data::{Operand, CHOICE_OPERATORS};
use crate::model::{QueryLanguage, State};
use crate::syntax::{Member, Object, Value};
use crate::text::TextRange;

const JSONPATH_RULE_FIELDS: &[&str] = &["Variable", "And", "Or", "Not", "Next", "Assign", "Comment"];
const JSONATA_RULE_FIELDS: &[&str] = &["Condition", "Next", "Assign", "Output", "Comment"];

pub(super) fn check(_cx: &Cx<'_, '_>, sink: &mut Sink, state: &State<'_>, object: &Object) {
    check_non_empty(sink, state, object, "Choices", "add at least one rule with a condition and `Next`");
    let Some(rules) = object.value("Choices").and_then(Value::as_array) else { return };
    for (i, rule) in rules.iter().enumerate() {
        let Some(rule_object) = rule.as_object() else { continue };
        let pointer = format!("{}/Choices[{i}]", state.pointer);
        let anchor = rule_object.open_brace;
        match state.query_language {
            QueryLanguage::JsonPath => check_jsonpath_rule(sink, rule_object, anchor, &pointer, true),
            QueryLanguage::Jsonata => check_jsonata_rule(sink, rule_object, anchor, &pointer),
        }
    }
}

fn operator(name: &str) -> Option<Operand> {
    CHOICE_OPERATORS.iter().find(|(op, _)| *op == name).map(|(_, operand)| *operand)
}

fn push(sink: &mut Sink, code: Code, range: TextRange, pointer: &str, message: String) {
    sink.push(Diagnostic::new(code, range, message).aws_at(Some(location(pointer))));
}

fn check_jsonpath_rule(sink: &mut Sink, rule: &Object, anchor: TextRange, pointer: &str, top: bool) {
    let mut conditions: Vec<&Member> = Vec::new();
    for member in &rule.members {
        let key = member.key.as_str();
        if key.is_empty() && member.value.is_error() {
            continue;
        }
        if let Some(operand) = operator(key) {
            conditions.push(member);
            check_operand(sink, member, operand, pointer);
            continue;
        }
        match key {
            "And" | "Or" | "Not" => {
                conditions.push(member);
                check_boolean(sink, member, pointer);
            }
            "Variable" => match member.value.as_str() {
                Some(s) if super::fields::path_start_is_valid(s) => {}
                Some(s) => push(
                    sink,
                    Code::InvalidPath,
                    member.value.range,
                    &format!("{pointer}/Variable"),
                    format!(
                        "`Variable` must be a path such as `$.status`, `$$.Execution.Input.x` or `$myVar`, found `{s}`"
                    ),
                ),
                None if !member.value.is_error() => push(
                    sink,
                    Code::WrongType,
                    member.value.range,
                    &format!("{pointer}/Variable"),
                    format!("`Variable` must be a path string, found {}", member.value.type_name()),
                ),
                None => {}
            },
            "Next" | "Assign" if !top => {
                let message = format!(
                    "a rule inside `And`, `Or` or `Not` cannot have `{key}`: put it on the enclosing top-level rule"
                );
                push(sink, Code::NestedRuleWithNext, member.key_range, pointer, message);
            }
            "Next" | "Assign" | "Comment" => {}
            "Condition" | "Output" => {
                let message = format!("`{key}` is a JSONata field, but this Choice state uses JSONPath: write the rule with `Variable` and an operator, or set `\"QueryLanguage\": \"JSONata\"` on the state");
                sink.push(Diagnostic::new(Code::WrongQueryLanguage, member.key_range, message).aws_with(
                    Some(location(pointer)),
                    format!("The QueryLanguage is set to 'JSONPath', but field '{key}' is only supported for the 'JSONata' QueryLanguage"),
                ));
            }
            _ => {
                let candidates = JSONPATH_RULE_FIELDS.iter().copied().chain(CHOICE_OPERATORS.iter().map(|(op, _)| *op));
                let hint = did_you_mean(key, candidates);
                let message = format!("`{key}` is not a field of a choice rule{hint}");
                sink.push(
                    Diagnostic::new(Code::UnknownField, member.key_range, message)
                        .aws_with(Some(location(pointer)), format!("Field '{key}' is not supported")),
                );
            }
        }
    }
    let variable = rule.get("Variable");
    match conditions.as_slice() {
        [] => match variable {
            Some(variable) => push(sink, Code::ChoiceMissingVariable, variable.key_range, pointer,
                "this rule has a `Variable` but no comparison: add an operator such as `\"StringEquals\": \"…\"`".into()),
            None => push(sink, Code::ChoiceRuleNoCondition, anchor, pointer,
                "this choice rule has no condition: add `Variable` with a comparison such as `StringEquals`, or `And`, `Or` or `Not`".into()),
        },
        [first, rest @ ..] => {
            for extra in rest {
                let message = format!("a choice rule takes exactly one comparison or boolean operator, but this one also has `{}`: combine them with `And`", first.key);
                push(sink, Code::ChoiceRuleSeveralConditions, extra.key_range, pointer, message);
            }
            let boolean = matches!(first.key.as_str(), "And" | "Or" | "Not");
            match variable {
                None if !boolean => push(sink, Code::ChoiceMissingVariable, first.key_range, pointer,
                    format!("`{}` compares `Variable` with a value, but this rule has no `Variable`: add `\"Variable\": \"$.field\"`", first.key)),
                Some(variable) if boolean => push(sink, Code::ChoiceMissingVariable, variable.key_range, pointer,
                    format!("`Variable` does not go with `{}`: put it in the nested rules", first.key)),
                _ => {}
            }
        }
    }
    if top {
        require_next(sink, rule, anchor, pointer);
    }
}

fn check_operand(sink: &mut Sink, member: &Member, operand: Operand, pointer: &str) {
    let value = &member.value;
    if value.is_error() {
        return;
    }
    let field_pointer = format!("{pointer}/{}", member.key);
    let (ok, expected) = match operand {
        Operand::String | Operand::Pattern => (value.as_str().is_some(), "a string"),
        Operand::Number => (value.as_number().is_some(), "a number"),
        Operand::Boolean | Operand::TypeTest => (value.as_bool().is_some(), "`true` or `false`"),
        Operand::Timestamp => (value.as_str().is_some(), "an RFC 3339 timestamp string"),
        Operand::Path => (value.as_str().is_some(), "a path string"),
    };
    if !ok {
        let quoted = value.as_str().and_then(super::quoted_literal_hint).filter(|_| operand != Operand::Path);
        let twin = if let Some(quoted) = quoted {
            quoted
        } else if value.as_str().is_some_and(|s| s.starts_with('$')) && operand != Operand::Path {
            format!("; to compare with a value from the input, use `{}Path`", member.key)
        } else {
            String::new()
        };
        let message = format!("`{}` takes {expected}, found {}{twin}", member.key, value.type_name());
        sink.push(Diagnostic::new(Code::WrongType, value.range, message).aws_at(Some(field_pointer)));
        return;
    }
    let text = value.as_str().unwrap_or_default();
    match operand {
        Operand::Timestamp if !is_rfc3339(text) && !super::fields::has_placeholder(text) => {
            let message = format!("`{text}` is not an RFC 3339 timestamp: write it like `2026-01-31T23:59:00Z`");
            sink.push(
                Diagnostic::new(Code::InvalidTimestamp, value.range, message)
                    .aws_with(Some(field_pointer), "String does not match RFC3339 timestamp"),
            );
        }
        Operand::Path if !super::fields::path_start_is_valid(text) => {
            let message =
                format!("`{}` takes a path to compare with (`$.other`, `$$.…`, `$var`), found `{text}`", member.key);
            sink.push(Diagnostic::new(Code::InvalidPath, value.range, message).aws_at(Some(field_pointer)));
        }
        _ => {}
    }
}

fn check_boolean(sink: &mut Sink, member: &Member, pointer: &str) {
    let field_pointer = format!("{pointer}/{}", member.key);
    if member.key == "Not" {
        match member.value.as_object() {
            Some(nested) => {
                let anchor = nested.open_brace;
                check_jsonpath_rule(sink, nested, anchor, &field_pointer, false);
            }
            None if !member.value.is_error() => push(
                sink,
                Code::WrongType,
                member.value.range,
                &field_pointer,
                format!("`Not` takes one rule object, found {}", member.value.type_name()),
            ),
            None => {}
        }
        return;
    }
    let Some(rules) = member.value.as_array() else {
        if !member.value.is_error() {
            push(
                sink,
                Code::WrongType,
                member.value.range,
                &field_pointer,
                format!("`{}` takes an array of rules, found {}", member.key, member.value.type_name()),
            );
        }
        return;
    };
    if rules.is_empty() {
        push(
            sink,
            Code::EmptyArray,
            member.value.range,
            &field_pointer,
            format!("`{}` is empty: add the rules it combines", member.key),
        );
    }
    for (i, rule) in rules.iter().enumerate() {
        let rule_pointer = format!("{field_pointer}[{i}]");
        match rule.as_object() {
            Some(nested) => {
                let anchor = nested.open_brace;
                check_jsonpath_rule(sink, nested, anchor, &rule_pointer, false);
            }
            None if !rule.is_error() => push(
                sink,
                Code::WrongType,
                rule.range,
                &rule_pointer,
                format!("each element of `{}` must be a rule object, found {}", member.key, rule.type_name()),
            ),
            None => {}
        }
    }
}

fn check_jsonata_rule(sink: &mut Sink, rule: &Object, anchor: TextRange, pointer: &str) {
    for member in &rule.members {
        let key = member.key.as_str();
        if JSONATA_RULE_FIELDS.contains(&key) || (key.is_empty() && member.value.is_error()) {
            continue;
        }
        if key == "Variable" || key == "And" || key == "Or" || key == "Not" || operator(key).is_some() {
            let message = format!("`{key}` is a JSONPath field, but this Choice state uses JSONata: write the test as `\"Condition\": \"{{% … %}}\"`");
            sink.push(Diagnostic::new(Code::WrongQueryLanguage, member.key_range, message).aws_with(
                Some(location(pointer)),
                format!("The QueryLanguage is set to 'JSONata', but field '{key}' is only supported for the 'JSONPath' QueryLanguage"),
            ));
        } else {
            let hint = did_you_mean(key, JSONATA_RULE_FIELDS.iter().copied());
            sink.push(
                Diagnostic::new(
                    Code::UnknownField,
                    member.key_range,
                    format!("`{key}` is not a field of a JSONata choice rule{hint}"),
                )
                .aws_with(Some(location(pointer)), format!("Field '{key}' is not supported")),
            );
        }
    }
    match rule.get("Condition") {
        None => {
            let message = "this JSONata choice rule has no `Condition`: add `\"Condition\": \"{% … %}\"`";
            sink.push(
                Diagnostic::new(Code::ChoiceRuleNoCondition, anchor, message)
                    .aws_with(Some(location(pointer)), "The field 'Condition' is required but was missing"),
            );
        }
        Some(condition) => {
            let value = &condition.value;
            let ok = value.as_bool().is_some() || value.as_str().is_some_and(is_jsonata_expression) || value.is_error();
            if !ok {
                let message =
                    format!("`Condition` must be a `{{% … %}}` expression or a boolean, found {}", value.type_name());
                sink.push(
                    Diagnostic::new(Code::WrongType, value.range, message).aws_at(Some(format!("{pointer}/Condition"))),
                );
            }
        }
    }
    require_next(sink, rule, anchor, pointer);
}

fn require_next(sink: &mut Sink, rule: &Object, anchor: TextRange, pointer: &str) {
    if !rule.has("Next") {
        let message = "this choice rule has no `Next`: add the state to run when it matches";
        push(sink, Code::ChoiceRuleMissingNext, anchor, pointer, message.into());
    }
}
