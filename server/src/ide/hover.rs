//! Hover: what a field does and takes, what a state type is, where a state
//! reference goes, what an error name means.

use super::completion::{field_doc, lookup_field};
use super::context::{context, Kind};
use crate::data::{docs, error_doc, CHOICE_OPERATORS};
use crate::model::StateKind;
use crate::syntax::{Object, Spot, Value};
use crate::text::TextRange;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hover {
    pub markdown: String,
    pub range: TextRange,
}

mod strings;
mod tasks;

pub(crate) use strings::variable_definition;

pub fn hover(text: &str, root: &Value, offset: u32) -> Option<Hover> {
    if let Some(at) = super::expr_at::expr_at(text, root, offset) {
        return strings::hover(text, &at);
    }
    let cx = context(text, root, offset);
    match cx.spot {
        Spot::Key { member, .. } => {
            let key = member.key.as_str();
            let markdown = if cx.object_kind == Kind::States {
                state_summary(key, member.value.as_object(), cx.scope_states)?
            } else if let Kind::ChoiceRule { .. } = cx.object_kind {
                if CHOICE_OPERATORS.iter().any(|(op, _)| *op == key) {
                    format!("**{key}** · choice rule\n\n{}", docs::operator_doc(key))
                } else {
                    match key {
                        "Variable" => "**Variable** · choice rule\n\nThe path of the value the comparison tests: `$.field`, `$$.Execution.Input.x` or `$variable`.".into(),
                        "And" | "Or" | "Not" => format!("**{key}** · choice rule\n\nCombines nested rules; nested rules have no `Next`."),
                        "Condition" => "**Condition** · choice rule\n\nA JSONata expression (or boolean): the rule matches when it is true.".into(),
                        "Next" => "**Next** · choice rule\n\nThe state to run when the rule matches.".into(),
                        _ => return None,
                    }
                }
            } else if cx.object_kind == Kind::Template {
                let state = cx.scope_states?.value(cx.state_name?)?.as_object()?;
                let is_params = ["Parameters", "Arguments"].iter().any(|f| {
                    state
                        .value(f)
                        .and_then(Value::as_object)
                        .is_some_and(|o| cx.object.is_some_and(|c| std::ptr::eq(o, c)))
                });
                if !is_params {
                    return None;
                }
                tasks::parameter(state.value("Resource")?.as_str()?, key)?
            } else {
                let field = lookup_field(&cx.object_kind, key)?;
                format!("**{key}** · {}\n\n{}", kind_label(&cx.object_kind), field_doc(field))
            };
            Some(Hover { markdown, range: member.key_range })
        }
        Spot::Value { value } => {
            let field = cx.field?;
            let text_value = value.as_str()?;
            let markdown = match (&cx.object_kind, field) {
                (Kind::State { kind: Some(StateKind::Task), .. }, "Resource") => match tasks::resource(text_value) {
                    Some(markdown) => markdown,
                    None => {
                        let field = lookup_field(&cx.object_kind, field)?;
                        format!("**{}** · {}\n\n{}", field.name, kind_label(&cx.object_kind), field_doc(field))
                    }
                },
                (Kind::State { .. }, "Type") => {
                    let kind = StateKind::from_name(text_value)?;
                    format!("**{text_value}** state\n\n{}", docs::state_type_doc(kind))
                }
                (Kind::Retrier | Kind::Catcher { .. }, "ErrorEquals") => {
                    let doc = error_doc(text_value).unwrap_or(
                        "A custom error name: matches an error raised with this exact name (a Lambda error type, an SDK exception, a Fail state's `Error`).",
                    );
                    format!("**{text_value}**\n\n{doc}")
                }
                (Kind::State { .. }, "Next" | "Default")
                | (Kind::Catcher { .. }, "Next")
                | (Kind::ChoiceRule { .. }, "Next")
                | (Kind::Machine(_), "StartAt") => {
                    let states = cx.scope_states?;
                    match states.get(text_value) {
                        Some(target) => state_summary(text_value, target.value.as_object(), Some(states))?,
                        None => format!("**{text_value}**\n\nNo state of this name in this `States`."),
                    }
                }
                _ => {
                    let field = lookup_field(&cx.object_kind, field)?;
                    format!("**{}** · {}\n\n{}", field.name, kind_label(&cx.object_kind), field_doc(field))
                }
            };
            Some(Hover { markdown, range: value.range })
        }
        _ => None,
    }
}

fn kind_label(kind: &Kind) -> String {
    match kind {
        Kind::Machine(super::context::MachineKind::Root) => "state machine".into(),
        Kind::Machine(super::context::MachineKind::Branch) => "Parallel branch".into(),
        Kind::Machine(super::context::MachineKind::Processor) => "Map item processor".into(),
        Kind::State { kind: Some(k), .. } => format!("{} state", k.name()),
        Kind::State { kind: None, .. } => "state".into(),
        Kind::Retrier => "retrier".into(),
        Kind::Catcher { .. } => "catcher".into(),
        Kind::ChoiceRule { .. } => "choice rule".into(),
        Kind::Structure(structure, _) => format!("{structure:?}"),
        _ => String::new(),
    }
}

/// `**Name** · Task state`, its comment, where it goes and what reaches it.
fn state_summary(name: &str, state: Option<&Object>, states: Option<&Object>) -> Option<String> {
    let state = state?;
    let kind = state.value("Type").and_then(Value::as_str).unwrap_or("?");
    let mut out = format!("**{name}** · {kind} state");
    if let Some(comment) = state.value("Comment").and_then(Value::as_str) {
        out.push_str(&format!("\n\n{comment}"));
    }
    if let Some(resource) = state.value("Resource").and_then(Value::as_str) {
        out.push_str(&format!("\n\nResource: `{resource}`"));
    }
    let next = state.value("Next").and_then(Value::as_str);
    let end = state.value("End").and_then(Value::as_bool) == Some(true);
    match (next, end) {
        (Some(next), _) => out.push_str(&format!("\n\nNext: `{next}`")),
        (None, true) => out.push_str("\n\nEnds the execution (or branch)."),
        _ => {}
    }
    if let Some(states) = states {
        let from: Vec<&str> = states
            .members
            .iter()
            .filter(|m| m.key != name && refers_to(&m.value, name))
            .map(|m| m.key.as_str())
            .take(10)
            .collect();
        if !from.is_empty() {
            let list = from.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", ");
            out.push_str(&format!("\n\nReached from: {list}"));
        }
    }
    Some(out)
}

/// Whether a state object transitions to `name` (Next, Default, rules, catchers).
fn refers_to(state: &Value, name: &str) -> bool {
    let Some(object) = state.as_object() else { return false };
    let is = |v: Option<&Value>| v.and_then(Value::as_str) == Some(name);
    if is(object.value("Next")) || is(object.value("Default")) {
        return true;
    }
    ["Choices", "Catch"].iter().any(|list| {
        object
            .value(list)
            .and_then(Value::as_array)
            .unwrap_or_default()
            .iter()
            .any(|item| is(item.as_object().and_then(|o| o.value("Next"))))
    })
}
