//! The response of AWS's `ValidateStateMachineDefinition`, reproduced offline:
//! `{"result", "diagnostics": [{"severity", "code", "message", "location"}],
//! "truncated"}`. One file prints one response; several files print an object
//! of responses keyed by path.

use super::super::check::Checked;
use super::json::pretty;
use crate::ide::diagnostics::{Diagnostic, Severity};
use crate::ide::Config;
use serde_json::{json, Map, Value};

/// The API's default and largest `maxResults`.
const MAX_RESULTS: usize = 100;

pub(super) fn render(checked: &[Checked], _config: &Config, include_warnings: bool) -> String {
    match checked {
        [one] if !one.hosted => pretty(&response(&one.diagnostics, include_warnings)),
        many => {
            let mut map = Map::new();
            for file in many {
                if !file.hosted {
                    map.insert(file.path.clone(), response(&file.diagnostics, include_warnings));
                    continue;
                }
                // A template: one response per machine, keyed `path#machine`.
                for name in &file.names {
                    let own: Vec<Diagnostic> = file
                        .diagnostics
                        .iter()
                        .zip(&file.machine_of)
                        .filter(|(_, m)| m.as_ref() == Some(name))
                        .map(|(d, _)| d.clone())
                        .collect();
                    map.insert(format!("{}#{name}", file.path), response(&own, include_warnings));
                }
            }
            pretty(&Value::Object(map))
        }
    }
}

/// The response AWS would give for these diagnostics.
pub fn response(diagnostics: &[Diagnostic], include_warnings: bool) -> Value {
    let mut items: Vec<Value> = Vec::new();
    let mut failed = false;
    // AWS reports a JSON syntax error alone: it cannot read further.
    let syntax_only = diagnostics.iter().any(|d| d.aws.as_ref().is_some_and(|a| a.code == "INVALID_JSON_DESCRIPTION"));
    for d in diagnostics {
        let Some(aws) = &d.aws else { continue };
        if syntax_only && aws.code != "INVALID_JSON_DESCRIPTION" {
            continue;
        }
        let severity = match d.severity {
            Severity::Error => "ERROR",
            Severity::Warning if include_warnings => "WARNING",
            _ => continue,
        };
        failed |= d.severity == Severity::Error;
        let mut item = json!({"severity": severity, "code": aws.code, "message": aws.message});
        if let Some(location) = &aws.location {
            item["location"] = json!(location);
        }
        items.push(item);
    }
    let truncated = items.len() > MAX_RESULTS;
    items.truncate(MAX_RESULTS);
    json!({"result": if failed { "FAIL" } else { "OK" }, "diagnostics": items, "truncated": truncated})
}
