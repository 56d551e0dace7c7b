//! State names: unique across the whole definition (branches and processors
//! included), 1–80 characters, no control characters.

use super::{Code, Cx, Diagnostic, Sink};
use foldhash::{HashMap, HashMapExt};

const MAX_NAME_CHARS: usize = 80;

pub(super) fn check(cx: &Cx<'_, '_>, sink: &mut Sink) {
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (id, state) in cx.machine.states.iter().enumerate() {
        if let Some(&earlier) = first.get(state.name) {
            let other = &cx.machine.states[earlier];
            let place = if other.scope == state.scope { "in the same `States`" } else { "elsewhere in the definition" };
            let message = format!(
                "a state named `{}` already exists {place}: state names must be unique across the whole definition, branches and processors included; rename one",
                state.name
            );
            sink.push(
                Diagnostic::new(Code::DuplicateStateName, state.name_range(), message)
                    .aws_with(Some(state.pointer.clone()), format!("Duplicate State name: {}", state.name)),
            );
        } else {
            first.insert(state.name, id);
        }
        let length = state.name.chars().count();
        if length == 0 || length > MAX_NAME_CHARS {
            let message = if length == 0 {
                "a state name cannot be empty".to_string()
            } else {
                format!(
                    "this state name has {length} characters; state names have at most {MAX_NAME_CHARS}: shorten it"
                )
            };
            sink.push(Diagnostic::new(Code::StateNameTooLong, state.name_range(), message).aws_with(
                Some(state.pointer.clone()),
                format!("State name '{}' is invalid: must be between 1 and 80 characters", state.name),
            ));
        }
        if state.name.chars().any(|c| c.is_control()) {
            let message = "this state name contains a control character: Step Functions names should use visible characters (CloudWatch works best with letters, digits, `-` and `_`)";
            sink.push(Diagnostic::new(Code::StateNameCharacters, state.name_range(), message));
        }
    }
}
