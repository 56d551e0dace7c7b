//! Step Functions' optimized integrations (`arn:aws:states:::SERVICE:ACTION`):
//! which actions each service has, which integration patterns each action
//! supports, and the parameters where they are documented. The facts are
//! `server/data/integrations.json` (the project spec's table), read once.
//! Actions without a documented parameter list borrow the parameters of
//! the matching SDK operation.

use super::sdk::{sdk, Operation};
use serde_json::Value;
use std::sync::OnceLock;

static DATA: &str = include_str!("../../data/integrations.json");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pattern {
    /// No suffix: call and go on when the API answers.
    RequestResponse,
    /// `.sync`: wait for the job to finish.
    Sync,
    /// `.sync:2`: `states:startExecution` only; the output parsed as JSON.
    Sync2,
    /// `.waitForTaskToken`: wait for `SendTaskSuccess`/`SendTaskFailure`.
    WaitForTaskToken,
    /// An S3 read of a distributed Map's `ItemReader`.
    ItemReader,
    /// An S3 write of a distributed Map's `ResultWriter`.
    ResultWriter,
}

impl Pattern {
    /// The resource suffix: `""`, `.sync`, …
    pub fn suffix(self) -> &'static str {
        match self {
            Pattern::RequestResponse | Pattern::ItemReader | Pattern::ResultWriter => "",
            Pattern::Sync => ".sync",
            Pattern::Sync2 => ".sync:2",
            Pattern::WaitForTaskToken => ".waitForTaskToken",
        }
    }

    pub fn from_suffix(suffix: &str) -> Option<Pattern> {
        Some(match suffix {
            "" => Pattern::RequestResponse,
            ".sync" => Pattern::Sync,
            ".sync:2" => Pattern::Sync2,
            ".waitForTaskToken" => Pattern::WaitForTaskToken,
            _ => return None,
        })
    }

    pub fn doc(self) -> &'static str {
        match self {
            Pattern::RequestResponse => "Request-response: the state calls the API and moves on as soon as it answers.",
            Pattern::Sync => "Run a job (`.sync`): the state waits until the job finishes and outputs its description.",
            Pattern::Sync2 => "Run a job (`.sync:2`): waits for the child execution and outputs its result parsed as JSON.",
            Pattern::WaitForTaskToken => "Wait for a callback (`.waitForTaskToken`): the state pauses until `SendTaskSuccess` or `SendTaskFailure` is called with the task token passed in `$$.Task.Token`.",
            Pattern::ItemReader => "Reads the items of a distributed Map from S3 (`ItemReader` only).",
            Pattern::ResultWriter => "Writes a distributed Map's results to S3 (`ResultWriter` only).",
        }
    }

    fn from_name(name: &str) -> Option<Pattern> {
        Some(match name {
            "request-response" => Pattern::RequestResponse,
            ".sync" => Pattern::Sync,
            ".sync:2" => Pattern::Sync2,
            ".waitForTaskToken" => Pattern::WaitForTaskToken,
            "item-reader" => Pattern::ItemReader,
            "result-writer" => Pattern::ResultWriter,
            _ => return None,
        })
    }
}

#[derive(Debug)]
pub struct Integration {
    /// The service part of the resource: `lambda`, `states`, `emr-serverless`.
    pub service: String,
    pub title: String,
    pub actions: Vec<Action>,
}

#[derive(Debug)]
pub struct Action {
    pub name: String,
    pub patterns: Vec<Pattern>,
    /// The documented parameters, when the spec lists them.
    pub params: Option<Vec<String>>,
    pub required: Vec<String>,
    pub note: Option<String>,
}

/// The SDK service whose operations back each optimized service's actions.
const SDK_SERVICE: &[(&str, &str)] = &[
    ("lambda", "lambda"),
    ("athena", "athena"),
    ("batch", "batch"),
    ("bedrock", "bedrock"),
    ("codebuild", "codebuild"),
    ("dynamodb", "dynamodb"),
    ("ecs", "ecs"),
    ("eks", "eks"),
    ("elasticmapreduce", "emr"),
    ("emr-containers", "emrcontainers"),
    ("emr-serverless", "emrserverless"),
    ("events", "eventbridge"),
    ("glue", "glue"),
    ("databrew", "databrew"),
    ("mediaconvert", "mediaconvert"),
    ("sagemaker", "sagemaker"),
    ("sns", "sns"),
    ("sqs", "sqs"),
    ("states", "sfn"),
    ("s3", "s3"),
];

/// Every optimized integration.
pub fn integrations() -> &'static [Integration] {
    static TABLE: OnceLock<Vec<Integration>> = OnceLock::new();
    TABLE.get_or_init(|| read().unwrap_or_default())
}

pub fn integration(service: &str) -> Option<&'static Integration> {
    integrations().iter().find(|i| i.service == service)
}

impl Integration {
    pub fn action(&self, name: &str) -> Option<&Action> {
        self.actions.iter().find(|a| a.name == name)
    }

    /// The SDK operation behind an action (`bedrock:invokeModel` is Bedrock
    /// Runtime's `InvokeModel`), for parameters, documentation and errors.
    pub fn sdk_operation(&self, action: &str) -> Option<&'static Operation> {
        let service = match (self.service.as_str(), action) {
            ("bedrock", "invokeModel") => "bedrockruntime",
            (name, _) => SDK_SERVICE.iter().find(|(o, _)| *o == name)?.1,
        };
        sdk().service(service)?.operation(action)
    }

    /// The SDK service name whose error prefix the integration's errors use.
    pub fn sdk_service(&self) -> Option<&'static str> {
        SDK_SERVICE.iter().find(|(o, _)| *o == self.service).map(|(_, s)| *s)
    }
}

fn read() -> Option<Vec<Integration>> {
    let data: Value = serde_json::from_str(DATA).ok()?;
    let strings = |v: &Value| -> Vec<String> {
        v.as_array().map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_string)).collect()).unwrap_or_default()
    };
    let services = data["services"].as_object()?;
    Some(
        services
            .iter()
            .map(|(service, body)| Integration {
                service: service.clone(),
                title: body["title"].as_str().unwrap_or_default().to_string(),
                actions: body["apis"]
                    .as_array()
                    .map(|apis| {
                        apis.iter()
                            .map(|api| Action {
                                name: api["action"].as_str().unwrap_or_default().to_string(),
                                patterns: strings(&api["patterns"])
                                    .iter()
                                    .filter_map(|p| Pattern::from_name(p))
                                    .collect(),
                                params: api.get("params").map(strings),
                                required: strings(&api["required"]),
                                note: api["note"].as_str().map(str::to_string),
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_patterns_and_parameters() {
        let lambda = integration("lambda").expect("lambda");
        let invoke = lambda.action("invoke").expect("invoke");
        assert_eq!(invoke.patterns, [Pattern::RequestResponse, Pattern::WaitForTaskToken]);
        assert_eq!(invoke.required, ["FunctionName"]);
        let states = integration("states").expect("states");
        assert!(states.action("startExecution").is_some_and(|a| a.patterns.contains(&Pattern::Sync2)));
        assert!(states.sdk_operation("startExecution").is_some_and(|o| o.param("StateMachineArn").is_some()));
        let athena = integration("athena").expect("athena");
        assert!(athena.action("startQueryExecution").is_some_and(|a| a.params.is_none()));
        assert!(athena.sdk_operation("startQueryExecution").is_some_and(|o| o.param("QueryString").is_some()));
        assert!(integration("bedrock").and_then(|b| b.sdk_operation("invokeModel")).is_some());
    }
}
