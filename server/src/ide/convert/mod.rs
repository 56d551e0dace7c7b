//! JSONPath → JSONata: a state, or a whole machine, rewritten with the same
//! behaviour. `InputPath`/`Parameters` become `Arguments` (or `Items` and
//! `ItemSelector`), `ResultSelector`/`ResultPath`/`OutputPath` one
//! `Output`, `.$` keys and intrinsic functions `{% %}` expressions, choice
//! rules `Condition`s, the `…Path` fields their plain names. What has no
//! exact translation leaves its state as it was, with the reason; the
//! machine then stays JSONPath and each converted state says `JSONata`.

mod back;
mod back_expr;
mod choice;
mod expr;
mod states;
#[cfg(test)]
mod tests;

use serde_json::{Map, Value};

/// A state left as it was, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Left {
    /// AWS's location of the state (`/States/Charge`).
    pub pointer: String,
    pub why: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Conversion {
    pub definition: Value,
    /// How many states were rewritten.
    pub converted: usize,
    pub left: Vec<Left>,
}

impl Conversion {
    /// Every state is JSONata now (the machine says so at its top).
    pub fn complete(&self) -> bool {
        self.left.is_empty()
    }
}

/// The machine with every state that can be converted in JSONata.
pub fn machine_to_jsonata(definition: &Value) -> Conversion {
    let mut definition = definition.clone();
    let top_jsonata = definition.get("QueryLanguage").and_then(Value::as_str) == Some("JSONata");
    let mut converted = Vec::new();
    let mut left = Vec::new();
    let mut step = Step { to: "JSONata", top_is_target: top_jsonata, convert: states::convert };
    walk(&mut definition, "", &mut step, &mut converted, &mut left);
    let complete = left.is_empty();
    if let Value::Object(root) = &mut definition {
        if complete {
            // One `QueryLanguage` at the top, after `Comment` as AWS's examples write it.
            for state in &mut converted {
                state_at(root, state).map(|s| s.shift_remove("QueryLanguage"));
            }
            set_query_language(root, Some("JSONata"));
        } else {
            for state in &converted {
                if let Some(object) = state_at(root, state) {
                    object.insert("QueryLanguage".into(), Value::String("JSONata".into()));
                    move_after_type(object);
                }
            }
        }
    }
    Conversion { definition, converted: converted.len(), left }
}

/// The machine with every JSONata state that JSONPath can say exactly in
/// JSONPath; the others keep their `"QueryLanguage": "JSONata"`.
pub fn machine_to_jsonpath(definition: &Value) -> Conversion {
    let mut definition = definition.clone();
    let top_jsonata = definition.get("QueryLanguage").and_then(Value::as_str) == Some("JSONata");
    let mut converted = Vec::new();
    let mut left = Vec::new();
    let mut step = Step { to: "JSONPath", top_is_target: !top_jsonata, convert: back::convert };
    walk(&mut definition, "", &mut step, &mut converted, &mut left);
    if let Value::Object(root) = &mut definition {
        // A JSONPath machine: the states left JSONata say so themselves.
        set_query_language(root, None);
        for state in &left {
            if let Some(object) = state_at(root, &state.pointer) {
                object.insert("QueryLanguage".into(), Value::String("JSONata".into()));
                move_after_type(object);
            }
        }
        for state in &converted {
            state_at(root, state).map(|s| s.shift_remove("QueryLanguage"));
        }
    }
    Conversion { definition, converted: converted.len(), left }
}

/// A state's object as the other language's, or why it cannot be.
type ConvertState = fn(&Map<String, Value>) -> Result<Map<String, Value>, String>;

/// Which way a walk converts.
struct Step {
    /// The language states are converted to.
    to: &'static str,
    /// The machine's top level is already that language.
    top_is_target: bool,
    convert: ConvertState,
}

/// One state (its object) in JSONata, or why it cannot be.
pub fn state_to_jsonata(state: &Value) -> Result<Value, String> {
    let object = state.as_object().ok_or("the state is not an object")?;
    let mut out = states::convert(object)?;
    out.insert("QueryLanguage".into(), Value::String("JSONata".into()));
    move_after_type(&mut out);
    Ok(Value::Object(out))
}

/// One JSONata state (its object) in JSONPath, or why it cannot be.
pub fn state_to_jsonpath(state: &Value) -> Result<Value, String> {
    let object = state.as_object().ok_or("the state is not an object")?;
    Ok(Value::Object(back::convert(object)?))
}

/// Converts the states of `scope` (a machine, branch or processor) and,
/// inside each, the states of its branches and processor.
fn walk(scope: &mut Value, pointer: &str, step: &mut Step, converted: &mut Vec<String>, left: &mut Vec<Left>) {
    let Some(states) = scope.get_mut("States").and_then(Value::as_object_mut) else { return };
    for (name, state) in states.iter_mut() {
        let here = format!("{pointer}/States/{}", name.replace('~', "~0").replace('/', "~1"));
        if let Some(branches) = state.get_mut("Branches").and_then(Value::as_array_mut) {
            for (i, branch) in branches.iter_mut().enumerate() {
                walk(branch, &format!("{here}/Branches/{i}"), step, converted, left);
            }
        }
        for key in ["ItemProcessor", "Iterator"] {
            if let Some(processor) = state.get_mut(key) {
                walk(processor, &format!("{here}/{key}"), step, converted, left);
            }
        }
        let Some(object) = state.as_object() else { continue };
        let language = object.get("QueryLanguage").and_then(Value::as_str);
        if language == Some(step.to) || (language.is_none() && step.top_is_target) {
            continue;
        }
        match (step.convert)(object) {
            Ok(new) => {
                *state = Value::Object(new);
                converted.push(here);
            }
            Err(why) => left.push(Left { pointer: here, why }),
        }
    }
}

/// The state object at an AWS pointer (`/States/A/Branches/0/States/B`).
fn state_at<'v>(root: &'v mut Map<String, Value>, pointer: &str) -> Option<&'v mut Map<String, Value>> {
    let mut parts = pointer.trim_start_matches('/').split('/').map(|p| p.replace("~1", "/").replace("~0", "~"));
    let first = parts.next()?;
    let mut at = root.get_mut(&first)?;
    for part in parts {
        at = match at {
            Value::Object(map) => map.get_mut(&part)?,
            Value::Array(items) => items.get_mut(part.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    at.as_object_mut()
}

/// The machine's `QueryLanguage`: `None` for JSONPath (the default).
fn set_query_language(root: &mut Map<String, Value>, language: Option<&str>) {
    root.shift_remove("QueryLanguage");
    if let Some(language) = language {
        let at = root.keys().position(|k| k == "Comment").map_or(0, |i| i + 1);
        root.shift_insert(at, "QueryLanguage".into(), Value::String(language.into()));
    }
}

/// `QueryLanguage` right after `Type`, where a reader looks for it.
fn move_after_type(object: &mut Map<String, Value>) {
    let Some(value) = object.shift_remove("QueryLanguage") else { return };
    let at = object.keys().position(|k| k == "Type").map_or(0, |i| i + 1);
    object.shift_insert(at, "QueryLanguage".into(), value);
}
