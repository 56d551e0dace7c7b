//! Task integrations: the `Resource` (optimized integration, SDK service and
//! operation, pattern, ARN shape), the task's parameters against the API's
//! (`Parameters` in JSONPath, `Arguments` in JSONata), the task token of a
//! `.waitForTaskToken` call, and service error names in Retry/Catch.

use super::suggest::closest;
use super::{Code, Cx, Diagnostic, Severity, Sink};
use crate::data::{integrations, sdk, Pattern};
use crate::ide::edit::{json_escaped, json_string, Fix, TextEdit};
use crate::ide::task_api::{param_named, ParamInfo, TaskApi};
use crate::lang::has_placeholder;
use crate::lang::resource::{self, Part, Resource, PARTITIONS};
use crate::model::{QueryLanguage, State};
use crate::syntax::{source_range, Object, Value, ValueKind};
use crate::text::TextRange;
use std::ops::Range;

/// A Task state's resource and parameters.
pub(super) fn check_task(cx: &Cx<'_, '_>, sink: &mut Sink, state: &State<'_>, object: &Object) {
    let Some(member) = object.get("Resource") else { return };
    let Some(text) = member.value.as_str() else { return };
    if has_placeholder(text) {
        return;
    }
    let at = At { cx, value: &member.value, location: format!("{}/Resource", state.pointer) };
    check_resource(&at, sink, text);
    let Some(api) = TaskApi::resolve(text) else { return };
    let field = if state.query_language == QueryLanguage::JsonPath { "Parameters" } else { "Arguments" };
    let parameters = object.get(field);
    if api.knows_params() {
        if let Some(parameters) = parameters.filter(|p| p.value.as_object().is_some()) {
            check_params(cx, sink, state, &api, parameters, field);
        }
    }
    if api.pattern == Some(Pattern::WaitForTaskToken) {
        let token = if state.query_language == QueryLanguage::JsonPath {
            "$$.Task.Token"
        } else {
            "$states.context.Task.Token"
        };
        if !parameters.is_some_and(|p| mentions(&p.value, token)) {
            let example = if state.query_language == QueryLanguage::JsonPath {
                format!("\"TaskToken.$\": \"{token}\"")
            } else {
                format!("\"TaskToken\": \"{{% {token} %}}\"")
            };
            let message = format!("a `.waitForTaskToken` task waits until someone calls `SendTaskSuccess` with its token, but `{field}` does not pass `{token}` on: add it (e.g. `{example}`), or the execution waits until it times out");
            sink.push(Diagnostic::new(Code::TaskTokenNotPassed, member.value.range, message));
        }
        if !object.has("HeartbeatSeconds") && !object.has("HeartbeatSecondsPath") {
            let message = "a callback that never comes keeps this task waiting for up to a year: set `HeartbeatSeconds` so a silent worker fails the task";
            sink.push(Diagnostic::new(Code::CallbackWithoutHeartbeat, member.value.range, message));
        }
    }
}

/// A resource string being checked: maps its offsets to the document.
struct At<'a, 'c, 't> {
    cx: &'a Cx<'c, 't>,
    value: &'a Value,
    location: String,
}

impl At<'_, '_, '_> {
    fn range(&self, range: Range<usize>) -> TextRange {
        source_range(self.cx.text, self.value.range, range.start, range.end)
    }

    /// A fix replacing `part` with `new`.
    fn replace(&self, title: String, part: &Part<'_>, new: &str) -> Fix {
        Fix::safe(title, vec![TextEdit::replace(self.range(part.range.clone()), json_escaped(new))])
    }

    /// An unknown SDK name: with a close known one it is surely a typo, which
    /// AWS refuses (an error, with the fix); without, it may be newer than
    /// our models (the diagnostic's own severity).
    fn misspelt(&self, diagnostic: Diagnostic, part: &Part<'_>, suggestion: Option<&str>) -> Diagnostic {
        let Some(suggestion) = suggestion else { return diagnostic };
        diagnostic.with_severity(Severity::Error).aws_at(Some(self.location.clone())).with_fix(self.replace(
            format!("Change to `{suggestion}`"),
            part,
            suggestion,
        ))
    }
}

fn check_resource(at: &At<'_, '_, '_>, sink: &mut Sink, text: &str) {
    match resource::parse(text) {
        Resource::Optimized { partition, service, action, suffix } => {
            check_partition(at, sink, &partition);
            check_optimized(at, sink, &service, &action, &suffix);
        }
        Resource::Sdk { partition, service, action, suffix } => {
            check_partition(at, sink, &partition);
            check_sdk(at, sink, &service, &action, &suffix);
        }
        Resource::Lambda { partition, region, account, .. } | Resource::Activity { partition, region, account, .. } => {
            check_partition(at, sink, &partition);
            if !resource::is_region(region.text) {
                let message = format!("`{}` is not a region: write it like `us-east-1`", region.text);
                sink.push(Diagnostic::new(Code::ArnShape, at.range(region.range), message));
            }
            if !resource::is_account(account.text) {
                let message = format!("`{}` is not an account ID: an AWS account ID has 12 digits", account.text);
                sink.push(Diagnostic::new(Code::ArnShape, at.range(account.range), message));
            }
        }
        Resource::Other => {}
    }
}

fn check_partition(at: &At<'_, '_, '_>, sink: &mut Sink, partition: &Part<'_>) {
    if !PARTITIONS.contains(&partition.text) {
        let message = format!("`{}` is not an AWS partition: use `aws`, `aws-cn` or `aws-us-gov`", partition.text);
        let mut diagnostic = Diagnostic::new(Code::ArnShape, at.range(partition.range.clone()), message);
        if let Some(suggestion) = closest(partition.text, PARTITIONS.iter().copied()) {
            diagnostic = diagnostic.with_fix(at.replace(format!("Change to `{suggestion}`"), partition, suggestion));
        }
        sink.push(diagnostic);
    }
}

/// AWS's answer to an optimized-integration resource that does not exist.
fn not_recognized(at: &At<'_, '_, '_>) -> String {
    format!(
        "The resource provided {} is not recognized. The value is not a valid resource ARN, or the resource is not available in this region.",
        at.value.as_str().unwrap_or_default()
    )
}

fn check_optimized(at: &At<'_, '_, '_>, sink: &mut Sink, service: &Part<'_>, action: &Part<'_>, suffix: &Part<'_>) {
    let Some(integration) = crate::data::integration(service.text) else {
        let names: Vec<&str> = integrations().iter().map(|i| i.service.as_str()).collect();
        let suggestion = closest(service.text, names.iter().copied());
        let message = if sdk().service(service.text).is_some() {
            format!("`{}` has no optimized integration: call its API through the SDK integration, `arn:aws:states:::aws-sdk:{}:{}`", service.text, service.text, action.text)
        } else {
            let hint = suggestion.map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
            format!("`{}` is not a Step Functions optimized integration{hint} (for other services use `arn:aws:states:::aws-sdk:SERVICE:ACTION`)", service.text)
        };
        let mut diagnostic = Diagnostic::new(Code::UnknownIntegration, at.range(service.range.clone()), message)
            .aws_with(Some(at.location.clone()), not_recognized(at));
        if let Some(suggestion) = suggestion {
            diagnostic = diagnostic.with_fix(at.replace(format!("Change to `{suggestion}`"), service, suggestion));
        }
        sink.push(diagnostic);
        return;
    };
    let Some(documented) = integration.action(action.text) else {
        let names: Vec<&str> = integration.actions.iter().map(|a| a.name.as_str()).collect();
        let suggestion = names
            .iter()
            .copied()
            .find(|n| n.eq_ignore_ascii_case(action.text))
            .or_else(|| closest(action.text, names.iter().copied()));
        let list = names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
        let sdk_fallback = integration.sdk_operation(action.text).is_some()
            || integration
                .sdk_service()
                .and_then(|s| sdk().service(s))
                .and_then(|s| s.operation(action.text))
                .is_some();
        let message = match (suggestion, sdk_fallback) {
            (Some(s), _) => format!("`{}` has no optimized action `{}`; did you mean `{s}`? (its actions: {list})", integration.service, action.text),
            (None, true) => format!("`{}:{}` is not an optimized integration: call it through the SDK integration, `arn:aws:states:::aws-sdk:{}:{}`", integration.service, action.text, integration.sdk_service().unwrap_or(&integration.service), action.text),
            (None, false) => format!("`{}` has no optimized action `{}`: its actions are {list}", integration.service, action.text),
        };
        let mut diagnostic = Diagnostic::new(Code::UnknownIntegration, at.range(action.range.clone()), message)
            .aws_with(Some(at.location.clone()), not_recognized(at));
        if let Some(suggestion) = suggestion {
            diagnostic = diagnostic.with_fix(at.replace(format!("Change to `{suggestion}`"), action, suggestion));
        }
        sink.push(diagnostic);
        return;
    };
    let Some(pattern) = Pattern::from_suffix(suffix.text) else {
        return unknown_suffix(at, sink, suffix, &[".sync", ".sync:2", ".waitForTaskToken"]);
    };
    if documented.patterns.contains(&pattern) {
        return;
    }
    let only_map = documented.patterns.iter().all(|p| matches!(p, Pattern::ItemReader | Pattern::ResultWriter));
    let message = if only_map {
        format!("`{}:{}` reads or writes a distributed Map's items: it goes in the Map's `ItemReader` or `ResultWriter` `Resource`, not in a Task", integration.service, action.text)
    } else {
        let supported: Vec<String> = documented
            .patterns
            .iter()
            .map(|p| match p {
                Pattern::RequestResponse => "request-response (no suffix)".to_string(),
                other => format!("`{}`", other.suffix()),
            })
            .collect();
        let what = if pattern == Pattern::RequestResponse {
            "request-response (no suffix)".to_string()
        } else {
            format!("`{}`", pattern.suffix())
        };
        format!(
            "`{}:{}` does not support {what}: it supports {}",
            integration.service,
            action.text,
            supported.join(" and ")
        )
    };
    let range = if suffix.text.is_empty() { action.range.clone() } else { suffix.range.clone() };
    let mut diagnostic =
        Diagnostic::new(Code::UnsupportedPattern, at.range(range), message).aws_at(Some(at.location.clone()));
    // Where the spec marks the pattern list to verify, stay on the side of no false error.
    if documented.note.as_deref().is_some_and(|n| n.contains("verify")) {
        diagnostic = diagnostic.with_severity(Severity::Warning);
    }
    sink.push(diagnostic);
}

fn unknown_suffix(at: &At<'_, '_, '_>, sink: &mut Sink, suffix: &Part<'_>, known: &[&str]) {
    let suggestion = closest(suffix.text, known.iter().copied());
    let hint = suggestion.map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
    let list = known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
    let message =
        format!("`{}` is not an integration pattern: use {list}, or no suffix for request-response{hint}", suffix.text);
    let mut diagnostic = Diagnostic::new(Code::UnsupportedPattern, at.range(suffix.range.clone()), message)
        .aws_at(Some(at.location.clone()));
    if let Some(suggestion) = suggestion {
        diagnostic = diagnostic.with_fix(at.replace(format!("Change to `{suggestion}`"), suffix, suggestion));
    }
    sink.push(diagnostic);
}

fn check_sdk(at: &At<'_, '_, '_>, sink: &mut Sink, service: &Part<'_>, action: &Part<'_>, suffix: &Part<'_>) {
    let index = sdk();
    let Some(found) = index.service(service.text) else {
        if index.deprecated.iter().any(|d| d == service.text) {
            let message = format!("AWS has retired the `{}` SDK integration", service.text);
            sink.push(Diagnostic::new(Code::RetiredSdkService, at.range(service.range.clone()), message));
            return;
        }
        let names = index.services.iter().map(|s| s.name.as_str());
        let lowered = service.text.to_ascii_lowercase().replace('-', "");
        let suggestion = index
            .services
            .iter()
            .map(|s| s.name.as_str())
            .find(|n| *n == lowered || index.service(n).is_some_and(|s| s.botocore == service.text))
            .or_else(|| closest(service.text, names));
        let message = match suggestion {
            Some(s) => format!("`{}` is not an SDK integration service name; did you mean `{s}`? (names are lowercase, without hyphens)", service.text),
            None => format!("`{}` is not among the {} SDK services Step Functions lists (botocore {}); if AWS added it since, ignore this", service.text, index.services.len(), index.botocore),
        };
        let diagnostic = Diagnostic::new(Code::UnknownSdkService, at.range(service.range.clone()), message);
        sink.push(at.misspelt(diagnostic, service, suggestion));
        return;
    };
    if !found.has_model() {
        let message = format!(
            "the `{}` service is retired: AWS no longer publishes its API, so calls to it may fail",
            service.text
        );
        sink.push(Diagnostic::new(Code::RetiredSdkService, at.range(service.range.clone()), message));
    } else {
        match found.operation(action.text) {
            Some(op) if op.unsupported || op.streaming || found.unsupported.iter().any(|u| u == action.text) => {
                let why = if op.streaming { "it streams its input or output" } else { "AWS lists it as unsupported" };
                let message = format!("Step Functions cannot call `{}:{}`: {why}", service.text, action.text);
                sink.push(
                    Diagnostic::new(Code::UnsupportedSdkOperation, at.range(action.range.clone()), message)
                        .aws_at(Some(at.location.clone())),
                );
            }
            Some(_) => {}
            None => {
                let names: Vec<&str> = found.operation_names().collect();
                let same_letters = names.iter().copied().find(|n| n.eq_ignore_ascii_case(action.text));
                let suggestion = same_letters.or_else(|| closest(action.text, names.iter().copied()));
                let message = match (same_letters, suggestion) {
                    (Some(s), _) => format!("actions are written in camelCase: `{s}`, not `{}`", action.text),
                    (None, Some(s)) => {
                        format!("`{}` has no action `{}`; did you mean `{s}`?", service.text, action.text)
                    }
                    (None, None) => format!(
                        "`{}` has no action `{}` in its API (botocore {}); if AWS added it since, ignore this",
                        service.text, action.text, index.botocore
                    ),
                };
                let diagnostic = Diagnostic::new(Code::UnknownSdkAction, at.range(action.range.clone()), message);
                sink.push(at.misspelt(diagnostic, action, suggestion));
            }
        }
    }
    match suffix.text {
        "" | ".waitForTaskToken" => {}
        ".sync" | ".sync:2" => {
            let message = format!("SDK integrations do not support `{}`: call the API (request-response) and poll for completion, or use the optimized integration if the service has one", suffix.text);
            sink.push(
                Diagnostic::new(Code::UnsupportedPattern, at.range(suffix.range.clone()), message)
                    .aws_at(Some(at.location.clone())),
            );
        }
        _ => unknown_suffix(at, sink, suffix, &[".waitForTaskToken"]),
    }
}

fn check_params(
    cx: &Cx<'_, '_>,
    sink: &mut Sink,
    state: &State<'_>,
    api: &TaskApi,
    parameters: &crate::syntax::Member,
    field: &str,
) {
    let Some(object) = parameters.value.as_object() else { return };
    let params = api.params();
    let jsonpath = state.query_language == QueryLanguage::JsonPath;
    let api_name = api.operation.map(|o| o.name.as_str()).or(api.action.map(|a| a.name.as_str())).unwrap_or("the API");
    for member in &object.members {
        if member.key.is_empty() {
            continue;
        }
        let Some(param) = param_named(&params, &member.key) else {
            let name = member.key.strip_suffix(".$").unwrap_or(&member.key);
            let suggestion = params
                .iter()
                .map(|p| p.name)
                .find(|n| n.eq_ignore_ascii_case(name))
                .or_else(|| closest(name, params.iter().map(|p| p.name)));
            let hint = suggestion.map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
            let message = format!("`{api_name}` takes no parameter `{name}`{hint}");
            let mut diagnostic = Diagnostic::new(Code::UnknownParameter, member.key_range, message);
            let key = suggestion.map(|s| if member.key.ends_with(".$") { format!("{s}.$") } else { s.to_string() });
            // Not onto a key the object already has (or its `.$` twin): that is an error of its own.
            let taken = key.as_deref().is_some_and(|k| {
                let plain = k.strip_suffix(".$").unwrap_or(k);
                object.has(plain) || object.has(&format!("{plain}.$"))
            });
            if let (Some(key), false) = (key, taken) {
                diagnostic = diagnostic.with_fix(Fix::safe(
                    format!("Rename to `{key}`"),
                    vec![TextEdit::replace(member.key_range, json_string(&key))],
                ));
            }
            sink.push(diagnostic);
            continue;
        };
        let evaluated = (jsonpath && member.key.ends_with(".$"))
            || (!jsonpath && member.value.as_str().is_some_and(crate::lang::is_jsonata_expression));
        if !evaluated {
            check_value(sink, param, &member.value);
        }
    }
    // A whole-object expression could supply anything.
    let _ = cx;
    for param in params.iter().filter(|p| p.required) {
        let present = object.members.iter().any(|m| param_named(std::slice::from_ref(param), &m.key).is_some());
        if !present {
            let message = format!("`{api_name}` requires `{}` in `{field}`", param.name);
            sink.push(Diagnostic::new(Code::MissingParameter, parameters.key_range, message));
        }
    }
}

/// A literal value against the parameter's type and allowed words. Step
/// Functions reads parameters with Jackson, which turns scalars into each
/// other (`"true"` into a boolean, `5` into a string), so only shapes it
/// cannot convert are reported.
fn check_value(sink: &mut Sink, param: &ParamInfo, value: &Value) {
    use crate::data::ParamKind as K;
    let fits = match (&value.kind, param.kind) {
        (ValueKind::Error | ValueKind::Null, _) | (_, K::Any | K::Blob) => true,
        // Objects given for strings are serialized by optimized integrations,
        // and real definitions pass them to SDK ones too (`sfn:sendTaskSuccess`).
        (_, K::String) => true,
        (ValueKind::Number(n), K::Integer) => n.is_integer(),
        (ValueKind::String(s), K::Integer) => s.trim().parse::<i64>().is_ok(),
        (ValueKind::Number(_), K::Number | K::Timestamp) => true,
        (ValueKind::String(s), K::Number) => s.trim().parse::<f64>().is_ok(),
        (ValueKind::String(_), K::Timestamp) => true,
        (ValueKind::Bool(_), K::Boolean) => true,
        (ValueKind::String(s), K::Boolean) => matches!(s.as_str(), "true" | "false"),
        (ValueKind::Array(_), K::List) => true,
        (ValueKind::Object(_), K::Map | K::Structure) => true,
        _ => false,
    };
    if !fits {
        let message = format!("`{}` takes {}, found {}", param.name, param.kind.name(), value.type_name());
        sink.push(Diagnostic::new(Code::ParameterValue, value.range, message));
        return;
    }
    let Some(text) = value.as_str() else { return };
    if param.enum_values.is_empty() || param.enum_values.iter().any(|e| e == text) || has_placeholder(text) {
        return;
    }
    let suggestion = param
        .enum_values
        .iter()
        .map(String::as_str)
        .find(|e| e.eq_ignore_ascii_case(text))
        .or_else(|| closest(text, param.enum_values.iter().map(String::as_str)));
    let shown: Vec<String> = param.enum_values.iter().take(12).map(|e| format!("`{e}`")).collect();
    let more = if param.enum_values.len() > 12 { ", …" } else { "" };
    let hint = suggestion.map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
    let message = format!("`{text}` is not a value of `{}`: use {}{more}{hint}", param.name, shown.join(", "));
    let mut diagnostic = Diagnostic::new(Code::ParameterValue, value.range, message);
    if let Some(suggestion) = suggestion {
        diagnostic = diagnostic.with_fix(Fix::safe(
            format!("Change to `{suggestion}`"),
            vec![TextEdit::replace(value.range, json_string(suggestion))],
        ));
    }
    sink.push(diagnostic);
}

/// Whether any string in `value` (keys included) mentions `needle`.
fn mentions(value: &Value, needle: &str) -> bool {
    match &value.kind {
        ValueKind::String(s) => s.contains(needle),
        ValueKind::Object(object) => {
            object.members.iter().any(|m| m.key.contains(needle) || mentions(&m.value, needle))
        }
        ValueKind::Array(items) => items.iter().any(|v| mentions(v, needle)),
        _ => false,
    }
}

/// Error names of the Java SDK Step Functions calls services with: every
/// service can raise them, though no API model lists them.
fn is_client_error(prefix: &str, name: &str) -> bool {
    name.starts_with("AWS")
        || name.starts_with("Amazon")
        || name.strip_suffix("Exception").is_some_and(|base| base.eq_ignore_ascii_case(prefix))
        || matches!(name, "SdkClientException" | "SdkException" | "ClientExecutionTimeoutException" | "Unknown")
}

/// A hint on a `Prefix.Name` error name whose service is known but whose
/// API declares no such error (names are irregular, so only a hint).
pub(super) fn check_service_error(sink: &mut Sink, name: &str, range: TextRange) {
    let Some((prefix, error)) = name.split_once('.') else { return };
    let Some(service) = sdk().by_prefix(prefix).filter(|s| s.has_model()) else { return };
    if is_client_error(prefix, error) {
        return;
    }
    let bare = error.strip_suffix("Exception").unwrap_or(error);
    let declared = service.operations().flat_map(|o| o.errors.iter()).any(|e| {
        let e_bare = e.strip_suffix("Exception").unwrap_or(e);
        e_bare == bare
    });
    if !declared {
        let message = format!("no `{}` API declares the error `{error}`: check the name (errors are `{prefix}.` then the API's exception name)", service.name);
        sink.push(Diagnostic::new(Code::UnknownServiceError, range, message));
    }
}
