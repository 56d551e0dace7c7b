//! The context object (spec: context-object.json): what `$$.…` in JSONPath
//! and `$states.context.…` in JSONata can read.

use super::intrinsics::Type;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ContextField {
    /// Dotted path below the context object: `Execution.Id`.
    pub path: &'static str,
    pub ty: Type,
    pub doc: &'static str,
}

const fn c(path: &'static str, ty: Type, doc: &'static str) -> ContextField {
    ContextField { path, ty, doc }
}

pub const CONTEXT_FIELDS: &[ContextField] = &[
    c("Execution", Type::Object, "The current execution."),
    c("Execution.Id", Type::String, "The execution's ARN."),
    c("Execution.Input", Type::Any, "The execution's original input."),
    c("Execution.Name", Type::String, "The execution's name."),
    c("Execution.RoleArn", Type::String, "The IAM role the execution runs as."),
    c("Execution.StartTime", Type::String, "When the execution started (ISO 8601)."),
    c("Execution.RedriveCount", Type::Integer, "How many times the execution has been redriven (0 if never)."),
    c("Execution.RedriveTime", Type::String, "When the execution was last redriven; present only after a redrive."),
    c("State", Type::Object, "The current state."),
    c("State.Name", Type::String, "The current state's name."),
    c("State.EnteredTime", Type::String, "When the current state was entered (ISO 8601)."),
    c("State.RetryCount", Type::Integer, "Retries of the current state so far."),
    c("StateMachine", Type::Object, "The state machine."),
    c("StateMachine.Id", Type::String, "The state machine's ARN."),
    c("StateMachine.Name", Type::String, "The state machine's name."),
    c("Task", Type::Object, "The current task."),
    c("Task.Token", Type::String, "The task token, for `.waitForTaskToken` tasks and activities."),
    c("Map", Type::Object, "The current Map iteration; only in a Map's `ItemSelector`."),
    c("Map.Item", Type::Object, "The current item; only in a Map's `ItemSelector`."),
    c("Map.Item.Index", Type::Integer, "The zero-based index of the current item."),
    c("Map.Item.Value", Type::Any, "The current item."),
    c("Map.Item.Key", Type::String, "The property name, when the Map iterates over an object's members."),
    c("Map.Item.Source", Type::String, "Where a distributed Map's item came from: `STATE_DATA` or an S3 URI."),
];

/// What a dotted path in the context object names.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ContextLookup {
    /// A documented field.
    Field(&'static ContextField),
    /// Inside a field of any shape (`Execution.Input.order.id`).
    Inside(&'static ContextField),
    /// Nothing: `names[index]` is not a field there.
    Unknown { index: usize },
}

/// Looks up `names` (`["Execution", "Id"]`) in the context object.
pub fn context_lookup(names: &[&str]) -> ContextLookup {
    let mut path = String::new();
    let mut found: Option<&'static ContextField> = None;
    for (index, name) in names.iter().enumerate() {
        if let Some(field) = found.filter(|f| f.ty == Type::Any) {
            return ContextLookup::Inside(field);
        }
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(name);
        match CONTEXT_FIELDS.iter().find(|f| f.path == path) {
            Some(field) => found = Some(field),
            None => return ContextLookup::Unknown { index },
        }
    }
    match found {
        Some(field) => ContextLookup::Field(field),
        None => ContextLookup::Unknown { index: 0 },
    }
}

/// The fields directly below `parent` (`""` for the top).
pub fn context_children(parent: &str) -> impl Iterator<Item = &'static ContextField> + '_ {
    CONTEXT_FIELDS.iter().filter(move |f| match f.path.rsplit_once('.') {
        Some((head, _)) => head == parent,
        None => parent.is_empty(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn looks_up_documented_fields_and_inside_free_ones() {
        assert!(matches!(context_lookup(&["Execution", "Id"]), ContextLookup::Field(f) if f.path == "Execution.Id"));
        assert!(matches!(context_lookup(&["Execution", "Input", "a", "b"]), ContextLookup::Inside(_)));
        assert_eq!(context_lookup(&["Execution", "Ids"]), ContextLookup::Unknown { index: 1 });
        assert_eq!(context_lookup(&["Executions"]), ContextLookup::Unknown { index: 0 });
        assert_eq!(context_lookup(&["Execution", "Id", "x"]), ContextLookup::Unknown { index: 2 });
        let top: Vec<&str> = context_children("").map(|f| f.path).collect();
        assert_eq!(top, ["Execution", "State", "StateMachine", "Task", "Map"]);
        assert_eq!(context_children("Map.Item").count(), 4);
    }
}
