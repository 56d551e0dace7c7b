//! The names an `Fn::Sub` string may use: the template's parameters and
//! resources (with an attribute: `${Fn.Arn}`), and pseudo parameters.

use crate::syntax::{Object, Value};
use std::collections::HashSet;

/// Pseudo parameters, and the value a check may take for the ones whose
/// form is known (so `arn:${AWS::Partition}:states:::lambda:invoke` is
/// checked as the integration it names).
pub const PSEUDO_PARAMETERS: &[(&str, Option<&str>)] = &[
    ("AWS::AccountId", Some("123456789012")),
    ("AWS::NotificationARNs", None),
    ("AWS::NoValue", None),
    ("AWS::Partition", Some("aws")),
    ("AWS::Region", Some("us-east-1")),
    ("AWS::StackId", None),
    ("AWS::StackName", None),
    ("AWS::URLSuffix", Some("amazonaws.com")),
];

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TemplateNames {
    names: HashSet<String>,
    /// Each resource's `Type`, for the values whose kind is known.
    types: std::collections::HashMap<String, String>,
    /// Logical ids of SAM resources: SAM adds resources named after them
    /// (`MyFunctionRole`), so names starting with one are taken as known.
    serverless: Vec<String>,
    /// The template runs macros other than SAM's (they may add anything).
    pub lenient: bool,
}

impl TemplateNames {
    /// The names of a CloudFormation template's root object.
    pub fn of_template(root: &Object) -> TemplateNames {
        let mut out = TemplateNames::default();
        for section in ["Parameters", "Resources", "Conditions", "Mappings"] {
            let Some(object) = root.value(section).and_then(Value::as_object) else { continue };
            for member in &object.members {
                out.names.insert(member.key.to_string());
                let kind = member.value.as_object().and_then(|r| r.value("Type")).and_then(Value::as_str);
                if kind.is_some_and(|k| k.starts_with("AWS::Serverless::")) {
                    out.serverless.push(member.key.to_string());
                }
                if let (Some(kind), "Resources") = (kind, section) {
                    out.types.insert(member.key.to_string(), kind.to_string());
                }
            }
        }
        let transforms: Vec<&str> = match root.value("Transform") {
            Some(t) => match t.as_array() {
                Some(items) => items.iter().filter_map(Value::as_str).collect(),
                None => t.as_str().into_iter().collect(),
            },
            None => Vec::new(),
        };
        out.lenient = root.value("Transform").is_some_and(|t| t.as_str().is_none() && t.as_array().is_none())
            || transforms.iter().any(|t| !t.starts_with("AWS::Serverless"));
        out
    }

    /// Whether `${name}` in an `Fn::Sub` string names something.
    pub fn knows(&self, name: &str) -> bool {
        if self.lenient || PSEUDO_PARAMETERS.iter().any(|(p, _)| *p == name) {
            return true;
        }
        let base = name.split('.').next().unwrap_or(name);
        self.names.contains(base) || self.serverless.iter().any(|s| base.starts_with(s.as_str()))
    }
}

impl TemplateNames {
    /// The value of an intrinsic whose kind the template tells, in the form
    /// AWS gives it: `!GetAtt Fn.Arn` of a Lambda function is a Lambda
    /// function ARN, `!Ref` of an activity or state machine its ARN. So a
    /// `Resource` made of one is checked as what it is.
    pub fn typed(&self, function: &str, argument: &Value) -> Option<String> {
        let words: Vec<&str> = match &argument.kind {
            crate::syntax::ValueKind::String(s) => s.splitn(2, '.').collect(),
            crate::syntax::ValueKind::Array(items) => items.iter().map(Value::as_str).collect::<Option<_>>()?,
            _ => return None,
        };
        let kind = self.types.get(*words.first()?)?.as_str();
        let name = words[0];
        let arn = |service: &str, resource: &str| format!("arn:aws:{service}:us-east-1:123456789012:{resource}:{name}");
        match (function, words.get(1).copied(), kind) {
            ("Fn::GetAtt", Some("Arn"), "AWS::Lambda::Function" | "AWS::Serverless::Function") => {
                Some(arn("lambda", "function"))
            }
            ("Ref", None, "AWS::StepFunctions::Activity") => Some(arn("states", "activity")),
            ("Ref", None, "AWS::StepFunctions::StateMachine" | "AWS::Serverless::StateMachine") => {
                Some(arn("states", "stateMachine"))
            }
            _ => None,
        }
    }
}
