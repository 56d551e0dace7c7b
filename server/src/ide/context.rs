//! What the cursor is on, in ASL terms: which kind of object (a state of
//! some type, a retrier, a choice rule, …), which field's value, which
//! `States` map names resolve in. Completion and hover start here.

use crate::data::Structure;
use crate::model::{QueryLanguage, StateKind};
use crate::syntax::{locate, Object, Spot, Step, Value};

/// What a JSON value is in a definition.
#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    /// The top level, a Parallel branch, or a Map processor.
    Machine(MachineKind),
    /// A `States` map: keys are state names.
    States,
    State {
        kind: Option<StateKind>,
        ql: QueryLanguage,
    },
    Retrier,
    Catcher {
        ql: QueryLanguage,
    },
    ChoiceRule {
        top: bool,
        ql: QueryLanguage,
    },
    Structure(Structure, QueryLanguage),
    /// Payload templates, `Result`, `Output`, `Assign`: user data.
    Template,
    Array(Box<Kind>),
    Other,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MachineKind {
    Root,
    Branch,
    Processor,
}

/// The cursor in ASL terms.
#[derive(Clone, Debug)]
pub struct Context<'t> {
    pub spot: Spot<'t>,
    /// The kind of the innermost object around the spot (the object whose
    /// key it is on, or whose member's value it is in).
    pub object_kind: Kind,
    pub object: Option<&'t Object>,
    /// For a value: the key of the member it belongs to (through arrays, so
    /// an element of `ErrorEquals` has field `ErrorEquals`).
    pub field: Option<&'t str>,
    /// The `States` map of the innermost machine: where state names resolve.
    pub scope_states: Option<&'t Object>,
    /// The name of the state the cursor is in, if any.
    pub state_name: Option<&'t str>,
    /// The machine's query language (nested machines inherit it).
    pub top_ql: QueryLanguage,
}

pub fn context<'t>(text: &str, root: &'t Value, offset: u32) -> Context<'t> {
    let located = locate(text, root, offset);
    let top_ql = root
        .as_object()
        .and_then(|o| o.value("QueryLanguage"))
        .and_then(Value::as_str)
        .map(QueryLanguage::from_value)
        .unwrap_or(QueryLanguage::JsonPath);
    let mut kind = if root.as_object().is_some() { Kind::Machine(MachineKind::Root) } else { Kind::Other };
    let mut object = root.as_object();
    let mut object_kind = kind.clone();
    let mut scope_states = root.as_object().and_then(|o| o.value("States")).and_then(Value::as_object);
    let mut field = None;
    let mut state_name = None;
    for step in &located.steps {
        let value = step.value();
        let parent = kind.clone();
        kind = child_kind(&parent, *step, top_ql);
        if let Step::Member(member) = step {
            field = Some(member.key.as_str());
            if parent == Kind::States {
                state_name = Some(member.key.as_str());
            }
        }
        if let Some(child) = value.as_object() {
            // A scalar step (the spot's own value) keeps the enclosing object.
            object = Some(child);
            object_kind = kind.clone();
            field = None;
            if let Kind::Machine(_) = kind {
                scope_states = child.value("States").and_then(Value::as_object);
            }
        }
    }
    if matches!(located.spot, Spot::Key { .. } | Spot::NewKey { .. }) {
        field = None;
    }
    if let Spot::NewElement { .. } = located.spot {
        // `field` is the array's own key, already set by its step.
    }
    Context { spot: located.spot, object_kind, object, field, scope_states, state_name, top_ql }
}

fn child_kind(parent: &Kind, step: Step<'_>, top_ql: QueryLanguage) -> Kind {
    let key = step.key().unwrap_or("");
    let value = step.value();
    match parent {
        Kind::Machine(machine) => match key {
            "States" => Kind::States,
            "ProcessorConfig" if *machine == MachineKind::Processor => {
                Kind::Structure(Structure::ProcessorConfig, top_ql)
            }
            _ => Kind::Other,
        },
        Kind::States => {
            let object = value.as_object();
            let kind = object.and_then(|o| o.value("Type")).and_then(Value::as_str).and_then(StateKind::from_name);
            let ql = object
                .and_then(|o| o.value("QueryLanguage"))
                .and_then(Value::as_str)
                .map(QueryLanguage::from_value)
                .unwrap_or(top_ql);
            Kind::State { kind, ql }
        }
        Kind::State { ql, .. } => match key {
            "Retry" => Kind::Array(Box::new(Kind::Retrier)),
            "Catch" => Kind::Array(Box::new(Kind::Catcher { ql: *ql })),
            "Choices" => Kind::Array(Box::new(Kind::ChoiceRule { top: true, ql: *ql })),
            "Branches" => Kind::Array(Box::new(Kind::Machine(MachineKind::Branch))),
            "ItemProcessor" | "Iterator" => Kind::Machine(MachineKind::Processor),
            "ItemReader" => Kind::Structure(Structure::ItemReader, *ql),
            "ItemBatcher" => Kind::Structure(Structure::ItemBatcher, *ql),
            "ResultWriter" => Kind::Structure(Structure::ResultWriter, *ql),
            "Credentials" => Kind::Structure(Structure::Credentials, *ql),
            "Parameters" | "ResultSelector" | "ItemSelector" | "Arguments" | "Output" | "Assign" | "Result"
            | "Items" => Kind::Template,
            _ => Kind::Other,
        },
        Kind::Array(element) => match step {
            Step::Element(..) => (**element).clone(),
            Step::Member(_) => Kind::Other,
        },
        Kind::ChoiceRule { ql, .. } => match key {
            "And" | "Or" => Kind::Array(Box::new(Kind::ChoiceRule { top: false, ql: *ql })),
            "Not" => Kind::ChoiceRule { top: false, ql: *ql },
            "Assign" | "Output" => Kind::Template,
            _ => Kind::Other,
        },
        Kind::Catcher { .. } => match key {
            "Assign" | "Output" => Kind::Template,
            _ => Kind::Other,
        },
        Kind::Structure(structure, ql) => match (structure, key) {
            (Structure::ItemReader, "ReaderConfig") => Kind::Structure(Structure::ReaderConfig, *ql),
            (Structure::ResultWriter, "WriterConfig") => Kind::Structure(Structure::WriterConfig, *ql),
            (Structure::ItemReader | Structure::ResultWriter, "Parameters" | "Arguments") => Kind::Template,
            (Structure::ItemBatcher, "BatchInput") => Kind::Template,
            _ => Kind::Other,
        },
        Kind::Template => Kind::Template,
        Kind::Retrier | Kind::Other => Kind::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    fn ctx(text_with_cursor: &str) -> (Kind, Option<String>) {
        let offset = text_with_cursor.find("$0").unwrap();
        let text = text_with_cursor.replacen("$0", "", 1);
        let parse = parse(&text);
        let root = parse.root.unwrap();
        let context = context(&text, &root, offset as u32);
        (context.object_kind, context.field.map(str::to_string))
    }

    #[test]
    fn kinds_along_the_path() {
        let jsonpath = QueryLanguage::JsonPath;
        assert_eq!(
            ctx(r#"{"States": {"A": {"Type": "Task", "Re$0": 1}}}"#).0,
            Kind::State { kind: Some(StateKind::Task), ql: jsonpath }
        );
        assert_eq!(
            ctx(r#"{"States": {"A": {"Type": "Task", "Retry": [{"ErrorEquals": ["$0"]}]}}}"#),
            (Kind::Retrier, Some("ErrorEquals".into()))
        );
        assert_eq!(
            ctx(r#"{"States": {"C": {"Type": "Choice", "Choices": [{"And": [{"Variable": "$.x", "$0": 1}]}]}}}"#).0,
            Kind::ChoiceRule { top: false, ql: jsonpath }
        );
        assert_eq!(
            ctx(
                r#"{"States": {"P": {"Type": "Parallel", "Branches": [{"States": {"X": {"Type": "Pass", "Next": "$0"}}}]}}}"#
            ),
            (Kind::State { kind: Some(StateKind::Pass), ql: jsonpath }, Some("Next".into()))
        );
        assert_eq!(
            ctx(r#"{"QueryLanguage": "JSONata", "States": {"M": {"Type": "Map", "ItemReader": {"ReaderConfig": {"$0"}}}}}"#).0,
            Kind::Structure(Structure::ReaderConfig, QueryLanguage::Jsonata)
        );
        assert_eq!(ctx(r#"{"StartAt": "$0"}"#), (Kind::Machine(MachineKind::Root), Some("StartAt".into())));
    }
}
