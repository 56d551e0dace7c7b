//! Map states: the item processor, inline vs distributed settings, items,
//! label and result writer.

use super::fields::{is_jsonata_expression, report_missing};
use super::{Code, Cx, Diagnostic, Sink};
use crate::ide::MachineType;
use crate::model::{QueryLanguage, State};
use crate::syntax::{Object, Value};

const DISTRIBUTED_ONLY: &[&str] = &[
    "ItemReader",
    "ItemBatcher",
    "ResultWriter",
    "ToleratedFailurePercentage",
    "ToleratedFailurePercentagePath",
    "ToleratedFailureCount",
    "ToleratedFailureCountPath",
    "Label",
];

const MAX_LABEL_CHARS: usize = 40;

pub(super) fn check(cx: &Cx<'_, '_>, sink: &mut Sink, state: &State<'_>, object: &Object) {
    let processor = object.value("ItemProcessor").or_else(|| object.value("Iterator"));
    if processor.is_none() {
        report_missing(cx, sink, &["ItemProcessor"], state.name_range(), &state.pointer, "A Map state", Some(object));
    }
    let config =
        processor.and_then(Value::as_object).and_then(|p| p.value("ProcessorConfig")).and_then(Value::as_object);
    let mode = config.and_then(|c| c.get("Mode"));
    let distributed = mode.and_then(|m| m.value.as_str()) == Some("DISTRIBUTED");
    if !distributed {
        for member in object.members.iter().filter(|m| DISTRIBUTED_ONLY.contains(&m.key.as_str())) {
            let message = format!(
                "`{}` takes effect only in a distributed Map: set `\"ProcessorConfig\": {{\"Mode\": \"DISTRIBUTED\", \"ExecutionType\": \"STANDARD\"}}` in the `ItemProcessor`, or remove it",
                member.key
            );
            sink.push(Diagnostic::new(Code::DistributedOnlyField, member.key_range, message));
        }
    }
    if let (true, Some(mode)) = (distributed, mode) {
        let execution_type = config.and_then(|c| c.value("ExecutionType")).and_then(Value::as_str);
        match execution_type {
            None => {
                let message =
                    "a distributed Map needs `ExecutionType` (`STANDARD` or `EXPRESS`) for its child workflows";
                sink.push(Diagnostic::new(Code::MissingExecutionType, mode.value.range, message).aws_with(
                    Some(format!("{}/ItemProcessor/ProcessorConfig", state.pointer)),
                    "The field 'ExecutionType' is required but was missing",
                ));
            }
            Some("STANDARD") if cx.config.machine_type == MachineType::Express => {
                let message = "an Express workflow is documented not to run Standard child workflows: use `\"ExecutionType\": \"EXPRESS\"`";
                sink.push(Diagnostic::new(Code::ExpressQuestionable, mode.value.range, message));
            }
            _ => {}
        }
    }
    if state.query_language == QueryLanguage::Jsonata {
        if let Some(items) = object.get("Items") {
            let value = &items.value;
            let ok = value.as_array().is_some()
                || value.as_object().is_some()
                || value.as_str().is_some_and(|s| is_jsonata_expression(s) || super::fields::has_placeholder(s))
                || value.is_error();
            if !ok {
                let message = format!(
                    "`Items` must be an array, an object or a `{{% … %}}` expression, found {}",
                    value.type_name()
                );
                sink.push(
                    Diagnostic::new(Code::WrongType, value.range, message)
                        .aws_at(Some(format!("{}/Items", state.pointer))),
                );
            }
        }
    }
    if let Some(label) = object.get("Label") {
        if let Some(text) = label.value.as_str() {
            check_label(sink, &label.value, text);
        }
    }
    if let Some(writer) = object.get("ResultWriter") {
        if let Some(writer_object) = writer.value.as_object() {
            check_result_writer(sink, state, &writer.value, writer_object);
            check_s3_resource(sink, state, "ResultWriter", writer_object, &["putObject"]);
        }
    }
    if let Some(reader) = object.value("ItemReader").and_then(Value::as_object) {
        check_s3_resource(sink, state, "ItemReader", reader, &["getObject", "listObjectsV2"]);
    }
    if let Some(reader_config) = object
        .value("ItemReader")
        .and_then(Value::as_object)
        .and_then(|r| r.get("ReaderConfig"))
        .and_then(|m| m.value.as_object().map(|o| (m, o)))
    {
        let (member, config) = reader_config;
        if config.value("CSVHeaderLocation").and_then(Value::as_str) == Some("GIVEN") && !config.has("CSVHeaders") {
            let pointer = format!("{}/ItemReader/ReaderConfig", state.pointer);
            report_missing(
                cx,
                sink,
                &["CSVHeaders"],
                member.key_range,
                &pointer,
                "`ReaderConfig` with `\"CSVHeaderLocation\": \"GIVEN\"`",
                Some(config),
            );
        }
    }
}

/// An `ItemReader` or `ResultWriter` resource: one of its S3 actions, in
/// any partition, with or without a region and account (as a Task's).
fn check_s3_resource(sink: &mut Sink, state: &State<'_>, field: &str, object: &Object, actions: &[&str]) {
    let Some(member) = object.get("Resource") else { return };
    let Some(arn) = member.value.as_str() else { return };
    if crate::lang::has_placeholder(arn) || is_jsonata_expression(arn) {
        return;
    }
    let parts: Vec<&str> = arn.split(':').collect();
    let known = matches!(parts.as_slice(), ["arn", partition, "states", _, _, "s3", action]
        if partition.starts_with("aws") && actions.contains(action));
    if known {
        return;
    }
    let allowed: Vec<String> = actions.iter().map(|a| format!("`arn:aws:states:::s3:{a}`")).collect();
    let message = format!("`{field}` takes {}, found `{arn}`", allowed.join(" or "));
    sink.push(
        Diagnostic::new(Code::InvalidEnumValue, member.value.range, message)
            .aws_at(Some(format!("{}/{field}/Resource", state.pointer))),
    );
}

fn check_label(sink: &mut Sink, value: &Value, text: &str) {
    let length = text.chars().count();
    let forbidden =
        text.chars().find(|c| c.is_whitespace() || c.is_control() || "<>{}[]?*\"#%\\^|~`$&,;:/".contains(*c));
    let problem = if length > MAX_LABEL_CHARS {
        format!("has {length} characters; a Map Run label has at most {MAX_LABEL_CHARS}")
    } else if let Some(c) = forbidden {
        let what = if c.is_whitespace() { "whitespace".to_string() } else { format!("`{}`", c.escape_debug()) };
        format!("contains {what}, which Map Run names do not allow")
    } else {
        return;
    };
    sink.push(Diagnostic::new(Code::InvalidLabel, value.range, format!("this `Label` {problem}")));
}

fn check_result_writer(sink: &mut Sink, state: &State<'_>, value: &Value, writer: &Object) {
    let args = if state.query_language == QueryLanguage::Jsonata { "Arguments" } else { "Parameters" };
    let has_resource = writer.has("Resource");
    let has_args = writer.has(args);
    let problem = match (writer.has("WriterConfig"), has_resource, has_args) {
        (false, false, false) => "`ResultWriter` is empty",
        (_, true, false) => "`ResultWriter` has a `Resource` but no bucket",
        (_, false, true) => "`ResultWriter` has a bucket but no `Resource`",
        _ => return,
    };
    let message = format!(
        "{problem}: give it `\"Resource\": \"arn:aws:states:::s3:putObject\"` with `{args}` (`Bucket`, `Prefix`), a `WriterConfig`, or both"
    );
    sink.push(
        Diagnostic::new(Code::EmptyResultWriter, value.range, message)
            .aws_at(Some(format!("{}/ResultWriter", state.pointer))),
    );
}
