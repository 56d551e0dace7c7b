//! Client settings (`initializationOptions`, `workspace/didChangeConfiguration`)
//! to [`Config`]. Accepted shape, at the top level or under `"asl-ls"`:
//!
//! ```json
//! {"machineType": "express", "diagnostics": {"ASL203": "off", "resource-not-arn": "error"}}
//! ```

use crate::ide::diagnostics::{Code, Severity};
use crate::ide::{Config, MachineType};
use serde_json::Value;

/// The config the settings describe, and what could not be understood.
pub fn from_settings(settings: &Value) -> (Config, Vec<String>) {
    let settings = settings.get("asl-ls").or_else(|| settings.get("aslLs")).unwrap_or(settings);
    let mut config = Config::default();
    let mut problems = Vec::new();
    match settings.get("machineType").and_then(Value::as_str).map(str::to_ascii_lowercase).as_deref() {
        None => {}
        Some("standard") => config.machine_type = MachineType::Standard,
        Some("express") => config.machine_type = MachineType::Express,
        Some(other) => problems.push(format!("machineType `{other}`: use standard or express")),
    }
    if let Some(map) = settings.get("diagnostics").and_then(Value::as_object) {
        for (key, value) in map {
            let Some(code) = Code::ALL.iter().copied().find(|c| c.id().eq_ignore_ascii_case(key) || c.name() == key)
            else {
                problems.push(format!("diagnostics: no code `{key}`"));
                continue;
            };
            let severity = match value.as_str().map(str::to_ascii_lowercase).as_deref() {
                Some("off" | "none" | "ignore") => None,
                Some("error") => Some(Severity::Error),
                Some("warning" | "warn") => Some(Severity::Warning),
                Some("information" | "info") => Some(Severity::Information),
                Some("hint") => Some(Severity::Hint),
                _ => {
                    problems.push(format!("diagnostics.{key}: use off, error, warning, information or hint"));
                    continue;
                }
            };
            config.severities.insert(code, severity);
        }
    }
    (config, problems)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_machine_type_and_severities_by_id_or_name() {
        let (config, problems) = from_settings(
            &json!({"asl-ls": {"machineType": "EXPRESS", "diagnostics": {"ASL203": "off", "resource-not-arn": "error", "nope": "off"}}}),
        );
        assert_eq!(config.machine_type, MachineType::Express);
        assert_eq!(config.severity_for(Code::UnreachableState), Some(None));
        assert_eq!(config.severity_for(Code::ResourceNotArn), Some(Some(Severity::Error)));
        assert_eq!(problems, ["diagnostics: no code `nope`"]);
    }
}
