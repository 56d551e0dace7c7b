//! A Task state that starts another state machine
//! (`arn:aws:states:::states:startExecution`, with `.sync`, `.sync:2` or
//! `.waitForTaskToken`): which machine its `StateMachineArn` names, for go
//! to definition and hover across the workspace.

use crate::syntax::{locate, Spot, Value};
use crate::text::TextRange;

/// The machine a `StateMachineArn` names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Started {
    /// By its name: the last part of a literal ARN
    /// (`arn:aws:states:us-east-1:123456789012:stateMachine:Charge`).
    Name(String),
    /// By a template's placeholder (`${ChargeMachine}`, `${Charge.Arn}`).
    Placeholder(String),
}

/// The `StateMachineArn` string at `offset`, and the machine it names.
pub fn started_at(text: &str, root: &Value, offset: u32) -> Option<(TextRange, Started)> {
    let located = locate(text, root, offset);
    let Spot::Value { value } = located.spot else { return None };
    let arn = value.as_str()?;
    let steps = &located.steps;
    let n = steps.len();
    if n < 3 || steps[n - 1].key() != Some("StateMachineArn") {
        return None;
    }
    if !matches!(steps[n - 2].key(), Some("Parameters" | "Arguments")) {
        return None;
    }
    let state = steps[n - 3].value().as_object()?;
    let resource = state.value("Resource").and_then(Value::as_str)?;
    if !resource.contains(":states:startExecution") {
        return None;
    }
    let started = match arn.strip_prefix("${").and_then(|r| r.strip_suffix('}')) {
        Some(name) => Started::Placeholder(name.trim_end_matches(".Arn").to_string()),
        None => {
            let (_, after) = arn.split_once(":stateMachine:")?;
            // `Name`, `Name:1` (a version) or `Name:alias`: the machine is `Name`.
            Started::Name(after.split(':').next()?.to_string())
        }
    };
    Some((value.range, started))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Option<Started> {
        let offset = text.find("$0").unwrap() as u32;
        let text = text.replacen("$0", "", 1);
        let root = crate::syntax::parse(&text).root.unwrap();
        started_at(&text, &root, offset).map(|(_, s)| s)
    }

    #[test]
    fn the_machine_a_start_execution_names() {
        let task = |arn: &str| {
            format!(
                r#"{{"StartAt": "S", "States": {{"S": {{"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2", "Parameters": {{"StateMachineArn": "{arn}"}}, "End": true}}}}}}"#
            )
        };
        assert_eq!(
            at(&task("arn:aws:states:us-east-1:1:stateMachine:Ch$0arge:3")),
            Some(Started::Name("Charge".into()))
        );
        assert_eq!(at(&task("${Charge$0Machine.Arn}")), Some(Started::Placeholder("ChargeMachine".into())));
        assert_eq!(at(&task("arn:aws:lambda:$0x")), None);
        let not_started = r#"{"StartAt": "S", "States": {"S": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:1:stateMachine:C$0"}, "End": true}}}"#;
        assert_eq!(at(not_started), None);
    }
}
