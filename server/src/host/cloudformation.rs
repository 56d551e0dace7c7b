//! State machines in CloudFormation and SAM templates (YAML or JSON, CDK's
//! synthesized ones too) and in Serverless Framework files.

use super::extract::{self, is_intrinsic};
use super::source_map::{Style, TextBuilder};
use super::{Body, Embedded, Embedding, Host, HostKind, Problem, ProblemKind, Rule, Substitution, TemplateNames};
use crate::syntax::{Language, Object, Value, ValueKind};
use crate::text::TextRange;
use std::sync::Arc;

const MACHINE_TYPES: &[&str] = &["AWS::StepFunctions::StateMachine", "AWS::Serverless::StateMachine"];

pub(super) fn read(text: &str, language: Language) -> Option<Host> {
    let parse = match language {
        Language::Json => crate::syntax::parse(text),
        Language::Yaml => crate::syntax::parse_yaml_cfn(text),
    };
    let root = parse.root.as_ref()?.as_object()?;
    if !root.has("Resources") && !root.has("stepFunctions") {
        return None;
    }
    let mut host = Host {
        kind: HostKind::CloudFormation,
        errors: parse.errors.clone(),
        language: Some(language),
        machines: Vec::new(),
        problems: Vec::new(),
    };
    if let Some(resources) = root.value("Resources").and_then(Value::as_object) {
        let names = Arc::new(TemplateNames::of_template(root));
        resources_into(text, language, resources, &names, &mut host);
    }
    if let Some(machines) =
        root.value("stepFunctions").and_then(Value::as_object).and_then(|s| s.value("stateMachines"))
    {
        host.kind = HostKind::Serverless;
        serverless_into(text, language, machines, &mut host);
        // `resources: Resources:` holds plain CloudFormation.
        let resources = root.value("resources").and_then(Value::as_object);
        if let Some(inner) = resources.and_then(|r| r.value("Resources")).and_then(Value::as_object) {
            // The Serverless Framework adds resources and resolves its own
            // variables first: any name may be known.
            let mut names = resources.map(TemplateNames::of_template).unwrap_or_default();
            names.lenient = true;
            let names = Arc::new(names);
            resources_into(text, language, inner, &names, &mut host);
        }
    }
    Some(host)
}

fn resources_into(text: &str, language: Language, resources: &Object, names: &Arc<TemplateNames>, host: &mut Host) {
    for resource in &resources.members {
        let Some(object) = resource.value.as_object() else { continue };
        let Some(kind) = object.value("Type").and_then(Value::as_str) else { continue };
        if !MACHINE_TYPES.contains(&kind) {
            continue;
        }
        let empty = Object::default();
        let properties = object.value("Properties").and_then(Value::as_object).unwrap_or(&empty);
        let substitutions =
            properties.value("DefinitionSubstitutions").map(|v| substitutions(text, v, names)).unwrap_or_default();
        // (`Fn::If` may choose between maps; the functions that make a string cannot.)
        let makes_string = |v: &Value| {
            let key = v.as_object().and_then(|o| o.members.first()).map(|m| m.key.as_str());
            is_intrinsic(v) && matches!(key, Some("Ref" | "Fn::GetAtt" | "Fn::Sub" | "Fn::Join" | "Fn::ImportValue"))
        };
        let not_a_map = |v: &&Value| v.as_object().is_none() || makes_string(v);
        if let Some(given) = properties.value("DefinitionSubstitutions").filter(not_a_map) {
            let found = if is_intrinsic(given) { "a function that makes a string" } else { given.type_name() };
            let message =
                format!("`DefinitionSubstitutions` must be a map of names to values (`Name: value`), found {found}");
            host.problems.push(Problem { kind: ProblemKind::DefinitionValue, range: given.range, message });
        }
        let embedding = |rule: Rule, substitutions: Vec<Substitution>| Embedding {
            cfn: true,
            rule,
            substitutions,
            template: names.clone(),
        };
        let listed = Rule::Listed;
        let name = resource.key.to_string();
        let name_range = resource.key_range;
        let mut push = |body: Body, embedding: Embedding| {
            host.machines.push(Embedded { name: name.clone(), name_range, body, embedding });
        };
        if let Some(definition) = properties.get("Definition") {
            let value = &definition.value;
            match &value.kind {
                ValueKind::Object(object) if is_intrinsic(value) => {
                    // `Fn::Sub` and `Fn::Join` make a string, which `Definition` cannot take.
                    let key = object.members[0].key.as_str();
                    if matches!(key, "Fn::Sub" | "Fn::Join") {
                        let short = key.trim_start_matches("Fn::");
                        let message = format!(
                            "`Definition` takes the state machine as an object, but `{key}` makes a string: write `DefinitionString: !{short} …`, or the definition itself under `Definition`"
                        );
                        host.problems.push(Problem { kind: ProblemKind::DefinitionValue, range: value.range, message });
                    }
                    push(Body::Unchecked { range: value.range }, embedding(listed, substitutions))
                }
                ValueKind::Object(object) => {
                    let body = inline(text, language, object);
                    push(body, embedding(listed, substitutions));
                }
                _ => {
                    let message = format!(
                        "`Definition` must be an object (the state machine itself), found {}; a JSON text goes in `DefinitionString`",
                        value.type_name()
                    );
                    host.problems.push(Problem { kind: ProblemKind::DefinitionValue, range: value.range, message });
                    push(Body::Unchecked { range: value.range }, embedding(listed, substitutions));
                }
            }
        } else if let Some(definition) = properties.get("DefinitionString") {
            let value = &definition.value;
            match definition_string(text, value, names) {
                Ok((body, sub_variables)) => {
                    let (rule, mut all) = match sub_variables {
                        Some(variables) => (Rule::Sub, variables),
                        None => (listed, Vec::new()),
                    };
                    all.extend(substitutions);
                    // A JSON text: `{"Ref": …}` inside it is plain JSON, not an intrinsic.
                    push(body, Embedding { cfn: false, ..embedding(rule, all) });
                }
                Err(message) => {
                    host.problems.push(Problem { kind: ProblemKind::DefinitionValue, range: value.range, message });
                    push(Body::Unchecked { range: value.range }, embedding(listed, substitutions));
                }
            }
        } else if let Some(uri) = properties.get("DefinitionUri") {
            let value = &uri.value;
            let body = match value.as_str() {
                Some(path) if !path.starts_with("s3://") && !path.is_empty() => {
                    Body::File { path: path.to_string(), range: value.range }
                }
                _ => Body::Unchecked { range: value.range },
            };
            push(body, embedding(listed, substitutions));
        } else {
            let range = properties.get("DefinitionS3Location").map_or(name_range, |m| m.value.range);
            push(Body::Unchecked { range }, embedding(listed, substitutions));
        }
    }
}

/// An inline definition: the object's lines, dedented.
fn inline(text: &str, language: Language, object: &Object) -> Body {
    let mut b = TextBuilder::default();
    let indent = extract::indent_at(text, object.range.start);
    // A YAML block owns the blank lines after it: where the next field is typed.
    let range = match language {
        Language::Yaml if !text[object.range.as_usize()].starts_with('{') => {
            TextRange::new(object.range.start, extract::past_blank_lines(text, object.range.end))
        }
        _ => object.range,
    };
    extract::block(&mut b, text, range, indent);
    let (text, map) = b.finish(false);
    Body::Text { text, language, map }
}

/// A `DefinitionString`: a string, an `Fn::Sub` (with its variables), or
/// an `Fn::Join` of strings and intrinsics.
fn definition_string(
    text: &str,
    value: &Value,
    names: &TemplateNames,
) -> Result<(Body, Option<Vec<Substitution>>), String> {
    let mut b = TextBuilder::default();
    let mut variables = None;
    match &value.kind {
        ValueKind::String(_) => extract::string(&mut b, text, value),
        ValueKind::Object(object) if is_intrinsic(value) => {
            let member = &object.members[0];
            match (member.key.as_str(), &member.value.kind) {
                ("Fn::Sub", ValueKind::String(_)) => {
                    extract::string(&mut b, text, &member.value);
                    variables = Some(Vec::new());
                }
                ("Fn::Sub", ValueKind::Array(items)) if items.first().is_some_and(|v| v.as_str().is_some()) => {
                    extract::string(&mut b, text, &items[0]);
                    variables = Some(items.get(1).map(|v| substitutions(text, v, names)).unwrap_or_default());
                }
                ("Fn::Join", ValueKind::Array(items)) if items.len() == 2 => {
                    join(&mut b, text, &items[0], &items[1], names);
                }
                _ => {
                    return Ok((Body::Unchecked { range: value.range }, None));
                }
            }
        }
        _ => {
            return Err(format!(
                "`DefinitionString` must be a string (or `Fn::Sub`/`Fn::Join` of one), found {}",
                value.type_name()
            ))
        }
    }
    let sub = variables.is_some();
    let (text, map) = b.finish(sub);
    Ok((Body::Text { text, language: Language::Json, map }, variables))
}

/// `Fn::Join [delimiter, [parts…]]`: the parts' texts in order, intrinsics
/// as placeholders; a part that is itself an intrinsic list is unchecked text.
fn join(b: &mut TextBuilder, text: &str, delimiter: &Value, parts: &Value, names: &TemplateNames) {
    let delimiter_text = delimiter.as_str().unwrap_or("");
    let Some(parts) = parts.as_array() else {
        extract::intrinsic(b, parts, names);
        return;
    };
    for (i, part) in parts.iter().enumerate() {
        if i > 0 && !delimiter_text.is_empty() {
            // Written before this part (the pieces stay in host order).
            b.next_group();
            b.atomic(delimiter_text, TextRange::empty(part.range.start), Style::Frozen);
        }
        b.next_group();
        match &part.kind {
            ValueKind::String(_) => extract::string(b, text, part),
            _ => extract::intrinsic(b, part, names),
        }
    }
}

/// A map of names to values (`DefinitionSubstitutions`, an `Fn::Sub`
/// variable map): literal values as text, others opaque.
fn substitutions(text: &str, value: &Value, names: &TemplateNames) -> Vec<Substitution> {
    let Some(object) = value.as_object().filter(|_| !is_intrinsic(value)) else { return Vec::new() };
    object
        .members
        .iter()
        .map(|m| {
            let literal = match &m.value.kind {
                ValueKind::String(s) => Some(s.to_string()),
                ValueKind::Number(_) => text.get(m.value.range.as_usize()).map(str::to_string),
                ValueKind::Bool(b) => Some(b.to_string()),
                // An intrinsic whose kind the template tells (a function's ARN).
                ValueKind::Object(o) if extract::is_intrinsic(&m.value) => {
                    names.typed(&o.members[0].key, &o.members[0].value)
                }
                _ => None,
            };
            Substitution { name: m.key.to_string(), key_range: m.key_range, literal }
        })
        .collect()
}

/// `stepFunctions.stateMachines.<name>.definition` of a Serverless file.
fn serverless_into(text: &str, language: Language, machines: &Value, host: &mut Host) {
    let Some(machines) = machines.as_object() else { return };
    for machine in &machines.members {
        let embedding = Embedding { cfn: true, rule: Rule::Any, ..Embedding::default() };
        let body = match machine.value.as_object().and_then(|m| m.value("definition")) {
            Some(value @ Value { kind: ValueKind::Object(object), .. }) if !is_intrinsic(value) => {
                inline(text, language, object)
            }
            // `definition: ${file(path/to/definition.json)}`: the file.
            Some(other) => match other.as_str().and_then(serverless_file) {
                Some(path) => Body::File { path: path.to_string(), range: other.range },
                None => Body::Unchecked { range: other.range },
            },
            None => Body::Unchecked { range: machine.key_range },
        };
        host.machines.push(Embedded { name: machine.key.to_string(), name_range: machine.key_range, body, embedding });
    }
}

/// The path of a Serverless `${file(path)}` variable that is the whole
/// value (not a part of the file: `${file(x.yml):key}`).
fn serverless_file(value: &str) -> Option<&str> {
    let inner = value.trim().strip_prefix("${file(")?.strip_suffix(")}")?;
    let path = inner.trim().trim_matches(['\'', '"']);
    (!path.is_empty() && !path.contains(['$', '{', '}', ')', ','])).then_some(path)
}
