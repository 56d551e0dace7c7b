//! Every JSON definition of the shared corpora, written as YAML (block
//! style, plain scalars where YAML allows), gets the same diagnostics: the
//! same codes, at ranges that fall on the same keys and values. A range is
//! compared by what it covers: a key, a value, an object's opening, or
//! bytes inside a string (by decoded offset, so quotes and escapes do not
//! matter). An object's `{` and its first key count as one place: a YAML
//! mapping has no `{`, and diagnostics on an object go to its first key.

mod support;

use asl_ls::ide::diagnostics::check_in;
use asl_ls::ide::Config;
use asl_ls::syntax::{decoded_offset, parse, to_yaml, Language, Value, ValueKind};
use asl_ls::text::TextRange;

/// Where `range` falls in the tree, in words that do not depend on the
/// syntax: `/States/A/Next value`, `/States/A key`, `/Comment value[3..7]`.
fn anchor(text: &str, root: &Value, range: TextRange) -> String {
    let contains = |outer: TextRange| outer.start <= range.start && range.end <= outer.end;
    let mut path = String::new();
    let mut value = root;
    loop {
        match &value.kind {
            ValueKind::Object(object) => {
                // A YAML block mapping opens at its first key: the two are one place.
                let first_key = object.members.first().map(|m| m.key_range);
                if range == object.open_brace || Some(range) == first_key {
                    return format!("{path} opening");
                }
                if range == object.range {
                    return format!("{path} object");
                }
                let mut next = None;
                for member in &object.members {
                    let here = format!("{path}/{}", member.key);
                    if range == member.key_range {
                        return format!("{here} key");
                    }
                    if range == member.range() && !member.value.range.is_empty() {
                        return format!("{here} member");
                    }
                    if contains(member.value.range) && !member.value.range.is_empty() {
                        next = Some((here, &member.value));
                        break;
                    }
                }
                let Some((here, inner)) = next else { return format!("{path} in object") };
                path = here;
                value = inner;
            }
            ValueKind::Array(items) => {
                if range == value.range {
                    return format!("{path} array");
                }
                let Some((index, item)) = items.iter().enumerate().find(|(_, item)| contains(item.range)) else {
                    return format!("{path} in array");
                };
                path = format!("{path}/{index}");
                value = item;
            }
            ValueKind::String(_) if range != value.range => {
                let start = decoded_offset(text, value.range, range.start);
                let end = decoded_offset(text, value.range, range.end);
                return format!("{path} value[{start}..{end}]");
            }
            _ => return format!("{path} value"),
        }
    }
}

/// The diagnostics of `text` as `code at anchor` lines, sorted.
fn described(text: &str, language: Language) -> Vec<String> {
    let parse = language.parse(text);
    let Some(root) = &parse.root else { return Vec::new() };
    let mut lines: Vec<String> = check_in(text, language, &Config::default())
        .iter()
        .map(|d| format!("{} at {}", d.code.id(), anchor(text, root, d.range)))
        .collect();
    lines.sort();
    lines
}

#[test]
fn every_json_corpus_definition_as_yaml_gets_the_same_diagnostics() {
    let shared = support::shared();
    let mut files = support::files(&shared.join("corpus/real-world"), &[".json"]);
    files.extend(support::files(&shared.join("corpus/invalid"), &[".json"]));
    let mut definitions: Vec<(String, String)> =
        files.iter().map(|path| (path.display().to_string(), support::read(path))).collect();
    // And the definitions AWS itself validated.
    for path in support::files(&shared.join("conformance/validation"), &[".json"]) {
        let case: serde_json::Value = serde_json::from_str(&support::read(&path)).unwrap_or_default();
        if let Some(text) = case["definition_text"].as_str() {
            definitions.push((path.display().to_string(), text.to_string()));
        }
    }
    let (mut compared, mut diagnostics, mut failures) = (0, 0, Vec::new());
    for (path, json) in &definitions {
        let parsed = parse(json);
        // Text that is not JSON has no YAML twin.
        let Some(root) = parsed.root.as_ref().filter(|_| parsed.errors.is_empty()) else { continue };
        let yaml = to_yaml(json, root, "  ");
        compared += 1;
        let (from_json, from_yaml) = (described(json, Language::Json), described(&yaml, Language::Yaml));
        diagnostics += from_json.len();
        if from_json != from_yaml {
            let only_json: Vec<_> = from_json.iter().filter(|d| !from_yaml.contains(d)).collect();
            let only_yaml: Vec<_> = from_yaml.iter().filter(|d| !from_json.contains(d)).collect();
            failures.push(format!("{path}:\n  JSON only: {only_json:?}\n  YAML only: {only_yaml:?}"));
        }
    }
    println!("{compared} definitions, {diagnostics} diagnostics compared");
    assert!(compared >= 600, "expected the JSON corpora under {}: compared {compared}", shared.display());
    assert!(failures.is_empty(), "{} of {compared} differ:\n{}", failures.len(), failures.join("\n"));
}
