//! Completion: field names for the object under the cursor (by state type
//! and query language, with value snippets), values (state names in
//! transitions, state types, enum values, error names), and skeletons for
//! new states and new documents. Every item carries the exact edit, so it
//! works inside quotes, with or without the closing quote typed.

use super::context::{context, Context, Kind, MachineKind};
use super::edit::{indent_at, indent_unit, json_string, TextEdit};
use crate::data::{
    docs, error_doc, state_fields, structure_fields, Field, Operand, Ql, Shape, Structure, BRANCH, CHOICE_OPERATORS,
    PREDEFINED_ERRORS, PROCESSOR, STATE_TYPES, TOP_LEVEL,
};
use crate::model::{QueryLanguage, StateKind};
use crate::syntax::{Member, Object, Spot, Value, ValueKind};
use crate::text::TextRange;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    Field,
    State,
    Value,
    Error,
    Operator,
    Snippet,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: ItemKind,
    pub detail: Option<String>,
    /// Markdown.
    pub documentation: Option<String>,
    pub edit: TextEdit,
    /// Edits elsewhere (a comma after the previous member).
    pub additional_edits: Vec<TextEdit>,
    /// `edit.new_text` is a snippet with `$1` tab stops.
    pub snippet: bool,
    pub filter_text: Option<String>,
    pub sort_text: Option<String>,
}

mod samples;
mod strings;
mod tasks;
mod yaml;

pub use samples::Samples;
pub use yaml::completions as yaml_completions;

pub(crate) use strings::STATES_MEMBERS;
pub(crate) use tasks::param_doc;

pub fn completions(text: &str, root: &Value, offset: u32) -> Vec<CompletionItem> {
    completions_with(text, root, offset, &Samples::default())
}

/// [`completions`], with the states' inputs of a run for `$.` fields.
pub fn completions_with(text: &str, root: &Value, offset: u32, samples: &Samples) -> Vec<CompletionItem> {
    if let Some(at) = super::expr_at::expr_at(text, root, offset) {
        return strings::items(text, &at, samples);
    }
    let cx = context(text, root, offset);
    match cx.spot {
        Spot::Key { object, member } => key_items(text, &cx, object, Some(member), offset),
        Spot::NewKey { object } => key_items(text, &cx, object, None, offset),
        Spot::Value { value } => value_items(text, &cx, Some(value), offset),
        Spot::NewElement { .. } => value_items(text, &cx, None, offset),
        Spot::None => Vec::new(),
    }
}

/// In an empty file: a whole state machine.
pub fn empty_document(text: &str, offset: u32) -> Vec<CompletionItem> {
    if !text.trim().is_empty() {
        return Vec::new();
    }
    let body = "{\n  \"Comment\": \"$1\",\n  \"StartAt\": \"${2:FirstState}\",\n  \"States\": {\n    \"${2:FirstState}\": {\n      \"Type\": \"Pass\",\n      \"End\": true\n    }\n  }\n}";
    vec![CompletionItem {
        label: "New state machine".into(),
        kind: ItemKind::Snippet,
        detail: Some("StartAt, States and a first state".into()),
        documentation: None,
        edit: TextEdit::replace(TextRange::new(0, text.len() as u32), body.replace("  ", &indent_unit(text))),
        additional_edits: Vec::new(),
        snippet: true,
        filter_text: Some("{".into()),
        sort_text: None,
    }]
    .into_iter()
    .filter(|_| offset as usize <= text.len())
    .collect()
}

/// A string token's range without the trailing blanks an unterminated one runs into.
fn token_range(text: &str, range: TextRange) -> TextRange {
    let token = &text[range.as_usize()];
    let trimmed = token.trim_end();
    TextRange::new(range.start, range.start + trimmed.len() as u32)
}

/// One candidate field of an object.
struct Candidate {
    name: &'static str,
    doc: String,
    snippet: String,
    required: bool,
    kind: ItemKind,
}

fn key_items(
    text: &str,
    cx: &Context<'_>,
    object: &Object,
    member: Option<&Member>,
    offset: u32,
) -> Vec<CompletionItem> {
    let indent = match member {
        Some(m) => indent_at(text, m.key_range.start).to_string(),
        None => indent_at(text, offset).to_string(),
    };
    let unit = indent_unit(text);
    let names = state_names(cx);
    let candidates: Vec<Candidate> = match &cx.object_kind {
        Kind::States => return new_state_items(text, cx, member, offset, &indent, &unit),
        Kind::Machine(kind) => {
            let table = match kind {
                MachineKind::Root => TOP_LEVEL,
                MachineKind::Branch => BRANCH,
                MachineKind::Processor => PROCESSOR,
            };
            fields(table, QueryLanguage::JsonPath, true, &names)
        }
        Kind::State { kind: Some(kind), ql } => {
            fields(state_fields(kind.name()).unwrap_or_default(), *ql, false, &names)
        }
        Kind::State { kind: None, ql } => {
            let mut base = fields(state_fields("Pass").unwrap_or_default(), *ql, false, &names);
            base.retain(|c| matches!(c.name, "Type" | "Comment" | "QueryLanguage"));
            base
        }
        Kind::Retrier => fields(structure_fields(Structure::Retrier), QueryLanguage::JsonPath, false, &names),
        Kind::Catcher { ql } => fields(structure_fields(Structure::Catcher), *ql, false, &names),
        Kind::Structure(Structure::Credentials, _) => vec![Candidate {
            name: "RoleArn",
            doc: "The ARN of the IAM role to assume for this task.".into(),
            snippet: "\"${1:arn:aws:iam::123456789012:role/RoleName}\"".into(),
            required: true,
            kind: ItemKind::Field,
        }],
        Kind::Structure(structure, ql) => fields(structure_fields(*structure), *ql, false, &names),
        Kind::ChoiceRule { top, ql } => choice_rule_fields(*top, *ql),
        Kind::Template => match task_state(cx).and_then(|state| tasks::param_candidates(state, object)) {
            Some(candidates) => candidates,
            None => return Vec::new(),
        },
        Kind::Array(_) | Kind::Other => return Vec::new(),
    };
    let editing = member.map(|m| m.key.as_str());
    let (range, full) = match member {
        Some(m) => {
            let after = &text[m.key_range.end as usize..];
            let has_colon = after.trim_start().starts_with(':');
            (token_range(text, m.key_range), !has_colon)
        }
        None => (TextRange::empty(offset), true),
    };
    let comma_after = full && next_member_follows(text, range.end);
    let comma_before = if full { missing_comma_before(text, object, range.start) } else { None };
    // Every required parameter of a task in one go, in an empty object.
    // (A YAML document's object may hold the placeholder key of `yaml`.)
    let empty = object.members.iter().all(|m| m.key == yaml::PLACEHOLDER);
    let all_required = (cx.object_kind == Kind::Template && member.is_none() && empty)
        .then(|| task_state(cx).and_then(|state| tasks::required_snippet(state, range)))
        .flatten();
    candidates
        .into_iter()
        .enumerate()
        .filter(|(_, c)| Some(c.name) == editing || !object.has(c.name))
        .map(|(i, c)| {
            let key = json_string(c.name);
            let new_text = if full {
                let value = c.snippet.replace("  ", &unit).replace('\n', &format!("\n{indent}"));
                format!("{key}: {value}{}", if comma_after { "," } else { "" })
            } else {
                key.clone()
            };
            CompletionItem {
                label: c.name.to_string(),
                kind: c.kind,
                detail: c.required.then(|| "required".to_string()),
                documentation: Some(c.doc),
                edit: TextEdit::replace(range, new_text),
                additional_edits: comma_before.iter().map(|&at| TextEdit::insert(at, ",")).collect(),
                snippet: full,
                filter_text: Some(if range.is_empty() { c.name.to_string() } else { key }),
                sort_text: Some(format!("{}{i:03}", if c.required { 0 } else { 1 })),
            }
        })
        .chain(all_required)
        .collect()
}

/// The object of the state the cursor is in.
fn task_state<'t>(cx: &Context<'t>) -> Option<&'t Object> {
    cx.scope_states?.value(cx.state_name?)?.as_object()
}

/// Whether the next thing after `at` is another member (`"key"`).
fn next_member_follows(text: &str, at: u32) -> bool {
    text[at as usize..].trim_start().starts_with('"')
}

/// Where a comma is missing between the previous member and `at`.
fn missing_comma_before(text: &str, object: &Object, at: u32) -> Option<u32> {
    let previous = object.members.iter().rev().find(|m| m.value.range.end <= at && !m.value.range.is_empty())?;
    let between = &text[previous.value.range.end as usize..at as usize];
    (!between.contains(',')).then_some(previous.value.range.end)
}

fn state_names<'t>(cx: &Context<'t>) -> Vec<&'t str> {
    cx.scope_states.map(|s| s.members.iter().map(|m| m.key.as_str()).collect()).unwrap_or_default()
}

fn ql_allows(field: &Field, ql: QueryLanguage) -> bool {
    match field.ql {
        Ql::Both => true,
        Ql::JsonPath => ql == QueryLanguage::JsonPath,
        Ql::Jsonata => ql == QueryLanguage::Jsonata,
    }
}

fn fields(table: &'static [Field], ql: QueryLanguage, any_ql: bool, names: &[&str]) -> Vec<Candidate> {
    table
        .iter()
        .filter(|f| any_ql || ql_allows(f, ql))
        .map(|f| Candidate {
            name: f.name,
            doc: field_doc(f),
            snippet: value_snippet(f, ql, names),
            required: f.required,
            kind: ItemKind::Field,
        })
        .collect()
}

/// Markdown for a field: its line, allowed values, query language.
pub fn field_doc(field: &Field) -> String {
    let mut doc = field.doc.to_string();
    match field.shape {
        Shape::Enum(values) => {
            let list = values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ");
            doc.push_str(&format!("\n\nOne of {list}."));
        }
        Shape::Integer { min, max } if max < i64::MAX => doc.push_str(&format!("\n\nAn integer from {min} to {max}.")),
        Shape::Integer { min, .. } => doc.push_str(&format!("\n\nAn integer, at least {min}.")),
        Shape::Number { min, .. } => doc.push_str(&format!("\n\nA number, at least {min}.")),
        Shape::ReferencePath { .. } => doc.push_str("\n\nA reference path (`$.field`, `$.list[0]`)."),
        Shape::Path { .. } => doc.push_str("\n\nA JSONPath (`$`, `$.field`), or `null`."),
        Shape::Timestamp => doc.push_str("\n\nAn RFC 3339 timestamp such as `2026-01-31T23:59:00Z`."),
        Shape::StateName => doc.push_str("\n\nThe name of a state in the same `States`."),
        _ => {}
    }
    match field.ql {
        Ql::JsonPath => doc.push_str("\n\nJSONPath states only."),
        Ql::Jsonata => doc.push_str("\n\nJSONata states only."),
        Ql::Both => {}
    }
    if field.required {
        doc.push_str("\n\nRequired.");
    }
    doc
}

/// The value part of a field snippet, with two-space indentation steps.
fn value_snippet(field: &Field, ql: QueryLanguage, names: &[&str]) -> String {
    let jsonata = ql == QueryLanguage::Jsonata;
    match (field.name, field.shape) {
        ("End", _) => "true".into(),
        ("Retry", _) => "[\n  {\n    \"ErrorEquals\": [\"${1:States.ALL}\"],\n    \"IntervalSeconds\": ${2:1},\n    \"MaxAttempts\": ${3:3},\n    \"BackoffRate\": ${4:2}\n  }\n]".into(),
        ("Catch", _) => "[\n  {\n    \"ErrorEquals\": [\"${1:States.ALL}\"],\n    \"Next\": \"$2\"\n  }\n]".into(),
        ("Choices", _) if jsonata => "[\n  {\n    \"Condition\": \"{% $1 %}\",\n    \"Next\": \"$2\"\n  }\n]".into(),
        ("Choices", _) => "[\n  {\n    \"Variable\": \"\\$.${1:field}\",\n    \"StringEquals\": \"$2\",\n    \"Next\": \"$3\"\n  }\n]".into(),
        ("Branches", _) => "[\n  {\n    \"StartAt\": \"$1\",\n    \"States\": {\n      $0\n    }\n  }\n]".into(),
        ("ItemProcessor" | "Iterator", _) => "{\n  \"ProcessorConfig\": {\n    \"Mode\": \"${1|INLINE,DISTRIBUTED|}\"\n  },\n  \"StartAt\": \"$2\",\n  \"States\": {\n    $0\n  }\n}".into(),
        ("Arguments" | "Output", _) if jsonata => "\"{% $1 %}\"".into(),
        ("Condition", _) => "\"{% $1 %}\"".into(),
        (_, Shape::StateName) if !names.is_empty() && names.len() <= 50 => {
            format!("\"${{1|{}|}}\"", names.iter().map(|n| snippet_choice(n)).collect::<Vec<_>>().join(","))
        }
        (_, Shape::Enum(values)) => format!("\"${{1|{}|}}\"", values.join(",")),
        (_, Shape::Boolean) => "${1|true,false|}".into(),
        (_, Shape::Integer { .. } | Shape::Number { .. }) if jsonata => "${1:0}".into(),
        (_, Shape::Integer { min, .. }) => format!("${{1:{}}}", min.max(1)),
        (_, Shape::Number { min, .. }) => format!("${{1:{min}}}"),
        (_, Shape::Path { .. } | Shape::ReferencePath { .. }) => "\"\\$${1:.field}\"".into(),
        (_, Shape::Timestamp) => "\"${1:2026-01-01T00:00:00Z}\"".into(),
        (_, Shape::Object | Shape::Structure(_)) => "{\n  $1\n}".into(),
        (_, Shape::Array | Shape::ArrayOf(_)) => "[$1]".into(),
        (_, Shape::Any) => "{\n  $1\n}".into(),
        _ => "\"$1\"".into(),
    }
}

/// A state name as a snippet choice: `,`, `|` and `\` escaped.
fn snippet_choice(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if matches!(c, ',' | '|' | '\\' | '$' | '}') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn choice_rule_fields(top: bool, ql: QueryLanguage) -> Vec<Candidate> {
    let field = |name: &'static str, doc: &str, snippet: &str, required: bool| Candidate {
        name,
        doc: doc.to_string(),
        snippet: snippet.to_string(),
        required,
        kind: ItemKind::Field,
    };
    if ql == QueryLanguage::Jsonata {
        let mut out = vec![field(
            "Condition",
            "A JSONata expression that decides whether this rule matches.",
            "\"{% $1 %}\"",
            true,
        )];
        if top {
            out.push(field("Next", "The state to run when the rule matches.", "\"$1\"", true));
            out.push(field("Assign", "Variables to assign when the rule matches.", "{\n  $1\n}", false));
            out.push(field("Output", "The state output when the rule matches.", "\"{% $1 %}\"", false));
        }
        out.push(field("Comment", "A human-readable description.", "\"$1\"", false));
        return out;
    }
    let mut out = vec![field(
        "Variable",
        "The path of the value to test: `$.field`, `$$.Execution.Input.x` or `$variable`.",
        "\"\\$.${1:field}\"",
        true,
    )];
    for (name, operand) in CHOICE_OPERATORS {
        let snippet = match operand {
            Operand::String | Operand::Pattern => "\"$1\"",
            Operand::Number => "${1:0}",
            Operand::Boolean | Operand::TypeTest => "${1|true,false|}",
            Operand::Timestamp => "\"${1:2026-01-01T00:00:00Z}\"",
            Operand::Path => "\"\\$.${1:field}\"",
        };
        out.push(Candidate {
            name,
            doc: docs::operator_doc(name),
            snippet: snippet.into(),
            required: false,
            kind: ItemKind::Operator,
        });
    }
    for (name, doc) in
        [("And", "Matches when every nested rule matches."), ("Or", "Matches when any nested rule matches.")]
    {
        out.push(field(
            name,
            doc,
            "[\n  {\n    \"Variable\": \"\\$.${1:field}\",\n    \"IsPresent\": true\n  }\n]",
            false,
        ));
    }
    out.push(field(
        "Not",
        "Matches when the nested rule does not.",
        "{\n  \"Variable\": \"\\$.${1:field}\",\n  \"IsPresent\": true\n}",
        false,
    ));
    if top {
        out.push(field("Next", "The state to run when the rule matches.", "\"$1\"", true));
        out.push(field("Assign", "Variables to assign when the rule matches.", "{\n  $1\n}", false));
    }
    out.push(field("Comment", "A human-readable description.", "\"$1\"", false));
    out
}

/// Skeletons for a new state, one per type, in the machine's query language.
fn new_state_items(
    text: &str,
    cx: &Context<'_>,
    member: Option<&Member>,
    offset: u32,
    indent: &str,
    unit: &str,
) -> Vec<CompletionItem> {
    let jsonata = cx.top_ql == QueryLanguage::Jsonata;
    let range = member.map(|m| token_range(text, m.key_range)).unwrap_or(TextRange::empty(offset));
    // Only when the key is being typed fresh: not over an existing state.
    if member.is_some_and(|m| !m.value.is_error()) {
        return Vec::new();
    }
    let comma_after = next_member_follows(text, range.end);
    let object = cx.object;
    let comma_before = object.and_then(|o| missing_comma_before(text, o, range.start));
    STATE_TYPES
        .iter()
        .enumerate()
        .filter_map(|(i, name)| {
            let kind = StateKind::from_name(name)?;
            let body = state_skeleton(kind, jsonata);
            let snippet = format!("\"${{1:{name}State}}\": {{\n  \"Type\": \"{name}\"{body}\n}}")
                .replace("  ", unit)
                .replace('\n', &format!("\n{indent}"));
            Some(CompletionItem {
                label: format!("{name} state"),
                kind: ItemKind::Snippet,
                detail: Some(format!("a new {name} state")),
                documentation: Some(docs::state_type_doc(kind).to_string()),
                edit: TextEdit::replace(range, format!("{snippet}{}", if comma_after { "," } else { "" })),
                additional_edits: comma_before.iter().map(|&at| TextEdit::insert(at, ",")).collect(),
                snippet: true,
                filter_text: Some(if range.is_empty() { format!("{name} state") } else { format!("\"{name}") }),
                sort_text: Some(format!("{i:02}")),
            })
        })
        .collect()
}

/// The fields after `"Type"` in a new state's skeleton.
fn state_skeleton(kind: StateKind, jsonata: bool) -> String {
    let task_input = if jsonata {
        ",\n  \"Arguments\": {\n    \"FunctionName\": \"${3:function-name}\",\n    \"Payload\": \"{% \\$states.input %}\"\n  }"
    } else {
        ",\n  \"Parameters\": {\n    \"FunctionName\": \"${3:function-name}\",\n    \"Payload.\\$\": \"\\$\"\n  }"
    };
    match kind {
        StateKind::Task => format!(",\n  \"Resource\": \"${{2:arn:aws:states:::lambda:invoke}}\"{task_input},\n  \"Next\": \"$4\""),
        StateKind::Pass => ",\n  \"Next\": \"$2\"".into(),
        StateKind::Choice if jsonata => ",\n  \"Choices\": [\n    {\n      \"Condition\": \"{% $2 %}\",\n      \"Next\": \"$3\"\n    }\n  ],\n  \"Default\": \"$4\"".into(),
        StateKind::Choice => ",\n  \"Choices\": [\n    {\n      \"Variable\": \"\\$.${2:field}\",\n      \"StringEquals\": \"$3\",\n      \"Next\": \"$4\"\n    }\n  ],\n  \"Default\": \"$5\"".into(),
        StateKind::Wait => ",\n  \"Seconds\": ${2:10},\n  \"Next\": \"$3\"".into(),
        StateKind::Succeed => String::new(),
        StateKind::Fail => ",\n  \"Error\": \"${2:ErrorName}\",\n  \"Cause\": \"$3\"".into(),
        StateKind::Parallel => ",\n  \"Branches\": [\n    {\n      \"StartAt\": \"${2:Branch}\",\n      \"States\": {\n        \"${2:Branch}\": {\n          \"Type\": \"Pass\",\n          \"End\": true\n        }\n      }\n    }\n  ],\n  \"Next\": \"$3\"".into(),
        StateKind::Map => {
            let items = if jsonata { "\"Items\": \"{% \\$states.input.${2:items} %}\"" } else { "\"ItemsPath\": \"\\$.${2:items}\"" };
            format!(",\n  {items},\n  \"ItemProcessor\": {{\n    \"ProcessorConfig\": {{\n      \"Mode\": \"INLINE\"\n    }},\n    \"StartAt\": \"${{3:Item}}\",\n    \"States\": {{\n      \"${{3:Item}}\": {{\n        \"Type\": \"Pass\",\n        \"End\": true\n      }}\n    }}\n  }},\n  \"Next\": \"$4\"")
        }
    }
}

/// Values for the member (or array) the cursor is in.
fn value_items(text: &str, cx: &Context<'_>, value: Option<&Value>, offset: u32) -> Vec<CompletionItem> {
    let Some(field) = cx.field else { return Vec::new() };
    let (range, quoted) = match value.map(|v| &v.kind) {
        Some(ValueKind::String(_)) => (token_range(text, value.map_or(TextRange::empty(offset), |v| v.range)), true),
        Some(ValueKind::Error) if value.is_some_and(|v| v.range.is_empty()) => (TextRange::empty(offset), false),
        Some(_) => (value.map_or(TextRange::empty(offset), |v| v.range), false),
        None => (TextRange::empty(offset), false),
    };
    let order = std::cell::Cell::new(0usize);
    let item = |label: String, kind: ItemKind, detail: Option<String>, doc: Option<String>, raw: bool| {
        let new_text = if raw { label.clone() } else { json_string(&label) };
        order.set(order.get() + 1);
        CompletionItem {
            filter_text: Some(if quoted && !raw { json_string(&label) } else { label.clone() }),
            label,
            kind,
            detail,
            documentation: doc,
            edit: TextEdit::replace(range, new_text),
            additional_edits: Vec::new(),
            snippet: false,
            // Keep the table's order (most used first), not the alphabet's.
            sort_text: Some(format!("{:03}", order.get())),
        }
    };
    let kind = &cx.object_kind;
    let is_transition = matches!(
        (kind, field),
        (Kind::State { .. }, "Next" | "Default")
            | (Kind::Catcher { .. }, "Next")
            | (Kind::Machine(_), "StartAt")
            | (Kind::ChoiceRule { top: true, .. }, "Next")
    );
    if is_transition {
        let Some(states) = cx.scope_states else { return Vec::new() };
        return states
            .members
            .iter()
            .filter(|m| !m.key.is_empty())
            .enumerate()
            .map(|(index, m)| {
                let state_type = m.value.as_object().and_then(|o| o.value("Type")).and_then(Value::as_str);
                let comment = m.value.as_object().and_then(|o| o.value("Comment")).and_then(Value::as_str);
                let mut it = item(
                    m.key.to_string(),
                    ItemKind::State,
                    state_type.map(|t| format!("{t} state")),
                    comment.map(str::to_string),
                    false,
                );
                // The state itself last: a loop is rarer than a step forward.
                let own = cx.state_name == Some(m.key.as_str());
                // Document order, which is usually the flow's order.
                it.sort_text = Some(format!("{}{index:05}", if own { 1 } else { 0 }));
                it
            })
            .collect();
    }
    match (kind, field) {
        (Kind::State { kind: Some(StateKind::Task), .. }, "Resource") => match value {
            Some(value) => tasks::resource_items(text, value, offset),
            None => Vec::new(),
        },
        (Kind::Template, key) => match (task_state(cx), cx.object) {
            (Some(state), Some(object))
                if ["Parameters", "Arguments"]
                    .iter()
                    .any(|f| state.value(f).and_then(Value::as_object).is_some_and(|o| std::ptr::eq(o, object))) =>
            {
                tasks::param_value_items(state, key, range)
            }
            _ => Vec::new(),
        },
        (Kind::State { .. }, "Type") => STATE_TYPES
            .iter()
            .map(|t| {
                let doc = StateKind::from_name(t).map(|k| docs::state_type_doc(k).to_string());
                item(t.to_string(), ItemKind::Value, None, doc, false)
            })
            .collect(),
        (Kind::Retrier | Kind::Catcher { .. }, "ErrorEquals") => PREDEFINED_ERRORS
            .iter()
            .map(|e| item(e.to_string(), ItemKind::Error, None, error_doc(e).map(str::to_string), false))
            .chain(task_state(cx).map(|state| tasks::error_items(state, range)).unwrap_or_default())
            .collect(),
        (Kind::ChoiceRule { .. }, operator) => {
            match CHOICE_OPERATORS.iter().find(|(op, _)| *op == operator).map(|(_, operand)| *operand) {
                Some(Operand::Boolean | Operand::TypeTest) => {
                    ["true", "false"].iter().map(|b| item(b.to_string(), ItemKind::Value, None, None, true)).collect()
                }
                _ => Vec::new(),
            }
        }
        _ => {
            let Some(table_field) = lookup_field(kind, field) else { return Vec::new() };
            match table_field.shape {
                Shape::Enum(values) => values
                    .iter()
                    .map(|v| item(v.to_string(), ItemKind::Value, None, Some(field_doc(table_field)), false))
                    .collect(),
                Shape::Boolean if field == "End" => vec![item("true".into(), ItemKind::Value, None, None, true)],
                Shape::Boolean => {
                    ["true", "false"].iter().map(|b| item(b.to_string(), ItemKind::Value, None, None, true)).collect()
                }
                _ => Vec::new(),
            }
        }
    }
}

/// The table entry of a field in an object of this kind.
pub fn lookup_field(kind: &Kind, name: &str) -> Option<&'static Field> {
    let table: &'static [Field] = match kind {
        Kind::Machine(MachineKind::Root) => TOP_LEVEL,
        Kind::Machine(MachineKind::Branch) => BRANCH,
        Kind::Machine(MachineKind::Processor) => PROCESSOR,
        Kind::State { kind: Some(k), .. } => state_fields(k.name())?,
        Kind::State { kind: None, .. } => state_fields("Pass")?,
        Kind::Retrier => structure_fields(Structure::Retrier),
        Kind::Catcher { .. } => structure_fields(Structure::Catcher),
        Kind::Structure(structure, _) => structure_fields(*structure),
        _ => return None,
    };
    table.iter().find(|f| f.name == name)
}

#[cfg(test)]
mod tests;

/// Snippet text as plain text: tab stops dropped, placeholders and the first
/// choice kept, escapes resolved.
pub fn strip_snippet(snippet: &str) -> String {
    let mut out = String::new();
    let mut chars = snippet.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            }
            '$' if chars.peek().is_some_and(char::is_ascii_digit) => {
                while chars.peek().is_some_and(char::is_ascii_digit) {
                    chars.next();
                }
            }
            '$' if chars.peek() == Some(&'{') => {
                chars.next();
                while chars.peek().is_some_and(char::is_ascii_digit) {
                    chars.next();
                }
                match chars.next() {
                    Some(':') => {
                        // The placeholder's text, up to the matching `}`.
                        let mut depth = 0;
                        while let Some(inner) = chars.next() {
                            match inner {
                                '\\' => {
                                    if let Some(escaped) = chars.next() {
                                        out.push(escaped);
                                    }
                                }
                                '{' => {
                                    depth += 1;
                                    out.push(inner);
                                }
                                '}' if depth == 0 => break,
                                '}' => {
                                    depth -= 1;
                                    out.push(inner);
                                }
                                _ => out.push(inner),
                            }
                        }
                    }
                    Some('|') => {
                        // The first choice.
                        let mut first = true;
                        while let Some(inner) = chars.next() {
                            match inner {
                                '\\' => {
                                    if let (true, Some(escaped)) = (first, chars.next()) {
                                        out.push(escaped);
                                    }
                                }
                                ',' => first = false,
                                '|' if chars.peek() == Some(&'}') => {
                                    chars.next();
                                    break;
                                }
                                _ if first => out.push(inner),
                                _ => {}
                            }
                        }
                    }
                    _ => {}
                }
            }
            _ => out.push(c),
        }
    }
    out
}
