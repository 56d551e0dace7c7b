//! What a Task's `Resource` calls: the optimized integration action or SDK
//! operation, the pattern, and the parameters it takes. Shared by the
//! diagnostics, completion and hover.

use crate::data::{
    integration, sdk, Integration, IntegrationAction, Operation, ParamKind, Pattern, SdkParam, SdkService,
};
use crate::lang::resource::{self, Resource};

/// A resolved task API.
pub struct TaskApi {
    pub pattern: Option<Pattern>,
    pub integration: Option<&'static Integration>,
    /// The documented optimized action.
    pub action: Option<&'static IntegrationAction>,
    pub sdk_service: Option<&'static SdkService>,
    /// The SDK operation (of an SDK resource, or behind an optimized action).
    pub operation: Option<&'static Operation>,
}

/// A parameter a task API takes.
pub struct ParamInfo {
    pub name: &'static str,
    pub kind: ParamKind,
    pub required: bool,
    pub enum_values: &'static [String],
    /// The SDK's parameter, for its documentation (read only when shown).
    sdk: Option<&'static SdkParam>,
}

impl ParamInfo {
    pub fn doc(&self) -> &'static str {
        self.sdk.map_or("", SdkParam::doc)
    }
}

impl TaskApi {
    /// The API of the Task state `state` (its `Resource`).
    pub fn of_state(state: &crate::syntax::Object) -> Option<TaskApi> {
        TaskApi::resolve(state.value("Resource")?.as_str()?)
    }

    pub fn resolve(text: &str) -> Option<TaskApi> {
        match resource::parse(text) {
            Resource::Optimized { service, action, suffix, .. } => {
                let integration = integration(service.text)?;
                let documented = integration.action(action.text);
                Some(TaskApi {
                    pattern: Pattern::from_suffix(suffix.text),
                    integration: Some(integration),
                    action: documented,
                    sdk_service: integration.sdk_service().and_then(|s| sdk().service(s)),
                    operation: integration.sdk_operation(action.text),
                })
            }
            Resource::Sdk { service, action, suffix, .. } => {
                let service = sdk().service(service.text)?;
                Some(TaskApi {
                    pattern: Pattern::from_suffix(suffix.text),
                    integration: None,
                    action: None,
                    sdk_service: Some(service),
                    operation: service.operation(action.text),
                })
            }
            _ => None,
        }
    }

    /// Whether the parameters of the API are known.
    pub fn knows_params(&self) -> bool {
        self.action.is_some_and(|a| a.params.is_some()) || self.operation.is_some()
    }

    /// Every parameter: the documented ones of an optimized action (with
    /// their types from the SDK operation), then the SDK operation's others.
    pub fn params(&self) -> Vec<ParamInfo> {
        let mut out: Vec<ParamInfo> = Vec::new();
        if let Some(action) = self.action {
            for name in action.params.iter().flatten() {
                let sdk = self.operation.and_then(|o| o.param(name));
                out.push(ParamInfo {
                    name: name.as_str(),
                    kind: sdk.map_or(ParamKind::Any, |p| p.kind),
                    required: action.required.contains(name),
                    enum_values: sdk.map(|p| p.enum_values.as_slice()).unwrap_or_default(),
                    sdk,
                });
            }
        }
        let documented_required = self.action.is_some_and(|a| a.params.is_some());
        for p in self.operation.map(|o| o.params.as_slice()).unwrap_or_default() {
            if out.iter().any(|known| known.name == p.name) {
                continue;
            }
            out.push(ParamInfo {
                name: p.name.as_str(),
                kind: p.kind,
                // The integration's own list says what it requires.
                required: p.required && !documented_required,
                enum_values: p.enum_values.as_slice(),
                sdk: Some(p),
            });
        }
        out
    }

    /// The prefix of the errors the task raises (`DynamoDb`, `Lambda`).
    pub fn error_prefix(&self) -> Option<&'static str> {
        self.sdk_service.map(|s| s.prefix.as_str())
    }

    /// One line on what it is: the operation's summary.
    pub fn summary(&self) -> Option<&'static str> {
        self.operation.map(|o| o.doc()).filter(|d| !d.is_empty())
    }
}

/// The parameter `key` names (`Key.$` names `Key`), matched in botocore's
/// or the Java SDK v2 spelling.
pub fn param_named<'p>(params: &'p [ParamInfo], key: &str) -> Option<&'p ParamInfo> {
    let name = key.strip_suffix(".$").unwrap_or(key);
    params.iter().find(|p| crate::data::is_java_v2_or_same(p.name, name))
}
