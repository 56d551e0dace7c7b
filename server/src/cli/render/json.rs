//! Machine-readable formats: plain JSON (LSP-style positions) and SARIF 2.1.0.

use super::super::check::Checked;
use super::utf16_range;
use crate::ide::diagnostics::{Code, Severity};
use crate::text::LineIndex;
use serde_json::{json, Value};

pub(super) fn render_json(checked: &[Checked]) -> String {
    let mut items = Vec::new();
    for file in checked {
        let index = LineIndex::new(&file.text);
        for (d, machine) in file.diagnostics.iter().zip(&file.machine_of) {
            let (start, end) = utf16_range(&index, &file.text, d.range);
            let mut item = json!({
                "file": file.path,
                "range": {
                    "start": {"line": start.line, "character": start.col},
                    "end": {"line": end.line, "character": end.col},
                },
                "severity": d.severity.name(),
                "code": d.code.id(),
                "message": d.message,
            });
            if let Some(machine) = machine {
                item["machine"] = json!(machine);
            }
            items.push(item);
        }
    }
    pretty(&Value::Array(items))
}

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "note",
    }
}

pub(super) fn render_sarif(checked: &[Checked]) -> String {
    let rules: Vec<Value> = Code::ALL
        .iter()
        .map(|code| {
            json!({
                "id": code.id(),
                "name": code.name(),
                "shortDescription": {"text": code.summary()},
                "defaultConfiguration": {"level": sarif_level(code.default_severity())},
            })
        })
        .collect();
    let mut results = Vec::new();
    for file in checked {
        let index = LineIndex::new(&file.text);
        for (d, machine) in file.diagnostics.iter().zip(&file.machine_of) {
            let (start, end) = utf16_range(&index, &file.text, d.range);
            let rule_index = Code::ALL.iter().position(|c| *c == d.code).unwrap_or(0);
            let mut result = json!({
                "ruleId": d.code.id(),
                "ruleIndex": rule_index,
                "level": sarif_level(d.severity),
                "message": {"text": d.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": file.path.replace('\\', "/")},
                        "region": {
                            "startLine": start.line + 1,
                            "startColumn": start.col + 1,
                            "endLine": end.line + 1,
                            "endColumn": end.col + 1,
                        },
                    },
                }],
            });
            if let Some(machine) = machine {
                // The machine as a logical location (SARIF's place for "which resource").
                result["locations"][0]["logicalLocations"] = json!([{"name": machine, "kind": "resource"}]);
                result["properties"] = json!({"machine": machine});
            }
            results.push(result);
        }
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "asl-ls",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "utf16CodeUnits",
            "results": results,
        }],
    });
    pretty(&log)
}

pub(super) fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}
