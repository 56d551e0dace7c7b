//! One state: its `Type`, its fields (by the table of its type and query
//! language), and the rules particular to each type: Task resources and
//! timeouts, Wait durations, Fail error/cause, Parallel branches, Choice
//! rules and Map settings (in their own files), Retry/Catch error names.

use super::fields::{check_exclusive, check_members, report_missing, Target};
use super::suggest::{closest, did_you_mean};
use super::{choice, map, payload, Code, Cx, Diagnostic, Sink};
use crate::data::{is_predefined_error, state_fields, STATE_TYPES};
use crate::ide::edit::{insert_member, json_string, remove_member, Fix, TextEdit};
use crate::ide::MachineType;
use crate::model::{QueryLanguage, State, StateId, StateKind};
use crate::syntax::{Object, Value};

pub(super) fn check(cx: &Cx<'_, '_>, sink: &mut Sink, id: StateId) {
    let state = &cx.machine.states[id];
    let Some(object) = state.object else {
        if !state.member.value.is_error() {
            let message = format!("a state must be an object, found {}", state.member.value.type_name());
            sink.push(
                Diagnostic::new(Code::WrongType, state.member.value.range, message).aws_at(Some(state.pointer.clone())),
            );
        }
        return;
    };
    let Some(kind) = check_type(cx, sink, state, object) else { return };
    check_query_language(cx, sink, state, object);
    let Some(table) = state_fields(kind.name()) else { return };
    let what = format!("a {} state", kind.name());
    let target = Target { object, pointer: &state.pointer, ql: state.query_language, table, what: &what };
    let missing = check_members(cx, sink, &target);
    report_missing(
        cx,
        sink,
        &missing,
        state.name_range(),
        &state.pointer,
        &format!("A {} state", kind.name()),
        Some(object),
    );
    check_exclusive(cx, sink, object, &state.pointer, EXCLUSIVE);
    match kind {
        StateKind::Task => check_task(cx, sink, state, object),
        StateKind::Wait => check_wait(sink, state, object),
        StateKind::Choice => choice::check(cx, sink, state, object),
        StateKind::Map => map::check(cx, sink, state, object),
        StateKind::Parallel => check_non_empty(sink, state, object, "Branches", "add at least one branch"),
        StateKind::Fail => check_fail(sink, state, object),
        StateKind::Pass | StateKind::Succeed => {}
    }
    check_error_names(sink, state, object, "Retry");
    check_error_names(sink, state, object, "Catch");
    payload::check(cx, sink, state, object);
}

const EXCLUSIVE: &[(&str, &str)] = &[
    ("TimeoutSeconds", "TimeoutSecondsPath"),
    ("HeartbeatSeconds", "HeartbeatSecondsPath"),
    ("Error", "ErrorPath"),
    ("Cause", "CausePath"),
    ("ItemProcessor", "Iterator"),
    ("ItemSelector", "Parameters"),
    ("MaxConcurrency", "MaxConcurrencyPath"),
    ("ToleratedFailurePercentage", "ToleratedFailurePercentagePath"),
    ("ToleratedFailureCount", "ToleratedFailureCountPath"),
];

/// The state's kind, or `None` after reporting a missing or unknown `Type`.
fn check_type(cx: &Cx<'_, '_>, sink: &mut Sink, state: &State<'_>, object: &Object) -> Option<StateKind> {
    let Some(member) = object.get("Type") else {
        let message = format!(
            "the state `{}` has no `Type`: add one of {}",
            state.name,
            STATE_TYPES.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ")
        );
        let mut diagnostic = Diagnostic::new(Code::MissingField, state.name_range(), message)
            .aws_with(Some(state.pointer.clone()), "The field 'Type' is required but was missing");
        for kind in ["Task", "Pass", "Choice"] {
            let edit = insert_member(cx.text, object, "Type", &json_string(kind));
            diagnostic = diagnostic.with_fix(Fix::unsafe_(format!("Add `\"Type\": \"{kind}\"`"), vec![edit]));
        }
        sink.push(diagnostic);
        return None;
    };
    if let Some(kind) = state.kind {
        return Some(kind);
    }
    let pointer = format!("{}/Type", state.pointer);
    match member.value.as_str() {
        Some(name) => {
            let suggestion = closest(name, STATE_TYPES.iter().copied());
            let hint = did_you_mean(name, STATE_TYPES.iter().copied());
            let message = format!("`{name}` is not a state type{hint} (types: {})", STATE_TYPES.join(", "));
            let mut diagnostic =
                Diagnostic::new(Code::UnknownStateType, member.value.range, message).aws_at(Some(pointer));
            if let Some(suggestion) = suggestion {
                let edit = TextEdit::replace(member.value.range, json_string(suggestion));
                diagnostic = diagnostic.with_fix(Fix::safe(format!("Change to `{suggestion}`"), vec![edit]));
            }
            sink.push(diagnostic);
        }
        None if !member.value.is_error() => {
            let message = format!("`Type` must be a string such as \"Task\", found {}", member.value.type_name());
            sink.push(Diagnostic::new(Code::WrongType, member.value.range, message).aws_at(Some(pointer)));
        }
        None => {}
    }
    None
}

fn check_query_language(cx: &Cx<'_, '_>, sink: &mut Sink, state: &State<'_>, object: &Object) {
    let Some(member) = object.get("QueryLanguage") else { return };
    // A distributed Map's children run as workflows of their own.
    if cx.machine.in_distributed_map(state.scope) {
        return;
    }
    if cx.machine.query_language == QueryLanguage::Jsonata && member.value.as_str() == Some("JSONPath") {
        let message = "the state machine uses JSONata, so a state cannot switch back to JSONPath: remove this `QueryLanguage` and write the state in JSONata";
        let mut diagnostic = Diagnostic::new(Code::QueryLanguageDowngrade, member.value.range, message).aws_with(
            Some(state.pointer.clone()),
            "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine",
        );
        let index = object.members.iter().position(|m| std::ptr::eq(m, member));
        if let Some(edit) = index.and_then(|i| remove_member(cx.text, object, i)) {
            diagnostic = diagnostic.with_fix(Fix::unsafe_("Remove `QueryLanguage`", vec![edit]));
        }
        sink.push(diagnostic);
    }
}

pub(super) fn check_non_empty(sink: &mut Sink, state: &State<'_>, object: &Object, field: &str, fix: &str) {
    let Some(member) = object.get(field) else { return };
    if member.value.as_array().is_some_and(<[Value]>::is_empty) {
        let message = format!("`{field}` is empty: {fix}");
        sink.push(
            Diagnostic::new(Code::EmptyArray, member.value.range, message)
                .aws_at(Some(format!("{}/{field}", state.pointer))),
        );
    }
}

fn check_task(cx: &Cx<'_, '_>, sink: &mut Sink, state: &State<'_>, object: &Object) {
    if let Some(member) = object.get("Resource") {
        if let Some(resource) = member.value.as_str() {
            check_resource(cx, sink, state, &member.value, resource);
        }
    }
    let seconds = |name| object.value(name).and_then(Value::as_number).map(|n| n.value);
    if let (Some(heartbeat), Some(timeout)) = (seconds("HeartbeatSeconds"), seconds("TimeoutSeconds")) {
        if heartbeat >= timeout {
            let Some(member) = object.get("HeartbeatSeconds") else { return };
            let message = format!(
                "`HeartbeatSeconds` ({heartbeat}) must be smaller than `TimeoutSeconds` ({timeout}): a heartbeat that never comes before the timeout checks nothing"
            );
            let mut diagnostic = Diagnostic::new(Code::HeartbeatNotBelowTimeout, member.value.range, message)
                .aws_at(Some(format!("{}/HeartbeatSeconds", state.pointer)));
            if heartbeat == timeout {
                diagnostic = diagnostic.with_severity(super::Severity::Warning);
            }
            sink.push(diagnostic);
        }
    }
    if let Some(member) = object.get("Credentials") {
        check_credentials(sink, state, member.value.as_object(), &member.value);
    }
    super::integrations::check_task(cx, sink, state, object);
}

fn check_resource(cx: &Cx<'_, '_>, sink: &mut Sink, state: &State<'_>, value: &Value, resource: &str) {
    let pointer = format!("{}/Resource", state.pointer);
    if cx.config.machine_type == MachineType::Express {
        let pattern = if resource.ends_with(".sync") || resource.contains(".sync:") {
            Some(("sync", "Express state machine does not support '.sync' service integration"))
        } else if resource.ends_with(".waitForTaskToken") {
            // AWS's message ends with a space.
            Some((
                "waitForTaskToken",
                "Express state machine does not support '.waitForTaskToken' service integration ",
            ))
        } else {
            None
        };
        if let Some((suffix, aws)) = pattern {
            let message = format!(
                "Express workflows do not support the `.{suffix}` integration pattern: call the service without `.{suffix}`, or make this a Standard workflow"
            );
            sink.push(
                Diagnostic::new(Code::ExpressUnsupported, value.range, message).aws_with(Some(pointer.clone()), aws),
            );
        }
        if resource.split(':').nth(5) == Some("activity") && resource.split(':').nth(2) == Some("states") {
            let message = "Express workflows are documented not to support activities: use a Lambda or service integration, or a Standard workflow";
            sink.push(Diagnostic::new(Code::ExpressQuestionable, value.range, message));
        }
    }
    if let Some(problem) = resource_problem(resource) {
        sink.push(
            Diagnostic::new(Code::InvalidResource, value.range, problem)
                .aws_with(Some(pointer), format!("Value is not a valid resource ARN: {resource}")),
        );
        return;
    }
    if super::fields::has_placeholder(resource) {
        return;
    }
    let parts: Vec<&str> = resource.split(':').collect();
    if parts.first() != Some(&"arn") || parts.len() < 6 {
        let message = format!(
            "`{resource}` does not look like an ARN: a Task `Resource` is `arn:aws:states:::SERVICE:ACTION`, `arn:aws:states:::aws-sdk:SERVICE:ACTION`, a Lambda function ARN or an activity ARN"
        );
        sink.push(Diagnostic::new(Code::ResourceNotArn, value.range, message));
    }
}

/// What makes a resource certainly invalid, if anything.
fn resource_problem(resource: &str) -> Option<String> {
    if let Some(start) = resource.find("${") {
        if !resource[start..].contains('}') {
            return Some("this `${` placeholder is never closed: add the `}`".into());
        }
        return None;
    }
    // arn:PARTITION:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]
    let parts: Vec<&str> = resource.split(':').collect();
    if parts.len() >= 7 && parts[0] == "arn" && parts[2] == "lambda" && parts[5] == "function" {
        let valid_name =
            |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !valid_name(parts[6]) {
            return Some(format!(
                "`{}` is not a valid Lambda function name: use letters, digits, `-` and `_`",
                parts[6]
            ));
        }
        match parts.get(7) {
            None => {}
            Some(qualifier) if parts.len() == 8 && (*qualifier == "$LATEST" || valid_name(qualifier)) => {}
            Some(&"") => {
                return Some(
                    "this Lambda ARN ends with `:` but no version or alias: add one (`$LATEST`, `1`, `prod`) or remove the `:`"
                        .into(),
                )
            }
            Some(qualifier) => {
                return Some(format!(
                    "`{qualifier}` is not a valid Lambda version or alias: use `$LATEST`, a version number or an alias name, or leave the qualifier out"
                ))
            }
        }
    }
    None
}

fn check_credentials(sink: &mut Sink, state: &State<'_>, object: Option<&Object>, value: &Value) {
    let pointer = format!("{}/Credentials", state.pointer);
    // Not an object: reported with the field's shape.
    let Some(object) = object else { return };
    let jsonpath = state.query_language == QueryLanguage::JsonPath;
    if !(object.has("RoleArn") || jsonpath && object.has("RoleArn.$")) {
        let message = "`Credentials` needs `RoleArn`: the ARN of the role to assume for this task";
        let mut diagnostic = Diagnostic::new(Code::MissingField, value.range, message)
            .aws_with(Some(pointer.clone()), "The field 'RoleArn' is required but was missing");
        // AWS's refusal was measured on JSONata states; older JSONPath
        // definitions carry free-form Credentials objects.
        if jsonpath {
            diagnostic = diagnostic.with_severity(super::Severity::Warning);
            diagnostic.aws = None;
        }
        sink.push(diagnostic);
    }
    if let Some(role) = object.get("RoleArn") {
        if role.value.as_str().is_none() && !role.value.is_error() {
            let message = format!("`RoleArn` must be a string, found {}", role.value.type_name());
            sink.push(
                Diagnostic::new(Code::WrongType, role.value.range, message).aws_at(Some(format!("{pointer}/RoleArn"))),
            );
        }
    }
}

const DURATIONS: &[&str] = &["Seconds", "Timestamp", "SecondsPath", "TimestampPath"];

fn check_wait(sink: &mut Sink, state: &State<'_>, object: &Object) {
    let allowed: &[&str] = if state.query_language == QueryLanguage::Jsonata { &DURATIONS[..2] } else { DURATIONS };
    let present: Vec<_> = object.members.iter().filter(|m| allowed.contains(&m.key.as_str())).collect();
    let list = allowed.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", ");
    if present.is_empty() {
        let message = format!("a Wait state needs exactly one of {list}: add how long or until when to wait");
        sink.push(Diagnostic::new(Code::WaitDuration, state.name_range(), message).aws_with(
            Some(state.pointer.clone()),
            format!("Exactly one of these fields is required: [{}]", allowed.join(", ")),
        ));
    }
    for extra in present.iter().skip(1) {
        let message = format!(
            "`{}` cannot be used with `{}`: a Wait state takes exactly one of {list}",
            extra.key, present[0].key
        );
        sink.push(Diagnostic::new(Code::WaitDuration, extra.key_range, message).aws_with(
            Some(state.pointer.clone()),
            format!(
                "These fields cannot be used together: [{}]",
                present.iter().map(|m| m.key.as_str()).collect::<Vec<_>>().join(", ")
            ),
        ));
    }
}

fn check_fail(sink: &mut Sink, state: &State<'_>, object: &Object) {
    if state.query_language != QueryLanguage::JsonPath {
        return;
    }
    for (field, twin) in [("Error", "ErrorPath"), ("Cause", "CausePath")] {
        let Some(member) = object.get(field) else { continue };
        if member.value.as_str().is_some_and(|s| s.starts_with("$.") || s == "$" || s.starts_with("States.")) {
            let message = format!(
                "`{field}` is used as written, so this path is never read: use `{twin}` to take it from the input"
            );
            let mut diagnostic = Diagnostic::new(Code::NoPath, member.value.range, message)
                .aws_at(Some(format!("{}/{field}", state.pointer)));
            if !object.has(twin) {
                let edit = TextEdit::replace(member.key_range, json_string(twin));
                diagnostic = diagnostic.with_fix(Fix::safe(format!("Rename to `{twin}`"), vec![edit]));
            }
            sink.push(diagnostic);
        }
    }
}

/// `ErrorEquals` in every retrier or catcher: non-empty, `States.ALL` alone
/// and last, known `States.*` names.
fn check_error_names(sink: &mut Sink, state: &State<'_>, object: &Object, field: &str) {
    let Some(items) = object.value(field).and_then(Value::as_array) else { return };
    let what = if field == "Retry" { "retrier" } else { "catcher" };
    for (i, item) in items.iter().enumerate() {
        let Some(member) = item.as_object().and_then(|o| o.get("ErrorEquals")) else { continue };
        let pointer = format!("{}/{field}[{i}]/ErrorEquals", state.pointer);
        let Some(names) = member.value.as_array() else { continue };
        if names.is_empty() {
            let message = format!("`ErrorEquals` is empty: list the errors this {what} handles, e.g. [\"States.ALL\"]");
            sink.push(Diagnostic::new(Code::EmptyArray, member.value.range, message).aws_at(Some(pointer.clone())));
        }
        for (j, name) in names.iter().enumerate() {
            let Some(text) = name.as_str() else {
                if !name.is_error() {
                    let message = format!("error names are strings, found {}", name.type_name());
                    sink.push(
                        Diagnostic::new(Code::WrongType, name.range, message).aws_at(Some(format!("{pointer}[{j}]"))),
                    );
                }
                continue;
            };
            if text == "States.ALL" {
                if names.len() > 1 {
                    let message =
                        "`States.ALL` must be the only name in its `ErrorEquals`: it already matches every error";
                    sink.push(
                        Diagnostic::new(Code::StatesAllPosition, name.range, message).aws_at(Some(pointer.clone())),
                    );
                }
                if i + 1 < items.len() {
                    let message = format!(
                        "a {what} with `States.ALL` must be the last one: the {what}s after it can never match"
                    );
                    sink.push(
                        Diagnostic::new(Code::StatesAllPosition, name.range, message).aws_at(Some(pointer.clone())),
                    );
                }
            } else if !text.starts_with("States.") {
                super::integrations::check_service_error(sink, text, name.range);
            } else if !is_predefined_error(text) {
                let suggestion = closest(text, crate::data::PREDEFINED_ERRORS.iter().copied());
                let hint = did_you_mean(text, crate::data::PREDEFINED_ERRORS.iter().copied());
                let message =
                    format!("`{text}` is not an error Step Functions raises: the `States.` prefix is reserved{hint}");
                let mut diagnostic = Diagnostic::new(Code::UnknownStatesError, name.range, message);
                if let Some(suggestion) = suggestion {
                    let edit = TextEdit::replace(name.range, json_string(suggestion));
                    diagnostic = diagnostic.with_fix(Fix::safe(format!("Change to `{suggestion}`"), vec![edit]));
                }
                sink.push(diagnostic);
            }
        }
    }
}
