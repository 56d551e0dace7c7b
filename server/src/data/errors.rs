//! Predefined `States.*` error names (spec: errors.json), with what raises them.

pub const PREDEFINED_ERRORS: &[&str] = &[
    "States.ALL",
    "States.HeartbeatTimeout",
    "States.Timeout",
    "States.TaskFailed",
    "States.Permissions",
    "States.ResultPathMatchFailure",
    "States.ParameterPathFailure",
    "States.BranchFailed",
    "States.NoChoiceMatched",
    "States.IntrinsicFailure",
    "States.ExceedToleratedFailureThreshold",
    "States.ItemReaderFailed",
    "States.ResultWriterFailed",
    "States.QueryEvaluationError",
    "States.DataLimitExceeded",
    "States.Runtime",
];

pub fn is_predefined_error(name: &str) -> bool {
    PREDEFINED_ERRORS.contains(&name)
}

/// What an error name means, in one or two sentences.
pub fn error_doc(name: &str) -> Option<&'static str> {
    Some(match name {
        "States.ALL" => "Matches every error name, except the terminal `States.DataLimitExceeded` and `States.Runtime`. Must be alone in its `ErrorEquals`, in the last retrier or catcher.",
        "States.HeartbeatTimeout" => "A Task with `HeartbeatSeconds` received no heartbeat in time.",
        "States.Timeout" => "A Task ran longer than its `TimeoutSeconds` (or a `.sync` child execution timed out).",
        "States.TaskFailed" => "Matches every error except `States.Timeout`; also the name of a task failure without a more specific name.",
        "States.Permissions" => "The execution role may not run the Task's resource.",
        "States.ResultPathMatchFailure" => "`ResultPath` cannot be applied to the state input (for example it descends through a non-object).",
        "States.ParameterPathFailure" => "A `.$` path in `Parameters`, `ItemSelector`, `ResultSelector` or `Credentials` selected nothing.",
        "States.BranchFailed" => "A branch of a Parallel state failed.",
        "States.NoChoiceMatched" => "A Choice state matched no rule and has no `Default`.",
        "States.IntrinsicFailure" => "An intrinsic function failed at run time (bad argument, invalid JSON, out of range).",
        "States.ExceedToleratedFailureThreshold" => "A Map state's failed items exceeded `ToleratedFailureCount` or `ToleratedFailurePercentage`.",
        "States.ItemReaderFailed" => "A distributed Map could not read its items with `ItemReader`.",
        "States.ResultWriterFailed" => "A distributed Map could not write its results with `ResultWriter`.",
        "States.QueryEvaluationError" => "A JSONata expression failed at run time: a type error, an out-of-range value, or a result of *undefined*.",
        "States.DataLimitExceeded" => "A payload exceeded 256 KiB. Terminal: `States.ALL` does not catch it.",
        "States.Runtime" => "The execution failed on an error it could not process, such as a path that selects nothing. Terminal: `States.ALL` does not catch it.",
        _ => return None,
    })
}
