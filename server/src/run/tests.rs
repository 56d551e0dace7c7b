//! The evaluator on small definitions: what each feature produces.

use super::mocks::{MockConfig, NoMocks};
use super::{run, Options, Outcome, Status};
use serde_json::{json, Value};

fn go(definition: Value, input: Value) -> Outcome {
    let options = Options { input, ..Options::default() };
    run(&definition.to_string(), &options, &mut NoMocks).expect("runs")
}

fn go_mocked(definition: Value, input: Value, mocks: Value) -> Outcome {
    let options = Options { input, ..Options::default() };
    let mut mocks = MockConfig::from_file(&mocks, None, "T").expect("mocks");
    run(&definition.to_string(), &options, &mut mocks).expect("runs")
}

#[test]
fn jsonpath_processing_order() {
    let outcome = go(
        json!({"StartAt": "P", "States": {"P": {"Type": "Pass", "InputPath": "$.in", "Parameters": {"x.$": "$.a", "n": 1},
            "ResultPath": "$.out", "OutputPath": "$.out", "End": true}}}),
        json!({"in": {"a": 5}, "other": true}),
    );
    assert_eq!(outcome.status, Status::Succeeded);
    assert_eq!(outcome.output, Some(json!({"x": 5, "n": 1})));
}

#[test]
fn retries_then_catch_with_result_path() {
    let definition = json!({"StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Retry": [{"ErrorEquals": ["Boom"], "MaxAttempts": 2}],
              "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Handled"}], "End": true},
        "Handled": {"Type": "Pass", "End": true}}});
    let mocks = json!({"StateMachines": {"M": {"TestCases": {"T": {"T": "Fails"}}}},
        "MockedResponses": {"Fails": {"0-2": {"Throw": {"Error": "Boom", "Cause": "bad"}}}}});
    let outcome = go_mocked(definition, json!({"id": 1}), mocks);
    assert_eq!(outcome.output, Some(json!({"id": 1, "error": {"Error": "Boom", "Cause": "bad"}})));
    assert_eq!(outcome.states[0].notes.iter().filter(|n| n.starts_with("retry")).count(), 2);
}

#[test]
fn map_batches_and_tolerates_failures() {
    let definition = json!({"StartAt": "M", "States": {"M": {"Type": "Map",
        "ItemBatcher": {"MaxItemsPerBatch": 2, "BatchInput": {"tag": "b"}},
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}, "StartAt": "Count",
            "States": {"Count": {"Type": "Pass", "Parameters": {"n.$": "States.ArrayLength($.Items)", "tag.$": "$.BatchInput.tag"}, "End": true}}},
        "End": true}}});
    let outcome = go(definition, json!([1, 2, 3]));
    assert_eq!(outcome.output, Some(json!([{"n": 2, "tag": "b"}, {"n": 1, "tag": "b"}])));
    let definition = json!({"StartAt": "M", "States": {"M": {"Type": "Map", "ToleratedFailureCount": 1,
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}, "StartAt": "C",
            "States": {"C": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericGreaterThan": 1, "Next": "Bad"}], "Default": "Ok"},
                "Bad": {"Type": "Fail", "Error": "TooBig"}, "Ok": {"Type": "Succeed"}}}, "End": true}}});
    let outcome = go(definition.clone(), json!([1, 2]));
    assert_eq!(outcome.output, Some(json!([1, {"Error": "TooBig", "Cause": null}])));
    let outcome = go(definition, json!([1, 2, 3]));
    assert_eq!(outcome.error.as_deref(), Some("States.ExceedToleratedFailureThreshold"));
}

#[test]
fn waits_move_the_clock_and_the_execution_times_out() {
    let definition = json!({"TimeoutSeconds": 60, "StartAt": "W", "States": {
        "W": {"Type": "Wait", "Seconds": 30, "Next": "W2"}, "W2": {"Type": "Wait", "Seconds": 31, "End": true}}});
    let outcome = go(definition, json!({}));
    assert_eq!(outcome.status, Status::TimedOut);
    assert_eq!(outcome.error.as_deref(), Some("States.Timeout"));
}

#[test]
fn jsonata_states_with_variables() {
    let definition = json!({"QueryLanguage": "JSONata", "StartAt": "A", "States": {
        "A": {"Type": "Pass", "Assign": {"total": "{% $sum($states.input.prices) %}"}, "Next": "B"},
        "B": {"Type": "Pass", "Output": {"total": "{% $total %}", "state": "{% $states.context.State.Name %}"}, "End": true}}});
    let outcome = go(definition, json!({"prices": [1, 2, 3.5]}));
    assert_eq!(outcome.output, Some(json!({"total": 6.5, "state": "B"})));
}

#[test]
fn endless_loops_stop_at_the_transition_bound() {
    let definition = json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "A"}}});
    let options = Options { max_transitions: 50, ..Options::default() };
    let outcome = run(&definition.to_string(), &options, &mut NoMocks).expect("runs");
    assert_eq!(outcome.status, Status::Failed);
    assert!(
        outcome.cause.as_deref().is_some_and(|c| c.contains("more than 50 state transitions")),
        "{:?}",
        outcome.cause
    );
}

#[test]
fn outputs_over_256_kib_fail_with_data_limit_exceeded() {
    let definition = json!({"StartAt": "Grow", "States": {
        "Grow": {"Type": "Pass", "Parameters": {"a.$": "$.data", "b.$": "$.data"}, "Next": "Done"},
        "Done": {"Type": "Succeed"}}});
    let outcome = go(definition.clone(), json!({"data": "x".repeat(100_000)}));
    assert_eq!(outcome.status, Status::Succeeded);
    let outcome = go(definition.clone(), json!({"data": "x".repeat(140_000)}));
    assert_eq!(outcome.error.as_deref(), Some("States.DataLimitExceeded"));
    assert_eq!(
        outcome.cause.as_deref(),
        Some("The state `Grow` produced an output of 280015 bytes; a payload is at most 262144 bytes (256 KiB): keep large data in S3 and pass its key")
    );
    assert_eq!(outcome.states[0].output, None, "the state did not exit");
    // An execution input over the quota is refused before anything runs.
    let options = Options { input: json!({"data": "x".repeat(300_000)}), ..Options::default() };
    let refused = run(&definition.to_string(), &options, &mut NoMocks).map(|_| ()).unwrap_err();
    assert_eq!(refused, "the execution input is 300011 bytes; AWS accepts at most 262144 (256 KiB)");
    // Inside a branch: the Parallel's catcher takes it by name or as `States.ALL`
    // (as AWS does: see the conformance case `…catch_state_all_data_limit_exceeded…`).
    let parallel = |errors: Value| {
        json!({"StartAt": "P", "States": {"P": {"Type": "Parallel",
            "Branches": [{"StartAt": "Grow", "States": {"Grow": {"Type": "Pass", "Parameters": {"a.$": "$.data", "b.$": "$.data"}, "End": true}}}],
            "Catch": [{"ErrorEquals": errors, "ResultPath": null, "Next": "Caught"}], "End": true},
            "Caught": {"Type": "Pass", "Result": "caught", "End": true}}})
    };
    let input = json!({"data": "y".repeat(140_000)});
    assert_eq!(go(parallel(json!(["States.ALL"])), input.clone()).output, Some(json!("caught")));
    let caught = go(parallel(json!(["States.DataLimitExceeded"])), input);
    assert_eq!(caught.output, Some(json!("caught")), "{:?} {:?}", caught.error, caught.cause);
}

#[test]
fn jsonata_map_items_that_are_no_expression_fail_without_a_panic() {
    // Found by the evaluator fuzz target: the message quoted `Items` by
    // slicing off `{%` and `%}` that a plain string does not have.
    let definition = json!({"QueryLanguage": "JSONata", "StartAt": "M", "States": {"M": {"Type": "Map", "Items": "me",
        "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}});
    let outcome = go(definition, json!({}));
    assert_eq!(outcome.error.as_deref(), Some("States.QueryEvaluationError"));
    assert_eq!(
        outcome.cause.as_deref(),
        Some("An error occurred while executing the state 'M' (entered at the event id #2). The JSONata expression 'me' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'string' for value: \"me\"")
    );
}

/// Jayway trims a path before reading it: whitespace around one changes nothing.
#[test]
fn paths_with_surrounding_whitespace_read_as_trimmed() {
    let outcome = go(
        json!({"StartAt": "P", "States": {"P": {"Type": "Pass", "InputPath": " $.in ", "Parameters": {"x.$": "$.a ", "n.$": " $$.Execution.Name"},
            "ResultPath": "$.out ", "OutputPath": " $.out", "End": true}}}),
        json!({"in": {"a": 5}}),
    );
    assert_eq!(outcome.output, Some(json!({"x": 5, "n": "asl-ls-run"})));
}

/// A mock that says how long its call takes, in a MockConfigFile response.
fn timed_mocks(seconds: f64, heartbeat_every: Option<f64>) -> Value {
    let mut attempt = json!({"Return": {"ok": true}, "DurationSeconds": seconds});
    if let Some(every) = heartbeat_every {
        attempt["HeartbeatEverySeconds"] = json!(every);
    }
    json!({"StateMachines": {"M": {"TestCases": {"T": {"T": "Slow"}}}}, "MockedResponses": {"Slow": {"0": attempt}}})
}

fn task_with(fields: Value) -> Value {
    let mut task = json!({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true});
    for (k, v) in fields.as_object().expect("object") {
        task[k] = v.clone();
    }
    json!({"StartAt": "T", "States": {"T": task}})
}

/// AWS, "Task workflow state", TimeoutSeconds: "If the task runs longer
/// than the specified seconds, this state fails with a States.Timeout error
/// name"; the recorded executions show no cause (and an empty `Cause` when
/// caught: conformance case error_handling__task_service_lambda__test_invoke_timeout).
#[test]
fn a_task_longer_than_its_timeout_fails_with_states_timeout_on_the_simulated_clock() {
    let timed_out = go_mocked(task_with(json!({"TimeoutSeconds": 5})), json!({}), timed_mocks(6.0, None));
    assert_eq!(
        (timed_out.status, timed_out.error.as_deref(), timed_out.cause.as_deref()),
        (Status::Failed, Some("States.Timeout"), None)
    );
    let in_time = go_mocked(task_with(json!({"TimeoutSeconds": 5})), json!({}), timed_mocks(5.0, None));
    assert_eq!(in_time.output, Some(json!({"ok": true})));
    // The path form, and the clock: a Catch after the timeout sees the time passed.
    let definition = json!({"StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "TimeoutSecondsPath": "$.limit",
              "Catch": [{"ErrorEquals": ["States.Timeout"], "ResultPath": "$.error", "Next": "After"}], "End": true},
        "After": {"Type": "Pass", "Parameters": {"at.$": "$$.State.EnteredTime", "error.$": "$.error"}, "End": true}}});
    let caught = go_mocked(definition, json!({"limit": 30}), timed_mocks(100.0, None));
    assert_eq!(
        caught.output,
        Some(json!({"at": "2026-01-01T00:00:30.000Z", "error": {"Error": "States.Timeout", "Cause": ""}}))
    );
    // Without TimeoutSeconds a task may take long (AWS's default is 99999999 s).
    let long = go_mocked(task_with(json!({})), json!({}), timed_mocks(86_400.0, None));
    assert_eq!(long.status, Status::Succeeded);
}

/// AWS, "Task workflow state", HeartbeatSeconds: "If more time than the
/// specified seconds elapses between heartbeats from the task, this state
/// fails with a States.Timeout error name" (recorded so: conformance case
/// timeouts__heartbeats__test_heartbeat_no_timeout); a retrier or catcher
/// naming `States.HeartbeatTimeout` takes it too ("Error names").
#[test]
fn a_task_silent_longer_than_its_heartbeat_times_out_and_heartbeat_catchers_take_it() {
    let silent = go_mocked(task_with(json!({"HeartbeatSeconds": 5})), json!({}), timed_mocks(60.0, None));
    assert_eq!((silent.status, silent.error.as_deref()), (Status::Failed, Some("States.Timeout")));
    let beating = go_mocked(task_with(json!({"HeartbeatSeconds": 5})), json!({}), timed_mocks(60.0, Some(4.0)));
    assert_eq!(beating.status, Status::Succeeded);
    let definition = json!({"StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "HeartbeatSecondsPath": "$.beat", "TimeoutSeconds": 600,
              "Catch": [{"ErrorEquals": ["States.HeartbeatTimeout"], "Next": "Handled"}], "End": true},
        "Handled": {"Type": "Pass", "End": true}}});
    let caught = go_mocked(definition, json!({"beat": 10}), timed_mocks(60.0, None));
    assert_eq!(caught.output, Some(json!({"Error": "States.Timeout", "Cause": ""})));
    // JSONata: the fields take expressions.
    let definition = json!({"QueryLanguage": "JSONata", "StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "TimeoutSeconds": "{% $states.input.limit %}", "End": true}}});
    let jsonata = go_mocked(definition.clone(), json!({"limit": 2}), timed_mocks(3.0, None));
    assert_eq!(jsonata.error.as_deref(), Some("States.Timeout"));
    let bad = go_mocked(definition, json!({"limit": "soon"}), timed_mocks(3.0, None));
    assert_eq!(bad.error.as_deref(), Some("States.QueryEvaluationError"));
}
