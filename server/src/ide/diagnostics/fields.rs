//! Table-driven field checks for any object with a field table (states,
//! retriers, catchers, Map reader/writer/batcher configs, machines): unknown
//! fields, fields of the other query language, value shapes and ranges,
//! required fields, mutually exclusive pairs.

use super::suggest::{closest, did_you_mean};
use super::timestamp::is_rfc3339;
use super::{Code, Cx, Diagnostic, Sink};
use crate::data::{state_fields, structure_fields, Field, Ql, Shape, Structure, STATE_TYPES};
use crate::ide::edit::{insert_member, json_string, remove_member, Fix, TextEdit};
use crate::model::QueryLanguage;
use crate::syntax::{Member, Object, Value, ValueKind};
use crate::text::TextRange;

/// An object to check against a field table.
pub(super) struct Target<'a, 't> {
    pub object: &'t Object,
    /// AWS location of the object (`""` for the root).
    pub pointer: &'a str,
    pub ql: QueryLanguage,
    pub table: &'static [Field],
    /// How messages name the object: "a Task state", "a retrier".
    pub what: &'a str,
}

/// AWS location text for an object pointer: the root is `/`.
pub(super) fn location(pointer: &str) -> String {
    if pointer.is_empty() {
        "/".to_string()
    } else {
        pointer.to_string()
    }
}

/// A cheap check of how a path starts: `$`, `$.a`, `$[0]`, `$$`, `$$.a`,
/// `$var…`, around whitespace (Jayway trims a path before reading it).
/// The full JSONPath grammar is checked by the expression layer.
pub(super) fn path_start_is_valid(s: &str) -> bool {
    let s = s.trim();
    if has_placeholder(s) {
        return true;
    }
    let rest = if let Some(rest) = s.strip_prefix("$$") {
        return rest.is_empty() || rest.starts_with(['.', '[']);
    } else if let Some(rest) = s.strip_prefix('$') {
        rest
    } else {
        return false;
    };
    rest.is_empty() || rest.starts_with(['.', '[']) || rest.starts_with(|c: char| c.is_alphabetic() || c == '_')
}

pub(super) use crate::lang::{has_placeholder, is_jsonata_expression};

/// Checks every member against the table; returns the required fields that
/// are missing (callers word that message themselves).
pub(super) fn check_members(cx: &Cx<'_, '_>, sink: &mut Sink, target: &Target<'_, '_>) -> Vec<&'static str> {
    for member in &target.object.members {
        if member.key.is_empty() && member.value.is_error() {
            continue; // a syntax error, already reported
        }
        match target.table.iter().find(|f| f.name == member.key) {
            Some(field) => check_field(cx, sink, target, field, member),
            None => unknown_field(cx, sink, target, member),
        }
    }
    target.table.iter().filter(|f| f.required && !target.object.has(f.name)).map(|f| f.name).collect()
}

/// Reports missing required fields with AWS's wording for a single field,
/// each with a fix that adds the field with a placeholder value.
pub(super) fn report_missing(
    cx: &Cx<'_, '_>,
    sink: &mut Sink,
    missing: &[&str],
    anchor: TextRange,
    pointer: &str,
    what: &str,
    object: Option<&Object>,
) {
    for name in missing {
        let message = format!("{what} needs the field `{name}`: add it");
        let mut diagnostic = Diagnostic::new(Code::MissingField, anchor, message)
            .aws_with(Some(location(pointer)), format!("The field '{name}' is required but was missing"));
        if let Some(object) = object {
            let edit = insert_member(cx.text, object, name, placeholder(name));
            diagnostic = diagnostic.with_fix(Fix::unsafe_(format!("Add `{name}`"), vec![edit]));
        }
        sink.push(diagnostic);
    }
}

/// A starting value for a required field, for quick fixes.
pub(super) fn placeholder(field: &str) -> &'static str {
    match field {
        "Resource" => "\"arn:aws:states:::lambda:invoke\"",
        "ErrorEquals" => "[\"States.ALL\"]",
        "Branches" => "[\n  {\n    \"StartAt\": \"\",\n    \"States\": {}\n  }\n]",
        "ItemProcessor" => "{\n  \"StartAt\": \"\",\n  \"States\": {}\n}",
        "Choices" => "[]",
        "States" | "Credentials" => "{}",
        "End" => "true",
        "RoleArn" => "\"arn:aws:iam::123456789012:role/RoleName\"",
        _ => "\"\"",
    }
}

fn unknown_field(cx: &Cx<'_, '_>, sink: &mut Sink, target: &Target<'_, '_>, member: &Member) {
    let suggestion = closest(&member.key, target.table.iter().map(|f| f.name));
    let hint = suggestion.map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
    let elsewhere = if hint.is_empty() { types_taking(&member.key) } else { String::new() };
    let message = format!("`{}` is not a field of {}{hint}{elsewhere}", member.key, target.what);
    let mut diagnostic = Diagnostic::new(Code::UnknownField, member.key_range, message)
        .aws_with(Some(location(target.pointer)), format!("Field '{}' is not supported", member.key));
    if let Some(name) = suggestion.filter(|s| !target.object.has(s)) {
        let edit = TextEdit::replace(member.key_range, json_string(name));
        diagnostic = diagnostic.with_fix(Fix::safe(format!("Rename to `{name}`"), vec![edit]));
    }
    if let Some(index) = target.object.members.iter().position(|m| std::ptr::eq(m, member)) {
        if let Some(edit) = remove_member(cx.text, target.object, index) {
            diagnostic = diagnostic.with_fix(Fix::unsafe_(format!("Remove `{}`", member.key), vec![edit]));
        }
    }
    sink.push(diagnostic);
}

/// " (only Task, Parallel and Map states take it)" when the field exists on other state types.
fn types_taking(name: &str) -> String {
    let types: Vec<&str> = STATE_TYPES
        .iter()
        .copied()
        .filter(|t| state_fields(t).is_some_and(|fields| fields.iter().any(|f| f.name == name)))
        .collect();
    match types.as_slice() {
        [] => String::new(),
        [one] => format!(" (only {one} states take it)"),
        [init @ .., last] => format!(" (only {} and {last} states take it)", init.join(", ")),
    }
}

fn check_field(cx: &Cx<'_, '_>, sink: &mut Sink, target: &Target<'_, '_>, field: &Field, member: &Member) {
    let wrong_language = match (field.ql, target.ql) {
        (Ql::JsonPath, QueryLanguage::Jsonata) => Some(("JSONata", "JSONPath")),
        (Ql::Jsonata, QueryLanguage::JsonPath) => Some(("JSONPath", "JSONata")),
        _ => None,
    };
    if let Some((current, needed)) = wrong_language {
        let instead = counterpart(field.name, needed).map(|c| format!(" In {current}, use `{c}`.")).unwrap_or_default();
        let message = format!(
            "`{}` is a {needed} field, but {} uses {current}.{instead} Or set `\"QueryLanguage\": \"{needed}\"` on the state.",
            field.name, target.what
        );
        let aws = format!(
            "The QueryLanguage is set to '{current}', but field '{}' is only supported for the '{needed}' QueryLanguage",
            field.name
        );
        sink.push(
            Diagnostic::new(Code::WrongQueryLanguage, member.key_range, message)
                .aws_with(Some(location(target.pointer)), aws),
        );
        return;
    }
    check_shape(cx, sink, target, field, &member.value);
}

/// What to write instead of a field of the other query language.
fn counterpart(field: &str, needed: &str) -> Option<&'static str> {
    let jsonata = needed == "JSONPath"; // the state uses JSONata
    Some(match field {
        "Parameters" if jsonata => "Arguments",
        "InputPath" | "ResultSelector" | "ResultPath" | "OutputPath" if jsonata => "Output",
        "ItemsPath" if jsonata => "Items",
        "TimeoutSecondsPath" if jsonata => "TimeoutSeconds` with a `{% %}` expression",
        "HeartbeatSecondsPath" if jsonata => "HeartbeatSeconds` with a `{% %}` expression",
        "SecondsPath" if jsonata => "Seconds` with a `{% %}` expression",
        "TimestampPath" if jsonata => "Timestamp` with a `{% %}` expression",
        "ErrorPath" if jsonata => "Error` with a `{% %}` expression",
        "CausePath" if jsonata => "Cause` with a `{% %}` expression",
        "Arguments" if !jsonata => "Parameters",
        "Output" if !jsonata => "OutputPath` or `ResultSelector",
        "Items" if !jsonata => "ItemsPath",
        _ => return None,
    })
}

fn check_shape(cx: &Cx<'_, '_>, sink: &mut Sink, target: &Target<'_, '_>, field: &Field, value: &Value) {
    if value.is_error() {
        return;
    }
    // Built only when needed: most values are fine.
    let pointer = &LazyPointer { parent: target.pointer, field: field.name };
    let jsonata = target.ql == QueryLanguage::Jsonata;
    let text = value.as_str();
    if text.is_some_and(has_placeholder) && !matches!(field.shape, Shape::String | Shape::Any) {
        return;
    }
    let expression_allowed = jsonata && text.is_some_and(is_jsonata_expression);
    let name = field.name;
    let wrong_type = |sink: &mut Sink, expected: &str| {
        let hint = path_twin_hint(target.table, name, value);
        let message = format!("`{name}` must be {expected}, found {}{hint}", value.type_name());
        let mut diagnostic = Diagnostic::new(Code::WrongType, value.range, message).aws_at(Some(pointer.to_string()));
        if let Some(literal) = text
            .filter(|_| matches!(field.shape, Shape::Integer { .. } | Shape::Number { .. } | Shape::Boolean))
            .and_then(unquoted_literal)
        {
            let edit = TextEdit::replace(value.range, literal.clone());
            diagnostic = diagnostic.with_fix(Fix::safe(format!("Write {literal} without quotes"), vec![edit]));
        }
        sink.push(diagnostic);
    };
    match field.shape {
        Shape::Any => {}
        Shape::String | Shape::StateName => {
            if text.is_none() {
                wrong_type(sink, "a string");
            }
        }
        Shape::Boolean => {
            if value.as_bool().is_none() {
                wrong_type(sink, "`true` or `false`");
            }
        }
        Shape::Object => {
            if value.as_object().is_none() {
                wrong_type(sink, "an object");
            }
        }
        Shape::Array => {
            if value.as_array().is_none() {
                wrong_type(sink, "an array");
            }
        }
        Shape::Integer { min, max } => {
            if expression_allowed {
                return;
            }
            let expected = if jsonata { "an integer or a `{% %}` expression" } else { "an integer" };
            match value.as_number() {
                Some(n) if n.is_integer() => range_check(sink, name, n.value, min as f64, max as f64, value, pointer),
                _ => wrong_type(sink, expected),
            }
        }
        Shape::Number { min, max } => {
            if expression_allowed {
                return;
            }
            let expected = if jsonata { "a number or a `{% %}` expression" } else { "a number" };
            match value.as_number() {
                Some(n) => range_check(sink, name, n.value, min, max, value, pointer),
                None => wrong_type(sink, expected),
            }
        }
        Shape::Enum(allowed) => match text {
            Some(s) if allowed.contains(&s) => {}
            Some(s) => {
                let suggestion = closest(s, allowed.iter().copied());
                let hint = did_you_mean(s, allowed.iter().copied());
                let list = allowed.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ");
                let message = format!("`{s}` is not a valid `{name}`: use one of {list}{hint}");
                let mut diagnostic =
                    Diagnostic::new(Code::InvalidEnumValue, value.range, message).aws_at(Some(pointer.to_string()));
                if let Some(suggestion) = suggestion {
                    let edit = TextEdit::replace(value.range, json_string(suggestion));
                    diagnostic = diagnostic.with_fix(Fix::safe(format!("Change to `{suggestion}`"), vec![edit]));
                }
                sink.push(diagnostic);
            }
            None => wrong_type(sink, "a string"),
        },
        Shape::Path { nullable } | Shape::ReferencePath { nullable } => match &value.kind {
            ValueKind::Null if nullable => {}
            ValueKind::String(s)
                if name == "ResultPath"
                    && !(s.trim() == "$" || s.trim().starts_with("$.") || s.trim().starts_with("$[")) =>
            {
                let message = format!(
                    "`ResultPath` places the result into the state input, so it must be `$` or start with `$.`; found `{s}` (the context object and variables cannot be written)"
                );
                sink.push(Diagnostic::new(Code::InvalidPath, value.range, message).aws_at(Some(pointer.to_string())));
            }
            ValueKind::String(s) if path_start_is_valid(s) => {}
            ValueKind::String(s) => {
                let message = format!(
                    "`{name}` must be a JSONPath such as `$.field`, `$$.Execution.Id` or `$variable`, found `{s}`{}",
                    if nullable { " (or `null`)" } else { "" }
                );
                sink.push(Diagnostic::new(Code::InvalidPath, value.range, message).aws_at(Some(pointer.to_string())));
            }
            _ => wrong_type(sink, if nullable { "a path string or `null`" } else { "a path string" }),
        },
        Shape::PathOrIntrinsic => match text {
            Some(s) if s.starts_with('$') || s.starts_with("States.") => {}
            Some(s) => {
                let message =
                    format!("`{name}` must be a reference path (`$.error`) or an intrinsic function call, found `{s}`");
                sink.push(Diagnostic::new(Code::InvalidPath, value.range, message).aws_at(Some(pointer.to_string())));
            }
            None => wrong_type(sink, "a string"),
        },
        Shape::Timestamp => match text {
            Some(_) if expression_allowed => {}
            Some(s) if is_rfc3339(s) => {}
            Some(s) => {
                let message = format!(
                    "`{s}` is not an RFC 3339 timestamp: write it like `2026-01-31T23:59:00Z` (uppercase `T`, `Z` or an offset such as `+01:00`)"
                );
                sink.push(
                    Diagnostic::new(Code::InvalidTimestamp, value.range, message)
                        .aws_with(Some(pointer.to_string()), "String does not match RFC3339 timestamp"),
                );
            }
            None => wrong_type(sink, "a timestamp string"),
        },
        Shape::Structure(structure) => match value.as_object() {
            Some(object) => check_structure(cx, sink, structure, object, &pointer.to_string(), target.ql),
            None => wrong_type(sink, "an object"),
        },
        Shape::ArrayOf(structure) => match value.as_array() {
            Some(items) => {
                for (i, item) in items.iter().enumerate() {
                    let item_pointer = format!("{pointer}[{i}]");
                    match item.as_object() {
                        Some(object) => check_structure(cx, sink, structure, object, &item_pointer, target.ql),
                        None if !item.is_error() => {
                            let message =
                                format!("each element of `{name}` must be an object, found {}", item.type_name());
                            sink.push(Diagnostic::new(Code::WrongType, item.range, message).aws_at(Some(item_pointer)));
                        }
                        None => {}
                    }
                }
            }
            None => wrong_type(sink, "an array"),
        },
    }
}

/// The AWS location of a field, formatted on use.
struct LazyPointer<'a> {
    parent: &'a str,
    field: &'a str,
}

impl std::fmt::Display for LazyPointer<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.parent, self.field)
    }
}

/// "; to read it from the input, use `TimeoutSecondsPath`" for a path string
/// in a field that has a `…Path` twin.
fn path_twin_hint(table: &[Field], name: &str, value: &Value) -> String {
    let Some(s) = value.as_str() else { return String::new() };
    if let Some(quoted) = super::quoted_literal_hint(s) {
        return quoted;
    }
    if !s.starts_with('$') {
        return String::new();
    }
    let twin = format!("{name}Path");
    if table.iter().any(|f| f.name == twin) {
        format!("; to read the value from the input, use `{twin}`")
    } else {
        String::new()
    }
}

fn range_check(sink: &mut Sink, name: &str, n: f64, min: f64, max: f64, value: &Value, pointer: &LazyPointer<'_>) {
    if n >= min && n <= max {
        return;
    }
    let bound = |x: f64| if x.fract() == 0.0 { format!("{}", x as i64) } else { format!("{x}") };
    let message = if max >= i64::MAX as f64 || max >= f64::MAX {
        format!("`{name}` must be at least {}, found {}", bound(min), bound(n))
    } else {
        format!("`{name}` must be between {} and {}, found {}", bound(min), bound(max), bound(n))
    };
    sink.push(Diagnostic::new(Code::OutOfRange, value.range, message).aws_at(Some(pointer.to_string())));
}

/// Nested structures with a table of their own; machines and choice rules are
/// checked by their own modules.
fn check_structure(
    cx: &Cx<'_, '_>,
    sink: &mut Sink,
    structure: Structure,
    object: &Object,
    pointer: &str,
    ql: QueryLanguage,
) {
    let what = match structure {
        Structure::Retrier => "a retrier",
        Structure::Catcher => "a catcher",
        Structure::ProcessorConfig => "`ProcessorConfig`",
        Structure::ItemReader => "`ItemReader`",
        Structure::ReaderConfig => "`ReaderConfig`",
        Structure::ItemBatcher => "`ItemBatcher`",
        Structure::ResultWriter => "`ResultWriter`",
        Structure::WriterConfig => "`WriterConfig`",
        Structure::Credentials | Structure::Machine | Structure::ChoiceRule => return,
    };
    let target = Target { object, pointer, ql, table: structure_fields(structure), what };
    let missing = check_members(cx, sink, &target);
    let anchor = object.open_brace;
    report_missing(cx, sink, &missing, anchor, pointer, &capitalize(what), Some(object));
    check_exclusive(cx, sink, object, pointer, EXCLUSIVE_IN_STRUCTURES);
}

pub(super) fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

const EXCLUSIVE_IN_STRUCTURES: &[(&str, &str)] = &[
    ("MaxItems", "MaxItemsPath"),
    ("MaxItemsPerBatch", "MaxItemsPerBatchPath"),
    ("MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath"),
];

/// Reports the second field of each pair present together.
pub(super) fn check_exclusive(
    cx: &Cx<'_, '_>,
    sink: &mut Sink,
    object: &Object,
    pointer: &str,
    pairs: &[(&str, &str)],
) {
    for (a, b) in pairs {
        let (Some(first), Some(second)) = (object.get(a), object.get(b)) else { continue };
        let later = if first.key_range.start > second.key_range.start { first } else { second };
        let message = format!("`{a}` and `{b}` cannot be used together: keep one");
        let mut diagnostic = Diagnostic::new(Code::ExclusiveFields, later.key_range, message)
            .aws_with(Some(location(pointer)), format!("These fields cannot be used together: [{a}, {b}]"));
        for member in [first, second] {
            let index = object.members.iter().position(|m| std::ptr::eq(m, member));
            if let Some(edit) = index.and_then(|i| remove_member(cx.text, object, i)) {
                diagnostic = diagnostic.with_fix(Fix::unsafe_(format!("Remove `{}`", member.key), vec![edit]));
            }
        }
        sink.push(diagnostic);
    }
}

/// `30` for `"30"`, `true` for `"true"`.
fn unquoted_literal(s: &str) -> Option<String> {
    let literal = s.trim();
    let ok =
        matches!(literal, "true" | "false") || (!literal.is_empty() && serde_json::from_str::<f64>(literal).is_ok());
    ok.then(|| literal.to_string())
}
