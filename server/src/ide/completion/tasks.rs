//! Completion for Task integrations: the `Resource` ARN (optimized
//! integrations with their patterns, SDK services, then their actions,
//! then patterns), the API's parameters in `Parameters`/`Arguments`
//! (required first, with a snippet filling the required ones), their enum
//! values, and the service's error names in `ErrorEquals`.

use super::{CompletionItem, ItemKind};
use crate::data::{integrations, sdk, ParamKind, Pattern};
use crate::ide::edit::{json_escaped, json_string, TextEdit};
use crate::ide::task_api::{ParamInfo, TaskApi};
use crate::syntax::{decoded_offset, source_range, Object, Value};
use crate::text::TextRange;

const OPTIMIZED: &str = "arn:aws:states:::";
const SDK: &str = "arn:aws:states:::aws-sdk:";

fn item(
    label: String,
    kind: ItemKind,
    detail: Option<String>,
    doc: Option<String>,
    edit: TextEdit,
    order: usize,
) -> CompletionItem {
    CompletionItem {
        filter_text: Some(label.clone()),
        label,
        kind,
        detail,
        documentation: doc,
        edit,
        additional_edits: Vec::new(),
        snippet: false,
        sort_text: Some(format!("{order:05}")),
    }
}

/// Items for a Task `Resource` string at `offset`.
pub(super) fn resource_items(text: &str, value: &Value, offset: u32) -> Vec<CompletionItem> {
    let Some(written) = value.as_str() else { return Vec::new() };
    let cursor = decoded_offset(text, value.range, offset).min(written.len());
    let typed = &written[..cursor];
    // Replace decoded bytes `from..` up to the end of the current segment.
    let segment_end = written[cursor..].find([':', '.']).map_or(written.len(), |i| cursor + i);
    let replace = |from: usize, new: &str| {
        TextEdit::replace(source_range(text, value.range, from, segment_end.max(cursor)), json_escaped(new))
    };
    if let Some(rest) = typed.strip_prefix(SDK) {
        return sdk_items(rest, SDK.len(), &replace);
    }
    if let Some(rest) = typed.strip_prefix(OPTIMIZED) {
        if let Some((service, after)) = rest.split_once(':') {
            let Some(integration) = crate::data::integration(service) else { return Vec::new() };
            let base = OPTIMIZED.len() + service.len() + 1;
            if let Some((action, _)) = after.split_once('.') {
                let Some(documented) = integration.action(action) else { return Vec::new() };
                let from = base + action.len();
                return documented
                    .patterns
                    .iter()
                    .filter(|p| !p.suffix().is_empty())
                    .enumerate()
                    .map(|(i, p)| {
                        item(
                            p.suffix().to_string(),
                            ItemKind::Value,
                            None,
                            Some(p.doc().into()),
                            replace(from, p.suffix()),
                            i,
                        )
                    })
                    .collect();
            }
            return integration
                .actions
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    let doc = integration.sdk_operation(&a.name).map(|o| o.doc().to_string());
                    item(
                        a.name.clone(),
                        ItemKind::Value,
                        Some(integration.title.clone()),
                        doc,
                        replace(base, &a.name),
                        i,
                    )
                })
                .collect();
        }
    }
    // Whole resources: every optimized action and pattern, and the SDK prefix.
    let full = |new: &str| TextEdit::replace(source_range(text, value.range, 0, written.len()), json_escaped(new));
    let mut items = Vec::new();
    for integration in integrations() {
        for action in &integration.actions {
            for pattern in action.patterns.iter().filter(|p| !matches!(p, Pattern::ItemReader | Pattern::ResultWriter))
            {
                let resource = format!("{OPTIMIZED}{}:{}{}", integration.service, action.name, pattern.suffix());
                let doc = format!("{}\n\n{}", integration.title, pattern.doc());
                items.push(item(
                    resource.clone(),
                    ItemKind::Value,
                    Some(integration.title.clone()),
                    Some(doc),
                    full(&resource),
                    items.len(),
                ));
            }
        }
    }
    let doc = "Any AWS SDK API: `arn:aws:states:::aws-sdk:SERVICE:ACTION` (services and actions are completed next).";
    items.push(item(
        SDK.to_string(),
        ItemKind::Value,
        Some("AWS SDK integration".into()),
        Some(doc.into()),
        full(SDK),
        items.len(),
    ));
    items
}

fn sdk_items(rest: &str, base: usize, replace: &dyn Fn(usize, &str) -> TextEdit) -> Vec<CompletionItem> {
    let index = sdk();
    let Some((service, after)) = rest.split_once(':') else {
        return index
            .services
            .iter()
            .filter(|s| !index.deprecated.contains(&s.name))
            .enumerate()
            .map(|(i, s)| {
                let detail =
                    (!s.botocore.is_empty() && s.botocore != s.name).then(|| format!("botocore `{}`", s.botocore));
                item(s.name.clone(), ItemKind::Value, detail, None, replace(base, &s.name), i)
            })
            .collect();
    };
    let Some(found) = index.service(service) else { return Vec::new() };
    let from = base + service.len() + 1;
    if let Some((action, _)) = after.split_once('.') {
        let suffix = Pattern::WaitForTaskToken.suffix();
        return vec![item(
            suffix.into(),
            ItemKind::Value,
            None,
            Some(Pattern::WaitForTaskToken.doc().into()),
            replace(from + action.len(), suffix),
            0,
        )];
    }
    found
        .operations()
        .filter(|o| !o.unsupported && !o.streaming)
        .enumerate()
        .map(|(i, o)| {
            item(
                o.name.clone(),
                ItemKind::Value,
                None,
                Some(o.doc().to_string()).filter(|d| !d.is_empty()),
                replace(from, &o.name),
                i,
            )
        })
        .collect()
}

/// A value snippet for a parameter of `kind`.
fn value_snippet(kind: ParamKind, enum_values: &[String]) -> String {
    match kind {
        _ if !enum_values.is_empty() => {
            let choices: Vec<String> =
                enum_values.iter().take(20).map(|e| e.replace(['|', ',', '$', '}'], "")).collect();
            format!("\"${{1|{}|}}\"", choices.join(","))
        }
        ParamKind::Integer | ParamKind::Number => "${1:0}".into(),
        ParamKind::Boolean => "${1|true,false|}".into(),
        ParamKind::List => "[$1]".into(),
        ParamKind::Map | ParamKind::Structure => "{$1}".into(),
        _ => "\"$1\"".into(),
    }
}

/// Candidate parameter keys of the Task whose `Parameters`/`Arguments`
/// object is `object`, or `None` when `object` is not one.
pub(super) fn param_candidates(state: &Object, object: &Object) -> Option<Vec<super::Candidate>> {
    let is_params = ["Parameters", "Arguments"]
        .iter()
        .any(|f| state.value(f).and_then(Value::as_object).is_some_and(|o| std::ptr::eq(o, object)));
    if !is_params {
        return None;
    }
    let api = TaskApi::of_state(state)?;
    let mut params = api.params();
    params.sort_by_key(|p| !p.required);
    Some(
        params
            .iter()
            .map(|p| super::Candidate {
                name: p.name,
                doc: param_doc(p),
                snippet: value_snippet(p.kind, p.enum_values),
                required: p.required,
                kind: ItemKind::Field,
            })
            .collect(),
    )
}

pub(crate) fn param_doc(p: &ParamInfo) -> String {
    let mut doc = format!("{}{}", p.kind.name(), if p.required { ", required" } else { "" });
    if !p.doc().is_empty() {
        doc.push_str(&format!("\n\n{}", p.doc()));
    }
    if !p.enum_values.is_empty() {
        let values: Vec<String> = p.enum_values.iter().take(20).map(|e| format!("`{e}`")).collect();
        doc.push_str(&format!("\n\nOne of {}{}", values.join(", "), if p.enum_values.len() > 20 { ", …" } else { "" }));
    }
    doc
}

/// An item filling every required parameter at once.
pub(super) fn required_snippet(state: &Object, range: TextRange) -> Option<CompletionItem> {
    let api = TaskApi::of_state(state)?;
    let required: Vec<ParamInfo> = api.params().into_iter().filter(|p| p.required).collect();
    if required.len() < 2 {
        return None;
    }
    let body: Vec<String> = required
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let value = value_snippet(p.kind, p.enum_values)
                .replace("${1", &format!("${{{}", i + 1))
                .replace("$1", &format!("${}", i + 1));
            format!("{}: {value}", json_string(p.name))
        })
        .collect();
    let names: Vec<&str> = required.iter().map(|p| p.name).collect();
    let mut it = item(
        "required parameters".into(),
        ItemKind::Snippet,
        Some(names.join(", ")),
        None,
        TextEdit::replace(range, body.join(", ")),
        0,
    );
    it.snippet = true;
    it.filter_text = Some(names.join(" "));
    // After the required parameters themselves, before the optional ones.
    it.sort_text = Some("0999".into());
    Some(it)
}

/// Enum values of the parameter `key` of the Task's API.
pub(super) fn param_value_items(state: &Object, key: &str, range: TextRange) -> Vec<CompletionItem> {
    let Some(api) = TaskApi::of_state(state) else { return Vec::new() };
    let params = api.params();
    let Some(param) = crate::ide::task_api::param_named(&params, key) else { return Vec::new() };
    param
        .enum_values
        .iter()
        .enumerate()
        .map(|(i, e)| item(e.clone(), ItemKind::Value, None, None, TextEdit::replace(range, json_string(e)), i))
        .collect()
}

/// The errors of the Task's API, for `ErrorEquals`.
pub(super) fn error_items(state: &Object, range: TextRange) -> Vec<CompletionItem> {
    let Some(api) = TaskApi::of_state(state) else { return Vec::new() };
    let (Some(prefix), Some(operation)) = (api.error_prefix(), api.operation) else { return Vec::new() };
    operation
        .error_names(prefix)
        .enumerate()
        .map(|(i, name)| {
            let doc = format!("Raised by `{}` when the API returns this error.", operation.name);
            let mut it = item(
                name.clone(),
                ItemKind::Error,
                Some("service error".into()),
                Some(doc),
                TextEdit::replace(range, json_string(&name)),
                i,
            );
            // After Step Functions' own errors.
            it.sort_text = Some(format!("9{i:04}"));
            it
        })
        .collect()
}
