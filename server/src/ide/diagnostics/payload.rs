//! Payload templates of JSONPath states (`Parameters`, `ResultSelector`,
//! `ItemSelector`, `Assign`, `Credentials`, reader/writer parameters,
//! `BatchInput`): keys ending in `.$` take a path or an intrinsic call; a
//! path-looking string under a plain key is passed on as text (AWS's
//! `NO_DOLLAR`); a Pass `Result` is never evaluated (`PASS_RESULT_IS_STATIC`).

use super::{Code, Cx, Diagnostic, Sink};
use crate::ide::edit::{json_string, Fix, TextEdit};
use crate::lang::intrinsics;
use crate::model::{QueryLanguage, State};
use crate::syntax::{Member, Object, Value, ValueKind};
use std::fmt::Write;

const STATE_TEMPLATES: &[&str] = &["Parameters", "ResultSelector", "ItemSelector", "Assign", "Credentials"];

pub(super) fn check(_cx: &Cx<'_, '_>, sink: &mut Sink, state: &State<'_>, object: &Object) {
    if state.query_language != QueryLanguage::JsonPath {
        return;
    }
    for field in STATE_TEMPLATES {
        if let Some(value) = object.value(field) {
            let pointer = format!("{}/{field}", state.pointer);
            template(sink, value, &pointer, &mut pointer.clone());
        }
    }
    for (outer, inner) in [("ItemReader", "Parameters"), ("ResultWriter", "Parameters"), ("ItemBatcher", "BatchInput")]
    {
        if let Some(value) = object.value(outer).and_then(Value::as_object).and_then(|o| o.value(inner)) {
            let pointer = format!("{}/{outer}/{inner}", state.pointer);
            template(sink, value, &pointer, &mut pointer.clone());
        }
    }
    for list in ["Catch", "Choices"] {
        for (i, item) in object.value(list).and_then(Value::as_array).unwrap_or_default().iter().enumerate() {
            if let Some(value) = item.as_object().and_then(|o| o.value("Assign")) {
                let pointer = format!("{}/{list}[{i}]/Assign", state.pointer);
                template(sink, value, &pointer, &mut pointer.clone());
            }
        }
    }
    if let Some(result) = object.value("Result") {
        static_result(sink, result);
    }
}

/// A string AWS would take for a path (around whitespace, which Jayway
/// trims) or an intrinsic call.
fn looks_like_path(s: &str) -> bool {
    let s = s.trim();
    s == "$"
        || s == "$$"
        || s.starts_with("$.")
        || s.starts_with("$$.")
        || s.starts_with("$[")
        || intrinsics::looks_like_call(s)
}

/// Walks one template; `field_pointer` is the location AWS gives for a bad
/// `.$` value (the template field itself).
///
/// `pointer` is the value's location, grown and cut back as the walk goes
/// down and up (one buffer, not a string per member: templates are walked
/// for every state on every check).
fn template(sink: &mut Sink, value: &Value, field_pointer: &str, pointer: &mut String) {
    match &value.kind {
        ValueKind::Object(object) => {
            for member in &object.members {
                let outer = pointer.len();
                pointer.push('/');
                pointer.push_str(&member.key);
                member_template(sink, object, member, field_pointer, pointer, outer);
                pointer.truncate(outer);
            }
        }
        ValueKind::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let outer = pointer.len();
                // Writing to a String cannot fail.
                let _ = write!(pointer, "[{i}]");
                template(sink, item, field_pointer, pointer);
                pointer.truncate(outer);
            }
        }
        _ => {}
    }
}

/// One member of a template object; `pointer` is the member's location,
/// its first `outer` bytes the object's.
fn member_template(
    sink: &mut Sink,
    object: &Object,
    member: &Member,
    field_pointer: &str,
    pointer: &mut String,
    outer: usize,
) {
    if let Some(plain) = member.key.strip_suffix(".$") {
        if let Some(twin) = object.get(plain) {
            let message = format!("both `{plain}` and `{}` are set: keep one (with `.$` the value is evaluated, without it is used as written)", member.key);
            let later = if twin.key_range.start > member.key_range.start { twin } else { member };
            sink.push(
                Diagnostic::new(Code::DollarAndPlainKey, later.key_range, message)
                    .aws_at(Some(pointer[..outer].to_string())),
            );
        }
        dollar_value(sink, &member.key, &member.value, field_pointer);
    } else if member.value.as_str().is_some_and(looks_like_path) {
        let (text, key) = (member.value.as_str().unwrap_or_default(), &member.key);
        let message = format!("`{text}` looks like a path or intrinsic call, but the key `{key}` has no `.$`, so it is passed on as plain text: rename the key to `{key}.$` to evaluate it");
        let mut diagnostic = Diagnostic::new(Code::NoDollar, member.value.range, message).aws_at(Some(pointer.clone()));
        let dollar_key = format!("{}.$", member.key);
        if !object.has(&dollar_key) {
            let edit = TextEdit::replace(member.key_range, json_string(&dollar_key));
            diagnostic = diagnostic.with_fix(Fix::safe(format!("Rename the key to `{dollar_key}`"), vec![edit]));
        }
        sink.push(diagnostic);
    } else {
        template(sink, &member.value, field_pointer, pointer);
    }
}

fn dollar_value(sink: &mut Sink, key: &str, value: &Value, field_pointer: &str) {
    let aws = || format!("The value for the field '{key}' must be a valid JSONPath or a valid intrinsic function call");
    let Some(text) = value.as_str() else {
        if !value.is_error() {
            let message = format!("`{key}` ends in `.$`, so its value must be a path or intrinsic call string, found {}; drop the `.$` to use the value as written", value.type_name());
            sink.push(
                Diagnostic::new(Code::InvalidDollarValue, value.range, message)
                    .aws_with(Some(field_pointer.to_string()), aws()),
            );
        }
        return;
    };
    // Paths and calls are parsed and checked in full by `expressions`.
    if super::fields::path_start_is_valid(text) || text.starts_with("States.") {
        return;
    }
    let message = format!("`{key}` ends in `.$`, so its value must be a path (`$.x`, `$$.Execution.Id`, `$var`) or an intrinsic call (`States.Format(…)`), found `{text}`; drop the `.$` to use the text as written");
    sink.push(
        Diagnostic::new(Code::InvalidDollarValue, value.range, message)
            .aws_with(Some(field_pointer.to_string()), aws()),
    );
}

fn static_result(sink: &mut Sink, value: &Value) {
    match &value.kind {
        ValueKind::Object(object) => {
            for member in &object.members {
                if member.key.ends_with(".$") {
                    let message = format!("`Result` is used as written, so the key `{}` is not evaluated: use `Parameters` to build the output from paths", member.key);
                    sink.push(Diagnostic::new(Code::PassResultIsStatic, member.key_range, message).aws_at(None));
                } else {
                    static_result(sink, &member.value);
                }
            }
        }
        ValueKind::Array(items) => items.iter().for_each(|item| static_result(sink, item)),
        ValueKind::String(s) if looks_like_path(s) => {
            let message = format!("`Result` is used as written, so `{s}` is not evaluated: use `Parameters` to read values from the input");
            sink.push(Diagnostic::new(Code::PassResultIsStatic, value.range, message).aws_at(None));
        }
        _ => {}
    }
}
